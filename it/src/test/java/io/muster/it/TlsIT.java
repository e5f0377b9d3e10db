package io.muster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ecwid.consul.transport.TLSConfig;
import com.ecwid.consul.v1.ConsulClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dev agent serving the HTTP API over TLS on ports.https (set in a config file), reached by {@code bin/muster}
 * with -ca-file / CONSUL_CACERT / -client-cert and by the ecwid client. The PKI is made with openssl per run.
 */
class TlsIT {
    private static final String ADDRESS = "127.0.0.161";
    private static final int HTTPS_PORT = 8501;
    private static final String HTTPS_ADDR = "-http-addr=https://" + ADDRESS + ":" + HTTPS_PORT;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path work;
    static Path ca;
    static Path serverCert;
    static Path serverKey;
    static Path clientCert;
    static Path clientKey;

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void pki() throws Exception {
        ca = work.resolve("test-only-ca.pem");
        Path caKey = work.resolve("test-only-ca-key.pem");
        serverCert = work.resolve("test-only-server.pem");
        serverKey = work.resolve("test-only-server-key.pem");
        clientCert = work.resolve("test-only-client.pem");
        clientKey = work.resolve("test-only-client-key.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "2", "-subj", "/CN=Muster TlsIT CA");
        // consul tls cert create writes SEC1 EC keys: the agent must read them.
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", serverKey.toString());
        sign(caKey, serverKey, serverCert, "/CN=server.dc1.consul",
                "subjectAltName=DNS:localhost,DNS:server.dc1.consul,IP:" + ADDRESS + "\n"
                        + "extendedKeyUsage=serverAuth,clientAuth\n");
        openssl("genrsa", "-traditional", "-out", clientKey.toString(), "2048");
        sign(caKey, clientKey, clientCert, "/CN=cli.client.dc1.consul", "extendedKeyUsage=clientAuth\n");
    }

    private static void sign(Path caKey, Path key, Path cert, String subject, String extensions) throws Exception {
        Path csr = work.resolve(cert.getFileName() + ".csr");
        Path ext = work.resolve(cert.getFileName() + ".ext");
        Files.writeString(ext, extensions);
        openssl("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", subject);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-set_serial", String.valueOf(System.nanoTime() & 0xffffffL), "-days", "2", "-out", cert.toString(),
                "-extfile", ext.toString());
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return run(command, Map.of()).out();
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(work, "run", ".out");
        Path err = Files.createTempFile(work, "run", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        for (String name : List.of("CONSUL_HTTP_ADDR", "MUSTER_HTTP_ADDR", "CONSUL_HTTP_TOKEN", "CONSUL_CACERT",
                "CONSUL_CAPATH", "CONSUL_CLIENT_CERT", "CONSUL_CLIENT_KEY", "CONSUL_HTTP_SSL_VERIFY")) {
            pb.environment().remove(name);
        }
        pb.environment().putAll(env);
        Process process = pb.start();
        process.getOutputStream().close();
        if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not exit within " + RUN_TIMEOUT);
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        if (command.get(0).equals("openssl") && result.exit() != 0) {
            throw new IOException("openssl " + command + " failed: " + result);
        }
        return result;
    }

    static Result muster(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(AgentProcess.dist().resolve("bin/muster").toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    static Result ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result;
    }

    static Path configFile(String name, String json) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    static String tlsDefaults() {
        return "\"ca_file\": \"" + ca + "\", \"cert_file\": \"" + serverCert + "\", \"key_file\": \"" + serverKey + "\"";
    }

    @Test
    void cliReachesTheHttpsListenerWithTheCaAndFailsClearlyWithoutIt() throws Exception {
        Path config = configFile("https.json", "{\"ports\": {\"https\": " + HTTPS_PORT + "},"
                + " \"tls\": {\"defaults\": {" + tlsDefaults() + "}}}");
        AgentProcess agent = AgentProcess.dev(work.resolve("a"), ADDRESS, "-config-file", config.toString());
        try {
            assertThat(agent.output()).contains("HTTPS: " + HTTPS_PORT);
            Result members = ok(muster(Map.of(), "members", HTTPS_ADDR, "-ca-file=" + ca));
            assertThat(members.out()).contains("node-127-0-0-161", "alive", "server");

            Result fromEnv = ok(muster(Map.of("CONSUL_CACERT", ca.toString(),
                    "CONSUL_HTTP_ADDR", "https://" + ADDRESS + ":" + HTTPS_PORT), "members"));
            assertThat(fromEnv.out()).contains("node-127-0-0-161");

            Result noCa = muster(Map.of(), "members", HTTPS_ADDR);
            assertThat(noCa.exit()).as(noCa.toString()).isEqualTo(1);
            assertThat(noCa.err()).contains("Error connecting to agent at", "TLS handshake failed", "-ca-file");

            // Plain HTTP keeps serving beside HTTPS, as in Consul.
            ok(muster(Map.of(), "members", "-http-addr=" + ADDRESS + ":8500"));
        } finally {
            agent.terminate();
        }
    }

    @Test
    void verifyIncomingAsksTheCliAndTheEcwidClientForACertificate() throws Exception {
        // The legacy top-level keys, as older Consul configs write them.
        Path config = configFile("https-verify.json", "{\"ports\": {\"https\": " + HTTPS_PORT + "}, "
                + tlsDefaults() + ", \"verify_incoming\": true}");
        AgentProcess agent = AgentProcess.dev(work.resolve("b"), ADDRESS, "-config-file", config.toString());
        try {
            Result noCert = muster(Map.of(), "members", HTTPS_ADDR, "-ca-file=" + ca);
            assertThat(noCert.exit()).as(noCert.toString()).isEqualTo(1);
            assertThat(noCert.err()).contains("Error connecting to agent at");

            Result withCert = ok(muster(Map.of(), "members", HTTPS_ADDR, "-ca-file=" + ca,
                    "-client-cert=" + clientCert, "-client-key=" + clientKey));
            assertThat(withCert.out()).contains("node-127-0-0-161");

            Path keyStore = work.resolve("test-only-client.p12");
            Path trustStore = work.resolve("test-only-trust.p12");
            openssl("pkcs12", "-export", "-in", clientCert.toString(), "-inkey", clientKey.toString(),
                    "-out", keyStore.toString(), "-passout", "pass:changeit", "-name", "client");
            Result imported = run(List.of("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file",
                    ca.toString(), "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass",
                    "changeit"), Map.of());
            assertThat(imported.exit()).as(imported.toString()).isZero();
            ConsulClient consul = new ConsulClient("https://" + ADDRESS, HTTPS_PORT, new TLSConfig(
                    TLSConfig.KeyStoreInstanceType.PKCS12, keyStore.toString(), "changeit", trustStore.toString(),
                    "changeit"));
            assertThat(consul.getStatusLeader().getValue()).startsWith(ADDRESS + ":");
            assertThat(consul.getAgentSelf().getValue().getConfig().getNodeName()).isEqualTo("node-127-0-0-161");
        } finally {
            agent.terminate();
        }
    }

    @Test
    void aKeyThatIsNotPemStopsTheAgentNamingTheFile() throws Exception {
        Path notPem = configFile("not-a-key.pem", "this is not a key\n");
        Path config = configFile("https-bad.json", "{\"ports\": {\"https\": " + HTTPS_PORT + "},"
                + " \"tls\": {\"defaults\": {\"cert_file\": \"" + serverCert + "\", \"key_file\": \"" + notPem
                + "\"}}}");
        AgentProcess agent = AgentProcess.launch(AgentProcess.dist(), work.resolve("c"), ADDRESS, 8500,
                List.of("-dev", "-bind", ADDRESS, "-client", ADDRESS, "-config-file", config.toString()));
        try {
            assertThat(agent.process().waitFor(30, TimeUnit.SECONDS)).as(agent.output()).isTrue();
            assertThat(agent.process().exitValue()).as(agent.output()).isEqualTo(1);
            assertThat(agent.output()).contains("config key tls.defaults.key_file: " + notPem
                    + " is not a PEM file (no -----BEGIN ...----- block)");
        } finally {
            agent.close();
        }
        assertThatThrownBy(() -> agent.get("/v1/status/leader")).isInstanceOf(IOException.class);
    }
}
