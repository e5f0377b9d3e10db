package io.muster.cli.kv;

import io.muster.cli.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One entry of GET /v1/kv: the value arrives base64-encoded, null for a key without a value. */
record KvPair(String key, byte[] value, long flags, String session, long lockIndex, long createIndex,
              long modifyIndex) {

    static List<KvPair> fromJson(Object json) {
        List<KvPair> pairs = new ArrayList<>();
        for (Object raw : Json.array(json)) {
            Map<String, Object> entry = Json.object(raw);
            Object value = entry.get("Value");
            pairs.add(new KvPair(Json.string(entry.get("Key")),
                    value == null ? new byte[0] : Base64.getDecoder().decode(Json.string(value)),
                    Json.number(entry.get("Flags")), Json.string(entry.get("Session")),
                    Json.number(entry.get("LockIndex")), Json.number(entry.get("CreateIndex")),
                    Json.number(entry.get("ModifyIndex"))));
        }
        return pairs;
    }

    String text() {
        return new String(value, StandardCharsets.UTF_8);
    }

    String base64() {
        return Base64.getEncoder().encodeToString(value);
    }
}
