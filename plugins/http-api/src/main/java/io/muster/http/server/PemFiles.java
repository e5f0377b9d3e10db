package io.muster.http.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys with the JDK alone: certificate chains, PKCS#8 keys ("PRIVATE KEY"), PKCS#1
 * RSA keys ("RSA PRIVATE KEY") and SEC1 EC keys ("EC PRIVATE KEY", what {@code consul tls cert create} writes).
 * Every failure is a {@link TlsConfigException} naming the file and what is wrong with it.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] OID_RSA_ENCRYPTION = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01};
    private static final byte[] OID_EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemFiles() {
    }

    /** A PEM block: its type ("CERTIFICATE", "EC PRIVATE KEY") and decoded DER. */
    record Block(String type, byte[] der, boolean encrypted) {
    }

    /** Every certificate in {@code file}, in file order (leaf first for a chain). */
    public static List<X509Certificate> certificates(String key, Path file) {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 certificate support", e);
        }
        for (Block block : blocks(key, file)) {
            if (!block.type().equals("CERTIFICATE")) {
                continue;
            }
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new TlsConfigException(key, file, "holds a CERTIFICATE block that is not a valid X.509"
                        + " certificate (" + e.getMessage() + ")");
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(key, file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** Whether {@code file} can be read and holds a PEM certificate block (for scanning a ca_path). */
    static boolean holdsCertificate(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----");
        } catch (IOException e) {
            // Unreadable: say yes so that reading it reports the file and the error.
            return true;
        }
    }

    /** The first private key in {@code file}. */
    public static PrivateKey privateKey(String key, Path file) {
        for (Block block : blocks(key, file)) {
            if (!block.type().endsWith("PRIVATE KEY")) {
                continue;
            }
            if (block.encrypted() || block.type().equals("ENCRYPTED PRIVATE KEY")) {
                throw new TlsConfigException(key, file, "holds an encrypted private key; Muster reads unencrypted"
                        + " keys only (decrypt it with `openssl pkey -in KEY -out PLAIN`)");
            }
            try {
                return switch (block.type()) {
                    case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                            pkcs8(Der.sequence(Der.tlv(0x06, OID_RSA_ENCRYPTION), new byte[] {0x05, 0x00}),
                                    block.der())));
                    case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                            pkcs8(Der.sequence(Der.tlv(0x06, OID_EC_PUBLIC_KEY), Der.curveOfSec1(block.der())),
                                    block.der())));
                    case "PRIVATE KEY" -> pkcs8Key(block.der());
                    default -> throw new GeneralSecurityException("unsupported key type " + block.type());
                };
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new TlsConfigException(key, file, "holds a " + block.type() + " that cannot be read ("
                        + e.getMessage() + "); use an unencrypted RSA or EC key in PKCS#8, PKCS#1 or SEC1 form");
            }
        }
        throw new TlsConfigException(key, file, "holds no PEM private key (-----BEGIN PRIVATE KEY-----,"
                + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8Key(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        // The PKCS#8 header does not say the algorithm in a way KeyFactory takes: try the ones TLS servers use.
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not an RSA, EC or Ed25519 PKCS#8 key", last);
    }

    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return Der.sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, Der.tlv(0x04, key));
    }

    static List<Block> blocks(String key, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(key, file, "does not exist");
        } catch (IOException e) {
            throw new TlsConfigException(key, file, "cannot be read: " + e);
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean encrypted = false;
            StringBuilder base64 = new StringBuilder();
            for (String line : body.split("\r?\n")) {
                if (line.contains(":")) {
                    // RFC 1421 headers: Proc-Type: 4,ENCRYPTED marks a legacy encrypted key.
                    encrypted |= line.contains("ENCRYPTED");
                } else {
                    base64.append(line.trim());
                }
            }
            try {
                out.add(new Block(m.group(1), Base64.getDecoder().decode(base64.toString()), encrypted));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(key, file, "holds a " + m.group(1) + " block that is not valid base64");
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(key, file, "is not a PEM file (no -----BEGIN ...----- block)");
        }
        return out;
    }

    /** Minimal DER, enough to wrap PKCS#1 and SEC1 keys in PKCS#8. */
    static final class Der {
        private Der() {
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else if (length < 0x10000) {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length & 0xff);
            } else {
                out.write(0x83);
                out.write(length >> 16);
                out.write((length >> 8) & 0xff);
                out.write(length & 0xff);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return tlv(0x30, out.toByteArray());
        }

        /** The named-curve OID (as a full TLV) in a SEC1 ECPrivateKey's [0] parameters. */
        static byte[] curveOfSec1(byte[] sec1) throws GeneralSecurityException {
            if (sec1.length < 2 || (sec1[0] & 0xff) != 0x30) {
                throw new GeneralSecurityException("EC private key is not a DER SEQUENCE");
            }
            int i = headerLength(sec1, 0);
            while (i + 1 < sec1.length) {
                int tag = sec1[i] & 0xff;
                int header = headerLength(sec1, i);
                int length = contentLength(sec1, i);
                if (i + header + length > sec1.length) {
                    break;
                }
                if (tag == 0xa0) {
                    byte[] oid = new byte[length];
                    System.arraycopy(sec1, i + header, oid, 0, length);
                    return oid;
                }
                i += header + length;
            }
            throw new GeneralSecurityException("EC private key names no curve; convert it to PKCS#8 with"
                    + " `openssl pkcs8 -topk8 -nocrypt`");
        }

        private static int headerLength(byte[] der, int at) {
            int first = der[at + 1] & 0xff;
            return first < 0x80 ? 2 : 2 + (first & 0x7f);
        }

        private static int contentLength(byte[] der, int at) {
            int first = der[at + 1] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int k = 0; k < (first & 0x7f) && at + 2 + k < der.length; k++) {
                length = (length << 8) | (der[at + 2 + k] & 0xff);
            }
            return length;
        }
    }
}
