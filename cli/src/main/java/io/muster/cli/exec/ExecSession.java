package io.muster.cli.exec;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The session of one exec run, as Consul's: "Remote Exec", behavior delete, TTL 15 s renewed every 5 s, so the
 * job's keys go when the CLI dies; destroyed (once) when the run ends.
 */
final class ExecSession {
    static final String TTL = "15s";
    static final long RENEW_SECONDS = 5;

    private final ApiClient client;
    private final String id;
    private final Io io;
    private final ScheduledExecutorService renewer;
    private boolean destroyed;

    private ExecSession(ApiClient client, String id, Io io) {
        this.client = client;
        this.id = id;
        this.io = io;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "muster-exec-session-renew");
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleAtFixedRate(this::renew, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
    }

    static ExecSession create(ApiClient client, Io io) throws ApiException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", "Remote Exec");
        body.put("Behavior", "delete");
        body.put("TTL", TTL);
        Map<String, Object> created = Json.object(client.put("/v1/session/create", Map.of(),
                Json.write(body).getBytes(StandardCharsets.UTF_8)).json());
        String id = Json.string(created.get("ID"));
        if (id.isEmpty()) {
            throw new ApiException(0, "the agent answered without a session ID");
        }
        return new ExecSession(client, id, io);
    }

    String id() {
        return id;
    }

    private void renew() {
        try {
            client.put("/v1/session/renew/" + id, Map.of(), null);
        } catch (ApiException e) {
            io.err().println("Session renew failed: " + e.getMessage());
            renewer.shutdown();
        }
    }

    /**
     * Stops renewing and destroys the session; a failure is reported, as the TTL ends it anyway. Answers true for
     * the first call only, so the clean-up after it runs once.
     */
    synchronized boolean destroy() {
        if (destroyed) {
            return false;
        }
        destroyed = true;
        renewer.shutdownNow();
        try {
            client.put("/v1/session/destroy/" + id, Map.of(), null);
        } catch (ApiException e) {
            // The session expires by its TTL; the user should know why keys may linger until then.
            io.err().println("Failed to destroy session " + id + ": " + e.getMessage() + " (it expires in " + TTL
                    + ")");
        }
        return true;
    }
}
