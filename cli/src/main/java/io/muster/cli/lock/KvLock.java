package io.muster.cli.lock;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-holder lock on {@code <prefix>/.lock}, as api/lock.go: PUT ?acquire=session with Consul's lock flag
 * value, and while another session holds it, blocking reads on the key until it is released.
 */
final class KvLock implements LockHolder {
    /** api/lock.go's LockFlagValue, so Consul's and Muster's lock users recognise each other's keys. */
    static final String LOCK_FLAG = Long.toUnsignedString(0x2ddccbc058a50c18L);
    private static final Duration MAX_WAIT = Duration.ofSeconds(15);

    private final ApiClient client;
    private final String key;
    private final String session;
    private final Clock clock;

    KvLock(ApiClient client, String prefix, String session, Clock clock) {
        this.client = client;
        this.key = LockKeys.join(prefix, ".lock");
        this.session = session;
        this.clock = clock;
    }

    @Override
    public boolean acquireBlocking(Instant deadline) throws ApiException, CliException {
        long index = 0;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            if (index > 0) {
                query.put("index", String.valueOf(index));
                query.put("wait", LockKeys.waitSeconds(clock, deadline, MAX_WAIT));
            }
            ApiResponse current = client.getAllowMissing("/v1/kv/" + key, query);
            index = Math.max(current.index(), 1);
            if (current.status() != 404) {
                Map<String, Object> pair = first(current);
                if (!Json.string(pair.get("Flags")).equals(LOCK_FLAG)) {
                    throw new CliException("Lock acquisition failed: existing key " + key
                            + " does not match lock use (it is not a lock written by `lock -n 1`)");
                }
                if (!Json.string(pair.get("Session")).isEmpty()) {
                    if (deadline != null && !clock.instant().isBefore(deadline)) {
                        return false;
                    }
                    continue;
                }
            }
            Map<String, String> acquire = new LinkedHashMap<>();
            acquire.put("acquire", session);
            acquire.put("flags", LOCK_FLAG);
            if (client.put("/v1/kv/" + key, acquire, new byte[0]).text().strip().equals("true")) {
                return true;
            }
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                return false;
            }
        }
    }

    @Override
    public void awaitLossBlocking(int retries) throws InterruptedException {
        long index = 0;
        int failures = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<String, String> query = new LinkedHashMap<>();
                if (index > 0) {
                    query.put("index", String.valueOf(index));
                }
                ApiResponse current = client.getAllowMissing("/v1/kv/" + key, query);
                failures = 0;
                if (current.status() == 404 || !Json.string(first(current).get("Session")).equals(session)) {
                    return;
                }
                index = current.index();
            } catch (ApiException e) {
                if (++failures > retries) {
                    return;
                }
            }
        }
        throw new InterruptedException("lock monitor stopped");
    }

    @Override
    public void release() throws ApiException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("release", session);
        query.put("flags", LOCK_FLAG);
        client.put("/v1/kv/" + key, query, new byte[0]);
        // api/lock.go Destroy: delete the key when nobody holds it, with CAS so a new holder is not disturbed.
        ApiResponse current = client.getAllowMissing("/v1/kv/" + key, Map.of());
        if (current.status() != 404) {
            Map<String, Object> pair = first(current);
            if (Json.string(pair.get("Session")).isEmpty()) {
                client.delete("/v1/kv/" + key, Map.of("cas", Json.string(pair.get("ModifyIndex"))));
            }
        }
    }

    private static Map<String, Object> first(ApiResponse response) throws ApiException {
        List<Object> pairs = Json.array(response.json());
        return pairs.isEmpty() ? Map.of() : Json.object(pairs.get(0));
    }
}
