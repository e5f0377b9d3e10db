package io.muster.cli.exec;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows one exec run: a reader thread polls {@code <prefix>/<session>/} with blocking queries and queues what
 * the agents wrote; the caller's thread prints it as Consul does and stops once -wait (twice -wait while a node
 * that acknowledged has not finished) passes with nothing new.
 */
final class ExecResults {
    private final ApiClient client;
    private final String dir;
    private final Duration wait;
    private final boolean verbose;
    private final Io io;
    private final BlockingQueue<ExecReport> reports = new LinkedBlockingQueue<>();

    ExecResults(ApiClient client, String dir, Duration wait, boolean verbose, Io io) {
        this.client = client;
        this.dir = dir;
        this.wait = wait;
        this.verbose = verbose;
        this.io = io;
    }

    /** Prints reports until the quiet period ends, then the summary; answers the exit status. */
    int await() {
        long start = System.nanoTime();
        Thread reader = new Thread(this::read, "muster-exec-results");
        reader.setDaemon(true);
        reader.start();
        int acks = 0;
        int exits = 0;
        int badExits = 0;
        try {
            while (true) {
                Duration quiet = acks > exits ? wait.multipliedBy(2) : wait;
                ExecReport report = reports.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (report == null) {
                    break;
                }
                switch (report.kind()) {
                    case ACK -> {
                        acks++;
                        if (verbose) {
                            io.out().println(ExecReport.info(report.node(), "acknowledged"));
                        }
                    }
                    case HEARTBEAT -> {
                        if (verbose) {
                            io.out().println(ExecReport.info(report.node(), "heartbeat received"));
                        }
                    }
                    case OUTPUT -> io.out().println(ExecReport.output(report.node(), report.text()));
                    case EXIT -> {
                        exits++;
                        io.out().println(ExecReport.info(report.node(), "finished with exit code " + report.code()));
                        if (report.code() != 0) {
                            badExits++;
                        }
                    }
                    case ERROR -> {
                        io.err().println(report.text());
                        return 1;
                    }
                    case UNKNOWN -> io.err().println(report.text());
                    default -> throw new IllegalStateException("unhandled report " + report.kind());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            reader.interrupt();
        }
        io.out().println(exits + " / " + acks + " node(s) completed / acknowledged");
        if (verbose) {
            io.out().printf("Completed in %.2f seconds%n", (System.nanoTime() - start) / 1e9);
        }
        if (exits < acks) {
            badExits++;
        }
        return badExits > 0 ? 2 : 0;
    }

    private void read() {
        Set<String> seen = new HashSet<>();
        long index = 0;
        while (!Thread.currentThread().isInterrupted()) {
            ApiResponse response;
            try {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("recurse", "");
                if (index > 0) {
                    query.put("index", Long.toString(index));
                    query.put("wait", wait.toMillis() + "ms");
                }
                response = client.getAllowMissing("/v1/kv/" + dir, query);
            } catch (ApiException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    reports.add(ExecReport.error("Failed to read results: " + e.getMessage()));
                }
                return;
            }
            if (response.index() == index) {
                continue;
            }
            index = response.index();
            if (response.status() == 404) {
                continue;
            }
            Object entries;
            try {
                entries = response.json();
            } catch (ApiException e) {
                reports.add(ExecReport.error("Failed to read results: " + e.getMessage()));
                return;
            }
            List<ExecReport> batch = new ArrayList<>();
            for (Object item : Json.array(entries)) {
                Map<String, Object> entry = Json.object(item);
                String key = Json.string(entry.get("Key"));
                if (!seen.add(key)) {
                    continue;
                }
                String value = Json.string(entry.get("Value"));
                byte[] bytes = value.isEmpty() ? new byte[0] : Base64.getDecoder().decode(value);
                ExecReport report = ExecReport.of(key.substring(Math.min(dir.length(), key.length())),
                        new String(bytes, StandardCharsets.UTF_8));
                if (report != null) {
                    batch.add(report);
                }
            }
            // Keys sort "ack" < "exit" < "out/..."; a node's output must print before its exit line.
            batch.sort(Comparator.comparingInt(r -> r.kind().ordinal()));
            reports.addAll(batch);
        }
    }
}
