package io.muster.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code bin/agent} process of the assembled dist. Output goes to a log file that failures print.
 * Tests give each agent its own loopback address (127.0.0.x) so that several can run on Consul's default ports.
 */
public final class AgentProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final String address;
    private final int httpPort;

    private AgentProcess(Process process, Path log, String address, int httpPort) {
        this.process = process;
        this.log = log;
        this.address = address;
        this.httpPort = httpPort;
    }

    /** The dist directory the build produced (system property set by the it module's pom). */
    public static Path dist() {
        String dist = System.getProperty("muster.dist");
        if (dist == null) {
            throw new IllegalStateException("system property muster.dist is not set: run through `mvn verify`");
        }
        return Path.of(dist);
    }

    /** Starts {@code bin/agent} of {@code home} with the arguments; does not wait for readiness. */
    public static AgentProcess launch(Path home, Path workDir, String address, int httpPort, List<String> args)
            throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("agent-" + address + ".log");
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/agent").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new AgentProcess(pb.start(), log, address, httpPort);
    }

    /** A dev agent on {@code address} with the default ports, ready to serve. */
    public static AgentProcess dev(Path workDir, String address, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-dev", "-node", "node-" + address.replace('.', '-'),
                "-datacenter", "dc1", "-bind", address, "-client", address));
        args.addAll(List.of(extra));
        AgentProcess agent = launch(dist(), workDir, address, 8500, args);
        agent.awaitReady();
        return agent;
    }

    /**
     * Starts one cluster member: node name, bind and client address, and a data dir under {@code work}, plus
     * {@code extra} flags; does not wait.
     */
    public static AgentProcess member(Path work, String node, String address, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-node", node, "-bind", address, "-client", address,
                "-data-dir", work.resolve(node + "-data").toString()));
        args.addAll(extra);
        return launch(dist(), work.resolve(node), address, 8500, args);
    }

    /** Waits until the agent's own HTTP API answers (clients have no leader to report); fails if it exited. */
    public AgentProcess awaitServing() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("agent " + address + " exited with " + process.exitValue() + ":\n"
                        + output());
            }
            try {
                return get("/v1/agent/self").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** Waits until {@code /v1/status/leader} answers with a leader. */
    public AgentProcess awaitReady() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> r = get("/v1/status/leader");
                return r.statusCode() == 200 && r.body().length() > 2;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    public HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> put(String path, String body) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://" + address + ":" + httpPort + path);
    }

    public String address() {
        return address;
    }

    public int httpPort() {
        return httpPort;
    }

    public Process process() {
        return process;
    }

    /** The last 6,000 characters of this agent's output under a header naming it, for assertion messages. */
    public String outputTail(String name) {
        String out = output();
        return "\n===== " + name + " (" + address + ") =====\n"
                + (out.length() > 6000 ? out.substring(out.length() - 6000) : out);
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The JVM's pid ({@code bin/agent} execs java, so the process started is the agent itself). */
    public long pid() {
        return process.pid();
    }

    /** Sends a POSIX signal by name ({@code STOP}, {@code CONT}, ...) with the system's {@code kill}. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed: " + out);
        }
    }

    /** kill -9 (no shutdown hooks, nothing flushed), then waits for the process to be gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent " + address + " (pid " + process.pid()
                    + ") still alive 20 s after SIGKILL");
        }
    }

    /** SIGTERM, then waits for exit; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("agent did not stop within 20 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
