package io.muster.cli.lock;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * `lock`: runs a child process while holding a lock (-n 1) or a semaphore slot (-n > 1) under a KV prefix.
 * The child is killed if the lock is lost; the lock is released and its session destroyed when the child
 * exits, when this process is interrupted, or when the lock is lost.
 */
public final class LockCommand extends ApiCommand {
    private static final Duration CHILD_GRACE = Duration.ofSeconds(5);

    private final FlagSet.Flag<Long> limit = flags.integer("n", 1,
            "Optional limit on the number of concurrent lock holders. The underlying implementation switches "
                    + "from a lock to a semaphore when increased past one. The default value is 1.");
    private final FlagSet.Flag<String> name = flags.string("name", "",
            "Optional name to associate with the lock session. If not provided, one is generated based on "
                    + "the provided child command.");
    private final FlagSet.Flag<Boolean> passStdin = flags.bool("pass-stdin",
            "Pass stdin to the child process.");
    private final FlagSet.Flag<Boolean> shell = flags.bool("shell", true,
            "Use a shell to run the command (can set a custom shell via the SHELL environment variable). "
                    + "The default value is true.");
    private final FlagSet.Flag<Duration> timeout = flags.duration("timeout", Duration.ZERO,
            "Maximum amount of time to wait to acquire the lock, specified as a duration like \"1s\" or "
                    + "\"3h\". The default value is 0.");
    private final FlagSet.Flag<Duration> tryFlag = flags.duration("try", Duration.ZERO,
            "DEPRECATED: Use -timeout instead.");
    private final FlagSet.Flag<Long> monitorRetry = flags.integer("monitor-retry", 3,
            "Number of times to retry if Consul returns a 500 error while monitoring the lock. This allows "
                    + "riding out brief periods of unavailability without causing leader elections, but "
                    + "increases the amount of time required to detect a lost lock in some cases. The default "
                    + "value is 3, with a 1s wait between retries. Set this value to 0 to disable retires.");
    private final FlagSet.Flag<Boolean> verbose = flags.bool("verbose",
            "Enable verbose (debugging) output.");
    private final FlagSet.Flag<Boolean> childExitCode = flags.bool("child-exit-code",
            "Exit 2 if the child process exited with an error if this is true, otherwise this doesn't "
                    + "propagate an error from the child. The default value is false.");

    private final Clock clock;
    private final List<Thread> outputPumps = new ArrayList<>();

    public LockCommand() {
        this(Clock.systemUTC());
    }

    LockCommand(Clock clock) {
        super(false);
        this.clock = clock;
    }

    @Override
    public String synopsis() {
        return "Execute a command holding a lock";
    }

    @Override
    protected String helpText() {
        return "Usage: muster lock [options] prefix child...\n\n"
                + "  Acquires a lock or semaphore at a given path, and invokes a child process\n"
                + "  when successful. The child process can assume the lock is held while it\n"
                + "  executes. If the lock is lost or communication is disrupted the child\n"
                + "  process will be sent a SIGTERM signal and given time to gracefully exit.\n"
                + "  After the grace period expires the process will be hard terminated.\n\n"
                + "  For Consul agents on Windows, the child process is always hard terminated\n"
                + "  with a SIGKILL, since Windows has no POSIX compatible notion for SIGTERM.\n\n"
                + "  When -n=1, only a single lock holder or leader exists providing mutual\n"
                + "  exclusion. Setting a higher value switches to a semaphore allowing multiple\n"
                + "  holders to coordinate.\n\n"
                + "  The prefix provided must have write privileges.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (limit.get() < 1) {
            throw new UsageException("Lock holder limit must be positive");
        }
        if (args.size() < 2) {
            throw new UsageException("Key prefix and child command must be specified");
        }
        if (timeout.get().isNegative() || tryFlag.get().isNegative()) {
            throw new UsageException("Timeout must be positive");
        }
        if (monitorRetry.get() < 0) {
            throw new UsageException("Number for 'monitor-retry' must be >= 0");
        }
        String prefix = args.get(0).startsWith("/") ? args.get(0).substring(1) : args.get(0);
        List<String> child = args.subList(1, args.size());
        Duration wait = timeout.isSet() ? timeout.get() : tryFlag.get();
        ApiClient client = client(io);
        String sessionName = name.get().isEmpty()
                ? "Consul lock for '" + String.join(" ", child) + "' at '" + prefix + "'" : name.get();

        try {
            client.get("/v1/agent/self", java.util.Map.of());
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
        if (verbose.get()) {
            io.out().println(limit.get() == 1 ? "Setting up lock at path: " + LockKeys.join(prefix, ".lock")
                    : "Setting up semaphore (limit " + limit.get() + ") at prefix: " + prefix);
        }
        Session session;
        try {
            session = Session.create(client, sessionName);
        } catch (ApiException e) {
            throw new CliException("Lock setup failed: " + e.getMessage());
        }
        LockHolder lock = limit.get() == 1 ? new KvLock(client, prefix, session.id(), clock)
                : new Semaphore(client, prefix, session.id(), limit.get().intValue(), clock);
        Thread cleanupOnSignal = null;
        try {
            if (verbose.get()) {
                io.out().println("Attempting lock acquisition");
            }
            Instant deadline = wait.isZero() ? null : clock.instant().plus(wait);
            boolean held;
            try {
                held = lock.acquireBlocking(deadline);
            } catch (ApiException e) {
                throw new CliException("Lock acquisition failed: " + e.getMessage());
            }
            if (!held) {
                throw new CliException("Shutdown triggered or timeout during lock acquisition");
            }
            Process process = start(child, io);
            cleanupOnSignal = new Thread(new KillAndRelease(process, lock, session), "muster-lock-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanupOnSignal);
            return superviseBlocking(process, lock, io);
        } finally {
            if (cleanupOnSignal != null) {
                Runtime.getRuntime().removeShutdownHook(cleanupOnSignal);
            }
            cleanup(lock, session, io);
        }
    }

    private int superviseBlocking(Process process, LockHolder lock, Io io) throws CliException {
        CompletableFuture<Void> lost = new CompletableFuture<>();
        Thread monitor = new Thread(new Monitor(lock, (int) (long) monitorRetry.get(), lost), "muster-lock-monitor");
        monitor.setDaemon(true);
        monitor.start();
        CompletableFuture<Process> exited = process.onExit();
        try {
            CompletableFuture.anyOf(exited, lost).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminate(process);
            throw new CliException("Interrupted while the child process was running; child terminated");
        } catch (ExecutionException e) {
            throw new CliException("Lock monitor failed: " + e.getCause());
        } finally {
            monitor.interrupt();
        }
        if (!exited.isDone()) {
            // Consul exits 0 here too: the lock was released by the servers, the child is stopped.
            io.err().println("Lock lost, killing child");
            terminate(process);
            drainOutputBlocking();
            return 0;
        }
        drainOutputBlocking();
        int code = process.exitValue();
        if (code != 0) {
            io.err().println("Error running handler: exit status " + code);
        }
        if (verbose.get()) {
            io.out().println("Child terminated, releasing lock");
        }
        return code != 0 && childExitCode.get() ? 2 : 0;
    }

    private void cleanup(LockHolder lock, Session session, Io io) {
        try {
            lock.release();
            session.close();
            if (verbose.get()) {
                io.out().println("Cleanup succeeded");
            }
        } catch (ApiException e) {
            io.err().println("Lock release failed: " + e.getMessage()
                    + " (the session's 15s TTL will release it)");
        }
    }

    private Process start(List<String> child, Io io) throws CliException {
        List<String> command = new ArrayList<>();
        if (shell.get()) {
            String sh = io.env("SHELL").isEmpty() ? "/bin/sh" : io.env("SHELL");
            command.add(sh);
            command.add("-c");
            command.add(String.join(" ", child));
        } else {
            command.addAll(child);
        }
        if (verbose.get()) {
            io.out().println("Starting handler");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(io.workingDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(io.env());
        builder.environment().put("CONSUL_LOCK_HELD", "true");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CliException("Error starting handler: " + e.getMessage());
        }
        outputPumps.add(pump(process.getInputStream(), io.out()));
        outputPumps.add(pump(process.getErrorStream(), io.err()));
        if (passStdin.get()) {
            pump(io.in(), process.getOutputStream());
        } else {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                io.err().println("Could not close the child's stdin: " + e.getMessage());
            }
        }
        return process;
    }

    private static Thread pump(InputStream from, OutputStream to) {
        Thread thread = new Thread(new Pump(from, to), "muster-lock-io");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The child has exited: let the copies of its stdout and stderr finish before we print more. */
    private void drainOutputBlocking() {
        for (Thread pump : outputPumps) {
            try {
                pump.join(CHILD_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGTERM, then SIGKILL after the grace period, as Consul treats its child. */
    static void terminate(Process process) {
        process.destroy();
        try {
            process.onExit().get(CHILD_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static final class Monitor implements Runnable {
        private final LockHolder lock;
        private final int retries;
        private final CompletableFuture<Void> lost;

        Monitor(LockHolder lock, int retries, CompletableFuture<Void> lost) {
            this.lock = lock;
            this.retries = retries;
            this.lost = lost;
        }

        @Override
        public void run() {
            try {
                lock.awaitLossBlocking(retries);
                lost.complete(null);
            } catch (InterruptedException e) {
                // the child exited first: nothing to report
                lost.cancel(false);
            }
        }
    }

    private static final class Pump implements Runnable {
        private final InputStream from;
        private final OutputStream to;

        Pump(InputStream from, OutputStream to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
                if (!(to instanceof PrintStream)) {
                    to.close();
                }
            } catch (IOException e) {
                // the child closed its end (it exited or was killed): the copy is over
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Run on SIGINT/SIGTERM of the CLI: the child must not outlive the lock. */
    private static final class KillAndRelease implements Runnable {
        private final Process process;
        private final LockHolder lock;
        private final Session session;

        KillAndRelease(Process process, LockHolder lock, Session session) {
            this.process = process;
            this.lock = lock;
            this.session = session;
        }

        @Override
        public void run() {
            terminate(process);
            try {
                lock.release();
                session.close();
            } catch (ApiException e) {
                System.err.println("Lock release failed during shutdown: " + e.getMessage()
                        + " (the session's 15s TTL will release it)");
            }
        }
    }
}
