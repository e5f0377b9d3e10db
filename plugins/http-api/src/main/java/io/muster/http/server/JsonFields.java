package io.muster.http.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of request JSON with Go's {@code encoding/json} rules: field names match case-insensitively,
 * {@code null} means absent, and a value of the wrong type fails with Go's wording
 * ("json: cannot unmarshal string into Go struct field Service.Port of type int").
 */
public final class JsonFields {
    private final JsonNode object;
    private final String struct;

    private JsonFields(JsonNode object, String struct) {
        this.object = object;
        this.struct = struct;
    }

    /** Reads fields of {@code node}, which must be a JSON object (or null, read as empty). */
    public static JsonFields of(JsonNode node, String struct) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw HttpError.decodeFailed("json: cannot unmarshal " + goKind(node) + " into Go value of type " + struct);
        }
        return new JsonFields(node, struct);
    }

    public static String goKind(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "object";
        }
        return "null";
    }

    public boolean present() {
        return object != null && !object.isNull();
    }

    /** The raw field, matched like Go does (exact name first, then case-insensitively); null when absent. */
    public JsonNode raw(String name) {
        if (!present()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isNull() ? null : e.getValue();
            }
        }
        return null;
    }

    public boolean has(String name) {
        return raw(name) != null;
    }

    private HttpError wrongType(String name, JsonNode value, String goType) {
        return HttpError.decodeFailed("json: cannot unmarshal " + goKind(value) + " into Go struct field "
                + struct + "." + name + " of type " + goType);
    }

    public String string(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(name, v, "string");
        }
        return v.asText();
    }

    public String string(String name, String fallback) {
        String s = string(name);
        return s == null ? fallback : s;
    }

    public long integer(String name, long fallback) {
        JsonNode v = raw(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
            throw wrongType(name, v, v.isNumber() ? "int" : "int");
        }
        return v.asLong();
    }

    public long unsigned(String name, long fallback) {
        long value = integer(name, fallback);
        if (value < 0) {
            throw HttpError.decodeFailed("json: cannot unmarshal number " + value + " into Go struct field "
                    + struct + "." + name + " of type uint64");
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode v = raw(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw wrongType(name, v, "bool");
        }
        return v.asBoolean();
    }

    public List<String> strings(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(name, v, "[]string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw wrongType(name, item, "string");
            }
            out.add(item.asText());
        }
        return out;
    }

    public Map<String, String> stringMap(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw wrongType(name, v, "map[string]string");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!e.getValue().isTextual()) {
                throw wrongType(name, e.getValue(), "string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    public JsonFields object(String name, String structName) {
        JsonNode v = raw(name);
        if (v != null && !v.isObject()) {
            throw wrongType(name, v, structName);
        }
        return new JsonFields(v, structName);
    }

    public List<JsonNode> array(String name, String elementType) {
        JsonNode v = raw(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(name, v, "[]" + elementType);
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A {@code []byte} field: base64 in JSON, as Go encodes byte slices; null when absent. */
    public byte[] base64(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(name, v, "[]uint8");
        }
        try {
            return Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.decodeFailed("illegal base64 data in field " + struct + "." + name + ": " + e.getMessage());
        }
    }

    /** A duration given as a Go duration string ("15s") or a number of nanoseconds; null when absent. */
    public java.time.Duration duration(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            return java.time.Duration.ofNanos(v.asLong());
        }
        if (v.isTextual()) {
            return GoDuration.parse(v.asText()).orElseThrow(() -> HttpError.decodeFailed(
                    "time: invalid duration \"" + v.asText() + "\" in field " + struct + "." + name));
        }
        throw wrongType(name, v, "time.Duration");
    }
}
