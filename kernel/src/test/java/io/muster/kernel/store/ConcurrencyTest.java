package io.muster.kernel.store;

import io.muster.spi.model.KvEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;

import static io.muster.kernel.store.StoreFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {

    /**
     * Writers move two keys together in each write; readers must never see them apart (consistent reads) and
     * never see an index go backwards.
     */
    @Test
    void readersSeeConsistentStateWhileWritersCommit() throws Exception {
        MemoryStateStore store = new MemoryStateStore();
        AtomicLong nextIndex = new AtomicLong(1);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int writer = 0; writer < 2; writer++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        // Indexes come from one counter, taken under the store's write ordering like a log would.
                        synchronized (nextIndex) {
                            long idx = nextIndex.getAndIncrement();
                            String v = Long.toString(idx);
                            store.write(idx, w -> {
                                w.kvSet("pair/a", bytes(v), 0);
                                w.kvSet("pair/b", bytes(v), 0);
                                return null;
                            });
                        }
                    }
                    return null;
                }));
            }
            for (int reader = 0; reader < 4; reader++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    long lastIndex = 0;
                    while (!stop.get()) {
                        var read = store.kvList("pair/");
                        assertThat(read.index()).isGreaterThanOrEqualTo(lastIndex);
                        lastIndex = read.index();
                        List<KvEntry> pair = read.value();
                        if (!pair.isEmpty()) {
                            assertThat(pair).hasSize(2);
                            assertThat(pair.get(0).value()).isEqualTo(pair.get(1).value());
                            assertThat(pair.get(0).modifyIndex()).isEqualTo(read.index());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            futures.get(0).get(60, TimeUnit.SECONDS);
            futures.get(1).get(60, TimeUnit.SECONDS);
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(store.index()).isEqualTo(4_000);
        assertThat(store.kvGet("pair/a").value().orElseThrow().modifyIndex()).isEqualTo(4_000);
    }
}
