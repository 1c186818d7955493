package dev.clusterutils.settings;

import dev.clusterutils.value.PythonTokenizer;
import dev.clusterutils.value.PythonTokenizer.Kind;
import dev.clusterutils.value.PythonTokenizer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for Python expressions, following the precedence levels of
 * Python's grammar (conditional, or, and, not, comparisons, bitwise, shifts, arithmetic,
 * unary, power, trailers). Lambdas, comprehensions, starred items and walrus are not part of
 * the subset and are syntax errors, which makes the settings loader keep the string as written.
 */
final class PyExprParser {
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "not", "if", "else", "in", "is", "lambda", "for", "None", "True", "False",
            "await", "yield", "def", "class", "return", "import", "from", "as", "with", "while",
            "pass", "break", "continue", "del", "global", "nonlocal", "assert", "raise", "try",
            "except", "finally", "elif", "async");
    private static final Set<String> COMPARE_OPS = Set.of("<", ">", "<=", ">=", "==", "!=");

    private final List<Token> tokens;
    private final Set<String> names;
    private int p;

    private PyExprParser(List<Token> tokens, Set<String> names) {
        this.tokens = tokens;
        this.names = names;
    }

    /**
     * Parses a whole expression (a bare {@code a, b} is a tuple).
     *
     * @param names receives every variable name the expression reads (may be null)
     */
    static PyExpr parse(String source, Set<String> names) {
        List<Token> tokens;
        try {
            tokens = PythonTokenizer.tokenize(source);
        } catch (IllegalArgumentException e) {
            throw new PyEvalException("SyntaxError", e.getMessage());
        }
        PyExprParser parser = new PyExprParser(tokens, names);
        if (parser.peek().kind() == Kind.END) {
            throw new PyEvalException("SyntaxError", "empty expression");
        }
        PyExpr e = parser.expressionList(Kind.END, null);
        if (parser.peek().kind() != Kind.END) {
            throw parser.unexpected(parser.peek());
        }
        return e;
    }

    private Token peek() {
        return tokens.get(p);
    }

    private boolean at(String op) {
        Token t = peek();
        return t.kind() == Kind.OP && t.text().equals(op);
    }

    private boolean atKeyword(String kw) {
        Token t = peek();
        return t.kind() == Kind.NAME && t.text().equals(kw);
    }

    private Token next() {
        return tokens.get(p++);
    }

    private void expect(String op) {
        Token t = next();
        if (!(t.kind() == Kind.OP && t.text().equals(op))) {
            throw new PyEvalException("SyntaxError", "expected '" + op + "' at column " + t.column());
        }
    }

    private PyEvalException unexpected(Token t) {
        return new PyEvalException("SyntaxError", t.kind() == Kind.END
                ? "unexpected end of expression"
                : "unexpected '" + t.text() + "' at column " + t.column());
    }

    /** {@code a} or {@code a, b, ...} (a tuple) up to a closing token. */
    private PyExpr expressionList(Kind endKind, String closeOp) {
        PyExpr first = expression();
        if (!at(",")) {
            return first;
        }
        List<PyExpr> items = new ArrayList<>();
        items.add(first);
        while (at(",")) {
            p++;
            if (peek().kind() == endKind && (closeOp == null || at(closeOp))) {
                break;
            }
            items.add(expression());
        }
        return new PyExpr.TupleDisplay(items);
    }

    /** Nesting of sub-expressions (brackets, unary operators); Python's parser has a limit too (200 brackets). */
    static final int MAX_DEPTH = 100;
    private int depth;

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new PyEvalException("RecursionError", "expression nested deeper than " + MAX_DEPTH + " levels at column "
                    + peek().column());
        }
    }

    private PyExpr expression() {
        enter();
        try {
            return expressionBody();
        } finally {
            depth--;
        }
    }

    private PyExpr expressionBody() {
        if (atKeyword("lambda")) {
            throw new PyEvalException("SyntaxError", "lambda is not supported");
        }
        PyExpr body = orTest();
        if (atKeyword("if")) {
            p++;
            PyExpr test = orTest();
            if (!atKeyword("else")) {
                throw new PyEvalException("SyntaxError", "expected 'else' at column " + peek().column());
            }
            p++;
            PyExpr orElse = expression();
            return new PyExpr.IfElse(test, body, orElse);
        }
        return body;
    }

    private PyExpr orTest() {
        PyExpr first = andTest();
        if (!atKeyword("or")) {
            return first;
        }
        List<PyExpr> values = new ArrayList<>(List.of(first));
        while (atKeyword("or")) {
            p++;
            values.add(andTest());
        }
        return new PyExpr.BoolOp(false, values);
    }

    private PyExpr andTest() {
        PyExpr first = notTest();
        if (!atKeyword("and")) {
            return first;
        }
        List<PyExpr> values = new ArrayList<>(List.of(first));
        while (atKeyword("and")) {
            p++;
            values.add(notTest());
        }
        return new PyExpr.BoolOp(true, values);
    }

    private PyExpr notTest() {
        if (atKeyword("not")) {
            p++;
            enter();
            try {
                return new PyExpr.Unary("not", notTest());
            } finally {
                depth--;
            }
        }
        return comparison();
    }

    private PyExpr comparison() {
        PyExpr first = bitOr();
        List<String> ops = new ArrayList<>();
        List<PyExpr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            String op;
            if (t.kind() == Kind.OP && COMPARE_OPS.contains(t.text())) {
                op = t.text();
                p++;
            } else if (atKeyword("in")) {
                op = "in";
                p++;
            } else if (atKeyword("not") && tokens.get(p + 1).is("in")) {
                op = "not in";
                p += 2;
            } else if (atKeyword("is")) {
                p++;
                if (atKeyword("not")) {
                    p++;
                    op = "is not";
                } else {
                    op = "is";
                }
            } else {
                break;
            }
            ops.add(op);
            rest.add(bitOr());
        }
        return ops.isEmpty() ? first : new PyExpr.Compare(first, ops, rest);
    }

    private PyExpr bitOr() {
        PyExpr left = bitXor();
        while (at("|")) {
            p++;
            left = new PyExpr.Binary("|", left, bitXor());
        }
        return left;
    }

    private PyExpr bitXor() {
        PyExpr left = bitAnd();
        while (at("^")) {
            p++;
            left = new PyExpr.Binary("^", left, bitAnd());
        }
        return left;
    }

    private PyExpr bitAnd() {
        PyExpr left = shift();
        while (at("&")) {
            p++;
            left = new PyExpr.Binary("&", left, shift());
        }
        return left;
    }

    private PyExpr shift() {
        PyExpr left = arith();
        while (at("<<") || at(">>")) {
            String op = next().text();
            left = new PyExpr.Binary(op, left, arith());
        }
        return left;
    }

    private PyExpr arith() {
        PyExpr left = term();
        while (at("+") || at("-")) {
            String op = next().text();
            left = new PyExpr.Binary(op, left, term());
        }
        return left;
    }

    private PyExpr term() {
        PyExpr left = factor();
        while (at("*") || at("/") || at("//") || at("%") || at("@")) {
            String op = next().text();
            left = new PyExpr.Binary(op, left, factor());
        }
        return left;
    }

    private PyExpr factor() {
        if (at("-") || at("+") || at("~")) {
            String op = next().text();
            enter();
            try {
                return new PyExpr.Unary(op, factor());
            } finally {
                depth--;
            }
        }
        return power();
    }

    private PyExpr power() {
        PyExpr base = primary();
        if (at("**")) {
            p++;
            // Right-associative and binds tighter than a unary minus on its left: -2**2 == -4.
            enter();
            try {
                return new PyExpr.Binary("**", base, factor());
            } finally {
                depth--;
            }
        }
        return base;
    }

    private PyExpr primary() {
        PyExpr e = atom();
        while (true) {
            if (at(".")) {
                p++;
                Token name = next();
                if (name.kind() != Kind.NAME) {
                    throw unexpected(name);
                }
                e = new PyExpr.Attribute(e, name.text());
            } else if (at("[")) {
                p++;
                PyExpr index = subscript();
                expect("]");
                e = new PyExpr.Subscript(e, index);
            } else if (at("(")) {
                p++;
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private PyExpr subscript() {
        PyExpr lower = null;
        if (!at(":")) {
            lower = expressionList(Kind.OP, "]");
            if (!at(":")) {
                return lower;
            }
        }
        p++;
        PyExpr upper = at(":") || at("]") ? null : expression();
        PyExpr step = null;
        if (at(":")) {
            p++;
            step = at("]") ? null : expression();
        }
        return new PyExpr.Slice(lower, upper, step);
    }

    private PyExpr call(PyExpr function) {
        List<PyExpr> args = new ArrayList<>();
        Map<String, PyExpr> kwargs = new LinkedHashMap<>();
        while (!at(")")) {
            if (at("*") || at("**")) {
                throw new PyEvalException("SyntaxError", "argument unpacking is not supported");
            }
            Token t = peek();
            if (t.kind() == Kind.NAME && tokens.get(p + 1).is("=") && !KEYWORDS.contains(t.text())) {
                p += 2;
                if (kwargs.put(t.text(), expression()) != null) {
                    throw new PyEvalException("SyntaxError", "keyword argument repeated: " + t.text());
                }
            } else {
                if (!kwargs.isEmpty()) {
                    throw new PyEvalException("SyntaxError", "positional argument follows keyword argument");
                }
                args.add(expression());
            }
            if (atKeyword("for")) {
                throw new PyEvalException("SyntaxError", "generator expressions are not supported");
            }
            if (!at(")")) {
                expect(",");
            }
        }
        p++;
        return new PyExpr.Call(function, args, kwargs);
    }

    private PyExpr atom() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new PyExpr.Const(t.value());
            case STRING: {
                StringBuilder sb = new StringBuilder((String) t.value());
                while (peek().kind() == Kind.STRING) {
                    sb.append((String) next().value());
                }
                return new PyExpr.Const(sb.toString());
            }
            case NAME:
                return name(t);
            case OP:
                return display(t);
            default:
                throw unexpected(t);
        }
    }

    private PyExpr name(Token t) {
        switch (t.text()) {
            case "True":
                return new PyExpr.Const(Boolean.TRUE);
            case "False":
                return new PyExpr.Const(Boolean.FALSE);
            case "None":
                return new PyExpr.Const(null);
            default:
                if (KEYWORDS.contains(t.text())) {
                    throw unexpected(t);
                }
                if (names != null) {
                    names.add(t.text());
                }
                return new PyExpr.Name(t.text());
        }
    }

    private PyExpr display(Token t) {
        switch (t.text()) {
            case "(": {
                if (at(")")) {
                    p++;
                    return new PyExpr.TupleDisplay(List.of());
                }
                PyExpr first = expression();
                if (at(")")) {
                    p++;
                    return first;
                }
                noComprehension();
                List<PyExpr> items = new ArrayList<>(List.of(first));
                expect(",");
                items(")", items);
                return new PyExpr.TupleDisplay(items);
            }
            case "[": {
                List<PyExpr> items = new ArrayList<>();
                if (!at("]")) {
                    items.add(expression());
                    noComprehension();
                    if (!at("]")) {
                        expect(",");
                    }
                }
                items("]", items);
                return new PyExpr.ListDisplay(items);
            }
            case "{": {
                List<PyExpr> keys = new ArrayList<>();
                List<PyExpr> values = new ArrayList<>();
                while (!at("}")) {
                    if (at("**")) {
                        throw new PyEvalException("SyntaxError", "dict unpacking is not supported");
                    }
                    keys.add(expression());
                    if (!at(":")) {
                        throw new PyEvalException("SyntaxError", "sets are not supported (column " + peek().column() + ")");
                    }
                    p++;
                    values.add(expression());
                    noComprehension();
                    if (!at("}")) {
                        expect(",");
                    }
                }
                p++;
                return new PyExpr.DictDisplay(keys, values);
            }
            default:
                throw unexpected(t);
        }
    }

    private void noComprehension() {
        if (atKeyword("for") || atKeyword("async")) {
            throw new PyEvalException("SyntaxError", "comprehensions are not supported");
        }
    }

    private void items(String close, List<PyExpr> items) {
        while (!at(close)) {
            items.add(expression());
            if (!at(close)) {
                expect(",");
            }
        }
        p++;
    }
}
