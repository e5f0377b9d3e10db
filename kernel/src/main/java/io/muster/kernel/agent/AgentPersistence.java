package io.muster.kernel.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Files under the data dir that let API-registered services and checks survive a restart, laid out as Consul's:
 * {@code services/<md5(id)>.json}, {@code checks/<md5(id)>.json}, {@code checks/state/<md5(id)>.json} (TTL check
 * status), plus {@code maintenance.json}. Writes go to a temp file first and are moved into place.
 */
final class AgentPersistence {
    private static final Logger LOG = LoggerFactory.getLogger(AgentPersistence.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Path services;
    private final Path checks;
    private final Path checkState;
    private final Path maintenance;

    AgentPersistence(Path dataDir) {
        this.services = dataDir.resolve("services");
        this.checks = dataDir.resolve("checks");
        this.checkState = checks.resolve("state");
        this.maintenance = dataDir.resolve("maintenance.json");
    }

    void saveService(String id, Map<String, Object> body) {
        write(services.resolve(hash(id) + ".json"), body);
    }

    void deleteService(String id) {
        delete(services.resolve(hash(id) + ".json"));
    }

    void saveCheck(String id, Map<String, Object> body) {
        write(checks.resolve(hash(id) + ".json"), body);
    }

    void deleteCheck(String id) {
        delete(checks.resolve(hash(id) + ".json"));
        delete(checkState.resolve(hash(id) + ".json"));
    }

    void saveCheckState(String id, Map<String, Object> state) {
        write(checkState.resolve(hash(id) + ".json"), state);
    }

    Map<String, Object> loadCheckState(String id) {
        Path file = checkState.resolve(hash(id) + ".json");
        return Files.exists(file) ? read(file) : Map.of();
    }

    void saveMaintenance(Map<String, Object> state) {
        write(maintenance, state);
    }

    Map<String, Object> loadMaintenance() {
        return Files.exists(maintenance) ? read(maintenance) : Map.of();
    }

    List<Map<String, Object>> loadServices() {
        return readAll(services);
    }

    List<Map<String, Object>> loadChecks() {
        return readAll(checks);
    }

    private List<Map<String, Object>> readAll(Path dir) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(read(file));
                } catch (UncheckedIOException e) {
                    LOG.warn("skipping unreadable agent state file {}: {}; delete it or re-register the entry", file,
                            e.getCause().getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list agent state directory " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, Object> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, Map<String, Object> body) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write agent state file " + file + ": " + e.getMessage()
                    + " (check that the data dir is writable and not full)", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete agent state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Consul names persisted entries by the MD5 of their id, which keeps any id a safe file name. */
    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java runtime", e);
        }
    }
}
