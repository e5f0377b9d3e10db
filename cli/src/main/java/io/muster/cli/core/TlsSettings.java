package io.muster.cli.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS towards an https agent address: -ca-file/-ca-path (CONSUL_CACERT/CONSUL_CAPATH) as trust anchors,
 * -client-cert/-client-key for verify_incoming agents, -tls-server-name for the name the certificate must carry,
 * and CONSUL_HTTP_SSL_VERIFY=false to skip verification as Consul allows. Keys may be PKCS#8, PKCS#1 (RSA) or
 * SEC1 (EC, what {@code consul tls cert create} writes). Only built when an https address is used.
 */
public record TlsSettings(String caFile, String caPath, String clientCert, String clientKey, String serverName,
                          boolean verify) {

    void configure(HttpsURLConnection connection) throws IOException {
        try {
            connection.setSSLSocketFactory(context().getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from -ca-file/-client-cert/-client-key: " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            // Without this the missing file reads as a bare exception name after "Error connecting to agent".
            throw new IOException("cannot set up TLS from -ca-file/-ca-path/-client-cert/-client-key: "
                    + e.getFile() + " does not exist", e);
        }
        if (!verify) {
            connection.setHostnameVerifier((host, session) -> true);
        } else if (!serverName.isEmpty()) {
            connection.setHostnameVerifier((host, session) -> certificateNames(session).contains(serverName));
        }
    }

    private SSLContext context() throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManager[] trust = null;
        if (!verify) {
            trust = new TrustManager[] {new TrustEverything()};
        } else if (!caFile.isEmpty() || !caPath.isEmpty()) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate cert : caCertificates()) {
                store.setCertificateEntry("ca-" + n++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            trust = tmf.getTrustManagers();
        }
        javax.net.ssl.KeyManager[] keys = null;
        if (!clientCert.isEmpty() && !clientKey.isEmpty()) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> chain = certificates(Path.of(clientCert));
            store.setKeyEntry("client", privateKey(Path.of(clientKey)), new char[0],
                    chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            keys = kmf.getKeyManagers();
        }
        context.init(keys, trust, null);
        return context;
    }

    private List<Certificate> caCertificates() throws IOException, GeneralSecurityException {
        List<Certificate> all = new ArrayList<>();
        if (!caFile.isEmpty()) {
            all.addAll(certificates(Path.of(caFile)));
        }
        if (!caPath.isEmpty()) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(caPath))) {
                for (Path file : dir) {
                    if (Files.isRegularFile(file)) {
                        all.addAll(certificates(file));
                    }
                }
            }
        }
        return all;
    }

    private static Collection<? extends Certificate> certificates(Path file)
            throws IOException, GeneralSecurityException {
        return CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String type = pem.contains("BEGIN RSA PRIVATE KEY") ? "RSA"
                : pem.contains("BEGIN EC PRIVATE KEY") ? "EC" : "PKCS8";
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        switch (type) {
            case "RSA":
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                        pkcs8(der, Der.sequence(Der.oid(RSA_ENCRYPTION), new byte[] {0x05, 0x00}))));
            case "EC":
                return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                        pkcs8(der, Der.sequence(Der.oid(EC_PUBLIC_KEY), Der.curveOf(der)))));
            default:
                for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException tryNext) {
                        // the PEM header does not say the algorithm: the next one may fit
                        continue;
                    }
                }
                throw new GeneralSecurityException("unsupported private key in " + file);
        }
    }

    private static final byte[] RSA_ENCRYPTION = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private static byte[] pkcs8(byte[] key, byte[] algorithm) {
        return Der.sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, Der.tlv(0x04, key));
    }

    private static List<String> certificateNames(SSLSession session) {
        List<String> names = new ArrayList<>();
        try {
            for (Certificate cert : session.getPeerCertificates()) {
                if (cert instanceof X509Certificate x509 && x509.getSubjectAlternativeNames() != null) {
                    for (List<?> san : x509.getSubjectAlternativeNames()) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
                break;
            }
        } catch (SSLPeerUnverifiedException | java.security.cert.CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    /** Minimal DER encoding, enough to wrap PKCS#1 and SEC1 keys in PKCS#8. */
    static final class Der {
        private Der() {
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length & 0xff);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] oid(byte[] body) {
            return tlv(0x06, body);
        }

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return tlv(0x30, out.toByteArray());
        }

        /** The named-curve OID in a SEC1 ECPrivateKey's [0] parameters. */
        static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
            int i = headerLength(sec1, 0);
            while (i < sec1.length) {
                int tag = sec1[i] & 0xff;
                int header = headerLength(sec1, i);
                int length = contentLength(sec1, i);
                if (tag == 0xa0) {
                    byte[] oid = new byte[length];
                    System.arraycopy(sec1, i + header, oid, 0, length);
                    return oid;
                }
                i += header + length;
            }
            throw new GeneralSecurityException("EC private key names no curve; write it as PKCS#8");
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
            for (int k = 0; k < (first & 0x7f); k++) {
                length = (length << 8) | (der[at + 2 + k] & 0xff);
            }
            return length;
        }
    }

    /** CONSUL_HTTP_SSL_VERIFY=false: the operator chose to skip certificate checks. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusting everything is what CONSUL_HTTP_SSL_VERIFY=false asks for
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusting everything is what CONSUL_HTTP_SSL_VERIFY=false asks for
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
