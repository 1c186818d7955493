package dev.clusterutils.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dotted names to nested dicts and back, and the original's deep merge (later values win). */
public final class NestedMaps {
    private NestedMaps() {
    }

    /** Sets {@code a.b.c} inside nested maps, creating the intermediate dicts in insertion order. */
    @SuppressWarnings("unchecked")
    public static void putDotted(Map<String, Object> target, String dottedName, Object value) {
        String[] parts = dottedName.split("\\.");
        Map<String, Object> cur = target;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = cur.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                cur.put(parts[i], next);
            }
            cur = (Map<String, Object>) next;
        }
        cur.put(parts[parts.length - 1], value);
    }

    /** {@code {"a.b": 1, "c": 2}} becomes {@code {"a": {"b": 1}, "c": 2}}. */
    public static Map<String, Object> expandDotted(Map<String, Object> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        flat.forEach((k, v) -> putDotted(out, k, v));
        return out;
    }

    /** Deep-merges {@code overlay} into {@code base} in place: dicts recursively, other values overwrite. */
    @SuppressWarnings("unchecked")
    public static void deepMerge(Map<String, Object> base, Map<String, Object> overlay) {
        for (Map.Entry<String, Object> e : overlay.entrySet()) {
            Object existing = base.get(e.getKey());
            if (existing instanceof Map && e.getValue() instanceof Map) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                deepMerge(copy, (Map<String, Object>) e.getValue());
                base.put(e.getKey(), copy);
            } else {
                base.put(e.getKey(), deepCopy(e.getValue()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put((String) k, deepCopy(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(deepCopy(x)));
            return out;
        }
        return v;
    }

    /** Flattens nested dicts into dotted names, in insertion order (results tables, {@code param_choice.csv}). */
    public static Map<String, Object> flatten(Map<String, Object> nested) {
        Map<String, Object> out = new LinkedHashMap<>();
        flattenInto(out, "", nested);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flattenInto(Map<String, Object> out, String prefix, Map<String, Object> nested) {
        for (Map.Entry<String, Object> e : nested.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
                flattenInto(out, key, (Map<String, Object>) m);
            } else {
                out.put(key, e.getValue());
            }
        }
    }
}
