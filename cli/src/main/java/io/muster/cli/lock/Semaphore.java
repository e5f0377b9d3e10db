package io.muster.cli.lock;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A semaphore of {@code limit} slots, as api/semaphore.go: each contender holds {@code <prefix>/<session>}, and
 * {@code <prefix>/.lock} holds {"Limit": n, "Holders": {session: true}} updated with check-and-set. Holders
 * whose contender key lost its session are pruned, so a crashed holder frees its slot when its TTL lapses.
 */
final class Semaphore implements LockHolder {
    /** api/semaphore.go's SemaphoreFlagValue. */
    static final String SEMAPHORE_FLAG = Long.toUnsignedString(0xe0f69a2baa414de0L);
    private static final Duration MAX_WAIT = Duration.ofSeconds(15);

    private final ApiClient client;
    private final String prefix;
    private final String lockKey;
    private final String contenderKey;
    private final String session;
    private final int limit;
    private final Clock clock;

    Semaphore(ApiClient client, String prefix, String session, int limit, Clock clock) {
        this.client = client;
        this.prefix = LockKeys.join(prefix, "");
        this.lockKey = LockKeys.join(prefix, ".lock");
        this.contenderKey = LockKeys.join(prefix, session);
        this.session = session;
        this.limit = limit;
        this.clock = clock;
    }

    @Override
    public boolean acquireBlocking(Instant deadline) throws ApiException, CliException {
        Map<String, String> contender = new LinkedHashMap<>();
        contender.put("acquire", session);
        contender.put("flags", SEMAPHORE_FLAG);
        if (!client.put("/v1/kv/" + contenderKey, contender, new byte[0]).text().strip().equals("true")) {
            throw new CliException("Lock acquisition failed: could not create the contender entry "
                    + contenderKey);
        }
        long index = 0;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("recurse", "");
            if (index > 0) {
                query.put("index", String.valueOf(index));
                query.put("wait", LockKeys.waitSeconds(clock, deadline, MAX_WAIT));
            }
            ApiResponse response = client.getAllowMissing("/v1/kv/" + prefix, query);
            index = Math.max(response.index(), 1);
            List<Object> pairs = response.status() == 404 ? List.of() : Json.array(response.json());
            Map<String, Object> lockPair = null;
            Set<String> alive = new HashSet<>();
            for (Object raw : pairs) {
                Map<String, Object> pair = Json.object(raw);
                if (Json.string(pair.get("Key")).equals(lockKey)) {
                    lockPair = pair;
                } else if (!Json.string(pair.get("Session")).isEmpty()) {
                    alive.add(Json.string(pair.get("Session")));
                }
            }
            Map<String, Object> holders = holders(lockPair);
            holders.keySet().retainAll(alive);
            if (holders.size() >= limit) {
                if (deadline != null && !clock.instant().isBefore(deadline)) {
                    return false;
                }
                continue;
            }
            holders.put(session, Boolean.TRUE);
            if (writeLock(lockPair, holders)) {
                return true;
            }
            index = 0;
        }
    }

    private Map<String, Object> holders(Map<String, Object> lockPair) throws CliException {
        if (lockPair == null) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> lock = decode(lockPair);
        long existing = Json.number(lock.get("Limit"));
        if (existing != limit) {
            throw new CliException("Lock acquisition failed: semaphore limit conflict (lock: " + existing
                    + ", local: " + limit + ")");
        }
        return new LinkedHashMap<>(Json.object(lock.get("Holders")));
    }

    private static Map<String, Object> decode(Map<String, Object> lockPair) throws CliException {
        Object value = lockPair.get("Value");
        if (value == null) {
            return Map.of();
        }
        try {
            return Json.object(Json.parse(new String(java.util.Base64.getDecoder().decode(Json.string(value)),
                    StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new CliException("Lock acquisition failed: " + Json.string(lockPair.get("Key"))
                    + " is not a semaphore lock (" + e.getMessage() + ")");
        }
    }

    private boolean writeLock(Map<String, Object> lockPair, Map<String, Object> holders) throws ApiException {
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("Limit", (long) limit);
        lock.put("Holders", holders);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("cas", lockPair == null ? "0" : Json.string(lockPair.get("ModifyIndex")));
        query.put("flags", SEMAPHORE_FLAG);
        return client.put("/v1/kv/" + lockKey, query, Json.write(lock).getBytes(StandardCharsets.UTF_8)).text()
                .strip().equals("true");
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
                ApiResponse response = client.getAllowMissing("/v1/kv/" + lockKey, query);
                failures = 0;
                if (response.status() == 404) {
                    return;
                }
                Map<String, Object> pair = Json.object(Json.array(response.json()).get(0));
                if (!Json.object(decode(pair).get("Holders")).containsKey(session)) {
                    return;
                }
                index = response.index();
            } catch (CliException e) {
                if (++failures > retries) {
                    return;
                }
            }
        }
        throw new InterruptedException("semaphore monitor stopped");
    }

    @Override
    public void release() throws ApiException {
        for (int attempt = 0; attempt < 10; attempt++) {
            ApiResponse response = client.getAllowMissing("/v1/kv/" + lockKey, Map.of());
            if (response.status() == 404) {
                break;
            }
            Map<String, Object> pair = Json.object(Json.array(response.json()).get(0));
            Map<String, Object> holders;
            try {
                holders = new LinkedHashMap<>(Json.object(decode(pair).get("Holders")));
            } catch (CliException e) {
                break;
            }
            if (holders.remove(session) == null) {
                break;
            }
            if (holders.isEmpty()) {
                if (client.delete("/v1/kv/" + lockKey, Map.of("cas", Json.string(pair.get("ModifyIndex"))))
                        .text().strip().equals("true")) {
                    break;
                }
            } else if (writeLock(pair, holders)) {
                break;
            }
        }
        client.delete("/v1/kv/" + contenderKey, Map.of());
    }
}
