package io.muster.kernel.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException.Parse;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Finds the config files named by -config-dir/-config-file and reads each into a plain tree. */
final class ConfigFiles {
    /** A file to load and the format to read it in. */
    record ConfigFile(Path path, String format) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ConfigFiles() {
    }

    /**
     * Expands directories (their regular files in lexical order) and keeps the order of the arguments, as Consul
     * does; a file reached twice (through a directory and -config-file, or a symlink) is read once.
     */
    static List<ConfigFile> expand(List<AgentFlags.ConfigPath> paths, String format, List<String> warnings)
            throws ConfigException {
        List<ConfigFile> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (AgentFlags.ConfigPath cp : paths) {
            String flag = cp.directory() ? "-config-dir" : "-config-file";
            Path p = Path.of(cp.path()).toAbsolutePath();
            if (!Files.exists(p)) {
                throw new ConfigException(flag + " " + cp.path() + ": no such file or directory");
            }
            List<Path> candidates = new ArrayList<>();
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(f -> !Files.isDirectory(f)).sorted((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString())).forEach(candidates::add);
                } catch (IOException e) {
                    throw new ConfigException(flag + " " + cp.path() + ": cannot list the directory: " + e.getMessage(), e);
                }
            } else {
                candidates.add(p);
            }
            for (Path f : candidates) {
                String fileFormat = format != null ? format : formatOf(f);
                if (fileFormat == null) {
                    warnings.add("skipping file " + f + ": extension must be .json, .hcl or .conf, or the config"
                            + " format must be set with -config-format");
                    continue;
                }
                Path real;
                try {
                    real = f.toRealPath();
                } catch (IOException e) {
                    throw new ConfigException(f + ": cannot read the config file: " + e.getMessage(), e);
                }
                if (seen.add(real)) {
                    out.add(new ConfigFile(f, fileFormat));
                }
            }
        }
        return out;
    }

    static String formatOf(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
            return "json";
        }
        if (name.endsWith(".hcl")) {
            return "hcl";
        }
        if (name.endsWith(".conf")) {
            return "hocon";
        }
        return null;
    }

    static Map<String, Object> read(ConfigFile file) throws ConfigException {
        String name = file.path().toString();
        try {
            if (file.format().equals("hocon")) {
                // An absolute File: with a relative one typesafe-config silently ignores include statements.
                File abs = file.path().toAbsolutePath().toFile();
                Map<String, Object> tree = ConfigFactory.parseFile(abs,
                        ConfigParseOptions.defaults().setAllowMissing(false)).resolve().root().unwrapped();
                return normalize(name, tree);
            }
            String text = Files.readString(file.path(), StandardCharsets.UTF_8);
            return parse(name, file.format(), text);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read the config file: " + e.getMessage(), e);
        } catch (Parse e) {
            throw new ConfigException(name + ": HOCON syntax error: " + e.getMessage(), e);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(name + ": invalid HOCON: " + e.getMessage(), e);
        }
    }

    /** Parses JSON or HCL text; {@code source} names it in errors. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String source, String format, String text) throws ConfigException {
        if (format.equals("hcl")) {
            return HclParser.parse(source, text);
        }
        if (format.equals("hocon")) {
            try {
                return normalize(source, ConfigFactory.parseString(text).resolve().root().unwrapped());
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException(source + ": invalid HOCON: " + e.getMessage(), e);
            }
        }
        Object tree;
        try {
            tree = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(source + ": invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof Map<?, ?>)) {
            throw new ConfigException(source + ": a JSON config file must hold one object ({...}), got "
                    + Values.describe(tree));
        }
        return normalize(source, (Map<String, Object>) tree);
    }

    /** Numbers as Long or Double only, maps as mutable LinkedHashMaps, whatever the parser produced. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(String source, Map<String, Object> map) throws ConfigException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            out.put(e.getKey(), normalizeValue(source, e.getKey(), e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object normalizeValue(String source, String key, Object v) throws ConfigException {
        if (v instanceof Map<?, ?> m) {
            return normalize(source, (Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalizeValue(source, key, o));
            }
            return out;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof BigInteger b) {
            if (b.bitLength() > 63) {
                throw new ConfigException(source + ": invalid value for key \"" + key + "\": the number " + b
                        + " is too large");
            }
            return b.longValue();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }
}
