package dev.clusterutils.value;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the text of one Python expression into tokens. Shared by {@link PythonLiteralParser}
 * (command-line override values) and the settings loader's expression evaluator, so that both
 * read numbers and strings exactly as Python's own tokenizer does: {@code 1_000}, {@code .5},
 * {@code 0x1F}, {@code 'a\tb'}, {@code r'\d'}, adjacent string literals.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message names the 1-based column.
 */
public final class PythonTokenizer {

    /** What a token is; keywords such as {@code True} or {@code and} are {@link #NAME}s. */
    public enum Kind { NAME, NUMBER, STRING, OP, END }

    /**
     * One token. {@code value} is the decoded string for STRING, a Long, BigInteger or Double
     * for NUMBER, and null otherwise. {@code pos} is the 0-based offset in the source.
     */
    public record Token(Kind kind, String text, Object value, int pos) {
        public boolean is(String op) {
            return (kind == Kind.OP || kind == Kind.NAME) && text.equals(op);
        }

        public int column() {
            return pos + 1;
        }
    }

    // Longest first: the tokenizer takes the first operator that matches at a position.
    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...",
        "**", "//", "==", "!=", "<=", ">=", "<<", ">>", ":=", "->",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=", "!",
    };

    private final String src;
    private int i;

    private PythonTokenizer(String src) {
        this.src = src;
    }

    /** All tokens of {@code source}, ending with one {@link Kind#END} token. */
    public static List<Token> tokenize(String source) {
        return new PythonTokenizer(source).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (i >= src.length()) {
                out.add(new Token(Kind.END, "", null, i));
                return out;
            }
            char c = src.charAt(i);
            if (c == '\'' || c == '"') {
                out.add(string(i, "", i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1)))) {
                out.add(number());
            } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
                int start = i;
                while (i < src.length() && (Character.isUnicodeIdentifierPart(src.charAt(i)))) {
                    i++;
                }
                String name = src.substring(start, i);
                if (i < src.length() && (src.charAt(i) == '\'' || src.charAt(i) == '"') && isStringPrefix(name)) {
                    out.add(string(i, name.toLowerCase(Locale.ROOT), start));
                } else {
                    out.add(new Token(Kind.NAME, name, null, start));
                }
            } else {
                out.add(operator());
            }
        }
    }

    private void skipBlanks() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                i++;
            } else if (c == '\\' && i + 1 < src.length() && (src.charAt(i + 1) == '\n' || src.charAt(i + 1) == '\r')) {
                i += 2;
            } else if (c == '#') {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean isStringPrefix(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "r", "u", "b", "br", "rb", "f", "fr", "rf" -> true;
            default -> false;
        };
    }

    private Token operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, i)) {
                Token t = new Token(Kind.OP, op, null, i);
                i += op.length();
                return t;
            }
        }
        throw error(i, "invalid character '" + src.charAt(i) + "'");
    }

    private Token number() {
        int start = i;
        if (src.charAt(i) == '0' && i + 1 < src.length() && "xXoObB".indexOf(src.charAt(i + 1)) >= 0) {
            char kind = Character.toLowerCase(src.charAt(i + 1));
            int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            i += 2;
            int digitsStart = i;
            while (i < src.length() && (Character.digit(src.charAt(i), radix) >= 0 || src.charAt(i) == '_')) {
                i++;
            }
            String digits = src.substring(digitsStart, i);
            checkUnderscores(digits, start);
            if (digits.isEmpty() || (i < src.length() && Character.isLetterOrDigit(src.charAt(i)))) {
                throw error(start, "invalid number literal '" + src.substring(start, Math.min(src.length(), i + 1)) + "'");
            }
            return new Token(Kind.NUMBER, src.substring(start, i), normalise(new BigInteger(digits.replace("_", ""), radix)), start);
        }
        boolean isFloat = false;
        digits();
        if (i < src.length() && src.charAt(i) == '.') {
            isFloat = true;
            i++;
            digits();
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int save = i;
            i++;
            if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
                i++;
            }
            if (i < src.length() && Character.isDigit(src.charAt(i))) {
                digits();
                isFloat = true;
            } else {
                i = save;
            }
        }
        String text = src.substring(start, i);
        if (i < src.length() && (src.charAt(i) == 'j' || src.charAt(i) == 'J')) {
            throw error(start, "complex numbers are not supported: '" + text + "j'");
        }
        if (i < src.length() && (Character.isUnicodeIdentifierPart(src.charAt(i)))) {
            throw error(start, "invalid number literal '" + text + src.charAt(i) + "'");
        }
        checkUnderscores(text, start);
        String clean = text.replace("_", "");
        if (isFloat) {
            return new Token(Kind.NUMBER, text, Double.parseDouble(clean), start);
        }
        if (clean.length() > 1 && clean.charAt(0) == '0' && !clean.chars().allMatch(ch -> ch == '0')) {
            throw error(start, "leading zeros in decimal integer literals are not permitted: '" + text + "'");
        }
        return new Token(Kind.NUMBER, text, normalise(new BigInteger(clean)), start);
    }

    private void digits() {
        while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
    }

    private void checkUnderscores(String text, int start) {
        // Python allows one underscore between digits only.
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == '_') {
                boolean ok = k > 0 && k + 1 < text.length()
                        && Character.isLetterOrDigit(text.charAt(k - 1)) && Character.isLetterOrDigit(text.charAt(k + 1));
                if (!ok) {
                    throw error(start, "invalid number literal '" + text + "'");
                }
            }
        }
    }

    /** An int as Python keeps it: Long when it fits, BigInteger otherwise. */
    public static Number normalise(BigInteger v) {
        return v.bitLength() < 64 ? (Number) v.longValue() : v;
    }

    private Token string(int quotePos, String prefix, int tokenStart) {
        if (prefix.contains("b")) {
            throw error(tokenStart, "bytes literals are not supported");
        }
        if (prefix.contains("f")) {
            throw error(tokenStart, "f-strings are not supported here");
        }
        boolean raw = prefix.contains("r");
        char q = src.charAt(quotePos);
        boolean triple = src.startsWith(String.valueOf(q).repeat(3), quotePos);
        i = quotePos + (triple ? 3 : 1);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= src.length()) {
                throw error(tokenStart, "unterminated string literal");
            }
            char c = src.charAt(i);
            if (c == q && (!triple || src.startsWith(String.valueOf(q).repeat(3), i))) {
                i += triple ? 3 : 1;
                break;
            }
            if ((c == '\n' || c == '\r') && !triple) {
                throw error(tokenStart, "unterminated string literal");
            }
            if (c == '\\') {
                if (i + 1 >= src.length()) {
                    throw error(tokenStart, "unterminated string literal");
                }
                if (raw) {
                    // A raw string keeps the backslash, but it still protects the next quote.
                    sb.append(c).append(src.charAt(i + 1));
                    i += 2;
                } else {
                    escape(sb, tokenStart);
                }
                continue;
            }
            sb.append(c);
            i++;
        }
        return new Token(Kind.STRING, src.substring(tokenStart, i), sb.toString(), tokenStart);
    }

    private void escape(StringBuilder sb, int tokenStart) {
        char e = src.charAt(i + 1);
        i += 2;
        switch (e) {
            case '\n' -> { }
            case '\r' -> {
                if (i < src.length() && src.charAt(i) == '\n') {
                    i++;
                }
            }
            case '\\' -> sb.append('\\');
            case '\'' -> sb.append('\'');
            case '"' -> sb.append('"');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'v' -> sb.append('\u000b');
            case 'x' -> sb.appendCodePoint(hex(2, tokenStart));
            case 'u' -> sb.appendCodePoint(hex(4, tokenStart));
            case 'U' -> sb.appendCodePoint(hex(8, tokenStart));
            case 'N' -> throw error(tokenStart, "\\N{...} escapes are not supported");
            default -> {
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < src.length() && src.charAt(i) >= '0' && src.charAt(i) <= '7'; k++) {
                        v = v * 8 + (src.charAt(i++) - '0');
                    }
                    sb.append((char) v);
                } else {
                    // Python keeps unknown escapes as they are.
                    sb.append('\\').append(e);
                }
            }
        }
    }

    private int hex(int n, int tokenStart) {
        if (i + n > src.length()) {
            throw error(tokenStart, "truncated \\x/\\u escape");
        }
        String h = src.substring(i, i + n);
        try {
            int cp = Integer.parseUnsignedInt(h, 16);
            if (!Character.isValidCodePoint(cp)) {
                throw error(tokenStart, "illegal Unicode character in escape");
            }
            i += n;
            return cp;
        } catch (NumberFormatException ex) {
            throw error(tokenStart, "truncated \\x/\\u escape");
        }
    }

    private static IllegalArgumentException error(int pos, String message) {
        return new IllegalArgumentException(message + " at column " + (pos + 1));
    }
}
