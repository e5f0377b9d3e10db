package io.muster.raft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * apply() throughput and latency on a 3-member in-JVM cluster with fsync on, with 1 and 16 concurrent callers on
 * the leader. Prints numbers, asserts only that commands were applied. Run it with
 * {@code mvn -B -o -q -pl plugins/raft -am test -Dtest=ApplyThroughputBench -Draft.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "raft.bench", matches = "true")
class ApplyThroughputBench {
    private static final long SECONDS = Long.getLong("raft.bench.seconds", 10);

    @Test
    void applyThroughput() throws Exception {
        try (TestCluster c = new TestCluster(3, Map.of("bootstrap_expect", 3)).startAll()) {
            TestCluster.Node leader = await().atMost(java.time.Duration.ofSeconds(30))
                    .until(c::agreedLeader, o -> o.isPresent()).orElseThrow();
            run(leader, 4, 2, false); // warm-up
            for (int callers : new int[]{1, 16}) {
                run(leader, callers, SECONDS, true);
            }
        }
    }

    private static void run(TestCluster.Node leader, int callers, long seconds, boolean print) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong ops = new AtomicLong();
        long start = System.nanoTime();
        for (int t = 0; t < callers; t++) {
            long[] lat = new long[400_000];
            latencies.add(lat);
            byte[] cmd = CounterStateMachine.inc("bench-" + t);
            Thread th = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < lat.length) {
                    long t0 = System.nanoTime();
                    try {
                        leader.consensus.apply(cmd).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("bench apply failed", e);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                ops.addAndGet(n);
                lat[lat.length - 1] = n;
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long total = ops.get();
        long[] all = new long[(int) total];
        int k = 0;
        for (long[] lat : latencies) {
            int n = (int) lat[lat.length - 1];
            System.arraycopy(lat, 0, all, k, n);
            k += n;
        }
        Arrays.sort(all);
        assertThat(total).isPositive();
        if (print) {
            System.out.printf("raft bench: %2d caller(s): %8.0f ops/s, p50 %.2f ms, p99 %.2f ms (%d ops in %.1f s,"
                            + " 3 members in one JVM, fsync on)%n", callers, total / secs,
                    all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, total, secs);
        }
    }
}
