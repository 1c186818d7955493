package dev.clusterutils.settings;

import dev.clusterutils.value.PyTuple;
import dev.clusterutils.value.PythonLiteralParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line {@code KEY=VALUE} overrides (spec §1.2): split at the first {@code =}, the value
 * read as a Python literal, the key a dotted path whose every segment but the last must already
 * be a dict; the last one is set or created. Applied after imports and dynamic values, so an
 * override is never evaluated and references elsewhere keep seeing the file's value.
 */
final class SettingsOverrides {
    private SettingsOverrides() {
    }

    /** Applies every override; all malformed ones are reported together. */
    static void apply(Map<String, Object> settings, List<String> overrides) throws SettingsException {
        Problems problems = new Problems();
        for (String arg : overrides) {
            applyOne(settings, arg, problems);
        }
        problems.throwIfAny();
    }

    @SuppressWarnings("unchecked")
    private static void applyOne(Map<String, Object> settings, String arg, Problems problems) {
        int eq = arg.indexOf('=');
        String key = eq < 0 ? "" : arg.substring(0, eq).strip();
        String text = eq < 0 ? "" : arg.substring(eq + 1).strip();
        if (eq < 0 || key.isEmpty() || text.isEmpty()) {
            problems.error(null, "Invalid format for " + arg + " (expected KEY=VALUE)");
            return;
        }
        Object value;
        try {
            value = normalise(PythonLiteralParser.parse(text));
        } catch (IllegalArgumentException e) {
            problems.error(null, "Failed to parse value '" + text + "' in '" + arg + "': " + e.getMessage()
                    + " (the value is a Python literal: quote strings, e.g. key='\"text\"')");
            return;
        }
        String[] segments = key.split("\\.", -1);
        Map<String, Object> cur = settings;
        for (int i = 0; i < segments.length - 1; i++) {
            Object next = cur.get(segments[i]);
            if (next instanceof Map<?, ?> m) {
                cur = (Map<String, Object>) m;
                continue;
            }
            String prefix = String.join(".", Arrays.copyOf(segments, i + 1));
            String why = cur.containsKey(segments[i])
                    ? ": '" + prefix + "' is " + Section.describe(next) + ", not a dict"
                    : ": '" + prefix + "' does not exist";
            problems.error(null, "Invalid settings path '" + key + "' in '" + arg + "'" + why);
            return;
        }
        String last = segments[segments.length - 1];
        if (last.isEmpty()) {
            problems.error(null, "Invalid settings path '" + key + "' in '" + arg + "'");
            return;
        }
        cur.put(last, value);
    }

    /** Dicts keep string keys only, as settings dicts do. */
    private static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("dict keys must be strings, got " + Section.describe(e.getKey()));
                }
                out.put(k, normalise(e.getValue()));
            }
            return out;
        }
        if (v instanceof PyTuple t) {
            List<Object> out = new ArrayList<>();
            t.items().forEach(x -> out.add(normalise(x)));
            return new PyTuple(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalise(x)));
            return out;
        }
        return v;
    }
}
