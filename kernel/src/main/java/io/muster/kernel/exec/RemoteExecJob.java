package io.muster.kernel.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One remote exec job on this node, as Consul's agent runs it: read the spec (stale, then consistent), write
 * {@code <node>/ack}, run the command through {@code /bin/sh -c} (stdout and stderr merged), upload the output as
 * {@code <node>/out/NNNNN} chunks (hex, five digits) and finally {@code <node>/exit}; every key is written holding
 * the CLI's session, so nothing is written once the CLI has destroyed it. A failure to start the command is exit
 * code 255.
 */
public final class RemoteExecJob {
    /** Exit code written when the command could not run or its output could not be uploaded, as Consul. */
    public static final int FAILED_EXIT_CODE = 255;
    private static final Logger log = LoggerFactory.getLogger("agent.remote_exec");
    private static final byte[] END_OF_OUTPUT = new byte[0];

    private final String nodeName;
    private final ExecStore store;
    private final Clock clock;

    public RemoteExecJob(String nodeName, ExecStore store, Clock clock) {
        this.nodeName = nodeName;
        this.store = store;
        this.clock = clock;
    }

    /** Runs the job; answers the exit code written, or empty when the job was dropped before its ack. */
    public Optional<Integer> run(RemoteExecRequest request) {
        RemoteExecSpec spec;
        try {
            Optional<RemoteExecSpec> found = readSpec(request);
            if (found.isEmpty()) {
                log.debug("remote exec aborted, job spec {} missing", request.jobKey());
                return Optional.empty();
            }
            spec = found.get();
            if (!store.acquire(request.nodeKey(nodeName, "ack"), new byte[0], request.session())) {
                log.error("failed to ack remote exec job {}: the session's lock was refused", request.session());
                return Optional.empty();
            }
        } catch (ExecStoreException | InvalidRemoteExecException e) {
            log.error("remote exec job {} dropped: {}", request.session(), e.getMessage());
            return Optional.empty();
        }
        int exitCode = execute(request, spec);
        try {
            if (!store.acquire(request.nodeKey(nodeName, "exit"),
                    Integer.toString(exitCode).getBytes(StandardCharsets.UTF_8), request.session())) {
                log.error("failed to write exit code for remote exec job {}: the session's lock was refused",
                        request.session());
            }
        } catch (ExecStoreException e) {
            log.error("failed to write exit code for remote exec job {}: {}", request.session(), e.getMessage());
        }
        return Optional.of(exitCode);
    }

    private Optional<RemoteExecSpec> readSpec(RemoteExecRequest request)
            throws ExecStoreException, InvalidRemoteExecException {
        // A stale read scales; the CLI waits for replication, and a miss is retried consistently.
        Optional<byte[]> value = store.get(request.jobKey(), true);
        if (value.isEmpty()) {
            log.debug("trying consistent fetch of remote exec job spec {}", request.jobKey());
            value = store.get(request.jobKey(), false);
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RemoteExecSpec.parse(value.get()));
    }

    private int execute(RemoteExecRequest request, RemoteExecSpec spec) {
        Path scriptFile = null;
        Process process;
        try {
            List<String> command = new ArrayList<>();
            if (!spec.args().isEmpty()) {
                command.addAll(spec.args());
            } else {
                String script = spec.command();
                if (spec.script().length > 0) {
                    scriptFile = Files.createTempFile("rexec", "", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwxr-x---")));
                    Files.write(scriptFile, spec.script());
                    script = scriptFile.toString();
                }
                command.addAll(List.of("/bin/sh", "-c", script));
            }
            log.info("remote exec '{}'", spec.args().isEmpty() ? command.get(2) : String.join(" ", command));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("failed to start remote exec: {}", e.getMessage());
            deleteQuietly(scriptFile);
            return FAILED_EXIT_CODE;
        }
        try {
            return stream(request, spec, process);
        } finally {
            deleteQuietly(scriptFile);
        }
    }

    private int stream(RemoteExecRequest request, RemoteExecSpec spec, Process process) {
        BlockingQueue<byte[]> reads = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readOutput(process.getInputStream(), reads),
                "muster-remote-exec-output-" + request.session());
        reader.setDaemon(true);
        reader.start();
        OutputChunker chunker = new OutputChunker(clock, spec.quietWait());
        int number = 0;
        try {
            while (true) {
                byte[] read = reads.poll(Math.max(1, chunker.untilNextDeadline().toMillis()), TimeUnit.MILLISECONDS);
                List<byte[]> uploads = new ArrayList<>();
                if (read == END_OF_OUTPUT) {
                    chunker.finish().ifPresent(uploads::add);
                } else if (read != null) {
                    uploads.addAll(chunker.write(read, 0, read.length));
                } else {
                    chunker.due().ifPresent(uploads::add);
                }
                for (byte[] chunk : uploads) {
                    if (!store.acquire(request.nodeKey(nodeName, String.format("out/%05x", number++)), chunk,
                            request.session())) {
                        throw new ExecStoreException("the session's lock was refused", null);
                    }
                }
                if (read == END_OF_OUTPUT) {
                    return process.waitFor();
                }
            }
        } catch (ExecStoreException e) {
            log.error("failed to write output for remote exec job {}: {}", request.session(), e.getMessage());
            process.destroyForcibly();
            return FAILED_EXIT_CODE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return FAILED_EXIT_CODE;
        }
    }

    private static void readOutput(InputStream in, BlockingQueue<byte[]> reads) {
        byte[] buffer = new byte[OutputChunker.CHUNK_SIZE];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                reads.add(java.util.Arrays.copyOf(buffer, n));
            }
        } catch (IOException e) {
            log.debug("remote exec output ended: {}", e.getMessage());
        } finally {
            reads.add(END_OF_OUTPUT);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete remote exec script {}: {}", file, e.getMessage());
        }
    }
}
