package dev.clusterutils.settings;

import dev.clusterutils.value.PyTuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, order-keeping, unmodifiable copies of settings trees, so that the maps handed out in
 * {@link RunSettings} cannot be changed by one consumer under another's feet (the original makes
 * its settings read-only too). Lists and maps may hold nulls, so the JDK's copyOf is not usable.
 */
final class ImmutableTree {
    private ImmutableTree() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, ?> m) {
        return (Map<String, Object>) value(m);
    }

    static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, value(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof PyTuple t) {
            List<Object> out = new ArrayList<>();
            t.items().forEach(x -> out.add(value(x)));
            return new PyTuple(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(value(x)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }
}
