package io.muster.cli.operator;

import io.muster.cli.core.BaseCommand;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Columns;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * `snapshot inspect FILE`: reads meta.json from the snapshot archive (gzip-compressed tar, as Consul's) without
 * contacting an agent, and prints ID, Size, Index, Term and Version.
 */
public final class SnapshotInspectCommand extends BaseCommand {
    private static final int TAR_BLOCK = 512;

    @Override
    public String synopsis() {
        return "Displays information about a Consul snapshot file";
    }

    @Override
    protected String helpText() {
        return "Usage: muster snapshot inspect [options] FILE\n\n"
                + "  Displays information about a snapshot file on disk.\n\n"
                + "      $ muster snapshot inspect backup.snap";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.size() != 1) {
            throw new UsageException(args.isEmpty() ? "Missing FILE argument"
                    : "Too many arguments (expected 1, got " + args.size() + ")");
        }
        Path file = io.resolve(args.get(0));
        Map<String, Object> meta;
        try {
            meta = Json.object(Json.parse(metaJson(Files.readAllBytes(file))));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("Error verifying snapshot " + file + ": " + e.getMessage());
        }
        Columns table = new Columns();
        table.row("ID", Json.string(meta.get("ID")));
        table.row("Size", Json.string(meta.get("Size")));
        table.row("Index", Json.string(meta.get("Index")));
        table.row("Term", Json.string(meta.get("Term")));
        table.row("Version", Json.string(meta.get("Version")));
        for (String line : table.format().split("\n")) {
            io.out().println(" " + line);
        }
        return 0;
    }

    /** The content of meta.json in a gzip-compressed tar archive. */
    static String metaJson(byte[] archive) throws IOException {
        try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(archive))) {
            byte[] header = new byte[TAR_BLOCK];
            while (tar.readNBytes(header, 0, TAR_BLOCK) == TAR_BLOCK && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "").strip();
                String sizeField = new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").strip();
                long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
                byte[] content = tar.readNBytes((int) size);
                long padding = (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK;
                tar.skipNBytes(padding);
                if (name.equals("meta.json") || name.endsWith("/meta.json")) {
                    return new String(content, StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException("no meta.json in the archive");
    }
}
