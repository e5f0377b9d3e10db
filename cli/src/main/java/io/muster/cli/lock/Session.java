package io.muster.cli.lock;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The session a lock is held with: TTL 15 s, renewed every half TTL by a daemon thread, destroyed on close.
 * If the CLI dies the TTL lapses and the agent releases the lock (behavior "release").
 */
final class Session implements AutoCloseable {
    static final int TTL_SECONDS = 15;

    private final ApiClient client;
    private final String id;
    private final ScheduledExecutorService renewer;
    private volatile String lastRenewalFailure = "";

    private Session(ApiClient client, String id) {
        this.client = client;
        this.id = id;
        this.renewer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("muster-lock-session-renew"));
        this.renewer.scheduleAtFixedRate(new Renewal(), TTL_SECONDS / 2, TTL_SECONDS / 2, TimeUnit.SECONDS);
    }

    static Session create(ApiClient client, String name) throws ApiException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", name);
        body.put("TTL", TTL_SECONDS + "s");
        body.put("Behavior", "release");
        Map<String, Object> created = Json.object(client.put("/v1/session/create", Map.of(),
                Json.write(body).getBytes(StandardCharsets.UTF_8)).json());
        String id = Json.string(created.get("ID"));
        if (id.isEmpty()) {
            throw new ApiException(0, "Failed to create session: the agent answered without an ID");
        }
        return new Session(client, id);
    }

    String id() {
        return id;
    }

    /** The last renewal error, empty when renewals succeed. */
    String lastRenewalFailure() {
        return lastRenewalFailure;
    }

    @Override
    public void close() throws ApiException {
        renewer.shutdownNow();
        client.put("/v1/session/destroy/" + id, Map.of(), null);
    }

    private final class Renewal implements Runnable {
        @Override
        public void run() {
            try {
                client.put("/v1/session/renew/" + id, Map.of(), null);
            } catch (ApiException e) {
                // retried at the next period (the TTL covers one miss); kept for -verbose reporting
                lastRenewalFailure = e.getMessage();
            }
        }
    }
}
