package io.muster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #8, faults a 3-server cluster must survive, with real server processes: kill -9 of the leader under a CAS
 * write load (no acknowledged write lost, none applied twice), a leader paused with SIGSTOP for 30 s (it
 * acknowledges nothing and serves no stale consistent read after SIGCONT), kill -9 of all servers, and a follower
 * whose raft log lost its tail. Each test runs its own cluster on its own loopback addresses (127.0.0.101-109).
 */
class RaftFaultIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);

    /** Data dirs and logs under it/target, kept until the next run so a failure's server logs can be read. */
    private Path work;

    private RaftServers cluster;

    @BeforeEach
    void freshWorkDir(TestInfo test) throws IOException {
        work = Path.of("target", "raft-fault-it", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---------------------------------------------------------------- 1. kill -9 of the leader under load

    private static final int WRITERS = 4;
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final Duration KILL_AFTER = Duration.ofSeconds(5);
    private static final int MAX_ATTEMPTS_PER_WRITER = 5_000;

    @Test
    void killingTheLeaderUnderWriteLoadLosesNoAcknowledgedWriteAndDuplicatesNone() throws Exception {
        cluster = new RaftServers(work, List.of("127.0.0.101", "127.0.0.102", "127.0.0.103"));
        cluster.startAll();
        int leader = cluster.awaitAgreedLeader(Duration.ofSeconds(10));
        for (int w = 0; w < WRITERS; w++) {
            assertThat(put(cluster.agent(leader), "/v1/kv/ctr/w" + w, "0")).as(cluster.logs()).isEqualTo("true");
        }

        AtomicLong killedAt = new AtomicLong();
        AtomicLong totalAcked = new AtomicLong();
        AtomicLong firstAckAfterKill = new AtomicLong();
        long deadline = System.nanoTime() + LOAD.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<WriterResult>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                futures.add(pool.submit(new CounterWriter(cluster, "ctr/w" + w, w % cluster.size(), deadline,
                        totalAcked, killedAt, firstAckAfterKill)));
            }
            // the kill comes ~5 s into the load, once the writers have been acknowledged for a while
            long killAt = System.nanoTime() + KILL_AFTER.toNanos();
            await("writers make progress for " + KILL_AFTER.toSeconds() + " s").atMost(KILL_AFTER.plusSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> System.nanoTime() >= killAt && totalAcked.get() >= WRITERS);
            int victim = cluster.awaitAgreedLeader(Duration.ofSeconds(5));
            cluster.agent(victim).kill9();
            // the process is gone: a write sent from now on can only be committed by a new leader (timed from before
            // the kill, a write the old leader committed just before dying counted as a failover of 0 ms)
            killedAt.set(System.nanoTime());
            System.out.println("RaftFaultIT: kill -9 leader " + cluster.node(victim) + " under load");

            List<WriterResult> results = new ArrayList<>();
            for (Future<WriterResult> f : futures) {
                results.add(f.get(LOAD.toSeconds() + 30, TimeUnit.SECONDS));
            }
            System.out.println("RaftFaultIT: writers " + results);

            int newLeader = cluster.awaitAgreedLeader(Duration.ofSeconds(30));
            assertThat(newLeader).isNotEqualTo(victim);
            assertThat(firstAckAfterKill.get()).as("a CAS write was acknowledged after the kill" + cluster.logs())
                    .isNotZero();
            long failoverMillis = Duration.ofNanos(firstAckAfterKill.get() - killedAt.get()).toMillis();
            System.out.println("RaftFaultIT: kill -9 leader -> first acknowledged write after " + failoverMillis
                    + " ms (new leader " + cluster.node(newLeader) + ")");
            assertThat(failoverMillis).isLessThan(30_000);
            assertThat(results).allSatisfy(r -> assertThat(r.acked()).as(r.toString()).isPositive());

            List<Integer> survivors = Stream.of(0, 1, 2).filter(i -> i != victim).toList();
            Map<String, String> converged = awaitConverged(survivors, "ctr/");
            for (int i : survivors) {
                Map<String, String> values = stale(cluster.agent(i), "ctr/").values();
                for (WriterResult r : results) {
                    long counter = Long.parseLong(values.get(r.key()));
                    assertThat(counter).as("%s on %s: acknowledged %d, unknown %d", r.key(), cluster.node(i),
                            r.acked(), r.unknown()).isBetween(r.acked(), r.acked() + r.unknown());
                }
            }

            // autopilot (cleanup_dead_servers, on by default) force-leaves the dead server and removes it from the
            // raft configuration; restarted, it is added back once alive for server_stabilization_time (10 s)
            String victimRpc = cluster.address(victim) + ":8300";
            await("autopilot removes the killed " + cluster.node(victim)).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                            assertThat(cluster.agent(newLeader).get("/v1/status/peers").body())
                                    .doesNotContain(victimRpc));
            cluster.launch(victim).awaitReady();
            await("restarted " + cluster.node(victim) + " catches up").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(stale(cluster.agent(victim), "ctr/").values())
                            .isEqualTo(converged));
            assertThat(put(cluster.agent(victim), "/v1/kv/ctr/after", "x")).isEqualTo("true");
        } finally {
            pool.shutdownNow();
        }
    }

    private record WriterResult(String key, long acked, long unknown, long rejected, long attempts) {
    }

    private enum Outcome { ACKED, REJECTED, NOT_SENT, UNKNOWN }

    /**
     * One client owning one counter: read it with ?consistent, CAS it to value+1; on an error or timeout it moves on to
     * the next server. A CAS whose request may have reached a server but got no answer counts as unknown.
     */
    private record CounterWriter(RaftServers cluster, String key, int firstServer, long deadline,
                                 AtomicLong totalAcked, AtomicLong killedAt, AtomicLong firstAckAfterKill)
            implements java.util.concurrent.Callable<WriterResult> {
        @Override
        public WriterResult call() {
            long acked = 0;
            long unknown = 0;
            long rejected = 0;
            long attempts = 0;
            int server = firstServer;
            while (System.nanoTime() < deadline && attempts < MAX_ATTEMPTS_PER_WRITER) {
                Optional<long[]> current = readCounter(server);
                if (current.isEmpty()) {
                    server = (server + 1) % cluster.size();
                    backoff();
                    continue;
                }
                attempts++;
                long value = current.get()[0];
                long modifyIndex = current.get()[1];
                long sentAt = System.nanoTime();
                Outcome o = cas(server, modifyIndex, value + 1);
                switch (o) {
                    case ACKED -> {
                        acked++;
                        totalAcked.incrementAndGet();
                        if (killedAt.get() != 0 && sentAt > killedAt.get()) {
                            firstAckAfterKill.compareAndSet(0, System.nanoTime());
                        }
                    }
                    case REJECTED -> rejected++;
                    case NOT_SENT -> server = (server + 1) % cluster.size();
                    case UNKNOWN -> {
                        unknown++;
                        server = (server + 1) % cluster.size();
                    }
                }
            }
            return new WriterResult(key, acked, unknown, rejected, attempts);
        }

        private Optional<long[]> readCounter(int server) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(server, "/v1/kv/" + key + "?consistent"))
                        .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return Optional.empty();
                }
                JsonNode e = JSON.readTree(r.body()).get(0);
                long value = Long.parseLong(decode(e.get("Value").asText()));
                return Optional.of(new long[] {value, e.get("ModifyIndex").asLong()});
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        private Outcome cas(int server, long modifyIndex, long next) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                uri(server, "/v1/kv/" + key + "?cas=" + modifyIndex)).timeout(REQUEST_TIMEOUT)
                        .PUT(HttpRequest.BodyPublishers.ofString(Long.toString(next))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().strip().equals("true")) {
                    return Outcome.ACKED;
                }
                if (r.statusCode() == 200 && r.body().strip().equals("false")) {
                    return Outcome.REJECTED;
                }
                // a 500 such as "outcome unknown" may still be applied later
                return Outcome.UNKNOWN;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                return Outcome.NOT_SENT;
            } catch (IOException e) {
                return Outcome.UNKNOWN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.UNKNOWN;
            }
        }

        private URI uri(int server, String path) {
            return URI.create("http://" + cluster.address(server) + ":8500" + path);
        }

        /** Client pacing after a failed read, so a refused connection does not become a busy loop. */
        private static void backoff() {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    // ---------------------------------------------------------------- 2. SIGSTOP of the leader for 30 s

    private static final Duration PAUSE = Duration.ofSeconds(30);

    @Test
    void aLeaderPausedFor30sAcknowledgesNothingAndServesNoStaleConsistentRead() throws Exception {
        cluster = new RaftServers(work, List.of("127.0.0.104", "127.0.0.105", "127.0.0.106"));
        cluster.startAll();
        int old = cluster.awaitAgreedLeader(Duration.ofSeconds(10));
        assertThat(put(cluster.agent(old), "/v1/kv/pause/k", "v0")).isEqualTo("true");
        long v0Index = entry(cluster.agent(old), "pause/k", "?consistent").get("ModifyIndex").asLong();
        List<Integer> others = Stream.of(0, 1, 2).filter(i -> i != old).toList();

        cluster.agent(old).signal("STOP");
        long stoppedAt = System.nanoTime();
        try {
            // CAS against v0: if the paused server applies it after SIGCONT it must lose to the newer write
            CompletableFuture<HttpResponse<String>> toPaused = HTTP.sendAsync(HttpRequest.newBuilder(
                            cluster.agent(old).uri("/v1/kv/pause/k?cas=" + v0Index)).timeout(REQUEST_TIMEOUT)
                    .PUT(HttpRequest.BodyPublishers.ofString("paused")).build(), HttpResponse.BodyHandlers.ofString());

            int newLeader = await("the other two elect a leader and accept a write").atMost(PAUSE)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        for (int i : others) {
                            if (tryPut(i, "/v1/kv/pause/k", "new")) {
                                return cluster.leaderSeenBy(i).filter(others::contains);
                            }
                        }
                        return Optional.<Integer>empty();
                    }, Optional::isPresent).orElseThrow();
            System.out.println("RaftFaultIT: SIGSTOP leader " + cluster.node(old) + " -> write acknowledged by "
                    + cluster.node(newLeader) + " after " + millisSince(stoppedAt) + " ms");

            assertThatNotAcknowledged(toPaused);
            Duration rest = PAUSE.minus(Duration.ofNanos(System.nanoTime() - stoppedAt));
            if (!rest.isNegative()) {
                // for the remainder of the pause the two keep their leader and the new value
                await().during(rest).atMost(rest.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            for (int i : others) {
                                assertThat(cluster.leaderSeenBy(i)).contains(newLeader);
                                assertThat(stale(cluster.agent(i), "pause/").values())
                                        .containsEntry("pause/k", "new");
                            }
                        });
            }
        } finally {
            cluster.agent(old).signal("CONT");
        }

        long resumedAt = System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    cluster.agent(old).uri("/v1/kv/pause/k?consistent")).timeout(Duration.ofSeconds(20)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("RaftFaultIT: consistent read on the resumed old leader: " + r.statusCode() + " after "
                    + millisSince(resumedAt) + " ms");
            if (r.statusCode() == 200) {
                assertThat(decode(JSON.readTree(r.body()).get(0).get("Value").asText()))
                        .as("consistent read on the resumed old leader").isEqualTo("new");
            }
        } catch (IOException e) {
            System.out.println("RaftFaultIT: consistent read on the resumed old leader failed (allowed): " + e);
        }
        int leaderAfter = cluster.awaitAgreedLeader(Duration.ofSeconds(30));
        assertThat(leaderAfter).isIn(others);
        // autopilot may have removed the paused server as failed: it catches up once added back (10 s stabilization)
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                assertThat(stale(cluster.agent(old), "pause/").values()).isEqualTo(Map.of("pause/k", "new")));
    }

    private static void assertThatNotAcknowledged(CompletableFuture<HttpResponse<String>> toPaused)
            throws InterruptedException {
        try {
            HttpResponse<String> r = toPaused.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            assertThat(r.statusCode() == 200 && r.body().strip().equals("true"))
                    .as("a write sent to the paused leader was acknowledged: " + r.statusCode() + " " + r.body())
                    .isFalse();
        } catch (ExecutionException e) {
            System.out.println("RaftFaultIT: write sent to the paused leader: " + e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the client's own 4 s timeout did not fire", e);
        }
    }

    // ---------------------------------------------------------------- 3 + 4. restart all; a follower's log tail

    @Test
    void allServersKilledKeepEveryKeyAndAFollowerWithATruncatedLogNeverLosesACommittedEntry() throws Exception {
        cluster = new RaftServers(work, List.of("127.0.0.107", "127.0.0.108", "127.0.0.109"));
        cluster.startAll();
        int leader = cluster.awaitAgreedLeader(Duration.ofSeconds(10));
        Map<String, String> expected = new TreeMap<>();
        for (int k = 0; k < 20; k++) {
            String key = String.format("r/k%02d", k);
            assertThat(put(cluster.agent(leader), "/v1/kv/" + key, "v" + k)).isEqualTo("true");
            expected.put(key, "v" + k);
        }

        // 3. kill -9 all three, start them again on their data dirs
        for (int i = 0; i < cluster.size(); i++) {
            cluster.agent(i).kill9();
        }
        long restartAt = System.nanoTime();
        cluster.startAll();
        leader = cluster.awaitAgreedLeader(Duration.ofSeconds(10));
        System.out.println("RaftFaultIT: kill -9 all, restart -> agreed leader " + cluster.node(leader) + " after "
                + millisSince(restartAt) + " ms");
        assertThat(consistent(cluster.agent(leader), "r/")).isEqualTo(expected);
        awaitAllHold(List.of(0, 1, 2), expected);
        assertThat(put(cluster.agent(leader), "/v1/kv/r/after-restart", "yes")).isEqualTo("true");
        expected.put("r/after-restart", "yes");

        // 4. a follower's log loses its tail: first a few bytes (a crash mid-append), then half of it (entries the
        //    follower had recorded as committed); either way no committed entry may go missing
        String first = damageAFollowerLog("cut100", leader, dataEnd -> dataEnd - Math.min(100, dataEnd / 4), expected);
        leader = cluster.awaitAgreedLeader(Duration.ofSeconds(10));
        String second = damageAFollowerLog("cutHalf", leader, dataEnd -> dataEnd / 2, expected);
        System.out.println("RaftFaultIT: damaged follower logs: 100 bytes cut -> " + first + ", half cut -> "
                + second);
        cluster.awaitAgreedLeader(Duration.ofSeconds(10));
    }

    /**
     * Stops a follower, writes 10 keys while it is down, cuts its {@code entries.raft} to {@code newLength} of where its data ends, and
     * starts it. It either starts and catches up, or refuses with an error naming the log and the remedy, which the
     * test then follows (plugins/raft/README.md, "A damaged log"). Returns which of the two happened.
     */
    private String damageAFollowerLog(String round, int leader, java.util.function.LongUnaryOperator newLength,
                                      Map<String, String> expected) throws Exception {
        int follower = (leader + 1) % cluster.size();
        int code = cluster.agent(follower).terminate();
        assertThat(code).as(cluster.agent(follower).output()).isZero();
        for (int k = 0; k < 10; k++) {
            String key = String.format("r/%s-%02d", round, k);
            assertThat(put(cluster.agent(leader), "/v1/kv/" + key, "d" + k)).isEqualTo("true");
            expected.put(key, "d" + k);
        }
        Path logDir = cluster.dataDir(follower).resolve("raft").resolve(cluster.node(follower) + ".log");
        Path entries = logDir.resolve("entries.raft");
        assertThat(entries).as("raft log layout: data-dir/raft/<node>.log/entries.raft").exists();
        // jgroups-raft preallocates the file (zeros past the last entry): cut relative to the end of the data
        byte[] bytes = Files.readAllBytes(entries);
        int dataEnd = bytes.length;
        while (dataEnd > 0 && bytes[dataEnd - 1] == 0) {
            dataEnd--;
        }
        try (RandomAccessFile f = new RandomAccessFile(entries.toFile(), "rw")) {
            f.setLength(newLength.applyAsLong(dataEnd));
        }
        System.out.println("RaftFaultIT: " + round + ": truncated " + entries + " of " + cluster.node(follower)
                + " (" + bytes.length + " bytes, data up to " + dataEnd + ") to " + Files.size(entries) + " bytes");

        AgentProcess restarted = cluster.launch(follower);
        boolean refused = await("the damaged follower either exits or serves").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!restarted.process().isAlive()) {
                        return Optional.of(true);
                    }
                    return cluster.leaderSeenBy(follower).isPresent() ? Optional.of(false) : Optional.<Boolean>empty();
                }, Optional::isPresent).orElseThrow();
        String path;
        if (refused) {
            String out = restarted.output();
            assertThat(restarted.process().exitValue()).as(out).isNotZero();
            assertThat(out).as("the error names the log and the remedy")
                    .contains(cluster.dataDir(follower).resolve("raft").toString())
                    .contains("truncated").contains("move");
            // the documented remedy: move the log aside (keep voters), start again, the leader sends a snapshot
            Files.move(logDir, logDir.resolveSibling(logDir.getFileName() + "." + round),
                    StandardCopyOption.ATOMIC_MOVE);
            cluster.launch(follower).awaitReady();
            path = "refused to start (exit " + restarted.process().exitValue() + "), log moved aside, caught up";
        } else {
            path = "started and caught up";
        }
        awaitAllHold(List.of(0, 1, 2), expected);
        String key = "r/" + round + "-after";
        assertThat(put(cluster.agent(follower), "/v1/kv/" + key, "ok")).isEqualTo("true");
        expected.put(key, "ok");
        awaitAllHold(List.of(0, 1, 2), expected);
        return path;
    }

    // ---------------------------------------------------------------- helpers

    private record KvView(long index, Map<String, String> values) {
    }

    /** Waits until the servers hold the same values under {@code prefix} at the same X-Consul-Index. */
    private Map<String, String> awaitConverged(List<Integer> servers, String prefix) {
        return await("servers " + servers + " converge").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    KvView first = stale(cluster.agent(servers.get(0)), prefix);
                    for (int i : servers.subList(1, servers.size())) {
                        if (!stale(cluster.agent(i), prefix).equals(first)) {
                            return null;
                        }
                    }
                    return first.values();
                }, v -> v != null);
    }

    private void awaitAllHold(List<Integer> servers, Map<String, String> expected) {
        await("every server holds " + expected.size() + " keys").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    for (int i : servers) {
                        assertThat(stale(cluster.agent(i), "r/").values()).as(cluster.node(i)).isEqualTo(expected);
                    }
                });
    }

    private boolean tryPut(int server, String path, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(cluster.agent(server).uri(path))
                    .timeout(Duration.ofSeconds(3)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().strip().equals("true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String put(AgentProcess agent, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(agent.uri(path)).timeout(Duration.ofSeconds(15))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body().strip();
    }

    private static JsonNode entry(AgentProcess agent, String key, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(agent.uri("/v1/kv/" + key + query))
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get(0);
    }

    private static KvView stale(AgentProcess agent, String prefix) throws Exception {
        return read(agent, prefix, "stale");
    }

    private static Map<String, String> consistent(AgentProcess agent, String prefix) throws Exception {
        return read(agent, prefix, "consistent").values();
    }

    private static KvView read(AgentProcess agent, String prefix, String mode) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(agent.uri("/v1/kv/" + prefix + "?recurse&" + mode))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long index = r.headers().firstValueAsLong("X-Consul-Index").orElse(-1);
        Map<String, String> values = new TreeMap<>();
        if (r.statusCode() == 404) {
            return new KvView(index, values);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode e : JSON.readTree(r.body())) {
            values.put(e.get("Key").asText(), e.get("Value").isNull() ? "" : decode(e.get("Value").asText()));
        }
        return new KvView(index, values);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
