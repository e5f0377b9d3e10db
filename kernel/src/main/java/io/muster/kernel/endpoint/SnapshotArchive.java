package io.muster.kernel.endpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Consul's snapshot archive layout: a gzip-compressed (ustar) tar of {@code meta.json}, {@code state.bin} and
 * {@code SHA256SUMS} (one {@code "<hex>  <name>"} line per file), so Consul's and our CLI can inspect it.
 */
final class SnapshotArchive {
    static final String META = "meta.json";
    static final String STATE = "state.bin";
    static final String SUMS = "SHA256SUMS";
    private static final int BLOCK = 512;

    private SnapshotArchive() {
    }

    /** The files of a verified archive. */
    record Contents(byte[] meta, byte[] state) {
    }

    static byte[] write(byte[] meta, byte[] state, long modifiedEpochSeconds) {
        String sums = sha256(meta) + "  " + META + "\n" + sha256(state) + "  " + STATE + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(state.length / 2 + 4096);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            entry(gz, META, meta, modifiedEpochSeconds);
            entry(gz, STATE, state, modifiedEpochSeconds);
            entry(gz, SUMS, sums.getBytes(StandardCharsets.US_ASCII), modifiedEpochSeconds);
            gz.write(new byte[2 * BLOCK]);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a snapshot archive in memory failed", e);
        }
        return out.toByteArray();
    }

    private static void entry(GZIPOutputStream out, String name, byte[] content, long mtime) throws IOException {
        byte[] header = new byte[BLOCK];
        put(header, 0, name, 100);
        put(header, 100, "0000600", 8);
        put(header, 108, "0000000", 8);
        put(header, 116, "0000000", 8);
        put(header, 124, String.format("%011o", content.length), 12);
        put(header, 136, String.format("%011o", mtime), 12);
        header[156] = '0';
        put(header, 257, "ustar", 6);
        header[263] = '0';
        header[264] = '0';
        // The checksum is computed with its own field read as eight spaces.
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum), 7);
        header[155] = ' ';
        out.write(header);
        out.write(content);
        int padding = (BLOCK - content.length % BLOCK) % BLOCK;
        out.write(new byte[padding]);
    }

    private static void put(byte[] header, int offset, String value, int length) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
    }

    /** Reads and verifies an archive; the message of the IOException says which part is wrong. */
    static Contents read(byte[] archive) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(archive))) {
            byte[] header = new byte[BLOCK];
            while (tar.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
                String name = field(header, 0, 100);
                String sizeText = field(header, 124, 12);
                long size;
                try {
                    size = sizeText.isEmpty() ? 0 : Long.parseLong(sizeText, 8);
                } catch (NumberFormatException e) {
                    throw new IOException("tar header of " + name + " has an invalid size \"" + sizeText + "\"");
                }
                if (size > Integer.MAX_VALUE) {
                    throw new IOException("archive member " + name + " is too large (" + size + " bytes)");
                }
                byte[] content = tar.readNBytes((int) size);
                if (content.length != size) {
                    throw new IOException("archive member " + name + " is truncated");
                }
                tar.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
                files.put(name, content);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException("not a gzip-compressed snapshot archive: " + e.getMessage(), e);
        }
        byte[] meta = files.get(META);
        byte[] state = files.get(STATE);
        byte[] sums = files.get(SUMS);
        if (meta == null || state == null || sums == null) {
            throw new IOException("snapshot archive must hold " + META + ", " + STATE + " and " + SUMS
                    + ", found " + files.keySet());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : new String(sums, StandardCharsets.US_ASCII).split("\n")) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length == 2) {
                expected.put(parts[1], parts[0]);
            }
        }
        verify(META, meta, expected);
        verify(STATE, state, expected);
        return new Contents(meta, state);
    }

    private static void verify(String name, byte[] content, Map<String, String> expected) throws IOException {
        String want = expected.get(name);
        if (want == null) {
            throw new IOException("missing checksum for \"" + name + "\" in " + SUMS);
        }
        if (!want.equalsIgnoreCase(sha256(content))) {
            throw new IOException("sha256 hash mismatch for \"" + name + "\": the archive is damaged");
        }
    }

    private static String field(byte[] header, int offset, int length) {
        return new String(header, offset, length, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
