package dev.clusterutils.optim;

import dev.clusterutils.settings.KeySuggestion;
import dev.clusterutils.settings.SettingsProblem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accepted {@code optimizer_settings} keys of one optimiser, with types, defaults and bounds,
 * so that validation reports every problem at once with its path, and values are read in one place.
 */
public final class SettingsSchema {

    public static final String PATH_PREFIX = "optimizer_settings.";

    public enum Type { INT, BOOL, NUMBER, STRING }

    /**
     * One key. {@code min} bounds numbers (inclusive), {@code allowed} lists the accepted strings
     * (compared case-insensitively); {@code defaultValue} is null for required keys.
     */
    public record Key(String name, Type type, boolean required, Object defaultValue, Double min, List<String> allowed) {
        public static Key required(String name, Type type) {
            return new Key(name, type, true, null, null, List.of());
        }

        public static Key optional(String name, Type type, Object defaultValue) {
            return new Key(name, type, false, defaultValue, null, List.of());
        }

        public Key atLeast(double minimum) {
            return new Key(name, type, required, defaultValue, minimum, allowed);
        }

        public Key oneOf(List<String> values) {
            return new Key(name, type, required, defaultValue, min, List.copyOf(values));
        }
    }

    private final String optimizerName;
    private final List<Key> keys;

    public SettingsSchema(String optimizerName, List<Key> keys) {
        this.optimizerName = optimizerName;
        this.keys = List.copyOf(keys);
    }

    public List<Key> keys() {
        return keys;
    }

    public boolean has(String name) {
        return keys.stream().anyMatch(k -> k.name().equals(name));
    }

    public List<SettingsProblem> validate(Map<String, Object> settings) {
        Map<String, Object> s = settings == null ? Map.of() : settings;
        List<SettingsProblem> problems = new ArrayList<>();
        List<String> names = keys.stream().map(Key::name).toList();
        for (String given : s.keySet()) {
            if (!names.contains(given)) {
                String message = names.isEmpty()
                        ? "unknown key '" + given + "': optimizer '" + optimizerName + "' takes no settings"
                        : "unknown key '" + given + "' for optimizer '" + optimizerName + "'; did you mean '"
                                + closest(given, names) + "'? Valid keys: " + String.join(", ", names);
                problems.add(new SettingsProblem(PATH_PREFIX + given, message));
            }
        }
        for (Key key : keys) {
            Object v = s.get(key.name());
            String path = PATH_PREFIX + key.name();
            if (v == null) {
                if (key.required()) {
                    problems.add(new SettingsProblem(path, "required by optimizer '" + optimizerName + "'"
                            + (s.containsKey(key.name()) ? " (null is not a value)" : "")));
                }
                continue;
            }
            String typeProblem = checkType(key, v);
            if (typeProblem != null) {
                problems.add(new SettingsProblem(path, typeProblem));
                continue;
            }
            if (key.min() != null && ((Number) v).doubleValue() < key.min()) {
                problems.add(new SettingsProblem(path, "must be at least " + formatMin(key) + ", was " + v));
            }
            if (!key.allowed().isEmpty()
                    && key.allowed().stream().noneMatch(a -> a.equalsIgnoreCase((String) v))) {
                problems.add(new SettingsProblem(path, "unknown value '" + v + "'; known (case-insensitive): "
                        + String.join(", ", key.allowed())));
            }
        }
        return problems;
    }

    private static String checkType(Key key, Object v) {
        return switch (key.type()) {
            case INT -> isInteger(v) ? null : "must be an integer, was " + describe(v);
            case BOOL -> v instanceof Boolean ? null : "must be true or false, was " + describe(v);
            case NUMBER -> v instanceof Number ? null : "must be a number, was " + describe(v);
            case STRING -> v instanceof String ? null : "must be a string, was " + describe(v);
        };
    }

    private static String formatMin(Key key) {
        double m = key.min();
        return key.type() == Type.INT || m == Math.rint(m) ? Long.toString((long) m) : Double.toString(m);
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || (v instanceof BigInteger bi && bi.bitLength() < 32);
    }

    /** The value of a key, or its default. Call only after {@link #validate} found no problems. */
    public static Object value(Map<String, Object> settings, Key key) {
        Object v = settings == null ? null : settings.get(key.name());
        return v == null ? key.defaultValue() : v;
    }

    public static int intValue(Map<String, Object> settings, Key key) {
        return ((Number) value(settings, key)).intValue();
    }

    public static Integer optionalInt(Map<String, Object> settings, Key key) {
        Object v = value(settings, key);
        return v == null ? null : ((Number) v).intValue();
    }

    public static double doubleValue(Map<String, Object> settings, Key key) {
        return ((Number) value(settings, key)).doubleValue();
    }

    public static boolean boolValue(Map<String, Object> settings, Key key) {
        return (Boolean) value(settings, key);
    }

    /** The candidate with the smallest edit distance (case-insensitive), the first on ties. */
    public static String closest(String given, Collection<String> candidates) {
        return KeySuggestion.nearest(given, candidates);
    }
}
