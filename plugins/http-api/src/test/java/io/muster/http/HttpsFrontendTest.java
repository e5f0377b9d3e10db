package io.muster.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muster.http.FrontendAndUiTest.MapConfig;
import io.muster.http.server.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frontend with ports.https: the same API over TLS, client certificates with verify_incoming. */
class HttpsFrontendTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    final HttpApiFrontend frontend = new HttpApiFrontend();
    final ExecutorService executor = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    @AfterEach
    void stop() {
        frontend.stop();
        executor.shutdownNow();
    }

    MapConfig tlsConfig() {
        return new MapConfig().with("ports.http", 0).with("ports.https", 0).with("client_addr", "127.0.0.1")
                .with("tls.defaults.ca_file", pki.ca.toString())
                .with("tls.defaults.cert_file", pki.serverCert.toString())
                .with("tls.defaults.key_file", pki.serverKey.toString());
    }

    String httpsBase() {
        List<InetSocketAddress> https = frontend.boundHttpsAddresses();
        assertThat(https).hasSize(1);
        return "https://127.0.0.1:" + https.get(0).getPort();
    }

    HttpResponse<String> get(SSLContext tls, SSLParameters params, String url) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).sslContext(tls);
        if (params != null) {
            builder.sslParameters(params);
        }
        HttpClient client = builder.build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheApiOverTlsAndKeepsPlainHttp() throws Exception {
        frontend.start(FrontendAndUiTest.context(tlsConfig(), List.of()));
        SSLContext trustsCa = TestPki.clientContext(pki.ca, null, null);
        HttpResponse<String> leader = get(trustsCa, null, httpsBase() + "/v1/status/leader");
        assertThat(leader.statusCode()).isEqualTo(200);
        assertThat(leader.body()).isEqualTo("\"10.1.10.12:8300\"");
        assertThat(leader.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.2", "TLSv1.3"));
        int httpPort = frontend.boundAddresses().get(0).getPort();
        assertThat(get(trustsCa, null, "http://127.0.0.1:" + httpPort + "/v1/status/leader").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotTrustTheCaFailsTheHandshake() throws Exception {
        frontend.start(FrontendAndUiTest.context(tlsConfig(), List.of()));
        SSLContext jdkDefaults = TestPki.clientContext(null, null, null);
        assertThatThrownBy(() -> get(jdkDefaults, null, httpsBase() + "/v1/status/leader"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void verifyIncomingRequiresAClientCertificateSignedByTheCa() throws Exception {
        frontend.start(FrontendAndUiTest.context(tlsConfig().with("tls.defaults.verify_incoming", true), List.of()));
        String url = httpsBase() + "/v1/status/leader";
        assertThatThrownBy(() -> get(TestPki.clientContext(pki.ca, null, null), null, url))
                .isInstanceOf(IOException.class);
        HttpResponse<String> withCert = get(TestPki.clientContext(pki.ca, pki.clientCert, pki.clientKey), null, url);
        assertThat(withCert.statusCode()).isEqualTo(200);
        // Plain HTTP is not subject to verify_incoming, as in Consul.
        int httpPort = frontend.boundAddresses().get(0).getPort();
        assertThat(get(TestPki.clientContext(pki.ca, null, null), null,
                "http://127.0.0.1:" + httpPort + "/v1/status/leader").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientCertificateFromAnotherCaIsRejected() throws Exception {
        Path otherDir = dir.resolve("other-ca");
        java.nio.file.Files.createDirectories(otherDir);
        TestPki other = TestPki.create(otherDir);
        frontend.start(FrontendAndUiTest.context(tlsConfig().with("verify_incoming_https", true), List.of()));
        assertThatThrownBy(() -> get(TestPki.clientContext(pki.ca, other.clientCert, other.clientKey), null,
                httpsBase() + "/v1/status/leader")).isInstanceOf(IOException.class);
    }

    @Test
    void minVersionTls13RefusesATls12Client() throws Exception {
        frontend.start(FrontendAndUiTest.context(tlsConfig().with("tls.defaults.tls_min_version", "TLSv1_3"),
                List.of()));
        SSLParameters tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});
        SSLContext trustsCa = TestPki.clientContext(pki.ca, null, null);
        assertThatThrownBy(() -> get(trustsCa, tls12, httpsBase() + "/v1/status/leader"))
                .isInstanceOf(SSLHandshakeException.class);
        SSLParameters tls13 = new SSLParameters();
        tls13.setProtocols(new String[] {"TLSv1.3"});
        assertThat(get(trustsCa, tls13, httpsBase() + "/v1/status/leader").statusCode()).isEqualTo(200);
    }

    @Test
    void httpsOnlyWhenHttpIsOff() throws Exception {
        frontend.start(FrontendAndUiTest.context(tlsConfig().with("ports.http", -1), List.of()));
        assertThat(frontend.boundAddresses()).isEmpty();
        assertThat(get(TestPki.clientContext(pki.ca, null, null), null, httpsBase() + "/v1/status/leader")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void httpsWithoutCertificateRefusesToStartAndBindsNothing() {
        MapConfig config = new MapConfig().with("ports.http", 0).with("ports.https", 0);
        assertThatThrownBy(() -> frontend.start(FrontendAndUiTest.context(config, List.of())))
                .hasMessageStartingWith("ports.https is set but cert_file and key_file is not");
        assertThat(frontend.boundAddresses()).isEmpty();
    }

    @Test
    void keepsTheConnectionAliveBetweenRequests() throws Exception {
        frontend.start(FrontendAndUiTest.context(tlsConfig(), List.of()));
        SSLContext trustsCa = TestPki.clientContext(pki.ca, null, null);
        int port = frontend.boundHttpsAddresses().get(0).getPort();
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustsCa.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            for (int i = 0; i < 2; i++) {
                out.write("GET /v1/status/leader HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                int length = -1;
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                    assertThat(line.toLowerCase(java.util.Locale.ROOT)).isNotEqualTo("connection: close");
                }
                char[] body = new char[length];
                assertThat(in.read(body)).isEqualTo(length);
                assertThat(new String(body)).isEqualTo("\"10.1.10.12:8300\"");
            }
        }
    }

    @Test
    void listensOnAddressesHttpsOrClientAddr() {
        assertThat(HttpApiFrontend.httpsListenAddresses(new MapConfig())).containsExactly("127.0.0.1");
        assertThat(HttpApiFrontend.httpsListenAddresses(new MapConfig().with("client_addr", "127.0.0.2 127.0.0.3")))
                .containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(HttpApiFrontend.httpsListenAddresses(new MapConfig().with("client_addr", "127.0.0.2")
                .with("addresses.https", "127.0.0.4"))).containsExactly("127.0.0.4");
    }

    @Test
    void httpsOffByDefault() throws Exception {
        frontend.start(FrontendAndUiTest.context(new MapConfig().with("ports.http", 0), List.of()));
        assertThat(frontend.boundHttpsAddresses()).isEmpty();
        assertThat(frontend.boundAddresses()).hasSize(1);
    }
}
