package io.muster.cli.cluster;

import io.muster.cli.core.BaseCommand;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** `keygen`: a new 32-byte gossip encryption key, base64 (what `encrypt` and `keyring -install` take). */
public final class KeygenCommand extends BaseCommand {
    private static final int KEY_BYTES = 32;

    @Override
    public String synopsis() {
        return "Generates a new encryption key";
    }

    @Override
    protected String helpText() {
        return "Usage: muster keygen\n\n"
                + "  Generates a new encryption key that can be used to configure the\n"
                + "  agent to encrypt traffic. The output of this command is already\n"
                + "  in the proper format that the agent expects.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws UsageException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        io.out().println(Base64.getEncoder().encodeToString(key));
        return 0;
    }
}
