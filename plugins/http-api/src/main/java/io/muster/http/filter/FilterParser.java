package io.muster.http.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser for go-bexpr's grammar:
 * <pre>
 * expr   := and ("or" and)*
 * and    := not ("and" not)*
 * not    := "not" not | match
 * match  := "(" expr ")" | selector ("==" | "!=") value | selector "is" ["not"] "empty"
 *         | value ["not"] "in" selector | selector ["not"] ("contains" | "matches") value
 * selector := ident ("." ident | "[" string "]")*
 * value  := string | number | ident ("." ident)*
 * </pre>
 * Errors read like go-bexpr's: {@code 1:8 (7): no match found, expected: "==", ...}.
 */
final class FilterParser {
    private enum Kind { LPAREN, RPAREN, LBRACKET, RBRACKET, DOT, EQ, NEQ, IDENT, STRING, NUMBER, EOF }

    private record Token(Kind kind, String text, int offset) {
        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equals(word);
        }
    }

    private final String source;
    private final List<Token> tokens;
    private int position;

    FilterParser(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    Expression parse() {
        Expression e = parseOr();
        if (peek().kind != Kind.EOF) {
            throw error(peek(), "\"and\", \"or\" or end of input");
        }
        return e;
    }

    private Expression parseOr() {
        Expression left = parseAnd();
        while (peek().isWord("or")) {
            next();
            left = new Expression.Or(left, parseAnd());
        }
        return left;
    }

    private Expression parseAnd() {
        Expression left = parseNot();
        while (peek().isWord("and")) {
            next();
            left = new Expression.And(left, parseNot());
        }
        return left;
    }

    private Expression parseNot() {
        if (peek().isWord("not")) {
            next();
            return new Expression.Not(parseNot());
        }
        return parseMatch();
    }

    private Expression parseMatch() {
        Token t = peek();
        if (t.kind == Kind.LPAREN) {
            next();
            Expression inner = parseOr();
            if (peek().kind != Kind.RPAREN) {
                throw error(peek(), "\")\", \"and\" or \"or\"");
            }
            next();
            return inner;
        }
        if (t.kind == Kind.STRING || t.kind == Kind.NUMBER) {
            next();
            return parseMembership(t.text);
        }
        if (t.kind != Kind.IDENT || isKeyword(t.text)) {
            throw error(t, "\"(\", \"not\", a selector or a value");
        }
        List<String> selector = parseSelector();
        Token op = peek();
        if (op.kind == Kind.EQ || op.kind == Kind.NEQ) {
            next();
            String value = parseValue();
            return new Expression.Match(selector, op.kind == Kind.EQ ? Expression.Operator.EQUAL
                    : Expression.Operator.NOT_EQUAL, value, null);
        }
        if (op.isWord("is")) {
            next();
            boolean negated = false;
            if (peek().isWord("not")) {
                next();
                negated = true;
            }
            if (!peek().isWord("empty")) {
                throw error(peek(), negated ? "\"empty\"" : "\"empty\" or \"not\"");
            }
            next();
            return new Expression.Match(selector, negated ? Expression.Operator.IS_NOT_EMPTY
                    : Expression.Operator.IS_EMPTY, null, null);
        }
        if (op.isWord("in") || (op.isWord("not") && peekAt(1).isWord("in"))) {
            // An unquoted value before "in" lexes as a selector: "primary in Service.Tags".
            return parseMembership(String.join(".", selector));
        }
        boolean negated = false;
        if (op.isWord("not")) {
            next();
            negated = true;
        }
        Token verb = peek();
        if (verb.isWord("contains")) {
            next();
            return new Expression.Match(selector, negated ? Expression.Operator.NOT_CONTAINS
                    : Expression.Operator.CONTAINS, parseValue(), null);
        }
        if (verb.isWord("matches")) {
            next();
            Token valueToken = peek();
            String value = parseValue();
            Pattern pattern;
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw error(valueToken, null, "invalid regular expression " + quote(value) + ": "
                        + e.getDescription());
            }
            return new Expression.Match(selector, negated ? Expression.Operator.NOT_MATCHES
                    : Expression.Operator.MATCHES, value, pattern);
        }
        throw error(verb, negated ? "\"contains\", \"in\" or \"matches\""
                : "\"!=\", \".\", \"==\", \"[\", \"contains\", \"in\", \"is\", \"matches\" or \"not\"");
    }

    private Expression parseMembership(String value) {
        boolean negated = false;
        if (peek().isWord("not")) {
            next();
            negated = true;
        }
        if (!peek().isWord("in")) {
            throw error(peek(), negated ? "\"in\"" : "\"in\" or \"not\"");
        }
        next();
        if (peek().kind != Kind.IDENT || isKeyword(peek().text)) {
            throw error(peek(), "a selector");
        }
        return new Expression.Match(parseSelector(), negated ? Expression.Operator.NOT_IN : Expression.Operator.IN,
                value, null);
    }

    private List<String> parseSelector() {
        List<String> parts = new ArrayList<>();
        parts.add(next().text);
        while (true) {
            Token t = peek();
            if (t.kind == Kind.DOT) {
                next();
                if (peek().kind != Kind.IDENT) {
                    throw error(peek(), "an identifier");
                }
                parts.add(next().text);
            } else if (t.kind == Kind.LBRACKET) {
                next();
                if (peek().kind != Kind.STRING) {
                    throw error(peek(), "a quoted string");
                }
                parts.add(next().text);
                if (peek().kind != Kind.RBRACKET) {
                    throw error(peek(), "\"]\"");
                }
                next();
            } else {
                return parts;
            }
        }
    }

    private String parseValue() {
        Token t = peek();
        if (t.kind == Kind.STRING || t.kind == Kind.NUMBER) {
            next();
            return t.text;
        }
        if (t.kind == Kind.IDENT && !isKeyword(t.text)) {
            return String.join(".", parseSelector());
        }
        throw error(t, "a value (a quoted string, a number or a word)");
    }

    private static boolean isKeyword(String word) {
        switch (word) {
            case "and": case "or": case "not": case "in": case "contains": case "is": case "empty": case "matches":
                return true;
            default:
                return false;
        }
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(position);
        if (t.kind != Kind.EOF) {
            position++;
        }
        return t;
    }

    private FilterSyntaxException error(Token at, String expected) {
        return error(at, expected, null);
    }

    private FilterSyntaxException error(Token at, String expected, String detail) {
        return errorAt(source, at.offset, detail != null ? detail : "no match found, expected: " + expected);
    }

    private static FilterSyntaxException errorAt(String source, int offset, String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new FilterSyntaxException(line + ":" + column + " (" + offset + "): " + message);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            switch (c) {
                case '(': out.add(new Token(Kind.LPAREN, "(", i++)); continue;
                case ')': out.add(new Token(Kind.RPAREN, ")", i++)); continue;
                case '[': out.add(new Token(Kind.LBRACKET, "[", i++)); continue;
                case ']': out.add(new Token(Kind.RBRACKET, "]", i++)); continue;
                case '.': out.add(new Token(Kind.DOT, ".", i++)); continue;
                default: break;
            }
            if (c == '=' || c == '!') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    out.add(new Token(c == '=' ? Kind.EQ : Kind.NEQ, c + "=", i));
                    i += 2;
                    continue;
                }
                throw errorAt(s, i, "no match found, expected: \"!=\" or \"==\"");
            }
            if (c == '"' || c == '`') {
                StringBuilder text = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == c) {
                        closed = true;
                        i++;
                        break;
                    }
                    if (c == '"' && d == '\\' && i + 1 < s.length()) {
                        char e = s.charAt(i + 1);
                        text.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                        i += 2;
                        continue;
                    }
                    text.append(d);
                    i++;
                }
                if (!closed) {
                    throw errorAt(s, start, "no match found, expected: a closing " + c);
                }
                out.add(new Token(Kind.STRING, text.toString(), start));
                continue;
            }
            if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '/' || s.charAt(i) == '-')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
                continue;
            }
            throw errorAt(s, i, "no match found, expected: \"(\", \"not\", a selector or a value");
        }
        out.add(new Token(Kind.EOF, "", s.length()));
        return out;
    }
}
