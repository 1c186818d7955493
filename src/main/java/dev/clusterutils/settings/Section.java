package dev.clusterutils.settings;

import dev.clusterutils.value.PythonRepr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dict of the settings tree being validated. Typed getters record a problem (and return a
 * fallback) instead of throwing, and remember which keys were asked for, so that
 * {@link #rejectUnknown()} can report every other key with the closest valid one.
 * A key whose value is null counts as absent for optional keys.
 */
final class Section {
    private final Map<String, Object> map;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    Section(Map<String, Object> map, String path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    Map<String, Object> map() {
        return map;
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Marks keys as valid here without reading them (keys of the other run type). */
    void allow(String... keys) {
        known.addAll(List.of(keys));
    }

    boolean isKnown(String key) {
        return known.contains(key);
    }

    boolean has(String key) {
        known.add(key);
        return map.get(key) != null;
    }

    Object raw(String key) {
        known.add(key);
        return map.get(key);
    }

    private boolean absent(String key, boolean required) {
        known.add(key);
        if (!map.containsKey(key)) {
            if (required) {
                problems.error(keyPath(key), "missing required key");
            }
            return true;
        }
        return map.get(key) == null && !required;
    }

    String string(String key, boolean required) {
        if (absent(key, required)) {
            return null;
        }
        Object v = map.get(key);
        if (v instanceof String s) {
            return s;
        }
        problems.error(keyPath(key), expected("str", v));
        return null;
    }

    boolean bool(String key, boolean fallback) {
        Boolean b = nullableBool(key, false);
        return b == null ? fallback : b;
    }

    Boolean nullableBool(String key, boolean required) {
        if (absent(key, required)) {
            return null;
        }
        Object v = map.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        problems.error(keyPath(key), expected("bool", v));
        return null;
    }

    /** An int within Java's int range and at least {@code min}; null when absent or wrong. */
    Integer integer(String key, boolean required, int min) {
        if (absent(key, required)) {
            return null;
        }
        return checkInt(keyPath(key), map.get(key), min, problems);
    }

    static Integer checkInt(String path, Object v, int min, Problems problems) {
        if (!(v instanceof Long || v instanceof Integer || v instanceof BigInteger)) {
            problems.error(path, expected("int", v));
            return null;
        }
        BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue());
        if (b.compareTo(BigInteger.valueOf(min)) < 0) {
            problems.error(path, "must be at least " + min + ", got " + b);
            return null;
        }
        if (b.bitLength() > 31) {
            problems.error(path, "value " + b + " is too large");
            return null;
        }
        return b.intValue();
    }

    /** An int or float, as a double; null when absent or wrong. */
    Double number(String key, boolean required) {
        if (absent(key, required)) {
            return null;
        }
        Object v = map.get(key);
        if (isNumber(v)) {
            return ((Number) v).doubleValue();
        }
        problems.error(keyPath(key), expected("int or float", v));
        return null;
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String key, boolean required) {
        if (absent(key, required)) {
            return null;
        }
        Object v = map.get(key);
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        problems.error(keyPath(key), expected("list", v));
        return null;
    }

    /** A list of strings (for host names, singularity args); null when absent or wrong. */
    List<String> strings(String key, boolean required) {
        List<Object> l = list(key, required);
        if (l == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof String s) {
                out.add(s);
            } else {
                problems.error(keyPath(key) + "[" + i + "]", expected("str", l.get(i)));
            }
        }
        return out;
    }

    /**
     * A nested dict. Absent or null gives an empty section unless required (then a problem and
     * null); a value of another type gives a problem and null.
     */
    @SuppressWarnings("unchecked")
    Section section(String key, boolean required) {
        known.add(key);
        Object v = map.get(key);
        if (!map.containsKey(key) && required) {
            problems.error(keyPath(key), "missing required key");
            return null;
        }
        if (v == null) {
            return new Section(new LinkedHashMap<>(), keyPath(key), problems);
        }
        if (v instanceof Map<?, ?> m) {
            return new Section((Map<String, Object>) m, keyPath(key), problems);
        }
        problems.error(keyPath(key), expected("dict", v));
        return null;
    }

    /** Reports every key that no getter asked for, with the closest valid key. */
    void rejectUnknown() {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                problems.error(keyPath(key), KeySuggestion.unknownKeyMessage(key, known));
            }
        }
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Double;
    }

    /** "expected int, got str '1'". */
    static String expected(String type, Object got) {
        return "expected " + type + ", got " + describe(got);
    }

    static String describe(Object v) {
        if (v == null) {
            return "None";
        }
        String repr = PythonRepr.repr(v);
        if (repr.length() > 80) {
            repr = repr.substring(0, 77) + "...";
        }
        return PyOps.typeName(v) + " " + repr;
    }
}
