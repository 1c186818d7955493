package dev.clusterutils.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cluster_requirements} as written. Each backend reads the keys it knows (the table in the
 * settings docs); the settings loader only checks that known keys have the right types.
 */
public record ClusterRequirements(Map<String, Object> values) {
    public ClusterRequirements {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Integer integer(String key) {
        Object v = values.get(key);
        return v instanceof Number n ? Integer.valueOf(n.intValue()) : null;
    }

    public int integer(String key, int fallback) {
        Integer v = integer(key);
        return v == null ? fallback : v;
    }

    public String string(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : List.of(v.toString());
    }

    public Object raw(String key) {
        return values.get(key);
    }
}
