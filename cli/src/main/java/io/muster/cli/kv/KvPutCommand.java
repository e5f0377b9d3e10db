package io.muster.cli.kv;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `kv put`: PUT /v1/kv/:key with a value from the argument, {@code @file} or {@code -} (stdin). */
public final class KvPutCommand extends ApiCommand {
    private final FlagSet.Flag<Boolean> acquire = flags.bool("acquire",
            "Obtain a lock on the key. If the key does not exist, this operation will create the key and "
                    + "obtain the lock. The session must already exist and be specified via the -session flag. "
                    + "The default value is false.");
    private final FlagSet.Flag<Boolean> base64 = flags.bool("base64",
            "Treat the data as base 64 encoded. The default value is false.");
    private final FlagSet.Flag<Boolean> cas = flags.bool("cas",
            "Perform a Check-And-Set operation. Specifying this value also requires the -modify-index flag "
                    + "to be set. The default value is false.");
    private final FlagSet.Flag<Long> flagsValue = flags.integer("flags", 0,
            "Unsigned integer value to assign to this key-value pair. This value is not read by Consul, so "
                    + "clients can use this value however makes sense for their use case. The default value "
                    + "is 0 (no flags).");
    private final FlagSet.Flag<Long> modifyIndex = flags.integer("modify-index", 0,
            "Unsigned integer representing the ModifyIndex of the key. This is used in combination with the "
                    + "-cas flag.");
    private final FlagSet.Flag<Boolean> release = flags.bool("release",
            "Forfeit the lock on the key at the given path. This requires the -session flag to be set. The "
                    + "key must be held by the session in order to be unlocked. The default value is false.");
    private final FlagSet.Flag<String> session = flags.string("session", "",
            "User-defined identifer for this session as a string. This is commonly used with the -acquire "
                    + "and -release operations to build robust locking, but it can be set on any key. The "
                    + "default value is empty (no session).");

    public KvPutCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Sets or updates data in the KV store";
    }

    @Override
    protected String helpText() {
        return "Usage: muster kv put [options] KEY [DATA]\n\n"
                + "  Writes the data to the given path in the key-value store. The data can be of\n"
                + "  any type.\n\n"
                + "      $ muster kv put config/redis/maxconns 5\n\n"
                + "  The data can also be consumed from a file on disk by prefixing with the \"@\"\n"
                + "  symbol. For example:\n\n"
                + "      $ muster kv put config/program/license @license.lic\n\n"
                + "  Or it can be read from stdin using the \"-\" symbol:\n\n"
                + "      $ echo \"abcd1234\" | muster kv put config/program/license -\n\n"
                + "  The DATA argument itself is optional. If omitted, this will create the key\n"
                + "  with no data:\n\n"
                + "      $ muster kv put webapp/beta/active\n\n"
                + "  If the -base64 flag is specified, the data will be treated as base 64\n"
                + "  encoded.\n\n"
                + "  To perform a Check-And-Set operation, specify the -cas flag with the\n"
                + "  appropriate -modify-index flag corresponding to the key you want to perform\n"
                + "  the CAS operation on:\n\n"
                + "      $ muster kv put -cas -modify-index=844 config/redis/maxconns 5\n\n"
                + "  Additional flags and more advanced use cases are detailed below.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.isEmpty()) {
            throw new UsageException("Error! Missing KEY argument");
        }
        if (args.size() > 2) {
            throw new UsageException("Error! Too many arguments (expected 1 or 2, got " + args.size() + ")");
        }
        String key = args.get(0);
        if (key.startsWith("/")) {
            throw new UsageException("Error! Invalid key. Key must not begin with a '/': " + key);
        }
        if ((acquire.get() || release.get()) && session.get().isEmpty()) {
            throw new UsageException("Error! Missing -session (required with -acquire and -release)");
        }
        if (cas.get() && modifyIndex.get() == 0) {
            throw new UsageException("Must specify -modify-index with -cas!");
        }
        if (acquire.get() && release.get()) {
            throw new UsageException("Error! Cannot specify both -acquire and -release");
        }
        byte[] data = data(args.size() == 2 ? args.get(1) : null, io);
        Map<String, String> query = new LinkedHashMap<>();
        if (flagsValue.get() != 0) {
            query.put("flags", Long.toUnsignedString(flagsValue.get()));
        }
        if (cas.get()) {
            query.put("cas", String.valueOf(modifyIndex.get()));
        }
        if (acquire.get()) {
            query.put("acquire", session.get());
        } else if (release.get()) {
            query.put("release", session.get());
        }
        ApiClient client = client(io);
        ApiResponse response;
        try {
            response = client.put("/v1/kv/" + key, query, data);
        } catch (ApiException e) {
            throw new CliException(cas.get() ? "Error! Did not write to " + key + ": " + e.getMessage()
                    : "Error! Failed writing data: " + e.getMessage());
        }
        boolean written = response.text().strip().equals("true");
        if (cas.get() && !written) {
            throw new CliException("Error! Did not write to " + key + ": CAS failed");
        }
        if (acquire.get()) {
            if (!written) {
                throw new CliException("Error! Did not acquire lock");
            }
            io.out().println("Success! Lock acquired on: " + key);
        } else if (release.get()) {
            if (!written) {
                throw new CliException("Error! Did not release lock");
            }
            io.out().println("Success! Lock released on: " + key);
        } else {
            io.out().println("Success! Data written to: " + key);
        }
        return 0;
    }

    private byte[] data(String arg, Io io) throws CliException {
        byte[] raw;
        if (arg == null) {
            raw = new byte[0];
        } else if (arg.equals("-")) {
            try {
                raw = io.in().readAllBytes();
            } catch (IOException e) {
                throw new CliException("Error! Failed to read stdin: " + e.getMessage());
            }
        } else if (arg.startsWith("@")) {
            try {
                raw = java.nio.file.Files.readAllBytes(io.resolve(arg.substring(1)));
            } catch (IOException e) {
                throw new CliException("Error! Failed to read file: " + e.getMessage());
            }
        } else {
            raw = arg.getBytes(StandardCharsets.UTF_8);
        }
        if (!base64.get()) {
            return raw;
        }
        try {
            return Base64.getDecoder().decode(new String(raw, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new CliException("Error! Cannot base 64 decode data: " + e.getMessage());
        }
    }
}
