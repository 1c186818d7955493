package dev.clusterutils.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A settings string read as the body of a Python f-string: literal text, {@code {{}}/{@code }}}
 * escapes, and replacement fields {@code {expr}}, {@code {expr!r}}, {@code {expr:spec}} (a spec may
 * hold one level of nested fields, {@code {x:>{width}}}). Inside a field every {@code $} becomes
 * {@code ENV_}, so {@code {$USER}} reads the environment variable USER.
 *
 * <p>The whole template is parsed before anything is evaluated, so a syntax error anywhere fails
 * it as a whole, as Python's compiler would.
 */
final class FStringTemplate {
    private record Field(PyExpr expr, char conversion, List<Object> spec) {
    }

    private final List<Object> parts;

    private FStringTemplate(List<Object> parts) {
        this.parts = parts;
    }

    /**
     * Parses {@code text}.
     *
     * @param names receives the variable names the fields read (also when evaluation later fails)
     */
    static FStringTemplate parse(String text, Set<String> names) {
        Parser p = new Parser(text, names);
        return new FStringTemplate(p.parts(0, false));
    }

    String render(PyEvaluator evaluator) {
        return render(parts, evaluator);
    }

    private static String render(List<Object> parts, PyEvaluator evaluator) {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String s) {
                sb.append(s);
                continue;
            }
            Field f = (Field) part;
            Object value = evaluator.eval(f.expr());
            String spec = render(f.spec(), evaluator);
            switch (f.conversion()) {
                case 'r', 'a' -> sb.append(PyFormatSpec.format(PyOps.repr(value), spec));
                case 's' -> sb.append(PyFormatSpec.format(PyOps.str(value), spec));
                default -> sb.append(PyFormatSpec.format(value, spec));
            }
        }
        return sb.toString();
    }

    private static final class Parser {
        private final String s;
        private final Set<String> names;
        private int i;

        Parser(String s, Set<String> names) {
            this.s = s;
            this.names = names;
        }

        /** Literal text and fields up to the end, or up to the '}' closing a format spec. */
        List<Object> parts(int depth, boolean inSpec) {
            List<Object> out = new ArrayList<>();
            StringBuilder lit = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '{') {
                    if (!inSpec && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                        lit.append('{');
                        i += 2;
                        continue;
                    }
                    if (depth >= 2) {
                        throw syntax("f-string: expressions nested too deeply");
                    }
                    if (lit.length() > 0) {
                        out.add(lit.toString());
                        lit.setLength(0);
                    }
                    i++;
                    out.add(field(depth));
                } else if (c == '}') {
                    if (inSpec) {
                        break;
                    }
                    if (i + 1 < s.length() && s.charAt(i + 1) == '}') {
                        lit.append('}');
                        i += 2;
                        continue;
                    }
                    throw syntax("f-string: single '}' is not allowed");
                } else {
                    lit.append(c);
                    i++;
                }
            }
            if (lit.length() > 0) {
                out.add(lit.toString());
            }
            return out;
        }

        private Field field(int depth) {
            int start = i;
            int nesting = 0;
            char quote = 0;
            while (true) {
                if (i >= s.length()) {
                    throw syntax("f-string: expecting '}'");
                }
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                    i++;
                    continue;
                }
                if (c == '\\' || c == '#') {
                    throw syntax("f-string expression part cannot include '" + c + "'");
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(' || c == '[' || c == '{') {
                    nesting++;
                } else if (c == ')' || c == ']' || (c == '}' && nesting > 0)) {
                    nesting--;
                    if (nesting < 0) {
                        throw syntax("f-string: unmatched '" + c + "'");
                    }
                } else if (nesting == 0 && (c == '}' || c == ':' || (c == '!' && !(i + 1 < s.length() && s.charAt(i + 1) == '=')))) {
                    break;
                }
                i++;
            }
            String exprText = s.substring(start, i).replace("$", "ENV_");
            if (exprText.isBlank()) {
                throw syntax("f-string: empty expression not allowed");
            }
            PyExpr expr = PyExprParser.parse(exprText, names);
            char conversion = 0;
            if (s.charAt(i) == '!') {
                if (i + 1 >= s.length() || "rsa".indexOf(s.charAt(i + 1)) < 0) {
                    throw syntax("f-string: invalid conversion character");
                }
                conversion = s.charAt(i + 1);
                i += 2;
                if (i >= s.length() || (s.charAt(i) != '}' && s.charAt(i) != ':')) {
                    throw syntax("f-string: expecting '}'");
                }
            }
            List<Object> spec = List.of();
            if (s.charAt(i) == ':') {
                i++;
                spec = parts(depth + 1, true);
                if (i >= s.length()) {
                    throw syntax("f-string: expecting '}'");
                }
            }
            i++; // the closing '}'
            return new Field(expr, conversion, spec);
        }

        private static PyEvalException syntax(String message) {
            return new PyEvalException("SyntaxError", message);
        }
    }
}
