package io.muster.http.server;

import io.muster.spi.ConfigView;

/**
 * The TLS settings of the HTTPS listener, as Consul resolves them: {@code tls.https.*} over {@code tls.defaults.*}
 * over the legacy top-level keys ({@code ca_file}, {@code cert_file}, {@code verify_incoming},
 * {@code verify_incoming_https}, ...). Each value remembers the key it came from so errors can name it.
 *
 * @param minVersion   Consul's spelling ({@code TLSv1_2}, {@code tls12}, ...), empty for the default TLSv1_2
 * @param cipherSuites comma-separated IANA names, empty for the JDK's defaults
 */
public record HttpsSettings(Setting caFile, Setting caPath, Setting certFile, Setting keyFile,
                            boolean verifyIncoming, Setting minVersion, Setting cipherSuites) {

    /** A value and the config key it was read from (the tls.defaults key when nobody set it). */
    public record Setting(String key, String value) {
        public boolean isSet() {
            return !value.isEmpty();
        }
    }

    public static HttpsSettings fromConfig(ConfigView config) {
        return new HttpsSettings(
                string(config, "ca_file", "ca_file"),
                string(config, "ca_path", "ca_path"),
                string(config, "cert_file", "cert_file"),
                string(config, "key_file", "key_file"),
                verifyIncoming(config),
                string(config, "tls_min_version", "tls_min_version"),
                string(config, "tls_cipher_suites", "tls_cipher_suites"));
    }

    private static Setting string(ConfigView config, String name, String legacy) {
        for (String key : new String[] {"tls.https." + name, "tls.defaults." + name, legacy}) {
            String value = config.string(key, "").trim();
            if (!value.isEmpty()) {
                return new Setting(key, value);
            }
        }
        return new Setting("tls.defaults." + name, "");
    }

    private static boolean verifyIncoming(ConfigView config) {
        for (String key : new String[] {"tls.https.verify_incoming", "tls.defaults.verify_incoming"}) {
            if (config.get(key).isPresent()) {
                return config.bool(key, false);
            }
        }
        // Legacy: verify_incoming covers every listener, verify_incoming_https only this one.
        return config.bool("verify_incoming", false) || config.bool("verify_incoming_https", false);
    }
}
