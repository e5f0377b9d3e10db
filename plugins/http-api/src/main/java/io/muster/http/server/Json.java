package io.muster.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The plugin's one ObjectMapper for Consul's JSON. Shapes are built explicitly as trees (see
 * {@code io.muster.http.json}); the mapper only parses and prints. {@code ?pretty} uses Go's
 * {@code MarshalIndent(v, "", "    ")} layout.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    public static byte[] write(JsonNode node, boolean pretty) {
        try {
            if (pretty) {
                byte[] body = PRETTY.writeValueAsBytes(node);
                byte[] withNewline = java.util.Arrays.copyOf(body, body.length + 1);
                withNewline[body.length] = '\n';
                return withNewline;
            }
            return COMPACT.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("serialising a JSON tree failed", e);
        }
    }

    /** Parses a request body; malformed or empty JSON is Consul's 400 "Request decode failed: ...". */
    public static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw HttpError.decodeFailed("EOF");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw HttpError.decodeFailed("EOF");
            }
            return node;
        } catch (IOException e) {
            throw HttpError.decodeFailed(conciseMessage(e));
        }
    }

    /** A JSON object body as a plain map, for decoders that take one ({@code AgentApi.decodeService}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObjectAsMap(byte[] body, String what) {
        JsonNode node = read(body);
        if (!node.isObject()) {
            throw HttpError.decodeFailed("json: cannot unmarshal " + JsonFields.goKind(node) + " into Go value of type " + what);
        }
        return MAPPER.convertValue(node, Map.class);
    }

    private static String conciseMessage(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int location = message.indexOf("\n at [");
        return "invalid JSON: " + (location > 0 ? message.substring(0, location) : message).replace('\n', ' ');
    }
}
