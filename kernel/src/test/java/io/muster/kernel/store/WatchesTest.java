package io.muster.kernel.store;

import io.muster.spi.model.HealthStatus;
import io.muster.spi.store.Watch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.muster.kernel.store.StoreFixtures.bytes;
import static io.muster.kernel.store.StoreFixtures.check;
import static io.muster.kernel.store.StoreFixtures.node;
import static io.muster.kernel.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

class WatchesTest {
    private final MemoryStateStore store = new MemoryStateStore();

    @Test
    void kvWriteWakesItsKeyAndItsPrefixesOnly() {
        Watch keyA = store.kvGet("a/x").watch();
        Watch prefixA = store.kvList("a/").watch();
        Watch everything = store.kvList("").watch();
        Watch prefixB = store.kvList("b/").watch();
        Watch otherKey = store.kvGet("a/y").watch();
        Watch longerPrefix = store.kvList("a/x/deeper").watch();

        store.write(2, w -> w.kvSet("a/x", bytes("1"), 0));

        assertThat(keyA.hasFired()).isTrue();
        assertThat(prefixA.hasFired()).isTrue();
        assertThat(everything.hasFired()).isTrue();
        assertThat(prefixB.hasFired()).isFalse();
        assertThat(otherKey.hasFired()).isFalse();
        assertThat(longerPrefix.hasFired()).isFalse();
    }

    @Test
    void deleteWakesPrefixWatchers() {
        store.write(2, w -> w.kvSet("a/x", bytes("1"), 0));
        Watch prefixA = store.kvList("a/").watch();
        Watch prefixB = store.kvList("b/").watch();
        store.write(3, w -> w.kvDeleteTree("a/"));
        assertThat(prefixA.hasFired()).isTrue();
        assertThat(prefixB.hasFired()).isFalse();
    }

    @Test
    void rolledBackWriteWakesNobody() {
        Watch key = store.kvGet("k").watch();
        try {
            store.write(2, w -> {
                w.kvSet("k", bytes("1"), 0);
                throw new IllegalStateException("abort");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("abort");
        }
        assertThat(key.hasFired()).isFalse();
    }

    @Test
    void checkChangeWakesItsServiceAndNodeButNotOtherServices() {
        store.write(1, w -> {
            w.ensureNode(node("n1", "10.0.0.1"));
            w.ensureNode(node("n2", "10.0.0.2"));
            w.ensureService("n1", service("web1", "web"));
            w.ensureService("n2", service("db1", "db"));
            w.ensureCheck(check("n1", "c-web", "web1", HealthStatus.PASSING));
            return null;
        });
        Watch webHealth = store.serviceHealth("web").watch();
        Watch dbHealth = store.serviceHealth("db").watch();
        Watch n1Checks = store.nodeChecks("n1").watch();
        Watch n2Checks = store.nodeChecks("n2").watch();
        Watch critical = store.checksInState(Optional.of(HealthStatus.CRITICAL)).watch();

        store.write(2, w -> w.ensureCheck(check("n1", "c-web", "web1", HealthStatus.CRITICAL)));

        assertThat(webHealth.hasFired()).isTrue();
        assertThat(n1Checks.hasFired()).isTrue();
        assertThat(critical.hasFired()).isTrue();
        assertThat(dbHealth.hasFired()).isFalse();
        assertThat(n2Checks.hasFired()).isFalse();
    }

    @Test
    void callbacksRunOnceAndCancelledOnesNever() {
        Watch w1 = store.kvGet("k").watch();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger cancelledRuns = new AtomicInteger();
        w1.onChange(runs::incrementAndGet);
        w1.onChange(cancelledRuns::incrementAndGet).cancel();
        store.write(2, w -> w.kvSet("k", bytes("1"), 0));
        store.write(3, w -> w.kvSet("k", bytes("2"), 0));
        assertThat(runs).hasValue(1);
        assertThat(cancelledRuns).hasValue(0);
        // Registering on a fired watch runs at once.
        w1.onChange(runs::incrementAndGet);
        assertThat(runs).hasValue(2);
    }

    @Test
    void tenThousandParkedWatchersCostNoThreads() {
        int threadsBefore = Thread.activeCount();
        AtomicInteger woken = new AtomicInteger();
        List<Watch.Registration> registrations = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String key = "many/" + (i % 100);
            registrations.add(store.kvGet(key).watch().onChange(woken::incrementAndGet));
        }
        assertThat(store.parkedWatchers()).isEqualTo(10_000);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);

        store.write(2, w -> w.kvSet("many/7", bytes("x"), 0));
        assertThat(woken).hasValue(100);
        assertThat(store.parkedWatchers()).isEqualTo(9_900);
        registrations.forEach(Watch.Registration::cancel);
        assertThat(store.parkedWatchers()).isZero();
    }
}
