package io.muster.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.muster.cli.testkit.CliRunner;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -ca-file, -tls-server-name and CONSUL_HTTP_SSL_VERIFY against an HTTPS agent with a keytool certificate. */
class TlsTest {
    private static final String MEMBERS = "[{\"Name\":\"s1\",\"Addr\":\"127.0.0.1\",\"Port\":8301,"
            + "\"Tags\":{\"role\":\"consul\",\"dc\":\"dc1\",\"build\":\"0.1.0\",\"vsn\":\"2\"},\"Status\":1}]";

    @TempDir
    Path dir;

    private HttpsServer server;

    @BeforeEach
    void start() throws Exception {
        keytool("-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=server.dc1.consul", "-ext", "SAN=dns:server.dc1.consul", "-validity", "2",
                "-keystore", "agent.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "agent", "-keystore", "agent.p12", "-storepass", "changeit",
                "-file", "ca.pem");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("agent.p12").toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/v1/agent/members", exchange -> {
            byte[] body = MEMBERS.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    private String address() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void trustsTheCaFileAndChecksTheServerName() {
        CliRunner.Result result = new CliRunner().workingDir(dir).run("members", "-http-addr=" + address(),
                "-ca-file=" + dir.resolve("ca.pem"), "-tls-server-name=server.dc1.consul");
        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("s1    127.0.0.1:8301");
    }

    @Test
    void rejectsAnUntrustedCertificateOrAWrongName() {
        CliRunner.Result untrusted = new CliRunner().run("members", "-http-addr=" + address());
        assertThat(untrusted.code()).isEqualTo(1);
        assertThat(untrusted.err()).contains("Error connecting to agent at " + address())
                .contains("TLS handshake failed");
        CliRunner.Result wrongName = new CliRunner().env("CONSUL_CACERT", dir.resolve("ca.pem").toString())
                .run("members", "-http-addr=" + address(), "-tls-server-name=other.dc1.consul");
        assertThat(wrongName.code()).isEqualTo(1);
    }

    @Test
    void aMissingCaFileIsNamed() {
        CliRunner.Result result = new CliRunner().workingDir(dir).run("members", "-http-addr=" + address(),
                "-ca-file=" + dir.resolve("absent-ca.pem"));
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("cannot set up TLS from -ca-file/-ca-path/-client-cert/-client-key: "
                + dir.resolve("absent-ca.pem") + " does not exist");
    }

    @Test
    void verificationCanBeSwitchedOffAsConsulAllows() {
        CliRunner.Result result = new CliRunner().env("CONSUL_HTTP_SSL_VERIFY", "false")
                .env("CONSUL_HTTP_SSL", "true").run("members", "-http-addr=127.0.0.1:" + server.getAddress().getPort());
        assertThat(result.code()).isZero();
    }

    @Test
    void readsPkcs8AndSec1EcKeys() throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        Files.writeString(dir.resolve("pkcs8.pem"), pem("PRIVATE KEY", pkcs8));
        assertThat(TlsSettings.privateKey(dir.resolve("pkcs8.pem"))).isEqualTo(pair.getPrivate());

        // Java's PKCS#8 for EC omits the curve inside the SEC1 structure; add it as [0] the way openssl does.
        byte[] sec1 = sec1WithCurve(pkcs8);
        Files.writeString(dir.resolve("sec1.pem"), pem("EC PRIVATE KEY", sec1));
        PrivateKey read = TlsSettings.privateKey(dir.resolve("sec1.pem"));
        assertThat(read.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) read).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** SEC1 ECPrivateKey {version 1, privateKey OCTET STRING, [0] prime256v1} from a PKCS#8 key's scalar. */
    private static byte[] sec1WithCurve(byte[] pkcs8) throws GeneralSecurityException {
        java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey)
                java.security.KeyFactory.getInstance("EC").generatePrivate(
                        new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        byte[] s = key.getS().toByteArray();
        byte[] scalar = new byte[32];
        System.arraycopy(s, Math.max(0, s.length - 32), scalar, Math.max(0, 32 - s.length), Math.min(32, s.length));
        byte[] prime256v1 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
        return TlsSettings.Der.sequence(new byte[] {0x02, 0x01, 0x01}, TlsSettings.Der.tlv(0x04, scalar),
                TlsSettings.Der.tlv(0xa0, prime256v1));
    }
}
