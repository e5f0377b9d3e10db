package io.muster.kernel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of HCL version 1 that Consul configs use: {@code key = value}, quoted and bare keys, strings with
 * escapes, heredocs ({@code <<EOF}, {@code <<-EOF}), whole and decimal numbers, booleans, lists, objects
 * ({@code key = { }} or the block form {@code key { }}), labelled blocks ({@code key "label" { }} nests as
 * {@code key.label}), optional commas and {@code #}, {@code //} and {@code /* *}{@code /} comments.
 *
 * <p>Like HCL 1, a key given twice with objects or lists collects them into one list (so repeated
 * {@code service { }} blocks become a list of services); a scalar given twice keeps the last value.
 * Numbers come back as Long or Double.
 */
final class HclParser {
    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int col = 1;

    private HclParser(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * @param source the file name (or "flags-0.hcl") used in error messages
     * @throws ConfigException naming source, line and column of a syntax error
     */
    static Map<String, Object> parse(String source, String text) throws ConfigException {
        HclParser p = new HclParser(source, text);
        try {
            Map<String, Object> out = p.objectItems(false);
            p.skipSpace();
            if (p.pos < p.text.length()) {
                throw p.error("unexpected '" + p.text.charAt(p.pos) + "'; expected a key");
            }
            return out;
        } catch (HclSyntax e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static final class HclSyntax extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HclSyntax(String message) {
            super(message, null, false, false);
        }
    }

    private HclSyntax error(String what) {
        return new HclSyntax(source + ":" + line + ":" + col + ": HCL syntax error: " + what);
    }

    private Map<String, Object> objectItems(boolean nested) {
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                if (nested) {
                    throw error("unexpected end of input; expected '}'");
                }
                return out;
            }
            char c = text.charAt(pos);
            if (c == '}') {
                if (!nested) {
                    throw error("unexpected '}' without a matching '{'");
                }
                return out;
            }
            item(out);
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                advance();
            }
        }
    }

    private void item(Map<String, Object> out) {
        List<String> keys = new ArrayList<>();
        keys.add(key());
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end of input after key \"" + keys.get(0) + "\"; expected '=' or '{'");
            }
            char c = text.charAt(pos);
            if (c == '=' || c == ':') {
                if (keys.size() > 1) {
                    throw error("labelled key \"" + String.join(" ", keys) + "\" must be followed by '{'");
                }
                advance();
                put(out, keys.get(0), value());
                return;
            }
            if (c == '{') {
                advance();
                Object body = objectItems(true);
                expect('}');
                for (int i = keys.size() - 1; i >= 1; i--) {
                    Map<String, Object> wrap = new LinkedHashMap<>();
                    wrap.put(keys.get(i), body);
                    body = wrap;
                }
                put(out, keys.get(0), body);
                return;
            }
            if (c == '"' || isKeyChar(c)) {
                keys.add(key());
                continue;
            }
            throw error("unexpected '" + c + "' after key \"" + keys.get(0) + "\"; expected '=' or '{'");
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> out, String key, Object value) {
        Object old = out.get(key);
        boolean collect = old != null && (old instanceof Map || old instanceof List)
                && (value instanceof Map || value instanceof List);
        if (!collect) {
            out.put(key, value);
            return;
        }
        List<Object> merged = new ArrayList<>();
        for (Object v : new Object[] {old, value}) {
            if (v instanceof List<?> l) {
                merged.addAll((List<Object>) l);
            } else {
                merged.add(v);
            }
        }
        out.put(key, merged);
    }

    private String key() {
        char c = text.charAt(pos);
        if (c == '"') {
            return quoted();
        }
        int start = pos;
        while (pos < text.length() && isKeyChar(text.charAt(pos))) {
            advance();
        }
        if (start == pos) {
            throw error("unexpected '" + c + "'; expected a key");
        }
        return text.substring(start, pos);
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of input; expected a value");
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return quoted();
        }
        if (c == '{') {
            advance();
            Map<String, Object> obj = objectItems(true);
            expect('}');
            return obj;
        }
        if (c == '[') {
            advance();
            return list();
        }
        if (c == '<' && text.startsWith("<<", pos)) {
            return heredoc();
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c)) {
            int start = pos;
            int startLine = line;
            int startCol = col;
            while (pos < text.length() && isKeyChar(text.charAt(pos))) {
                advance();
            }
            String word = text.substring(start, pos);
            if (word.equals("true")) {
                return Boolean.TRUE;
            }
            if (word.equals("false")) {
                return Boolean.FALSE;
            }
            line = startLine;
            col = startCol;
            throw error("unexpected word " + word + "; strings must be quoted, e.g. \"" + word + "\"");
        }
        throw error("unexpected '" + c + "'; expected a value (string, number, true/false, [list] or {object})");
    }

    private List<Object> list() {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end of input; expected ']'");
            }
            if (text.charAt(pos) == ']') {
                advance();
                return out;
            }
            out.add(value());
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                advance();
            } else if (pos < text.length() && text.charAt(pos) != ']') {
                throw error("unexpected '" + text.charAt(pos) + "' in list; expected ',' or ']'");
            }
        }
    }

    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            advance();
        }
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                || (text.charAt(pos) == '-' || text.charAt(pos) == '+')
                && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E'))) {
            advance();
        }
        String s = text.substring(start, pos);
        try {
            if (s.matches("[-+]?\\d+")) {
                return Long.parseLong(s);
            }
            if (s.matches("[-+]?0[xX][0-9a-fA-F]+")) {
                boolean neg = s.startsWith("-");
                long v = Long.parseLong(s.replaceFirst("^[-+]?0[xX]", ""), 16);
                return neg ? -v : v;
            }
            if (s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                return Double.parseDouble(s);
            }
        } catch (NumberFormatException e) {
            throw error("number " + s + " is out of range: " + e.getMessage());
        }
        throw error("malformed number " + s + "; strings must be quoted");
    }

    private String quoted() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error("unterminated string; expected a closing '\"' on the same line");
            }
            char c = text.charAt(pos);
            advance();
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape at end of input");
            }
            char e = text.charAt(pos);
            advance();
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'u' -> {
                    if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                        throw error("\\u must be followed by four hex digits");
                    }
                    sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    for (int i = 0; i < 4; i++) {
                        advance();
                    }
                }
                default -> throw error("unknown escape \\" + e + " in string");
            }
        }
    }

    private String heredoc() {
        advance();
        advance();
        boolean indented = pos < text.length() && text.charAt(pos) == '-';
        if (indented) {
            advance();
        }
        int start = pos;
        while (pos < text.length() && isKeyChar(text.charAt(pos))) {
            advance();
        }
        String marker = text.substring(start, pos);
        if (marker.isEmpty() || pos >= text.length() || text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            throw error("heredoc must be <<MARKER (or <<-MARKER) followed by a new line");
        }
        while (pos < text.length() && text.charAt(pos) != '\n') {
            advance();
        }
        advance();
        List<String> lines = new ArrayList<>();
        while (true) {
            if (pos >= text.length()) {
                throw error("heredoc " + marker + " is not closed; end it with a line holding only " + marker);
            }
            int eol = text.indexOf('\n', pos);
            String raw = text.substring(pos, eol < 0 ? text.length() : eol);
            String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (l.strip().equals(marker) && (indented || l.equals(marker))) {
                for (int i = 0; i < l.length(); i++) {
                    advance();
                }
                break;
            }
            lines.add(l);
            for (int i = 0; i <= raw.length() && pos < text.length(); i++) {
                advance();
            }
        }
        if (indented) {
            int indent = lines.stream().filter(s -> !s.isBlank())
                    .mapToInt(s -> s.length() - s.stripLeading().length()).min().orElse(0);
            lines.replaceAll(s -> s.length() >= indent ? s.substring(indent) : s.stripLeading());
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private void expect(char c) {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of input; expected '" + c + "'");
        }
        if (text.charAt(pos) != c) {
            throw error("unexpected '" + text.charAt(pos) + "'; expected '" + c + "'");
        }
        advance();
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                advance();
            } else if (c == '#' || c == '/' && text.startsWith("//", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    advance();
                }
            } else if (c == '/' && text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("comment /* is not closed with */");
                }
                while (pos < end + 2) {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    private void advance() {
        if (pos < text.length() && text.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }
}
