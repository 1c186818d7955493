package dev.clusterutils.settings;

import dev.clusterutils.space.GridEntry;
import dev.clusterutils.value.PyTuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the grid_search keys (spec §2.7, §3.1). Checks the original only makes lazily, or not
 * at all, are made here, before anything runs: value types, zipped arity (the original silently
 * truncates), {@code restarts = 0} (the original loops forever).
 */
final class GridSearchReader {
    static final List<String> KEYS = List.of("hyperparam_list", "restarts", "samples", "load_existing_results", "local_run");

    private GridSearchReader() {
    }

    static GridSearchSettings read(Section top) {
        List<GridEntry> entries = entries(top);
        Integer restarts = top.integer("restarts", true, 1);
        Integer samples = top.integer("samples", false, 0);
        boolean load = top.bool("load_existing_results", false);
        Boolean localRun = top.nullableBool("local_run", false);
        checkSize(top, entries, restarts == null ? 1 : restarts, samples);
        EarlyStoppingSettings stopping = EarlyKillingReader.gridStopping(top);
        return new GridSearchSettings(entries, restarts == null ? 1 : restarts, samples, load, localRun, stopping);
    }

    /**
     * The number of jobs, computed without overflow: a grid beyond {@link SettingsLimits#MAX_GRID_JOBS}
     * is refused here, before any directory exists (it used to overflow a long while jobs were created).
     */
    private static void checkSize(Section top, List<GridEntry> entries, int restarts, Integer samples) {
        BigInteger points = BigInteger.ONE;
        if (samples != null && samples > 0) {
            points = BigInteger.valueOf(samples);
        } else {
            for (GridEntry e : entries) {
                points = points.multiply(BigInteger.valueOf(e.values().size()));
            }
        }
        BigInteger jobs = points.multiply(BigInteger.valueOf(restarts));
        if (jobs.compareTo(BigInteger.valueOf(SettingsLimits.MAX_GRID_JOBS)) > 0) {
            top.problems().error(top.keyPath("hyperparam_list"), "the grid has " + jobs + " jobs ("
                    + (samples != null && samples > 0 ? samples + " samples" : points + " points") + " x " + restarts
                    + " restarts); at most " + String.format("%,d", SettingsLimits.MAX_GRID_JOBS)
                    + " are supported: use samples, fewer values or fewer restarts");
        }
    }

    /** All names of the entries, zipped ones one by one. */
    static List<String> names(GridSearchSettings grid) {
        List<String> out = new ArrayList<>();
        grid.hyperparamList().forEach(e -> out.addAll(e.names()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<GridEntry> entries(Section top) {
        List<Object> list = top.list("hyperparam_list", true);
        List<GridEntry> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (list.isEmpty()) {
            top.problems().warn(top.keyPath("hyperparam_list"), "no hyperparameters vary; only the restarts are run");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = top.keyPath("hyperparam_list") + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                top.problems().error(path, Section.expected("dict with 'param' and 'values'", list.get(i)));
                continue;
            }
            Section entry = new Section((Map<String, Object>) m, path, top.problems());
            int before = top.problems().errorCount();
            List<String> names = names(entry, seen);
            List<Object> values = entry.list("values", true);
            entry.rejectUnknown();
            if (values == null || names.isEmpty()) {
                continue;
            }
            if (values.isEmpty()) {
                top.problems().error(entry.keyPath("values"), "must not be empty (the grid would have no points)");
            }
            List<Object> normalised = new ArrayList<>();
            for (int k = 0; k < values.size(); k++) {
                Object v = value(values.get(k), names.size(), entry.keyPath("values") + "[" + k + "]", top.problems());
                normalised.add(v);
            }
            if (top.problems().errorCount() == before) {
                out.add(new GridEntry(names, normalised));
            }
        }
        return out;
    }

    private static List<String> names(Section entry, Set<String> seen) {
        Object param = entry.raw("param");
        List<String> names = new ArrayList<>();
        String path = entry.keyPath("param");
        if (param == null) {
            entry.problems().error(path, entry.map().containsKey("param") ? Section.expected("str or list of str", null) : "missing required key");
            return names;
        }
        if (param instanceof String s) {
            if (ParamNames.check(s, path, entry.problems())) {
                names.add(s);
            }
        } else if (param instanceof List<?> l && !l.isEmpty()) {
            for (int k = 0; k < l.size(); k++) {
                if (ParamNames.check(l.get(k), path + "[" + k + "]", entry.problems())) {
                    names.add((String) l.get(k));
                }
            }
            if (names.size() != l.size()) {
                return List.of();
            }
        } else {
            entry.problems().error(path, Section.expected("str or non-empty list of str", param));
            return names;
        }
        for (String n : names) {
            if (!seen.add(n)) {
                entry.problems().error(path, "duplicate parameter '" + n + "' in hyperparam_list");
            }
        }
        return names;
    }

    /** One grid value: lists become tuples; zipped values must match the number of names. */
    private static Object value(Object v, int arity, String path, Problems problems) {
        if (arity > 1) {
            List<?> items = v instanceof PyTuple t ? t.items() : v instanceof List<?> l ? l : null;
            if (items == null) {
                problems.error(path, Section.expected("list of " + arity + " values (one per zipped name)", v));
                return v;
            }
            if (items.size() != arity) {
                problems.error(path, "has " + items.size() + " values but 'param' names " + arity + " parameters");
            }
            for (int k = 0; k < items.size(); k++) {
                if (items.get(k) == null || items.get(k) instanceof Map) {
                    problems.error(path + "[" + k + "]", Section.expected("bool, str, int, float or list", items.get(k)));
                }
            }
            return new PyTuple(new ArrayList<>(items));
        }
        if (v instanceof PyTuple) {
            return v;
        }
        if (v instanceof List<?> l) {
            return new PyTuple(new ArrayList<>(l));
        }
        if (v instanceof Boolean || v instanceof String || v instanceof Long || v instanceof BigInteger || v instanceof Double) {
            return v;
        }
        problems.error(path, Section.expected("bool, str, int, float or list", v));
        return v;
    }
}
