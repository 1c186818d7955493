package dev.clusterutils.settings;

import dev.clusterutils.value.NestedMaps;
import dev.clusterutils.value.PyTuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates {@code fixed_params} (spec §2.9): names pass the parameter-name rules, values are
 * bool, str, int, float or list (nested dicts are rejected: dotted keys express nesting), and
 * dotted keys become nested dicts. {@code __import__} (renamed from {@code __import_promise__})
 * is the file the job's client imports, and is kept as it is.
 */
final class FixedParamsReader {
    /** The flat names as written, and the nested dict the job receives. */
    record Result(List<String> names, Map<String, Object> nested) {
    }

    private FixedParamsReader() {
    }

    static Result read(Section s) {
        Map<String, Object> flat = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Object> e : s.map().entrySet()) {
            String name = e.getKey();
            String path = s.keyPath(name);
            s.allow(name);
            Object v = e.getValue();
            boolean ok = name.equals(ImportResolver.IMPORT_KEY) || ParamNames.check(name, path, s.problems());
            if (v instanceof Map) {
                s.problems().error(path, Section.expected("bool, str, int, float or list", v)
                        + "; nested dicts are not allowed, write dotted keys such as '" + name + ".x' instead");
                ok = false;
            } else if (!(v instanceof Boolean || v instanceof String || v instanceof Long || v instanceof BigInteger
                    || v instanceof Double || v instanceof List || v instanceof PyTuple)) {
                s.problems().error(path, Section.expected("bool, str, int, float or list", v));
                ok = false;
            }
            if (ok) {
                flat.put(name, v);
                names.add(name);
            }
        }
        checkConflicts(names, s);
        return new Result(names, NestedMaps.expandDotted(flat));
    }

    /** {@code a} and {@code a.b} together would silently drop one of them when nested. */
    private static void checkConflicts(List<String> names, Section s) {
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                if (i != j && names.get(j).startsWith(names.get(i) + ".")) {
                    s.problems().error(s.keyPath(names.get(j)),
                            "conflicts with '" + names.get(i) + "', which sets the whole of '" + names.get(i) + "'");
                }
            }
        }
    }
}
