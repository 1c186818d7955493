package dev.clusterutils.settings;

import dev.clusterutils.value.NestedMaps;
import dev.clusterutils.value.PyTuple;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the dynamic values of a settings tree (spec §2.1 step 5). Every string value, at any
 * depth in dicts and lists, is read as an f-string in a namespace of the raw top-level settings,
 * {@code ENV_<name>} for each environment variable and {@code __timestamp__}.
 *
 * <ul>
 *   <li>A string without braces stays as it is.</li>
 *   <li>A string with a {@code "} or a line break stays as it is: the original wraps the text in
 *       {@code f"..."}, which such a string breaks.</li>
 *   <li>If any field fails (undefined name, unsupported syntax, a Python error), the string is kept
 *       unchanged: the job's Python client evaluates it again against the job's own parameters.
 *       This is how {@code "fn_args.x": "{fn_args.y/3}"} reaches each job of a constrained grid.</li>
 *   <li>Otherwise the formatted text is evaluated once more as an expression with no names and no
 *       builtins; if that works its value replaces the string ({@code "{1/3}"} gives 0.333...,
 *       {@code "{list(range(1,4))}"} gives [1, 2, 3]), else the formatted text is used.</li>
 * </ul>
 *
 * References see raw values: {@code "{a}"} with {@code a = "{1+1}"} reads the text {@code {1+1}}.
 * Unlike the original, backslashes in the literal text are kept as written.
 */
final class DynamicValues {
    /** {@code %H:%M:%S-%d%h%y} of the original, in the C locale: 14:03:12-19Aug24. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("HH:mm:ss-ddMMMyy", Locale.ENGLISH);

    private final PyEvaluator evaluator;
    private final PyEvaluator literalEvaluator = new PyEvaluator(Map.of(), false);
    private final Set<String> referencedNames = new LinkedHashSet<>();

    DynamicValues(Map<String, Object> rawSettings, SettingsEnvironment environment) {
        Map<String, Object> namespace = new LinkedHashMap<>();
        environment.env().forEach((k, v) -> namespace.put("ENV_" + k, v));
        namespace.put("__timestamp__", ZonedDateTime.now(environment.clock()).format(TIMESTAMP));
        rawSettings.forEach((k, v) -> namespace.put(k, NestedMaps.deepCopy(v)));
        this.evaluator = new PyEvaluator(namespace, true);
    }

    /** Every variable name that some template in the settings reads, resolvable or not. */
    Set<String> referencedNames() {
        return referencedNames;
    }

    /** A new tree with every string evaluated; keys are not touched. */
    @SuppressWarnings("unchecked")
    Object resolve(Object value) {
        if (value instanceof String s) {
            return resolveString(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, resolve(v)));
            return out;
        }
        if (value instanceof PyTuple t) {
            List<Object> out = new ArrayList<>();
            t.items().forEach(v -> out.add(resolve(v)));
            return new PyTuple(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(resolve(v)));
            return out;
        }
        return value;
    }

    Object resolveString(String s) {
        if (s.indexOf('{') < 0 && s.indexOf('}') < 0) {
            return s;
        }
        if (s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return s;
        }
        String formatted;
        try {
            formatted = FStringTemplate.parse(s, referencedNames).render(evaluator);
        } catch (RuntimeException | StackOverflowError e) {
            return s;
        }
        if (formatted.equals(s)) {
            return s;
        }
        try {
            Object value = literalEvaluator.eval(PyExprParser.parse(formatted, null));
            return hasOnlyStringKeys(value) ? value : formatted;
        } catch (RuntimeException | StackOverflowError e) {
            return formatted;
        }
    }

    /** Settings dicts are keyed by names; a formatted {@code {1: 2}} stays text. */
    private static boolean hasOnlyStringKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String) || !hasOnlyStringKeys(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof PyTuple t) {
            return t.items().stream().allMatch(DynamicValues::hasOnlyStringKeys);
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(DynamicValues::hasOnlyStringKeys);
        }
        return true;
    }
}
