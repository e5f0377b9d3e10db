package io.muster.kernel.leader;

import io.muster.spi.model.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTimersTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> invalidated = new ArrayList<>();
    private final SessionTimers timers = new SessionTimers(scheduler, id -> {
        invalidated.add(id);
        return CompletableFuture.completedFuture(true);
    });

    private static Session session(String id, Duration ttl) {
        return new Session(id, "", "n1", List.of(), List.of(), Duration.ofSeconds(15), "release", ttl, 1, 1);
    }

    @Test
    void expiresAtTwiceTheTtl() {
        timers.arm(session("s1", Duration.ofSeconds(10)));
        scheduler.advance(Duration.ofMillis(19_999));
        assertThat(invalidated).isEmpty();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(invalidated).containsExactly("s1");
        assertThat(timers.armed()).isZero();
    }

    @Test
    void renewRestartsTheTimer() {
        Session s = session("s1", Duration.ofSeconds(10));
        timers.arm(s);
        scheduler.advance(Duration.ofSeconds(15));
        timers.reset(s);
        scheduler.advance(Duration.ofSeconds(15));
        assertThat(invalidated).isEmpty();
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(invalidated).containsExactly("s1");
    }

    @Test
    void sessionsWithoutTtlAndCancelledOnesNeverExpire() {
        timers.arm(session("no-ttl", null));
        timers.arm(session("gone", Duration.ofSeconds(10)));
        timers.cancel("gone");
        timers.arm(session("lost", Duration.ofSeconds(10)));
        timers.cancelAll();
        scheduler.advance(Duration.ofHours(1));
        assertThat(invalidated).isEmpty();

        timers.armAll(List.of(session("a", Duration.ofSeconds(10)), session("b", Duration.ofSeconds(60))));
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(invalidated).containsExactly("a");
        scheduler.advance(Duration.ofSeconds(90));
        assertThat(invalidated).containsExactly("a", "b");
    }
}
