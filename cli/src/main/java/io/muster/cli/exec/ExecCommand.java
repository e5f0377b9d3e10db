package io.muster.cli.exec;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * `exec`: Consul's remote execution (command/exec). Creates a session, uploads the job spec to
 * {@code <prefix>/<session>/job} holding it, fires the {@code _rexec} user event with the node/service/tag filters,
 * then follows the agents' acks, output and exit codes under {@code <prefix>/<session>/} until -wait passes quietly.
 * Whether a node runs the job is the node's choice (its disable_remote_exec setting); a node that does not run it
 * sends no ack. Exit status as Consul: 0 when every acknowledging node exited 0, 2 when one did not (or did not
 * finish), 1 on errors.
 */
public final class ExecCommand extends ApiCommand {
    static final String DEFAULT_PREFIX = "_rexec";
    static final String EVENT_NAME = "_rexec";

    private final FlagSet.Flag<String> node = flags.string("node", "", "Regular expression to filter on node names.");
    private final FlagSet.Flag<String> service = flags.string("service", "",
            "Regular expression to filter on service instances.");
    private final FlagSet.Flag<String> tag = flags.string("tag", "",
            "Regular expression to filter on service tags. Must be used with -service.");
    private final FlagSet.Flag<String> prefix = flags.string("prefix", DEFAULT_PREFIX,
            "Prefix in the KV store to use for request data.");
    private final FlagSet.Flag<Boolean> shell = flags.bool("shell", true, "Use a shell to run the command.");
    private final FlagSet.Flag<Duration> wait = flags.duration("wait", Duration.ofSeconds(2),
            "Period to wait with no responses before terminating execution.");
    private final FlagSet.Flag<Duration> replicationWait = flags.duration("wait-repl", Duration.ofMillis(200),
            "Period to wait for replication before firing event. This is an optimization to allow stale reads "
                    + "to be performed.");
    private final FlagSet.Flag<Boolean> verbose = flags.bool("verbose", "Enables verbose output.");

    public ExecCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Executes a command on Consul nodes";
    }

    @Override
    protected String helpText() {
        return "Usage: muster exec [options] [-|command...]\n\n"
                + "  Evaluates a command on remote Consul nodes. The nodes responding can\n"
                + "  be filtered using regular expressions on node name, service, and tag\n"
                + "  definitions. If a command is '-', stdin will be read until EOF\n"
                + "  and used as a script input.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        Map<String, Object> spec = new LinkedHashMap<>();
        String command = String.join(" ", args);
        if (command.equals("-")) {
            if (!shell.get()) {
                throw new CliException("Cannot configure -shell=false when reading from stdin");
            }
            spec.put("Script", Base64.getEncoder().encodeToString(readStdin(io)));
        } else if (!command.isEmpty()) {
            if (shell.get()) {
                spec.put("Command", command);
            } else {
                spec.put("Args", List.copyOf(args));
            }
        } else {
            io.err().println("Must specify a command to execute");
            io.err().println();
            io.err().print(help());
            return 1;
        }
        // Go's time.Duration marshals as nanoseconds.
        spec.put("Wait", wait.get().toNanos());
        validateFilters();

        ApiClient client = client(io);
        try {
            client.get("/v1/agent/self", Map.of());
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
        ExecSession session;
        try {
            session = ExecSession.create(client, io);
        } catch (ApiException e) {
            throw new CliException("Failed to create session: " + e.getMessage());
        }
        String dir = prefix.get() + "/" + session.id() + "/";
        // Ctrl-C: Consul's CLI still destroys the session and the job's keys on its way out.
        Thread cleanupOnSignal = new Thread(() -> cleanUp(client, session, dir, io), "muster-exec-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnSignal);
        try {
            if (verbose.get()) {
                io.out().println("Created remote execution session: " + session.id());
            }
            upload(client, dir + "job", Json.write(spec), session.id());
            if (verbose.get()) {
                io.out().println("Uploaded remote execution spec");
            }
            pause(replicationWait.get());
            String eventId = fire(client, session.id());
            if (verbose.get()) {
                io.out().println("Fired remote execution event: " + eventId);
            }
            return new ExecResults(client, dir, wait.get(), verbose.get(), io).await();
        } finally {
            cleanUp(client, session, dir, io);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnSignal);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs (or ran) the same idempotent clean-up.
                io.err().println("Exec interrupted; cleaned up " + dir);
            }
        }
    }

    /** Destroys the session first, so no late agent can write (its acquire fails), then deletes the job's keys. */
    private static void cleanUp(ApiClient client, ExecSession session, String dir, Io io) {
        if (!session.destroy()) {
            return;
        }
        try {
            client.delete("/v1/kv/" + dir.substring(0, dir.length() - 1), Map.of("recurse", ""));
        } catch (ApiException e) {
            io.err().println("Failed to clean up " + dir + ": " + e.getMessage());
        }
    }

    private void validateFilters() throws CliException {
        compile(node.get(), "node");
        compile(service.get(), "service");
        compile(tag.get(), "tag");
        if (!tag.get().isEmpty() && service.get().isEmpty()) {
            throw new CliException("Cannot provide tag filter without service filter.");
        }
    }

    private static void compile(String regex, String what) throws CliException {
        if (regex.isEmpty()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new CliException("Failed to compile " + what + " filter regexp: " + e.getMessage());
        }
    }

    private static byte[] readStdin(Io io) throws CliException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            io.in().transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new CliException("Failed to read stdin: " + e.getMessage());
        }
    }

    private static void upload(ApiClient client, String key, String spec, String session) throws CliException {
        try {
            String answer = client.put("/v1/kv/" + key, Map.of("acquire", session),
                    spec.getBytes(StandardCharsets.UTF_8)).text().strip();
            if (!answer.equals("true")) {
                throw new CliException("Failed to create job file: failed to acquire key " + key);
            }
        } catch (ApiException e) {
            throw new CliException("Failed to create job file: " + e.getMessage());
        }
    }

    private String fire(ApiClient client, String session) throws CliException {
        Map<String, String> query = new LinkedHashMap<>();
        if (!node.get().isEmpty()) {
            query.put("node", node.get());
        }
        if (!service.get().isEmpty()) {
            query.put("service", service.get());
        }
        if (!tag.get().isEmpty()) {
            query.put("tag", tag.get());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("Prefix", prefix.get());
        payload.put("Session", session);
        try {
            return Json.string(Json.object(client.put("/v1/event/fire/" + EVENT_NAME, query,
                    Json.write(payload).getBytes(StandardCharsets.UTF_8)).json()).get("ID"));
        } catch (ApiException e) {
            throw new CliException("Failed to fire event: " + e.getMessage());
        }
    }

    private static void pause(Duration duration) throws CliException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while waiting for the job spec to replicate");
        }
    }
}
