package dev.clusterutils.settings;

import dev.clusterutils.value.PyTuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a {@link PyExpr} against a namespace. With {@code builtins} the whitelisted
 * functions (list, tuple, range, len, min, max, abs, round, int, float, str, bool, sum, sorted)
 * can be called; without them, as in the original's second evaluation of a formatted string,
 * only literals, displays and operators work. Attribute access reads dict keys, because the
 * original exposes nested settings as attribute dicts ({@code fn_args.y}).
 */
final class PyEvaluator {
    static final Set<String> BUILTINS = Set.of(
            "list", "tuple", "range", "len", "min", "max", "abs", "round", "int", "float", "str", "bool", "sum", "sorted");

    /** A whitelisted builtin function as a value. */
    record Builtin(String name) {
        @Override
        public String toString() {
            return "<built-in function " + name + ">";
        }
    }

    private final Map<String, Object> namespace;
    private final boolean builtins;

    PyEvaluator(Map<String, Object> namespace, boolean builtins) {
        this.namespace = namespace;
        this.builtins = builtins;
    }

    Object eval(PyExpr e) {
        if (e instanceof PyExpr.Const c) {
            return c.value();
        }
        if (e instanceof PyExpr.Name n) {
            return lookup(n.id());
        }
        if (e instanceof PyExpr.Attribute a) {
            Object target = eval(a.target());
            if (target instanceof Map<?, ?> m && m.containsKey(a.name())) {
                return m.get(a.name());
            }
            throw new PyEvalException("AttributeError",
                    "'" + PyOps.typeName(target) + "' object has no attribute '" + a.name() + "'");
        }
        if (e instanceof PyExpr.Subscript s) {
            Object target = eval(s.target());
            if (s.index() instanceof PyExpr.Slice sl) {
                return PyOps.slice(target, optional(sl.lower()), optional(sl.upper()), optional(sl.step()));
            }
            return PyOps.index(target, eval(s.index()));
        }
        if (e instanceof PyExpr.Unary u) {
            Object v = eval(u.operand());
            return switch (u.op()) {
                case "not" -> !PyOps.truthy(v);
                case "-" -> PyOps.negate(v);
                case "+" -> PyOps.plus(v);
                default -> PyOps.invert(v);
            };
        }
        if (e instanceof PyExpr.Binary b) {
            return PyOps.binary(b.op(), eval(b.left()), eval(b.right()));
        }
        if (e instanceof PyExpr.BoolOp b) {
            // Python returns the deciding operand itself, not a bool.
            Object v = null;
            for (PyExpr x : b.values()) {
                v = eval(x);
                if (PyOps.truthy(v) != b.and()) {
                    return v;
                }
            }
            return v;
        }
        if (e instanceof PyExpr.Compare c) {
            Object left = eval(c.first());
            for (int k = 0; k < c.ops().size(); k++) {
                Object right = eval(c.rest().get(k));
                if (!compare(c.ops().get(k), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }
        if (e instanceof PyExpr.IfElse c) {
            return PyOps.truthy(eval(c.test())) ? eval(c.body()) : eval(c.orElse());
        }
        if (e instanceof PyExpr.ListDisplay l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(x -> out.add(eval(x)));
            return out;
        }
        if (e instanceof PyExpr.TupleDisplay t) {
            List<Object> out = new ArrayList<>();
            t.items().forEach(x -> out.add(eval(x)));
            return new PyTuple(out);
        }
        if (e instanceof PyExpr.DictDisplay d) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int k = 0; k < d.keys().size(); k++) {
                Object key = eval(d.keys().get(k));
                if (key instanceof List || key instanceof Map) {
                    throw PyOps.typeError("unhashable type: '" + PyOps.typeName(key) + "'");
                }
                out.put(key, eval(d.values().get(k)));
            }
            return out;
        }
        if (e instanceof PyExpr.Call c) {
            Object f = eval(c.function());
            if (!(f instanceof Builtin b)) {
                throw PyOps.typeError("'" + PyOps.typeName(f) + "' object is not callable");
            }
            List<Object> args = new ArrayList<>();
            c.args().forEach(x -> args.add(eval(x)));
            Map<String, Object> kwargs = new LinkedHashMap<>();
            c.kwargs().forEach((k, v) -> kwargs.put(k, eval(v)));
            return call(b.name(), args, kwargs);
        }
        throw new PyEvalException("SyntaxError", "invalid syntax");
    }

    private Object optional(PyExpr e) {
        return e == null ? null : eval(e);
    }

    private Object lookup(String id) {
        if (namespace.containsKey(id)) {
            return namespace.get(id);
        }
        if (builtins && BUILTINS.contains(id)) {
            return new Builtin(id);
        }
        throw new PyEvalException("NameError", "name '" + id + "' is not defined");
    }

    private static boolean compare(String op, Object a, Object b) {
        switch (op) {
            case "==":
                return PyOps.equal(a, b);
            case "!=":
                return !PyOps.equal(a, b);
            case "in":
                return PyOps.contains(b, a);
            case "not in":
                return !PyOps.contains(b, a);
            case "is":
                return same(a, b);
            case "is not":
                return !same(a, b);
            default:
                int c = PyOps.compare(a, b, op);
                if (c == Integer.MIN_VALUE) {
                    return false;
                }
                return switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
        }
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return a == null ? b == null : a.equals(b);
        }
        return a == b;
    }

    // ---- builtins ---------------------------------------------------------------------------

    private static Object call(String name, List<Object> args, Map<String, Object> kwargs) {
        switch (name) {
            case "list":
                arity(name, args, kwargs, 0, 1);
                return args.isEmpty() ? new ArrayList<>() : PyOps.iterate(args.get(0));
            case "tuple":
                arity(name, args, kwargs, 0, 1);
                return new PyTuple(args.isEmpty() ? List.of() : PyOps.iterate(args.get(0)));
            case "range":
                return range(args, kwargs);
            case "len":
                arity(name, args, kwargs, 1, 1);
                return PyOps.length(args.get(0));
            case "min":
            case "max":
                return minMax(name, args, kwargs);
            case "abs": {
                arity(name, args, kwargs, 1, 1);
                Object v = args.get(0);
                if (PyOps.isInt(v)) {
                    return PyOps.intOf(PyOps.big(v).abs());
                }
                if (v instanceof Double d) {
                    return Math.abs(d);
                }
                throw PyOps.typeError("bad operand type for abs(): '" + PyOps.typeName(v) + "'");
            }
            case "round":
                return round(args, kwargs);
            case "int":
                return toInt(args, kwargs);
            case "float":
                arity(name, args, kwargs, 0, 1);
                return args.isEmpty() ? 0.0 : toFloat(args.get(0));
            case "str":
                arity(name, args, kwargs, 0, 1);
                return args.isEmpty() ? "" : PyOps.str(args.get(0));
            case "bool":
                arity(name, args, kwargs, 0, 1);
                return !args.isEmpty() && PyOps.truthy(args.get(0));
            case "sum": {
                allowKeywords(name, kwargs, "start");
                if (args.isEmpty() || args.size() > 2) {
                    throw PyOps.typeError("sum() takes at least 1 positional argument");
                }
                Object total = args.size() == 2 ? args.get(1) : kwargs.getOrDefault("start", 0L);
                if (total instanceof String) {
                    throw PyOps.typeError("sum() can't sum strings [use ''.join(seq) instead]");
                }
                for (Object x : PyOps.iterate(args.get(0))) {
                    total = PyOps.binary("+", total, x);
                }
                return total;
            }
            case "sorted": {
                allowKeywords(name, kwargs, "reverse");
                if (args.size() != 1) {
                    throw PyOps.typeError("sorted expected 1 argument, got " + args.size());
                }
                return PyOps.sortedCopy(PyOps.iterate(args.get(0)), PyOps.truthy(kwargs.get("reverse")));
            }
            default:
                throw new PyEvalException("NameError", "name '" + name + "' is not defined");
        }
    }

    private static void arity(String name, List<Object> args, Map<String, Object> kwargs, int min, int max) {
        if (!kwargs.isEmpty()) {
            throw PyOps.typeError(name + "() takes no keyword arguments");
        }
        if (args.size() < min || args.size() > max) {
            throw PyOps.typeError(name + "() takes " + (min == max ? "exactly " + min : "at most " + max)
                    + " argument" + (max == 1 ? "" : "s") + " (" + args.size() + " given)");
        }
    }

    private static void allowKeywords(String name, Map<String, Object> kwargs, String... allowed) {
        for (String k : kwargs.keySet()) {
            if (!List.of(allowed).contains(k)) {
                throw PyOps.typeError("'" + k + "' is an invalid keyword argument for " + name + "()");
            }
        }
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        arity("range", args, kwargs, 1, 3);
        long[] v = new long[args.size()];
        for (int k = 0; k < v.length; k++) {
            Object a = args.get(k);
            if (!PyOps.isInt(a)) {
                throw PyOps.typeError("'" + PyOps.typeName(a) + "' object cannot be interpreted as an integer");
            }
            BigInteger b = PyOps.big(a);
            if (b.bitLength() > 62) {
                throw new PyEvalException("OverflowError", "range argument too large");
            }
            v[k] = b.longValue();
        }
        long start = v.length == 1 ? 0 : v[0];
        long stop = v.length == 1 ? v[0] : v[1];
        long step = v.length == 3 ? v[2] : 1;
        if (step == 0) {
            throw PyOps.valueError("range() arg 3 must not be zero");
        }
        return new PyOps.PyRange(start, stop, step);
    }

    private static Object minMax(String name, List<Object> args, Map<String, Object> kwargs) {
        allowKeywords(name, kwargs, "default");
        if (args.isEmpty()) {
            throw PyOps.typeError(name + " expected at least 1 argument, got 0");
        }
        List<Object> items = args.size() == 1 ? PyOps.iterate(args.get(0)) : args;
        if (items.isEmpty()) {
            if (kwargs.containsKey("default")) {
                return kwargs.get("default");
            }
            throw PyOps.valueError(name + "() arg is an empty sequence");
        }
        Object best = items.get(0);
        for (Object x : items.subList(1, items.size())) {
            int c = PyOps.compare(x, best, name.equals("min") ? "<" : ">");
            // Python keeps the first of equal elements.
            if (c != Integer.MIN_VALUE && (name.equals("min") ? c < 0 : c > 0)) {
                best = x;
            }
        }
        return best;
    }

    private static Object round(List<Object> args, Map<String, Object> kwargs) {
        allowKeywords("round", kwargs, "ndigits");
        if (args.isEmpty() || args.size() > 2) {
            throw PyOps.typeError("round() takes 1 or 2 arguments");
        }
        Object x = args.get(0);
        Object nd = args.size() == 2 ? args.get(1) : kwargs.get("ndigits");
        if (nd != null && !PyOps.isInt(nd)) {
            throw PyOps.typeError("'" + PyOps.typeName(nd) + "' object cannot be interpreted as an integer");
        }
        if (PyOps.isInt(x)) {
            BigInteger v = PyOps.big(x);
            if (nd == null || PyOps.big(nd).signum() >= 0) {
                return PyOps.intOf(v);
            }
            int scale = PyOps.big(nd).intValue();
            return PyOps.intOf(new BigDecimal(v).setScale(scale, RoundingMode.HALF_EVEN).toBigIntegerExact());
        }
        if (!(x instanceof Double d)) {
            throw PyOps.typeError("type " + PyOps.typeName(x) + " doesn't define __round__ method");
        }
        if (nd == null) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw PyOps.valueError("cannot convert float " + PyOps.repr(d) + " to integer");
            }
            return PyOps.intOf(new BigDecimal(d).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact());
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        int n = PyOps.big(nd).max(BigInteger.valueOf(-400)).min(BigInteger.valueOf(400)).intValue();
        return new BigDecimal(d).setScale(n, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static Object toInt(List<Object> args, Map<String, Object> kwargs) {
        allowKeywords("int", kwargs, "base");
        if (args.size() > 2) {
            throw PyOps.typeError("int() takes at most 2 arguments");
        }
        if (args.isEmpty()) {
            return 0L;
        }
        Object x = args.get(0);
        Object base = args.size() == 2 ? args.get(1) : kwargs.get("base");
        if (base != null) {
            if (!(x instanceof String s)) {
                throw PyOps.typeError("int() can't convert non-string with explicit base");
            }
            return parseInt(s, PyOps.big(base).intValue());
        }
        if (PyOps.isInt(x)) {
            return PyOps.intOf(PyOps.big(x));
        }
        if (x instanceof Double d) {
            if (Double.isNaN(d)) {
                throw PyOps.valueError("cannot convert float NaN to integer");
            }
            if (Double.isInfinite(d)) {
                throw new PyEvalException("OverflowError", "cannot convert float infinity to integer");
            }
            return PyOps.intOf(new BigDecimal(d).toBigInteger());
        }
        if (x instanceof String s) {
            return parseInt(s, 10);
        }
        throw PyOps.typeError("int() argument must be a string, a bytes-like object or a real number, not '"
                + PyOps.typeName(x) + "'");
    }

    private static Object parseInt(String s, int base) {
        String t = s.strip();
        try {
            if (t.contains("__") || t.startsWith("_") || t.endsWith("_")) {
                throw new NumberFormatException();
            }
            t = t.replace("_", "");
            String digits = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
            if (base == 0 || base == 16 || base == 8 || base == 2) {
                String lower = digits.toLowerCase(Locale.ROOT);
                int prefixed = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 0;
                if (prefixed != 0 && (base == 0 || base == prefixed)) {
                    base = prefixed;
                    digits = digits.substring(2);
                } else if (base == 0) {
                    base = 10;
                }
            }
            BigInteger v = new BigInteger(digits, base);
            return PyOps.intOf(t.startsWith("-") ? v.negate() : v);
        } catch (NumberFormatException | ArithmeticException e) {
            throw PyOps.valueError("invalid literal for int() with base " + base + ": " + PyOps.repr(s));
        }
    }

    private static Object toFloat(Object x) {
        if (PyOps.isNumber(x)) {
            return PyOps.dbl(x);
        }
        if (x instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
            double sign = t.startsWith("-") ? -1 : 1;
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (unsigned.matches("(\\d(_?\\d)*)?(\\.(\\d(_?\\d)*)?)?(e[+-]?\\d(_?\\d)*)?") && unsigned.matches(".*\\d.*")
                    && !unsigned.matches("e.*")) {
                return Double.parseDouble(t.replace("_", ""));
            }
            throw PyOps.valueError("could not convert string to float: " + PyOps.repr(s));
        }
        throw PyOps.typeError("float() argument must be a string or a real number, not '" + PyOps.typeName(x) + "'");
    }
}
