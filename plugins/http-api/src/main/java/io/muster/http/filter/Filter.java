package io.muster.http.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * A compiled {@code ?filter} expression in go-bexpr's grammar, evaluated on the JSON tree of each result element
 * (so selectors are the field names a client sees: {@code Service.Meta.env}, {@code ServiceTags}, {@code Checks.Status}).
 */
public final class Filter {
    private final Expression root;

    private Filter(Expression root) {
        this.root = root;
    }

    /** Compiles {@code expression}; throws {@link FilterSyntaxException} naming the position of the error. */
    public static Filter compile(String expression) {
        return new Filter(new FilterParser(expression).parse());
    }

    public boolean matches(JsonNode element) {
        return root.evaluate(element);
    }

    /**
     * Filters a result: the elements of an array, or the values of an object keyed by id ({@code /v1/agent/services});
     * anything else is returned unchanged.
     */
    public JsonNode apply(JsonNode result) {
        if (result.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : result) {
                if (matches(element)) {
                    out.add(element);
                }
            }
            return out;
        }
        if (result.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = result.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (matches(e.getValue())) {
                    out.set(e.getKey(), e.getValue());
                }
            }
            return out;
        }
        return result;
    }
}
