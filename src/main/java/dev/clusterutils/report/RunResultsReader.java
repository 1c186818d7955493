package dev.clusterutils.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.results.JsonValues;
import dev.clusterutils.settings.Objectives;
import dev.clusterutils.value.NestedMaps;
import dev.clusterutils.value.PyTuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a results directory into {@link RunResults}. The journal is the truth (the CSVs are
 * views of it, and for hp_optimization they are sorted and regrouped); settings and metadata add
 * names, the objective and the parameter distributions.
 */
public final class RunResultsReader {
    /** Grid parameters with at most this many distinct numeric values are charted as categories. */
    static final int MAX_NUMERIC_CATEGORIES = 30;
    private static final Set<String> NOT_PARAMETERS = Set.of("id", "working_dir", "_id", "_iteration");

    private RunResultsReader() {
    }

    /** Thrown when a directory is not something a report can be made from; the message says why. */
    public static final class NotAResultsDirectory extends IOException {
        private static final long serialVersionUID = 1L;

        public NotAResultsDirectory(String message) {
            super(message);
        }
    }

    public static RunResults read(Path resultsDir) throws IOException {
        if (!Files.isDirectory(resultsDir)) {
            throw new NotAResultsDirectory("'" + resultsDir + "' does not exist or is not a directory");
        }
        RunLayout layout = new RunLayout(resultsDir, null, null);
        Path journalFile = layout.journal();
        if (!Files.exists(journalFile)) {
            throw new NotAResultsDirectory("'" + resultsDir + "' is not the results directory of a cluster-utils run: it has no "
                    + journalFile.getFileName() + " (runs of the original Python tool have none)");
        }
        Map<String, Object> metadata = readJsonMap(layout.metadata());
        String listing = Files.exists(layout.resolvedSettings()) ? Files.readString(layout.resolvedSettings()) : null;
        Map<String, Object> settings = listing == null ? Map.of() : parseMap(listing, layout.resolvedSettings());

        Replay replay = new Replay();
        for (JournalEvent e : Journal.read(journalFile)) {
            replay.on(e);
        }
        String runType = metadata.get("run_type") instanceof String s ? s : replay.runType;
        RunResults.RunKind kind = "HP_OPTIMIZATION".equalsIgnoreCase(runType) ? RunResults.RunKind.HP_OPTIMIZATION
                : RunResults.RunKind.GRID_SEARCH;
        List<JobResult> jobs = replay.jobs();
        String name = settings.get("optimization_procedure_name") instanceof String s ? s
                : String.valueOf(resultsDir.toAbsolutePath().normalize().getFileName());
        Objective objective = kind == RunResults.RunKind.HP_OPTIMIZATION ? objective(settings) : null;
        List<ParamInfo> params = kind == RunResults.RunKind.HP_OPTIMIZATION ? hpoParams(settings, jobs) : gridParams(settings, jobs);
        return new RunResults(resultsDir, name, kind, metadata, settings, listing, jobs, params, metrics(jobs), objective,
                replay.endStatus, replay.endMessage, replay.first, replay.last);
    }

    private static Map<String, Object> readJsonMap(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        return parseMap(Files.readString(file), file);
    }

    private static Map<String, Object> parseMap(String text, Path file) throws IOException {
        try {
            return JsonValues.mapFromJson(JsonValues.MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IOException("Failed to read '" + file + "': " + e.getOriginalMessage(), e);
        }
    }

    /** Replays journal events into per-job state; a job created again (a resumed run redoing it) starts over. */
    private static final class Replay {
        final Map<Long, Builder> jobs = new TreeMap<>();
        String runType;
        String endStatus;
        String endMessage;
        long first;
        long last;

        void on(JournalEvent e) {
            if (first == 0) {
                first = e.time();
            }
            last = Math.max(last, e.time());
            if (e instanceof JournalEvent.RunStarted s) {
                runType = s.runType();
                endStatus = null; // a resumed run goes on
                endMessage = null;
            } else if (e instanceof JournalEvent.JobCreated c) {
                jobs.put(c.id(), new Builder(c.id(), c.iteration(), NestedMaps.flatten(c.params())));
            } else if (e instanceof JournalEvent.JobSucceeded s) {
                Builder b = jobs.get(s.id());
                if (b != null) {
                    b.outcome = JobResult.Outcome.SUCCEEDED;
                    b.metrics = numericMetrics(s.metrics());
                    b.failure = null;
                }
            } else if (e instanceof JournalEvent.JobFailed f) {
                Builder b = jobs.get(f.id());
                if (b != null && b.outcome != JobResult.Outcome.SUCCEEDED) {
                    b.outcome = JobResult.Outcome.FAILED;
                    b.failure = f.reason();
                }
            } else if (e instanceof JournalEvent.JobEarlyReport r) {
                Builder b = jobs.get(r.id());
                if (b != null) {
                    b.early.add(numericMetrics(r.metrics()));
                }
            } else if (e instanceof JournalEvent.JobResubmitting r) {
                Builder b = jobs.get(r.id());
                if (b != null) {
                    b.resubmissions++;
                }
            } else if (e instanceof JournalEvent.RunEnded r) {
                endStatus = r.status();
                endMessage = r.message();
            }
        }

        List<JobResult> jobs() {
            List<JobResult> out = new ArrayList<>(jobs.size());
            for (Builder b : jobs.values()) {
                out.add(new JobResult(b.id, b.iteration, b.params, b.outcome, b.metrics, b.failure, b.resubmissions,
                        b.early.isEmpty() ? List.of() : List.copyOf(b.early)));
            }
            return out;
        }
    }

    private static final class Builder {
        final long id;
        final int iteration;
        final Map<String, Object> params;
        JobResult.Outcome outcome = JobResult.Outcome.UNFINISHED;
        Map<String, Double> metrics = Map.of();
        String failure;
        int resubmissions;
        final List<Map<String, Double>> early = new ArrayList<>(0);

        Builder(long id, int iteration, Map<String, Object> params) {
            this.id = id;
            this.iteration = iteration;
            this.params = params;
        }
    }

    /** Keeps the numbers (NaN and infinities included); booleans, strings and arrays have no place on an axis. */
    private static Map<String, Double> numericMetrics(Map<String, Object> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (Values.isNumber(v)) {
                out.put(k, ((Number) v).doubleValue());
            }
        });
        return out;
    }

    private static List<String> metrics(List<JobResult> jobs) {
        Set<String> names = new LinkedHashSet<>();
        for (JobResult j : jobs) {
            names.addAll(j.metrics().keySet());
        }
        List<String> out = new ArrayList<>(names);
        // the original reports time_elapsed like any metric; it is rarely what the user looks for first
        if (out.remove("time_elapsed")) {
            out.add("time_elapsed");
        }
        return out;
    }

    private static Objective objective(Map<String, Object> settings) {
        // a multi-objective run: the sections for one metric show the first (ParetoSection shows them all)
        Objectives o = Objectives.fromTree(settings);
        return o == null ? null : new Objective(o.name(0), o.minimizes(0));
    }

    // --- parameters ------------------------------------------------------------------------------

    private static List<ParamInfo> hpoParams(Map<String, Object> settings, List<JobResult> jobs) {
        List<ParamInfo> out = new ArrayList<>();
        if (settings.get("optimized_params") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> spec) || !(spec.get("param") instanceof String name)) {
                    continue;
                }
                String dist = spec.get("distribution") instanceof String d ? d : null;
                List<Object> values = valuesOf(name, jobs);
                boolean numeric = !values.isEmpty() && values.stream().allMatch(Values::isNumber);
                boolean discrete = "Discrete".equals(dist) || !numeric && !values.isEmpty();
                double lower = Double.NaN;
                double upper = Double.NaN;
                if (spec.get("bounds") instanceof List<?> b && b.size() == 2) {
                    lower = Values.number(b.get(0));
                    upper = Values.number(b.get(1));
                }
                List<Object> options = spec.get("options") instanceof List<?> opts ? new ArrayList<>(opts) : List.of();
                boolean log = dist != null && dist.contains("Log");
                out.add(new ParamInfo(name, numeric, discrete, log && !discrete, lower, upper,
                        discrete ? categories(options, values) : List.of(), dist));
            }
        }
        return out.isEmpty() ? detectedParams(jobs) : out;
    }

    private static List<ParamInfo> gridParams(Map<String, Object> settings, List<JobResult> jobs) {
        List<ParamInfo> out = new ArrayList<>();
        if (settings.get("hyperparam_list") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> entry)) {
                    continue;
                }
                Object param = entry.get("param");
                List<String> names = new ArrayList<>();
                if (param instanceof String s) {
                    names.add(s);
                } else if (param instanceof Collection<?> c) {
                    c.forEach(n -> names.add(String.valueOf(n)));
                }
                List<?> listed = entry.get("values") instanceof List<?> v ? v : List.of();
                for (int k = 0; k < names.size(); k++) {
                    List<Object> settingOrder = new ArrayList<>();
                    for (Object v : listed) {
                        // zipped entries list tuples (lists in JSON); each name takes its own position
                        List<?> items = v instanceof PyTuple t ? t.items() : v instanceof List<?> l ? l : null;
                        settingOrder.add(names.size() > 1 && items != null && items.size() == names.size() ? items.get(k) : v);
                    }
                    out.add(gridParam(names.get(k), settingOrder, jobs));
                }
            }
        }
        out.removeIf(p -> valuesOf(p.name(), jobs).isEmpty());
        return out.isEmpty() ? detectedParams(jobs) : out;
    }

    private static ParamInfo gridParam(String name, List<Object> settingOrder, List<JobResult> jobs) {
        List<Object> values = valuesOf(name, jobs);
        boolean numeric = !values.isEmpty() && values.stream().allMatch(Values::isNumber);
        boolean categorical = !numeric || distinct(values).size() <= MAX_NUMERIC_CATEGORIES;
        double lower = Double.NaN;
        double upper = Double.NaN;
        boolean log = false;
        if (numeric) {
            double[] xs = values.stream().mapToDouble(Values::number).toArray();
            lower = Stats.min(xs);
            upper = Stats.max(xs);
            log = !categorical && ScaleDetection.isLog(xs);
        }
        List<Object> order = numeric ? List.of() : settingOrder;
        return new ParamInfo(name, numeric, categorical, log, lower, upper, categorical ? categories(order, values) : List.of(), null);
    }

    /** Without settings: every parameter with more than one value across the jobs. */
    private static List<ParamInfo> detectedParams(List<JobResult> jobs) {
        Set<String> names = new LinkedHashSet<>();
        jobs.forEach(j -> names.addAll(j.params().keySet()));
        List<ParamInfo> out = new ArrayList<>();
        for (String n : names) {
            if (NOT_PARAMETERS.contains(n)) {
                continue;
            }
            List<Object> values = valuesOf(n, jobs);
            if (distinct(values).size() > 1) {
                out.add(gridParam(n, List.of(), jobs));
            }
        }
        return out;
    }

    private static List<Object> valuesOf(String name, List<JobResult> jobs) {
        List<Object> out = new ArrayList<>();
        for (JobResult j : jobs) {
            if (j.params().containsKey(name)) {
                out.add(j.params().get(name));
            }
        }
        return out;
    }

    private static Set<String> distinct(List<Object> values) {
        Set<String> s = new LinkedHashSet<>();
        values.forEach(v -> s.add(Values.label(v)));
        return s;
    }

    /**
     * Category labels in a reading order: every value the settings list, in their order (an
     * option the optimizer never chose is worth seeing), then values only the jobs have: numbers
     * ascending, booleans False before True, anything else in order of appearance.
     */
    private static List<String> categories(List<Object> preferredOrder, List<Object> values) {
        Set<String> out = new LinkedHashSet<>();
        for (Object o : preferredOrder) {
            out.add(Values.label(o instanceof List<?> l ? new PyTuple(new ArrayList<>(l)) : o));
        }
        List<Object> rest = new ArrayList<>();
        Set<String> restLabels = new LinkedHashSet<>();
        for (Object v : values) {
            String label = Values.label(v);
            if (!out.contains(label) && restLabels.add(label)) {
                rest.add(v);
            }
        }
        if (rest.stream().allMatch(Values::isNumber)) {
            rest.sort(Comparator.comparingDouble(Values::number));
        } else if (rest.stream().allMatch(v -> v instanceof Boolean)) {
            rest.sort(Comparator.comparing(v -> (Boolean) v));
        }
        rest.forEach(v -> out.add(Values.label(v)));
        return List.copyOf(out);
    }
}
