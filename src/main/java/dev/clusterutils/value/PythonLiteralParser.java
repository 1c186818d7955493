package dev.clusterutils.value;

import dev.clusterutils.value.PythonTokenizer.Kind;
import dev.clusterutils.value.PythonTokenizer.Token;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Python's {@code ast.literal_eval} that command-line overrides and job messages
 * use: strings, ints (Long, or BigInteger when larger), floats (Double), {@code True},
 * {@code False}, {@code None}, lists (java List), tuples ({@link PyTuple}) and dicts
 * (LinkedHashMap, insertion order kept), nested, with a sign on numbers.
 *
 * <p>Anything else (names, calls, arithmetic) is an {@link IllegalArgumentException} whose
 * message names the column, as {@code literal_eval} rejects it too.
 */
public final class PythonLiteralParser {
    /**
     * Brackets inside each other. CPython's parser stops at 200 ("too many nested parentheses");
     * this one at 100, well below what the JVM's default stack holds.
     */
    public static final int MAX_DEPTH = 100;

    private final List<Token> tokens;
    private int p;
    private int depth;

    private PythonLiteralParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Object parse(String text) {
        PythonLiteralParser parser = new PythonLiteralParser(PythonTokenizer.tokenize(text));
        if (parser.peek().kind() == Kind.END) {
            throw new IllegalArgumentException("empty expression");
        }
        // literal_eval runs in "eval" mode, where "1, 2" is a tuple.
        Object first = parser.value();
        Object result = first;
        if (parser.peek().is(",")) {
            List<Object> items = new ArrayList<>();
            items.add(first);
            while (parser.peek().is(",")) {
                parser.p++;
                if (parser.peek().kind() == Kind.END) {
                    break;
                }
                items.add(parser.value());
            }
            result = new PyTuple(items);
        }
        Token end = parser.peek();
        if (end.kind() != Kind.END) {
            throw unexpected(end);
        }
        return result;
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token next() {
        return tokens.get(p++);
    }

    private Object value() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return t.value();
            case STRING: {
                // Adjacent literals concatenate, as in Python source.
                StringBuilder sb = new StringBuilder((String) t.value());
                while (peek().kind() == Kind.STRING) {
                    sb.append((String) next().value());
                }
                return sb.toString();
            }
            case NAME:
                return switch (t.text()) {
                    case "True" -> Boolean.TRUE;
                    case "False" -> Boolean.FALSE;
                    case "None" -> null;
                    default -> throw new IllegalArgumentException(
                            "malformed literal: name '" + t.text() + "' at column " + t.column()
                                    + " (strings need quotes)");
                };
            case OP:
                return operator(t);
            default:
                throw new IllegalArgumentException("unexpected end of input at column " + t.column());
        }
    }

    private Object operator(Token t) {
        boolean opens = t.is("[") || t.is("(") || t.is("{");
        if (opens && ++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels at column " + t.column());
        }
        try {
            return operatorBody(t);
        } finally {
            if (opens) {
                depth--;
            }
        }
    }

    private Object operatorBody(Token t) {
        switch (t.text()) {
            case "-":
            case "+": {
                Token n = next();
                if (n.kind() != Kind.NUMBER) {
                    throw new IllegalArgumentException("malformed literal: sign must be followed by a number at column " + n.column());
                }
                return t.text().equals("-") ? negate((Number) n.value()) : n.value();
            }
            case "[": {
                List<Object> items = new ArrayList<>();
                sequence("]", items);
                return items;
            }
            case "(": {
                if (peek().is(")")) {
                    p++;
                    return new PyTuple(List.of());
                }
                Object first = value();
                if (peek().is(")")) {
                    p++;
                    return first;
                }
                expect(",");
                List<Object> items = new ArrayList<>();
                items.add(first);
                sequence(")", items);
                return new PyTuple(items);
            }
            case "{": {
                Map<Object, Object> map = new LinkedHashMap<>();
                while (!peek().is("}")) {
                    Token keyToken = peek();
                    Object key = value();
                    if (key instanceof List || key instanceof Map) {
                        throw new IllegalArgumentException("unhashable dict key at column " + keyToken.column());
                    }
                    expect(":");
                    map.put(key, value());
                    if (!peek().is("}")) {
                        expect(",");
                    }
                }
                p++;
                return map;
            }
            default:
                throw unexpected(t);
        }
    }

    /** Reads items up to {@code close}; a trailing comma is fine. */
    private void sequence(String close, List<Object> items) {
        while (!peek().is(close)) {
            items.add(value());
            if (!peek().is(close)) {
                expect(",");
            }
        }
        p++;
    }

    private void expect(String op) {
        Token t = next();
        if (!t.is(op)) {
            throw new IllegalArgumentException("expected '" + op + "' but found "
                    + (t.kind() == Kind.END ? "end of input" : "'" + t.text() + "'") + " at column " + t.column());
        }
    }

    private static IllegalArgumentException unexpected(Token t) {
        if (t.kind() == Kind.END) {
            return new IllegalArgumentException("unexpected end of input at column " + t.column());
        }
        return new IllegalArgumentException("malformed literal: unexpected '" + t.text() + "' at column " + t.column());
    }

    private static Number negate(Number n) {
        if (n instanceof Double d) {
            return -d;
        }
        if (n instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : (Number) (-l);
        }
        return PythonTokenizer.normalise(((BigInteger) n).negate());
    }
}
