package io.muster.kernel.agent;

import io.muster.kernel.testing.MutableClock;
import io.muster.kernel.agent.CheckScheduler.DeregisterService;
import io.muster.kernel.agent.CheckScheduler.Event;
import io.muster.kernel.agent.CheckScheduler.Launch;
import io.muster.kernel.agent.CheckScheduler.StatusChanged;
import io.muster.kernel.agent.CheckScheduler.Step;
import io.muster.kernel.agent.CheckScheduler.Thresholds;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.muster.spi.model.HealthStatus.CRITICAL;
import static io.muster.spi.model.HealthStatus.PASSING;
import static io.muster.spi.model.HealthStatus.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

class CheckSchedulerTest {
    private final MutableClock clock = new MutableClock();
    private final CheckScheduler scheduler = new CheckScheduler(clock, new Random(42));
    private final CheckProbe probe = CompletableFuture::new;

    /** Moves the clock to the check's next run and starts it. */
    private Launch runNext(String id) {
        clock.set(scheduler.nextRun(id).orElseThrow());
        Step step = scheduler.poll();
        assertThat(step.launches()).as("a run of " + id + " starts").hasSize(1);
        return step.launches().get(0);
    }

    private List<Event> answer(String id, CheckResult result) {
        Launch launch = runNext(id);
        return scheduler.complete(launch.checkId(), launch.run(), result);
    }

    @Test
    void firstRunIsJitteredWithinTheIntervalAndSpreadsManyChecks() {
        Instant start = clock.instant();
        for (int i = 0; i < 1000; i++) {
            scheduler.addInterval("c" + i, "", probe, Duration.ofSeconds(10), null, Thresholds.NONE, null, CRITICAL, "");
        }
        TreeMap<Long, Integer> perSecond = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            Instant first = scheduler.nextRun("c" + i).orElseThrow();
            assertThat(first).isBetween(start, start.plusSeconds(10));
            perSecond.merge(Duration.between(start, first).toSeconds(), 1, Integer::sum);
        }
        assertThat(perSecond).hasSize(10);
        assertThat(perSecond.values()).allSatisfy(n -> assertThat(n).isBetween(50, 150));
    }

    @Test
    void neverTwoRunsAtOnceAndTheNextRunFollowsTheInterval() {
        scheduler.addInterval("web", "web", probe, Duration.ofSeconds(10), Duration.ofSeconds(5), Thresholds.NONE, null, CRITICAL, "");
        Launch first = runNext("web");
        Instant started = clock.instant();
        clock.advance(Duration.ofSeconds(3));
        assertThat(scheduler.poll().launches()).isEmpty();
        assertThat(scheduler.complete("web", first.run(), CheckResult.passing("ok")))
                .containsExactly(new StatusChanged("web", PASSING, "ok"));
        assertThat(scheduler.nextRun("web")).contains(started.plusSeconds(10));
        clock.advance(Duration.ofSeconds(6));
        assertThat(scheduler.poll().launches()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.poll().launches()).hasSize(1);
    }

    @Test
    void anOverrunningProbeIsCriticalTimeoutExceededAndItsLateAnswerIsIgnored() {
        scheduler.addInterval("slow", "", probe, Duration.ofSeconds(10), Duration.ofSeconds(2), Thresholds.NONE, null, PASSING, "");
        Launch launch = runNext("slow");
        clock.advance(Duration.ofSeconds(2));
        assertThat(scheduler.poll().events()).isEmpty();
        clock.advance(CheckScheduler.TIMEOUT_GRACE);
        assertThat(scheduler.poll().events()).containsExactly(new StatusChanged("slow", CRITICAL, "Timeout exceeded"));
        assertThat(scheduler.complete("slow", launch.run(), CheckResult.passing("late"))).isEmpty();
    }

    @Test
    void successBeforePassingAndFailuresBeforeWarningAndCritical() {
        scheduler.addInterval("db", "", probe, Duration.ofSeconds(5), null, new Thresholds(2, 1, 3), null, CRITICAL, "");
        assertThat(answer("db", CheckResult.passing("up"))).isEmpty();
        assertThat(answer("db", CheckResult.passing("up"))).containsExactly(new StatusChanged("db", PASSING, "up"));
        assertThat(answer("db", CheckResult.critical("down"))).containsExactly(new StatusChanged("db", WARNING, "down"));
        assertThat(answer("db", CheckResult.critical("down"))).isEmpty();
        assertThat(answer("db", CheckResult.critical("down"))).containsExactly(new StatusChanged("db", CRITICAL, "down"));
    }

    @Test
    void flappingBelowTheThresholdsChangesNothing() {
        scheduler.addInterval("flap", "", probe, Duration.ofSeconds(5), null, new Thresholds(3, 0, 3), null, PASSING, "");
        List<Event> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.addAll(answer("flap", i % 2 == 0 ? CheckResult.critical("x") : CheckResult.passing("x")));
        }
        assertThat(all).isEmpty();
    }

    @Test
    void ttlChecksExpireUnlessUpdated() {
        scheduler.addTtl("ttl", "api", Duration.ofSeconds(30), null, CRITICAL, "", null);
        assertThat(scheduler.updateTtl("ttl", PASSING, "alive")).containsExactly(new StatusChanged("ttl", PASSING, "alive"));
        clock.advance(Duration.ofSeconds(29));
        assertThat(scheduler.poll().events()).isEmpty();
        assertThat(scheduler.updateTtl("ttl", PASSING, "alive")).isEmpty();
        clock.advance(Duration.ofSeconds(29));
        assertThat(scheduler.poll().events()).isEmpty();
        assertThat(scheduler.nextWakeup()).contains(clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.poll().events()).containsExactly(
                new StatusChanged("ttl", CRITICAL, "TTL expired (last output before timeout follows): alive"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.poll().events()).isEmpty();
    }

    @Test
    void aServiceCriticalForTooLongIsDeregisteredOnce() {
        scheduler.addTtl("ttl", "api", Duration.ofSeconds(10), Duration.ofMinutes(1), PASSING, "", null);
        clock.advance(Duration.ofSeconds(10));
        assertThat(scheduler.poll().events()).containsExactly(new StatusChanged("ttl", CRITICAL, "TTL expired"));
        clock.advance(Duration.ofSeconds(59));
        assertThat(scheduler.poll().events()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.poll().events()).containsExactly(new DeregisterService("api", "ttl"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.poll().events()).isEmpty();
    }

    @Test
    void recoveringResetsTheDeregistrationClock() {
        scheduler.addTtl("ttl", "api", Duration.ofHours(1), Duration.ofMinutes(1), CRITICAL, "", null);
        clock.advance(Duration.ofSeconds(50));
        scheduler.updateTtl("ttl", PASSING, "");
        scheduler.updateTtl("ttl", CRITICAL, "");
        clock.advance(Duration.ofSeconds(50));
        assertThat(scheduler.poll().events()).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(scheduler.poll().events()).containsExactly(new DeregisterService("api", "ttl"));
    }

    @Test
    void outputIsTruncatedToFourKilobytes() {
        scheduler.addTtl("ttl", "", Duration.ofSeconds(10), null, CRITICAL, "", null);
        List<Event> events = scheduler.updateTtl("ttl", WARNING, "y".repeat(10_000));
        assertThat(((StatusChanged) events.get(0)).output()).hasSize(4096);
    }

    @Test
    void removedChecksStopAndDropLateAnswers() {
        scheduler.addInterval("gone", "", probe, Duration.ofSeconds(5), null, Thresholds.NONE, null, CRITICAL, "");
        Launch launch = runNext("gone");
        scheduler.remove("gone");
        assertThat(scheduler.complete("gone", launch.run(), CheckResult.passing("x"))).isEmpty();
        assertThat(scheduler.nextWakeup()).isEmpty();
    }

    @Test
    void statusOfAProbeThatReportsNoStatusIsCritical() {
        scheduler.addInterval("odd", "", probe, Duration.ofSeconds(5), null, Thresholds.NONE, null, PASSING, "");
        assertThat(answer("odd", new CheckResult(null, "?"))).containsExactly(new StatusChanged("odd", HealthStatus.CRITICAL, "?"));
    }
}
