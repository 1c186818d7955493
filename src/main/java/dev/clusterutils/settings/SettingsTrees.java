package dev.clusterutils.settings;

import dev.clusterutils.value.PyTuple;
import dev.clusterutils.value.PythonTokenizer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a settings tree built in memory (by a host, with whatever Java types it had at hand) into
 * the tree the file readers produce, so loading goes through the same stages: mutable maps and
 * lists (loading resolves in place), Python's int as Long (BigInteger when it does not fit),
 * Python's float as Double. Every value that has no settings meaning is reported at once.
 */
final class SettingsTrees {
    private SettingsTrees() {
    }

    static Map<String, Object> copyOf(Map<String, ?> tree) throws SettingsException {
        if (tree == null) {
            throw new SettingsException("", "the settings map is missing");
        }
        Problems problems = new Problems();
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(tree, "", problems);
        problems.throwIfAny();
        return copy;
    }

    private static Object copy(Object v, String path, Problems problems) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return PythonTokenizer.normalise(b);
        }
        if (v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    problems.error(path, "dict keys must be strings, got " + Section.describe(e.getKey()));
                    continue;
                }
                out.put(key, copy(e.getValue(), path.isEmpty() ? key : path + "." + key, problems));
            }
            return out;
        }
        if (v instanceof PyTuple t) {
            return new PyTuple(copyAll(t.items(), path, problems));
        }
        if (v instanceof Collection<?> c) {
            return copyAll(c, path, problems);
        }
        if (v instanceof Object[] a) {
            return copyAll(Arrays.asList(a), path, problems);
        }
        problems.error(path, "a " + v.getClass().getName() + " has no meaning in settings (use maps, lists, strings, "
                + "numbers, booleans or null)");
        return null;
    }

    private static List<Object> copyAll(Collection<?> items, String path, Problems problems) {
        List<Object> out = new ArrayList<>(items.size());
        int i = 0;
        for (Object x : items) {
            out.add(copy(x, path + "[" + i++ + "]", problems));
        }
        return out;
    }
}
