package io.muster.cli.cluster;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `monitor`: streams GET /v1/agent/monitor line by line until the agent closes it or the user interrupts. */
public final class MonitorCommand extends ApiCommand {
    private final FlagSet.Flag<String> logLevel = flags.string("log-level", "INFO",
            "Log level of the agent.");
    private final FlagSet.Flag<Boolean> logJson = flags.bool("log-json",
            "Output logs in JSON format.");

    public MonitorCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Stream logs from a Consul agent";
    }

    @Override
    protected String helpText() {
        return "Usage: muster monitor [options]\n\n"
                + "  Shows recent log messages of a Consul agent, and attaches to the agent,\n"
                + "  outputting log messages as they occur in real time. The monitor lets you\n"
                + "  listen for log levels that may be filtered out of the Consul agent. For\n"
                + "  example your agent may only be logging at INFO level, but with the monitor\n"
                + "  you can see the DEBUG level logs.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("loglevel", logLevel.get().toLowerCase(java.util.Locale.ROOT));
        if (logJson.get()) {
            query.put("logjson", "");
        }
        InputStream stream;
        try {
            stream = client(io).stream("/v1/agent/monitor", query);
        } catch (ApiException e) {
            throw new CliException("Error starting monitor: " + e.getMessage());
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                io.out().println(line);
            }
        } catch (IOException e) {
            throw new CliException("Remote side ended the monitor! This usually means that the\n"
                    + "remote side has exited or crashed (" + e.getMessage() + ").");
        }
        io.out().println("Remote side ended the monitor! This usually means that the");
        io.out().println("remote side has exited or crashed.");
        return 1;
    }
}
