package io.muster.kernel.leader;

import io.muster.kernel.consensus.Command;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TombstoneReaperTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicLong index = new AtomicLong(10);
    private final List<Command> proposed = new ArrayList<>();
    private final TombstoneReaper reaper = new TombstoneReaper(scheduler, c -> {
        proposed.add(c);
        return CompletableFuture.completedFuture(true);
    }, index::get, Duration.ofMinutes(15));

    @Test
    void reapsOnlyWhatIsAtLeastOnePeriodOld() {
        reaper.start();
        index.set(50);
        scheduler.advance(Duration.ofMinutes(15));
        assertThat(proposed).containsExactly(new Command.KvReapTombstones(10));
        index.set(80);
        scheduler.advance(Duration.ofMinutes(15));
        assertThat(proposed).containsExactly(new Command.KvReapTombstones(10), new Command.KvReapTombstones(50));
    }

    @Test
    void stopsWhenLeadershipIsLost() {
        reaper.start();
        reaper.stop();
        scheduler.advance(Duration.ofHours(2));
        assertThat(proposed).isEmpty();
    }
}
