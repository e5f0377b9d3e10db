package io.muster.http.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away test PKI made with Debian's openssl in a temp dir: a CA, a server certificate for 127.0.0.1 with a
 * SEC1 EC key, a client certificate with a PKCS#1 RSA key, and an unrelated PKCS#8 EC key. Nothing is committed.
 */
public final class TestPki {
    public final Path dir;
    public final Path ca;
    public final Path caKey;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    public final Path otherKey;

    private TestPki(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("test-only-ca.pem");
        this.caKey = dir.resolve("test-only-ca-key.pem");
        this.serverCert = dir.resolve("test-only-server.pem");
        this.serverKey = dir.resolve("test-only-server-key.pem");
        this.clientCert = dir.resolve("test-only-client.pem");
        this.clientKey = dir.resolve("test-only-client-key.pem");
        this.otherKey = dir.resolve("test-only-other-key.pem");
    }

    public static TestPki create(Path dir) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.caKey.toString(),
                "-out", pki.ca.toString(), "-days", "2", "-subj", "/CN=Muster Test CA");
        pki.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", pki.serverKey.toString());
        pki.sign("server", pki.serverKey, pki.serverCert, "/CN=server.dc1.consul",
                "subjectAltName=DNS:localhost,DNS:server.dc1.consul,IP:127.0.0.1\n"
                        + "extendedKeyUsage=serverAuth,clientAuth\n");
        pki.openssl("genrsa", "-traditional", "-out", pki.clientKey.toString(), "2048");
        pki.sign("client", pki.clientKey, pki.clientCert, "/CN=cli.dc1.consul", "extendedKeyUsage=clientAuth\n");
        pki.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                pki.otherKey.toString());
        return pki;
    }

    private void sign(String name, Path key, Path cert, String subject, String extensions)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        openssl("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", subject);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-set_serial", String.valueOf(System.nanoTime() & 0xffffffL), "-days", "2", "-out", cert.toString(),
                "-extfile", ext.toString());
    }

    /** Runs openssl in the PKI dir; a failure shows openssl's own output. */
    public String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    /** A client context trusting {@code trusted} (null: the JDK's defaults), presenting a certificate if given. */
    public static SSLContext clientContext(Path trusted, Path cert, Path key) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trusted == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : PemFiles.certificates("test", trusted)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            tmf.init(store);
        }
        KeyManagerFactory kmf = null;
        if (cert != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", PemFiles.privateKey("test", key), new char[0],
                    PemFiles.certificates("test", cert).toArray(new X509Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
