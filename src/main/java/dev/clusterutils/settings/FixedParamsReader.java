package dev.clusterutils.settings;

import dev.clusterutils.value.NestedMaps;
import dev.clusterutils.value.PyTuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

    /**
     * {@code a} and {@code a.b} together would silently drop one of them when nested. Each name's
     * dotted prefixes are looked up, not every pair compared: 20,000 names took 36 s that way.
     * Reported in the order of the shorter name, then the longer.
     */
    private static void checkConflicts(List<String> names, Section s) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i), i);
        }
        List<int[]> conflicts = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                Integer i = index.get(name.substring(0, dot));
                if (i != null) {
                    conflicts.add(new int[] {i, j});
                }
            }
        }
        conflicts.sort(Comparator.<int[]>comparingInt(c -> c[0]).thenComparingInt(c -> c[1]));
        for (int[] c : conflicts) {
            String shorter = names.get(c[0]);
            s.problems().error(s.keyPath(names.get(c[1])), "conflicts with '" + shorter + "', which sets the whole of '" + shorter + "'");
        }
    }
}
