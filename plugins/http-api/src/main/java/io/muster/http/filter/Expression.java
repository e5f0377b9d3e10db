package io.muster.http.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** The syntax tree of a filter expression and its evaluation on a JSON tree. */
sealed interface Expression {
    boolean evaluate(JsonNode datum);

    record And(Expression left, Expression right) implements Expression {
        public boolean evaluate(JsonNode datum) {
            return left.evaluate(datum) && right.evaluate(datum);
        }
    }

    record Or(Expression left, Expression right) implements Expression {
        public boolean evaluate(JsonNode datum) {
            return left.evaluate(datum) || right.evaluate(datum);
        }
    }

    record Not(Expression operand) implements Expression {
        public boolean evaluate(JsonNode datum) {
            return !operand.evaluate(datum);
        }
    }

    enum Operator { EQUAL, NOT_EQUAL, IS_EMPTY, IS_NOT_EMPTY, IN, NOT_IN, CONTAINS, NOT_CONTAINS, MATCHES, NOT_MATCHES }

    /** One comparison: {@code selector op value}; for IN/NOT_IN the value is the needle and the selector the haystack. */
    record Match(List<String> selector, Operator operator, String value, Pattern pattern) implements Expression {
        public boolean evaluate(JsonNode datum) {
            JsonNode target = select(datum, selector);
            switch (operator) {
                case EQUAL: return equalsAny(target, value);
                case NOT_EQUAL: return !equalsAny(target, value);
                case IS_EMPTY: return isEmpty(target);
                case IS_NOT_EMPTY: return !isEmpty(target);
                case IN: case CONTAINS: return contains(target, value);
                case NOT_IN: case NOT_CONTAINS: return !contains(target, value);
                case MATCHES: return matchesAny(target, pattern);
                case NOT_MATCHES: return !matchesAny(target, pattern);
                default: throw new IllegalStateException("unknown filter operator " + operator);
            }
        }
    }

    /** Walks a selector; a field selected through an array maps over its elements (Checks.Status). */
    static JsonNode select(JsonNode node, List<String> path) {
        JsonNode current = node;
        for (String part : path) {
            if (current == null || current.isMissingNode() || current.isNull()) {
                return MissingNode.getInstance();
            }
            if (current.isArray()) {
                ArrayNode collected = JsonNodeFactory.instance.arrayNode();
                for (JsonNode element : current) {
                    JsonNode v = element.isObject() ? element.get(part) : null;
                    if (v != null) {
                        if (v.isArray()) {
                            collected.addAll((ArrayNode) v);
                        } else {
                            collected.add(v);
                        }
                    }
                }
                current = collected;
            } else if (current.isObject()) {
                JsonNode v = current.get(part);
                current = v == null ? MissingNode.getInstance() : v;
            } else {
                return MissingNode.getInstance();
            }
        }
        return current;
    }

    static boolean scalarEquals(JsonNode node, String value) {
        if (node.isTextual()) {
            return node.asText().equals(value);
        }
        if (node.isBoolean()) {
            return (value.equals("true") && node.asBoolean()) || (value.equals("false") && !node.asBoolean());
        }
        if (node.isNumber()) {
            try {
                return node.decimalValue().compareTo(new BigDecimal(value)) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (node.isNull()) {
            return value.isEmpty();
        }
        return false;
    }

    static boolean equalsAny(JsonNode node, String value) {
        if (node.isMissingNode()) {
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (scalarEquals(element, value)) {
                    return true;
                }
            }
            return false;
        }
        return scalarEquals(node, value);
    }

    static boolean isEmpty(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return true;
        }
        if (node.isTextual()) {
            return node.asText().isEmpty();
        }
        if (node.isContainerNode()) {
            return node.isEmpty();
        }
        return false;
    }

    static boolean contains(JsonNode node, String value) {
        if (node.isArray()) {
            return equalsAny(node, value);
        }
        if (node.isObject()) {
            return node.has(value);
        }
        if (node.isTextual()) {
            return node.asText().contains(value);
        }
        return false;
    }

    static boolean matchesAny(JsonNode node, Pattern pattern) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isTextual() && pattern.matcher(element.asText()).find()) {
                    return true;
                }
            }
            return false;
        }
        return node.isTextual() && pattern.matcher(node.asText()).find();
    }
}
