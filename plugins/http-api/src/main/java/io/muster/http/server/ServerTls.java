package io.muster.http.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the HTTPS listener needs, loaded and checked once at start: an {@link SSLContext} with the agent's
 * certificate chain and key (and the CA as trust anchors for client certificates), the protocol versions from
 * {@code tls_min_version} (TLSv1_2 by default, as Consul) and the cipher suites from {@code tls_cipher_suites}.
 *
 * @param protocols          enabled protocol names ("TLSv1.2", "TLSv1.3")
 * @param cipherSuites       enabled suites, empty for the JDK's defaults
 * @param requireClientCert  verify_incoming: a client must present a certificate signed by the CA
 */
public record ServerTls(SSLContext context, List<String> protocols, List<String> cipherSuites,
                        boolean requireClientCert) {
    /** Consul's names (and the older tlsNN spellings it still reads) to the JDK's, lowest first. */
    private static final Map<String, String> VERSIONS = new LinkedHashMap<>();

    static {
        VERSIONS.put("TLSv1_0", "TLSv1");
        VERSIONS.put("TLSv1_1", "TLSv1.1");
        VERSIONS.put("TLSv1_2", "TLSv1.2");
        VERSIONS.put("TLSv1_3", "TLSv1.3");
    }

    public ServerTls {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** Loads and checks every file; a {@link TlsConfigException} names the key, the file and the problem. */
    public static ServerTls load(HttpsSettings settings) {
        if (!settings.certFile().isSet() || !settings.keyFile().isSet()) {
            throw new TlsConfigException("ports.https is set but " + (settings.certFile().isSet() ? "" : "cert_file")
                    + (settings.certFile().isSet() || settings.keyFile().isSet() ? "" : " and ")
                    + (settings.keyFile().isSet() ? "" : "key_file")
                    + " is not: the HTTPS listener needs the agent's certificate and private key. Set"
                    + " tls.defaults.cert_file and tls.defaults.key_file (or tls.https.*), or set ports.https to -1");
        }
        Path certPath = Path.of(settings.certFile().value());
        Path keyPath = Path.of(settings.keyFile().value());
        List<X509Certificate> chain = PemFiles.certificates(settings.certFile().key(), certPath);
        PrivateKey key = PemFiles.privateKey(settings.keyFile().key(), keyPath);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new TlsConfigException("config key " + settings.keyFile().key() + ": " + keyPath
                    + " does not match the certificate in " + certPath + " (" + settings.certFile().key()
                    + "); give the key the certificate was issued for");
        }
        List<X509Certificate> cas = caCertificates(settings);
        if (settings.verifyIncoming() && cas.isEmpty()) {
            throw new TlsConfigException("verify_incoming is set for HTTPS but neither ca_file nor ca_path is:"
                    + " client certificates cannot be checked without the CA. Set tls.defaults.ca_file (or ca_path),"
                    + " or turn verify_incoming off");
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("agent", key, new char[0], chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            TrustManagerFactory tmf = null;
            if (!cas.isEmpty()) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            List<String> protocols = protocols(settings.minVersion(), context.getSupportedSSLParameters());
            List<String> suites = cipherSuites(settings.cipherSuites(), protocols, context.getSupportedSSLParameters());
            return new ServerTls(context, protocols, suites, settings.verifyIncoming());
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException("cannot build the HTTPS TLS context from " + certPath + " and " + keyPath
                    + ": " + e.getMessage());
        }
    }

    /** A signature made with the key verifies with the certificate's public key: they are one pair. */
    static boolean matches(PrivateKey key, PublicKey certificateKey) {
        if (!key.getAlgorithm().equals(certificateKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "muster key/certificate match".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key the certificate's algorithm cannot use (another curve, say) is not its pair.
            return false;
        }
    }

    private static List<X509Certificate> caCertificates(HttpsSettings settings) {
        List<X509Certificate> out = new ArrayList<>();
        if (settings.caFile().isSet()) {
            out.addAll(PemFiles.certificates(settings.caFile().key(), Path.of(settings.caFile().value())));
        }
        if (settings.caPath().isSet()) {
            Path dir = Path.of(settings.caPath().value());
            if (!Files.isDirectory(dir)) {
                throw new TlsConfigException(settings.caPath().key(), dir, "is not a directory");
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                entries.forEach(files::add);
            } catch (IOException e) {
                throw new TlsConfigException(settings.caPath().key(), dir, "cannot be listed: " + e);
            }
            files.sort(null);
            for (Path file : files) {
                // Every certificate of the directory's files counts; keys and other files beside them are skipped.
                if (Files.isRegularFile(file) && PemFiles.holdsCertificate(file)) {
                    out.addAll(PemFiles.certificates(settings.caPath().key(), file));
                }
            }
            if (out.isEmpty()) {
                throw new TlsConfigException(settings.caPath().key(), dir, "holds no file with a PEM certificate");
            }
        }
        return out;
    }

    static List<String> protocols(HttpsSettings.Setting minVersion, SSLParameters supported) {
        String min = minVersion.isSet() ? canonicalVersion(minVersion) : "TLSv1_2";
        Set<String> available = new LinkedHashSet<>(Arrays.asList(supported.getProtocols()));
        List<String> out = new ArrayList<>();
        boolean reached = false;
        for (Map.Entry<String, String> e : VERSIONS.entrySet()) {
            reached |= e.getKey().equals(min);
            if (reached && available.contains(e.getValue())) {
                out.add(e.getValue());
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException("config key " + minVersion.key() + ": this JVM supports none of the TLS"
                    + " versions from " + min + " up (it has " + available + ")");
        }
        return out;
    }

    private static String canonicalVersion(HttpsSettings.Setting minVersion) {
        String v = minVersion.value();
        for (String name : VERSIONS.keySet()) {
            // tls12 is the spelling Consul used before 1.12 and still accepts.
            String legacy = "tls1" + name.charAt(name.length() - 1);
            if (name.equalsIgnoreCase(v) || legacy.equalsIgnoreCase(v)) {
                return name;
            }
        }
        throw new TlsConfigException("config key " + minVersion.key() + ": \"" + v + "\" is not a TLS version;"
                + " use one of " + String.join(", ", VERSIONS.keySet()));
    }

    static List<String> cipherSuites(HttpsSettings.Setting setting, List<String> protocols, SSLParameters supported) {
        if (!setting.isSet()) {
            return List.of();
        }
        Set<String> available = new LinkedHashSet<>(Arrays.asList(supported.getCipherSuites()));
        List<String> out = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String part : setting.value().split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (available.contains(name)) {
                out.add(name);
            } else {
                unknown.add(part.trim());
            }
        }
        if (!unknown.isEmpty()) {
            throw new TlsConfigException("config key " + setting.key() + ": unsupported cipher suite(s) " + unknown
                    + "; use IANA names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        }
        if (protocols.contains("TLSv1.3")) {
            // As in Consul, tls_cipher_suites only restricts TLS 1.2 and below: TLS 1.3 keeps its own suites.
            for (String suite : available) {
                if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
                    out.add(suite);
                }
            }
        }
        return out;
    }
}
