package io.muster.cli.config;

import io.muster.cli.core.BaseCommand;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import io.muster.kernel.config.ConfigException;
import io.muster.kernel.config.ConfigLoader;
import io.muster.kernel.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `validate` (and its old name `configtest`): loads config files and directories with the agent's own loader,
 * so whatever the agent would reject is rejected here with the same message. Like Consul, validation does not
 * need a data directory: when no file sets data_dir, a placeholder is supplied.
 */
public final class ValidateCommand extends BaseCommand {
    private static final String NO_DATA_DIR = "data_dir cannot be empty";

    private final String name;
    private final FlagSet.Flag<String> configFormat = flags.string("config-format", "", "<format>",
            "Config files are in this format irrespective of their extension. Must be 'hcl' or 'json'.");
    private final FlagSet.Flag<Boolean> quiet = flags.bool("quiet",
            "When given, a successful run will produce no output.");
    private final FlagSet.Flag<List<String>> configDirs = flags.list("config-dir", "<path>",
            "A directory of configuration files to validate (the form `configtest` took).");
    private final FlagSet.Flag<List<String>> configFiles = flags.list("config-file", "<path>",
            "A configuration file to validate (the form `configtest` took).");

    public ValidateCommand(String name) {
        this.name = name;
    }

    @Override
    public String synopsis() {
        return "Validate config files/directories";
    }

    @Override
    protected String helpText() {
        return "Usage: muster " + name + " [options] FILE_OR_DIRECTORY...\n\n"
                + "  Performs a thorough sanity test on Consul configuration files. For each file\n"
                + "  or directory given, the validate command will attempt to parse the contents\n"
                + "  just as the \"muster agent\" command would, and catch any errors.\n\n"
                + "  This is useful to do a test of the configuration only, without actually\n"
                + "  starting the agent. This performs all of the validation the agent would, so\n"
                + "  this should be given the complete set of configuration files that are going\n"
                + "  to be loaded by the agent. This command cannot operate on partial\n"
                + "  configuration fragments since those won't pass the full agent validation.\n\n"
                + "  Returns 0 if the configuration is valid, or 1 if there are problems.\n\n"
                + "      $ muster validate /etc/consul.d/foo.json /etc/consul.d/bar.json";
    }

    @Override
    protected int execute(List<String> args, Io io) throws UsageException {
        List<String> loaderArgs = new ArrayList<>();
        for (String dir : configDirs.get()) {
            loaderArgs.add("-config-dir");
            loaderArgs.add(io.resolve(dir).toString());
        }
        for (String file : configFiles.get()) {
            loaderArgs.add("-config-file");
            loaderArgs.add(io.resolve(file).toString());
        }
        for (String arg : args) {
            Path path = io.resolve(arg);
            loaderArgs.add(Files.isDirectory(path) ? "-config-dir" : "-config-file");
            loaderArgs.add(path.toString());
        }
        if (loaderArgs.isEmpty()) {
            throw new UsageException("Must specify at least one config file or directory");
        }
        if (!configFormat.get().isEmpty()) {
            loaderArgs.add("-config-format");
            loaderArgs.add(configFormat.get());
        }
        LoadedConfig loaded;
        try {
            loaded = load(loaderArgs);
        } catch (ConfigException e) {
            io.err().println("Config validation failed: " + e.getMessage());
            return 1;
        }
        for (String warning : loaded.warnings()) {
            io.err().println("==> " + warning);
        }
        if (!quiet.get()) {
            io.out().println("Configuration is valid!");
        }
        return 0;
    }

    private static LoadedConfig load(List<String> args) throws ConfigException {
        try {
            return ConfigLoader.load(args);
        } catch (ConfigException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(NO_DATA_DIR)) {
                throw e;
            }
            List<String> withDataDir = new ArrayList<>(args);
            withDataDir.add("-hcl");
            withDataDir.add("data_dir = \"" + System.getProperty("java.io.tmpdir").replace("\\", "\\\\") + "\"");
            return ConfigLoader.load(withDataDir);
        }
    }
}
