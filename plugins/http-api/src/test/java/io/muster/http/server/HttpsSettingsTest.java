package io.muster.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.spi.ConfigView;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpsSettingsTest {
    /** Flat dotted keys, as the kernel's tree answers them. */
    static ConfigView config(Map<String, Object> values) {
        return new ConfigView() {
            public Optional<Object> get(String path) {
                return Optional.ofNullable(values.get(path));
            }

            public Duration duration(String path, Duration fallback) {
                return fallback;
            }

            public List<String> strings(String path) {
                return get(path).map(v -> List.of(v.toString())).orElse(List.of());
            }

            public Map<String, Object> section(String path) {
                return Map.of();
            }
        };
    }

    @Test
    void legacyTopLevelKeysAreRead() {
        Map<String, Object> values = new HashMap<>();
        values.put("cert_file", "/etc/c.pem");
        values.put("key_file", "/etc/k.pem");
        values.put("ca_file", "/etc/ca.pem");
        values.put("verify_incoming_https", true);
        values.put("tls_min_version", "tls13");
        HttpsSettings s = HttpsSettings.fromConfig(config(values));
        assertThat(s.certFile()).isEqualTo(new HttpsSettings.Setting("cert_file", "/etc/c.pem"));
        assertThat(s.keyFile().value()).isEqualTo("/etc/k.pem");
        assertThat(s.caFile().key()).isEqualTo("ca_file");
        assertThat(s.verifyIncoming()).isTrue();
        assertThat(s.minVersion().value()).isEqualTo("tls13");
        assertThat(s.caPath().isSet()).isFalse();
        assertThat(s.caPath().key()).isEqualTo("tls.defaults.ca_path");
    }

    @Test
    void httpsOverDefaultsOverLegacy() {
        Map<String, Object> values = new HashMap<>();
        values.put("cert_file", "/legacy.pem");
        values.put("tls.defaults.cert_file", "/defaults.pem");
        values.put("tls.https.cert_file", "/https.pem");
        values.put("tls.defaults.key_file", "/defaults-key.pem");
        values.put("verify_incoming", true);
        values.put("tls.defaults.verify_incoming", true);
        values.put("tls.https.verify_incoming", false);
        HttpsSettings s = HttpsSettings.fromConfig(config(values));
        assertThat(s.certFile()).isEqualTo(new HttpsSettings.Setting("tls.https.cert_file", "/https.pem"));
        assertThat(s.keyFile()).isEqualTo(new HttpsSettings.Setting("tls.defaults.key_file", "/defaults-key.pem"));
        assertThat(s.verifyIncoming()).isFalse();
        values.remove("tls.https.verify_incoming");
        values.put("tls.defaults.verify_incoming", false);
        assertThat(HttpsSettings.fromConfig(config(values)).verifyIncoming()).isFalse();
        values.remove("tls.defaults.verify_incoming");
        assertThat(HttpsSettings.fromConfig(config(values)).verifyIncoming()).isTrue();
    }
}
