package io.muster.gossip.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code data-dir/serf/local.keyring} (and {@code remote.keyring} for the WAN pool): a JSON array of base64
 * keys, primary first, as Consul writes it. Written atomically and readable by the owner only.
 */
public final class KeyringFile {
    private static final Pattern KEY = Pattern.compile("\"([A-Za-z0-9+/=]+)\"");

    private KeyringFile() {
    }

    public static List<String> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IOException("keyring file " + file + " is not a JSON array of base64 keys; fix or delete it");
        }
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    public static void write(Path file, List<String> keys) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < keys.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append('"');
        }
        json.append("]");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, json.toString(), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // non-POSIX file systems keep their default permissions; the data dir itself should be private
            tmp.toFile().setReadable(false, false);
            tmp.toFile().setReadable(true, true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
