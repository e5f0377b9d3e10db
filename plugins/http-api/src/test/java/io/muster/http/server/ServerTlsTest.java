package io.muster.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    static HttpsSettings.Setting set(String key, Object value) {
        return new HttpsSettings.Setting(key, value == null ? "" : value.toString());
    }

    static HttpsSettings settings(Map<String, Object> values, boolean verifyIncoming) {
        return new HttpsSettings(set("tls.defaults.ca_file", values.get("ca")),
                set("tls.defaults.ca_path", values.get("ca_path")),
                set("tls.defaults.cert_file", values.get("cert")), set("tls.defaults.key_file", values.get("key")),
                verifyIncoming, set("tls.defaults.tls_min_version", values.get("min")),
                set("tls.defaults.tls_cipher_suites", values.get("suites")));
    }

    static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("ca", pki.ca);
        values.put("cert", pki.serverCert);
        values.put("key", pki.serverKey);
        return values;
    }

    @Test
    void readsEveryKeyForm() throws Exception {
        PrivateKey sec1 = PemFiles.privateKey("k", pki.serverKey);
        PrivateKey pkcs1 = PemFiles.privateKey("k", pki.clientKey);
        PrivateKey pkcs8Ec = PemFiles.privateKey("k", pki.otherKey);
        PrivateKey pkcs8Rsa = PemFiles.privateKey("k", pki.caKey);
        assertThat(Files.readString(pki.serverKey)).contains("BEGIN EC PRIVATE KEY");
        assertThat(Files.readString(pki.clientKey)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(pki.otherKey)).contains("BEGIN PRIVATE KEY");
        assertThat(List.of(sec1.getAlgorithm(), pkcs1.getAlgorithm(), pkcs8Ec.getAlgorithm(), pkcs8Rsa.getAlgorithm()))
                .containsExactly("EC", "RSA", "EC", "RSA");
        assertThat(ServerTls.matches(sec1, PemFiles.certificates("c", pki.serverCert).get(0).getPublicKey())).isTrue();
        assertThat(ServerTls.matches(pkcs1, PemFiles.certificates("c", pki.clientCert).get(0).getPublicKey())).isTrue();
        assertThat(ServerTls.matches(pkcs8Ec, PemFiles.certificates("c", pki.serverCert).get(0).getPublicKey()))
                .isFalse();
    }

    @Test
    void certificateChainKeepsFileOrder() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(pki.serverCert) + Files.readString(pki.ca));
        assertThat(PemFiles.certificates("cert_file", chain)).hasSize(2)
                .first().satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).contains("server.dc1"));
    }

    @Test
    void defaultsToTls12AndUp() {
        ServerTls tls = ServerTls.load(settings(valid(), false));
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.cipherSuites()).isEmpty();
        assertThat(tls.requireClientCert()).isFalse();
    }

    @Test
    void minVersionInConsulsSpellings() {
        Map<String, Object> values = valid();
        values.put("min", "TLSv1_3");
        assertThat(ServerTls.load(settings(values, false)).protocols()).containsExactly("TLSv1.3");
        values.put("min", "tls12");
        assertThat(ServerTls.load(settings(values, false)).protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        values.put("min", "TLSv9");
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("config key tls.defaults.tls_min_version: \"TLSv9\" is not a TLS version;"
                        + " use one of TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3");
    }

    @Test
    void cipherSuitesRestrictTls12AndKeepTls13Suites() {
        Map<String, Object> values = valid();
        values.put("suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        ServerTls tls = ServerTls.load(settings(values, false));
        assertThat(tls.cipherSuites()).startsWith("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384").contains("TLS_AES_128_GCM_SHA256");
        values.put("suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_NOT_A_SUITE");
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .hasMessageContaining("config key tls.defaults.tls_cipher_suites: unsupported cipher suite(s)"
                        + " [TLS_NOT_A_SUITE]");
    }

    @Test
    void httpsWithoutCertificateOrKeyIsRefused() {
        Map<String, Object> values = valid();
        values.remove("cert");
        values.remove("key");
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("ports.https is set but cert_file and key_file is not");
        Map<String, Object> noKey = valid();
        noKey.remove("key");
        assertThatThrownBy(() -> ServerTls.load(settings(noKey, false)))
                .hasMessageStartingWith("ports.https is set but key_file is not");
    }

    @Test
    void missingFileIsNamed() {
        Map<String, Object> values = valid();
        Path missing = dir.resolve("nope.pem");
        values.put("cert", missing);
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .hasMessage("config key tls.defaults.cert_file: " + missing + " does not exist");
    }

    @Test
    void fileThatIsNotPemIsNamed() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "hello, not a certificate\n");
        Map<String, Object> values = valid();
        values.put("key", garbage);
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .hasMessage("config key tls.defaults.key_file: " + garbage
                        + " is not a PEM file (no -----BEGIN ...----- block)");
        values.put("key", pki.serverCert);
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .hasMessageStartingWith("config key tls.defaults.key_file: " + pki.serverCert
                        + " holds no PEM private key");
        Map<String, Object> keyAsCa = valid();
        keyAsCa.put("ca", pki.serverKey);
        assertThatThrownBy(() -> ServerTls.load(settings(keyAsCa, false)))
                .hasMessageStartingWith("config key tls.defaults.ca_file: " + pki.serverKey
                        + " holds no PEM certificate");
    }

    @Test
    void keyThatDoesNotMatchTheCertificateIsRefused() {
        Map<String, Object> values = valid();
        values.put("key", pki.otherKey);
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .hasMessage("config key tls.defaults.key_file: " + pki.otherKey + " does not match the certificate in "
                        + pki.serverCert + " (tls.defaults.cert_file); give the key the certificate was issued for");
    }

    @Test
    void encryptedKeyIsRefusedWithTheWayOut() throws Exception {
        Path encrypted = dir.resolve("encrypted-key.pem");
        pki.openssl("pkey", "-in", pki.serverKey.toString(), "-aes256", "-passout", "pass:secret",
                "-out", encrypted.toString());
        Map<String, Object> values = valid();
        values.put("key", encrypted);
        assertThatThrownBy(() -> ServerTls.load(settings(values, false)))
                .hasMessageContaining(encrypted + " holds an encrypted private key");
    }

    @Test
    void verifyIncomingNeedsTheCa() {
        Map<String, Object> values = valid();
        values.remove("ca");
        assertThatThrownBy(() -> ServerTls.load(settings(values, true)))
                .hasMessageStartingWith("verify_incoming is set for HTTPS but neither ca_file nor ca_path is");
        values.put("ca_path", dir);
        assertThat(ServerTls.load(settings(values, true)).requireClientCert()).isTrue();
    }
}
