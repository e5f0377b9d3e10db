package io.muster.cli.watch;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `watch`: a blocking-query loop on one view (key, keyprefix, services, nodes, service, checks, event). Each new
 * result (a changed X-Consul-Index) is printed as indented JSON or piped as JSON to the handler command, which
 * also gets CONSUL_INDEX in its environment.
 */
public final class WatchCommand extends ApiCommand {
    private static final long RETRY_MILLIS = 5_000;

    private final FlagSet.Flag<String> type = flags.string("type", "",
            "Specifies the watch type. One of key, keyprefix, services, nodes, service, checks, or event.");
    private final FlagSet.Flag<String> key = flags.string("key", "",
            "Specifies the key to watch. Only for 'key' type.");
    private final FlagSet.Flag<String> prefix = flags.string("prefix", "",
            "Specifies the key prefix to watch. Only for 'keyprefix' type.");
    private final FlagSet.Flag<String> service = flags.string("service", "",
            "Specifies the service to watch. Required for 'service' type, optional for 'checks' type.");
    private final FlagSet.Flag<List<String>> tags = flags.list("tag", "<value>",
            "Specifies the service tag(s) to filter on. Optional for 'service' type. May be specified "
                    + "multiple times.");
    private final FlagSet.Flag<String> passingOnly = flags.string("passingonly", "", "<true|false>",
            "Specifies if only hosts passing all checks are displayed. Optional for 'service' type, must be "
                    + "one of `[true|false]`. Defaults false.");
    private final FlagSet.Flag<String> state = flags.string("state", "",
            "Specifies the states to watch. Optional for 'checks' type.");
    private final FlagSet.Flag<String> name = flags.string("name", "",
            "Specifies an event name to watch. Only for 'event' type.");
    private final FlagSet.Flag<Boolean> shell = flags.bool("shell", true,
            "Use a shell to run the command (can set a custom shell via the SHELL environment variable). "
                    + "The default value is true.");

    private final int maxEvents;

    public WatchCommand() {
        this(0);
    }

    /** @param maxEvents stop after this many results (0: never); lets tests end the loop */
    WatchCommand(int maxEvents) {
        super(true);
        this.maxEvents = maxEvents;
    }

    @Override
    public String synopsis() {
        return "Watch for changes in Consul";
    }

    @Override
    protected String helpText() {
        return "Usage: muster watch [options] [child...]\n\n"
                + "  Watches for changes in a given data view from Consul. If a child process\n"
                + "  is specified, it will be invoked with the latest results on changes. Otherwise,\n"
                + "  the latest values are dumped to stdout and the watch terminates.\n\n"
                + "  Providing the watch type is required, and other parameters may be required\n"
                + "  or supported depending on the watch type.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        String path = path();
        Map<String, String> query = query();
        ApiClient client = client(io);
        try {
            client.get("/v1/agent/self", Map.of());
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
        long index = 0;
        int delivered = 0;
        boolean first = true;
        while (true) {
            Map<String, String> blocking = new LinkedHashMap<>(query);
            if (index > 0) {
                blocking.put("index", String.valueOf(index));
            }
            ApiResponse response;
            try {
                response = type.get().equals("key") ? client.getAllowMissing(path, blocking)
                        : client.get(path, blocking);
            } catch (ApiException e) {
                if (first) {
                    throw new CliException("Error querying Consul agent: " + e.getMessage());
                }
                io.err().println("Watch error (retrying in 5s): " + e.getMessage());
                pauseBeforeRetry();
                continue;
            }
            long next = response.index();
            if (!first && next == index) {
                continue;
            }
            // An index going backwards means the agent restarted or a snapshot was restored: start over.
            index = next < index ? 0 : next;
            first = false;
            Object data = result(response);
            if (args.isEmpty()) {
                io.out().println(Json.writeIndented(data, "    "));
                // Without a handler Consul prints the current value once and exits.
                return 0;
            }
            // A failing handler stops the watch with status 1, as in Consul.
            if (!runHandler(args, Json.write(data), next, io)) {
                return 1;
            }
            delivered++;
            if (maxEvents > 0 && delivered >= maxEvents) {
                return 0;
            }
        }
    }

    private Object result(ApiResponse response) throws ApiException {
        if (response.status() == 404) {
            return null;
        }
        Object data = response.json();
        if (type.get().equals("key")) {
            List<Object> pairs = Json.array(data);
            return pairs.isEmpty() ? null : pairs.get(0);
        }
        return data;
    }

    private String path() throws UsageException {
        switch (type.get()) {
            case "":
                throw new UsageException("Must specify watch type");
            case "key":
                require(key, "key");
                return "/v1/kv/" + key.get();
            case "keyprefix":
                require(prefix, "keyprefix");
                return "/v1/kv/" + prefix.get();
            case "services":
                return "/v1/catalog/services";
            case "nodes":
                return "/v1/catalog/nodes";
            case "service":
                require(service, "service");
                return "/v1/health/service/" + service.get();
            case "checks":
                if (!service.get().isEmpty() && !state.get().isEmpty()) {
                    throw new UsageException("Cannot specify service and state");
                }
                return service.get().isEmpty() ? "/v1/health/state/" + (state.get().isEmpty() ? "any" : state.get())
                        : "/v1/health/checks/" + service.get();
            case "event":
                return "/v1/event/list";
            default:
                throw new UsageException("Unsupported watch type: " + type.get()
                        + " (use key, keyprefix, services, nodes, service, checks or event)");
        }
    }

    private Map<String, String> query() throws UsageException {
        Map<String, String> query = new LinkedHashMap<>();
        if (type.get().equals("keyprefix")) {
            query.put("recurse", "");
        }
        if (type.get().equals("service")) {
            for (String tag : tags.get()) {
                query.put("tag", tag);
            }
            if (!passingOnly.get().isEmpty()) {
                if (!passingOnly.get().equals("true") && !passingOnly.get().equals("false")) {
                    throw new UsageException("Failed to parse passingonly flag: invalid value \""
                            + passingOnly.get() + "\" (use true or false)");
                }
                if (passingOnly.get().equals("true")) {
                    query.put("passing", "");
                }
            }
        }
        if (type.get().equals("event") && !name.get().isEmpty()) {
            query.put("name", name.get());
        }
        return query;
    }

    private static void require(FlagSet.Flag<String> flag, String watchType) throws UsageException {
        if (flag.get().isEmpty()) {
            throw new UsageException("Must specify -" + (watchType.equals("keyprefix") ? "prefix"
                    : watchType) + " for \"" + watchType + "\" watch type");
        }
    }

    /** Runs the handler with the result as one line of JSON on stdin; false when it failed. */
    private boolean runHandler(List<String> child, String json, long index, Io io) throws CliException {
        List<String> command = new ArrayList<>();
        if (shell.get()) {
            command.add(io.env("SHELL").isEmpty() ? "/bin/sh" : io.env("SHELL"));
            command.add("-c");
            command.add(String.join(" ", child));
        } else {
            command.addAll(child);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(io.workingDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(io.env());
        builder.environment().put("CONSUL_INDEX", String.valueOf(index));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            io.err().println("Error starting handler: " + e.getMessage());
            return false;
        }
        Thread errors = new Thread(new Copy(process.getErrorStream(), io.err(), false), "muster-watch-handler-stderr");
        errors.setDaemon(true);
        errors.start();
        // Fed from another thread: a handler may exit without reading its input, which is not an error.
        Thread input = new Thread(new Copy(new java.io.ByteArrayInputStream((json + "\n").getBytes(
                StandardCharsets.UTF_8)), process.getOutputStream(), true), "muster-watch-handler-stdin");
        input.setDaemon(true);
        input.start();
        try {
            process.getInputStream().transferTo(io.out());
            int code = process.waitFor();
            errors.join();
            if (code != 0) {
                io.err().println("Error executing handler: exit status " + code);
                return false;
            }
            return true;
        } catch (IOException e) {
            io.err().println("Error executing handler: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new CliException("Interrupted while the handler was running");
        }
    }

    /** Feeds the handler's stdin or copies its stderr while its stdout is read on the calling thread. */
    private static final class Copy implements Runnable {
        private final java.io.InputStream from;
        private final OutputStream to;
        private final boolean closeTarget;

        Copy(java.io.InputStream from, OutputStream to, boolean closeTarget) {
            this.from = from;
            this.to = to;
            this.closeTarget = closeTarget;
        }

        @Override
        public void run() {
            try {
                from.transferTo(to);
                if (closeTarget) {
                    to.close();
                }
            } catch (IOException e) {
                // the handler exited and closed its end of the pipe: there is nothing left to copy
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pauseBeforeRetry() throws CliException {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Watch interrupted");
        }
    }
}
