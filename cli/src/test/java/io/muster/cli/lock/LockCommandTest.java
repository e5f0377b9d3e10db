package io.muster.cli.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import io.muster.cli.testkit.FakeKvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class LockCommandTest {
    @TempDir
    Path dir;

    private FakeAgent agent;
    private FakeKvStore kv;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
        kv = new FakeKvStore().mount(agent);
        // The fake writes a marker file while the lock is held, so the child can prove it ran under the lock.
        kv.onLockChange((key, session) -> {
            try {
                if (session.isEmpty()) {
                    Files.deleteIfExists(dir.resolve("held"));
                } else {
                    Files.writeString(dir.resolve("held"), key + " " + session);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        cli = CliRunner.against(agent).workingDir(dir);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void childRunsWhileTheLockIsHeldThenEverythingIsCleanedUp() {
        CliRunner.Result result = cli.run("lock", "-verbose", "service/db",
                "cat held && echo \" <- child, CONSUL_LOCK_HELD=$CONSUL_LOCK_HELD\"");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("Attempting lock acquisition")
                .contains("Setting up lock at path: service/db/.lock")
                .contains("service/db/.lock session-1 <- child, CONSUL_LOCK_HELD=true").contains("Cleanup succeeded");
        FakeAgent.Request acquire = agent.last("PUT", "/v1/kv/service/db/.lock");
        assertThat(agent.requests().get(1).line()).isEqualTo("PUT /v1/session/create");
        assertThat(agent.requests().get(1).body()).contains("\"TTL\":\"15s\"").contains("\"Behavior\":\"release\"");
        assertThat(agent.requests()).anyMatch(r -> r.line().equals(
                "PUT /v1/kv/service/db/.lock?acquire=session-1&flags=" + KvLock.LOCK_FLAG));
        assertThat(acquire.query()).startsWith("release=session-1");
        assertThat(kv.contains("service/db/.lock")).as("lock key destroyed after release").isFalse();
        assertThat(kv.sessions()).as("session destroyed").isEmpty();
        assertThat(Files.exists(dir.resolve("held"))).isFalse();
    }

    @Test
    void childFailureIsExitTwoOnlyWithChildExitCode() {
        assertThat(cli.run("lock", "p", "exit 3").code()).isZero();
        CliRunner.Result propagated = cli.run("lock", "-child-exit-code", "p", "exit 3");
        assertThat(propagated.code()).isEqualTo(2);
        assertThat(propagated.err()).contains("Error running handler: exit status 3");
    }

    @Test
    void losingTheLockKillsTheChild() {
        kv.onLockChange((key, session) -> {
            if (!session.isEmpty() && session.startsWith("session-")) {
                // The servers invalidate the session right after the child started holding the lock.
                Thread invalidate = new Thread(() -> kv.invalidate(session));
                invalidate.start();
            }
        });
        long started = System.nanoTime();
        CliRunner.Result result = cli.run("lock", "p", "exec sleep 20");
        assertThat(result.code()).as("Consul exits 0 after a lost lock").isZero();
        assertThat(result.err()).contains("Lock lost, killing child");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void timesOutWhileAnotherSessionHoldsTheLock() {
        String other = kv.holdByOther("p/.lock", Long.parseUnsignedLong(KvLock.LOCK_FLAG));
        AtomicLong seconds = new AtomicLong();
        // Each look at the clock is one second later: the 3s timeout passes after a few blocking reads.
        Clock stepping = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(seconds.incrementAndGet());
            }
        };
        CliRunner.Result result = cli.run(new LockCommand(stepping), "-timeout=3s", "p", "echo never");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("Shutdown triggered or timeout during lock acquisition");
        assertThat(result.out()).doesNotContain("never");
        assertThat(kv.holder("p/.lock")).isEqualTo(other);
    }

    @Test
    void semaphoreAdmitsUpToTheLimitAndCleansItsContenderEntry() {
        kv.holdByOther("sem/other-holder", Long.parseUnsignedLong(Semaphore.SEMAPHORE_FLAG));
        CliRunner.Result result = cli.run("lock", "-n=2", "sem", "echo in-semaphore");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("in-semaphore");
        assertThat(agent.requests()).anyMatch(r -> r.method().equals("PUT")
                && r.path().equals("/v1/kv/sem/.lock") && r.body().contains("\"Limit\":2")
                && r.body().contains("\"session-2\":true"));
        assertThat(kv.contains("sem/session-2")).isFalse();
        assertThat(kv.contains("sem/.lock")).isFalse();
    }

    @Test
    void usageErrors() {
        assertThat(cli.run("lock", "only-prefix").err()).contains("Key prefix and child command must be specified");
        assertThat(cli.run("lock", "-n=0", "p", "true").err()).contains("Lock holder limit must be positive");
        agent.close();
        CliRunner.Result noAgent = cli.run("lock", "p", "true");
        assertThat(noAgent.code()).isEqualTo(1);
        assertThat(noAgent.err()).startsWith("Error querying Consul agent: Error connecting to agent at");
    }
}
