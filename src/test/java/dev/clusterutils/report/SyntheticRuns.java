package dev.clusterutils.report;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.results.JsonValues;
import dev.clusterutils.results.Metadata;
import dev.clusterutils.value.NestedMaps;
import dev.clusterutils.value.PyTuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Results directories as a run writes them (journal, metadata.json, settings_resolved.json),
 * made up in code: the fixtures of the report tests and the report benchmark.
 */
public final class SyntheticRuns {
    static final long T0 = LocalDateTime.of(2024, 8, 19, 14, 3, 12).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();

    /** One job to be: what it is given and how it ends. */
    record Job(long id, int iteration, Map<String, Object> params, Map<String, Object> metrics, String failure,
               boolean unfinished, int resubmissions) {
    }

    private final Path dir;
    private final String runType;
    private final Map<String, Object> settings;
    private final List<Job> jobs = new ArrayList<>();
    private final Random random = new Random(7);
    private int parallel = 8;
    private boolean ended = true;

    private SyntheticRuns(Path dir, String runType, Map<String, Object> settings) {
        this.dir = dir;
        this.runType = runType;
        this.settings = settings;
    }

    static SyntheticRuns grid(Path dir, Map<String, Object> settings) {
        return new SyntheticRuns(dir, "GRID_SEARCH", settings);
    }

    static SyntheticRuns hpo(Path dir, Map<String, Object> settings) {
        return new SyntheticRuns(dir, "HP_OPTIMIZATION", settings);
    }

    SyntheticRuns parallel(int n) {
        this.parallel = n;
        return this;
    }

    SyntheticRuns notEnded() {
        this.ended = false;
        return this;
    }

    private final Map<Long, List<Map<String, Object>>> early = new java.util.HashMap<>();

    /** Early reports (announce_early_results) the job sends while it runs, evenly spread over its run. */
    SyntheticRuns early(long id, List<Map<String, Object>> reports) {
        early.put(id, reports);
        return this;
    }

    SyntheticRuns add(Job job) {
        jobs.add(job);
        return this;
    }

    SyntheticRuns succeeded(long id, int iteration, Map<String, Object> flatParams, Map<String, Object> metrics) {
        return add(new Job(id, iteration, flatParams, metrics, null, false, 0));
    }

    SyntheticRuns failed(long id, int iteration, Map<String, Object> flatParams, String reason) {
        return add(new Job(id, iteration, flatParams, null, reason, false, 0));
    }

    /**
     * Writes the directory. Jobs run {@code parallel} at a time in id order: each is submitted
     * when a slot frees, starts a few seconds later and runs 20-120 s.
     */
    Path write() throws IOException {
        RunLayout layout = new RunLayout(dir, dir.resolve("jobs"), null);
        Files.createDirectories(dir);
        long[] slots = new long[parallel];
        java.util.Arrays.fill(slots, T0 + 1000);
        List<Object[]> events = new ArrayList<>(); // {time, order, event}
        long order = 0;
        events.add(new Object[]{T0, order++, new JournalEvent.RunStarted(T0, runType, dir.resolve("jobs").toString(), null, 1, "test")});
        long last = T0;
        for (Job j : jobs) {
            int slot = 0;
            for (int s = 1; s < parallel; s++) {
                if (slots[s] < slots[slot]) {
                    slot = s;
                }
            }
            long submit = slots[slot];
            Map<String, Object> nested = NestedMaps.expandDotted(new LinkedHashMap<>(j.params()));
            nested.put("working_dir", layout.workingDir(j.id()).toString());
            nested.put("id", j.id());
            events.add(new Object[]{submit, order++, new JournalEvent.JobCreated(submit, j.id(), 1000 + j.id(), j.iteration(), nested)});
            events.add(new Object[]{submit, order++, new JournalEvent.JobSubmitted(submit, j.id(), "local-" + j.id())});
            long t = submit;
            for (int k = 0; k <= j.resubmissions(); k++) {
                long start = t + 1000 + random.nextInt(4000);
                events.add(new Object[]{start, order++, new JournalEvent.JobStarted(start, j.id(), "node" + (slot % 4))});
                long end = start + 20_000 + random.nextInt(100_000);
                List<Map<String, Object>> reports = k == j.resubmissions() ? early.getOrDefault(j.id(), List.of()) : List.of();
                for (int e = 0; e < reports.size(); e++) {
                    long at = start + (end - start) * (e + 1) / (reports.size() + 1);
                    events.add(new Object[]{at, order++, new JournalEvent.JobEarlyReport(at, j.id(), reports.get(e))});
                }
                if (k < j.resubmissions()) {
                    events.add(new Object[]{end, order++, new JournalEvent.JobResubmitting(end, j.id())});
                    events.add(new Object[]{end + 500, order++, new JournalEvent.JobSubmitted(end + 500, j.id(), "local-" + j.id() + "-" + k)});
                    t = end + 500;
                } else {
                    t = end;
                }
            }
            if (j.unfinished()) {
                slots[slot] = Long.MAX_VALUE / 2;
                continue;
            }
            if (j.failure() != null) {
                events.add(new Object[]{t, order++, new JournalEvent.JobFailed(t, j.id(), j.failure())});
            } else {
                events.add(new Object[]{t, order++, new JournalEvent.JobSucceeded(t, j.id(), j.metrics(), "message")});
            }
            slots[slot] = t;
            last = Math.max(last, t);
        }
        if (ended) {
            events.add(new Object[]{last + 100, order, new JournalEvent.RunEnded(last + 100, "finished", "Procedure successfully finished")});
        }
        events.sort((a, b) -> a[0].equals(b[0]) ? Long.compare((long) a[1], (long) b[1]) : Long.compare((long) a[0], (long) b[0]));
        Files.deleteIfExists(layout.journal());
        try (Journal journal = Journal.open(layout.journal())) {
            for (Object[] e : events) {
                journal.append((JournalEvent) e[2]);
            }
        }
        long succeeded = jobs.stream().filter(j -> j.failure() == null && !j.unfinished()).count();
        long failed = jobs.stream().filter(j -> j.failure() != null).count();
        Metadata m = new Metadata(runType, LocalDateTime.ofInstant(Instant.ofEpochMilli(T0), ZoneId.systemDefault()))
                .put("tool_version", "test").put("settings_file", "/home/user/experiments/" + settings.getOrDefault(
                        "optimization_procedure_name", "run") + ".json").put("seed", 1).put("backend", "local");
        if (ended) {
            m.put("end_time", Metadata.isoformat(LocalDateTime.ofInstant(Instant.ofEpochMilli(last + 100), ZoneId.systemDefault())))
                    .put("outcome", "finished").put("succeeded", succeeded).put("failed", failed);
        }
        m.write(layout.metadata());
        Files.writeString(layout.resolvedSettings(),
                JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(JsonValues.toJson(settings)) + "\n");
        return dir;
    }

    // --- ready-made runs ---------------------------------------------------------------------------

    static Map<String, Object> gridSettings(String name, int restarts, List<Map<String, Object>> hyperparams) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("optimization_procedure_name", name);
        s.put("results_dir", "/tmp/results");
        s.put("script_relative_path", "examples/basic/main.py");
        s.put("run_in_working_dir", true);
        s.put("generate_report", "when_finished");
        s.put("restarts", restarts);
        s.put("fixed_params", Map.of("test_resume", false, "max_sleep_time", 1));
        s.put("hyperparam_list", hyperparams);
        return s;
    }

    static Map<String, Object> entry(Object param, Object... values) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("param", param);
        e.put("values", List.of(values));
        return e;
    }

    /**
     * A grid of lr x layers x optimizer (a string parameter) with {@code restarts} runs each and
     * three metrics; every {@code failEvery}-th job fails (0: none).
     */
    public static Path gridRun(Path dir, int restarts, int failEvery) throws IOException {
        List<Map<String, Object>> hp = List.of(
                entry("optimizer.learning_rate", 0.001, 0.01, 0.1),
                entry("model.layers", 1, 2, 3, 4),
                entry("optimizer.kind", "adam", "sgd"));
        SyntheticRuns run = grid(dir, gridSettings("mnist_grid", restarts, hp));
        Random r = new Random(3);
        long id = 0;
        for (int restart = 0; restart < restarts; restart++) {
            for (Object lr : hp.get(0).get("values") instanceof List<?> l ? l : List.of()) {
                for (Object layers : (List<?>) hp.get(1).get("values")) {
                    for (Object kind : (List<?>) hp.get(2).get("values")) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("optimizer.learning_rate", lr);
                        p.put("model.layers", layers);
                        p.put("optimizer.kind", kind);
                        double x = Math.log10((Double) lr);
                        double loss = Math.pow(x + 2, 2) * 0.3 + 0.2 / ((Integer) layers) + ("sgd".equals(kind) ? 0.15 : 0)
                                + r.nextGaussian() * 0.03 + 0.05;
                        if (failEvery > 0 && id % failEvery == failEvery - 1) {
                            run.failed(id, restart, p, id % 2 == 0
                                    ? "Traceback (most recent call last):\n  File \"main.py\", line 12, in <module>\n    train()\n"
                                    + "  File \"main.py\", line 8, in train\n    raise RuntimeError('CUDA out of memory')\n"
                                    + "RuntimeError: CUDA out of memory\n"
                                    : "Job ended with exit code 137 and sent no results.\nLast lines of /tmp/jobs/0_" + id
                                    + ".sh.err:\nKilled");
                        } else {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("loss", loss);
                            m.put("accuracy", Math.max(0, Math.min(1, 1 - loss / 2 + r.nextGaussian() * 0.01)));
                            m.put("time_elapsed", 30.0 + 10 * (Integer) layers + r.nextDouble() * 5);
                            run.succeeded(id, restart, p, m);
                        }
                        id++;
                    }
                }
            }
        }
        return run.write();
    }

    static Map<String, Object> hpoSettings(String name, int samples, int perIteration) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("optimization_procedure_name", name);
        s.put("results_dir", "/tmp/results");
        s.put("script_relative_path", "examples/basic/main.py");
        s.put("run_in_working_dir", true);
        s.put("generate_report", "every_iteration");
        s.put("optimizer_str", "cem_metaoptimizer");
        s.put("optimizer_settings", Map.of("with_restarts", true, "num_jobs_in_elite", 10));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("metric_to_optimize", "result");
        o.put("minimize", true);
        o.put("number_of_samples", samples);
        o.put("n_jobs_per_iteration", perIteration);
        s.put("optimization_setting", o);
        s.put("fixed_params", Map.of("test_resume", false));
        s.put("optimized_params", List.of(
                spec("fn_args.u", "TruncatedNormal", List.of(-3.0, 3.0), null),
                spec("fn_args.v", "IntLogNormal", List.of(1, 1000), null),
                spec("fn_args.w", "IntNormal", List.of(-5, 5), null),
                spec("fn_args.y", "TruncatedLogNormal", List.of(0.01, 100.0), null),
                spec("fn_args.sharp_penalty", "Discrete", null, List.of(false, true)),
                spec("fn_args.activation_function_for_the_hidden_layers", "Discrete", null, List.of("relu", "tanh",
                        "leaky_relu_with_a_long_name"))));
        return s;
    }

    private static Map<String, Object> spec(String param, String dist, List<?> bounds, List<?> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("param", param);
        m.put("distribution", dist);
        if (bounds != null) {
            m.put("bounds", bounds);
        }
        if (options != null) {
            m.put("options", options);
        }
        return m;
    }

    /**
     * An hp_optimization run whose samples narrow around the optimum over the iterations, like
     * CEM; every {@code failEvery}-th job fails (0: none).
     */
    public static Path hpoRun(Path dir, int jobs, int perIteration, int failEvery) throws IOException {
        SyntheticRuns run = hpo(dir, hpoSettings("rosenbrock_opt", jobs, perIteration)).parallel(Math.max(1, perIteration));
        Random r = new Random(11);
        String[] acts = {"relu", "tanh", "leaky_relu_with_a_long_name"};
        for (int id = 0; id < jobs; id++) {
            int iteration = id / perIteration + 1;
            double width = Math.max(0.05, 1.0 / Math.sqrt(iteration));
            Map<String, Object> p = new LinkedHashMap<>();
            double u = clip(1 + r.nextGaussian() * 2 * width, -3, 3);
            long v = Math.round(clip(Math.exp(Math.log(30) + r.nextGaussian() * 2 * width), 1, 1000));
            long w = Math.round(clip(r.nextGaussian() * 3 * width, -5, 5));
            double y = clip(Math.exp(r.nextGaussian() * 2.5 * width), 0.01, 100);
            boolean sharp = r.nextDouble() < 0.5 - 0.4 * (1 - width);
            p.put("fn_args.u", u);
            p.put("fn_args.v", v);
            p.put("fn_args.w", w);
            p.put("fn_args.y", y);
            p.put("fn_args.sharp_penalty", sharp);
            p.put("fn_args.activation_function_for_the_hidden_layers", acts[r.nextInt(iteration > 3 ? 2 : 3)]);
            if (failEvery > 0 && id % failEvery == failEvery - 1) {
                run.failed(id, iteration, p, "Job ended with exit code 1 and sent no results.");
                continue;
            }
            double result = Math.pow(1 - u, 2) + 5 * Math.pow(Math.log(y), 2) + Math.abs(Math.log(v / 30.0)) + 0.1 * w * w
                    + (sharp ? 2 : 0) + Math.abs(r.nextGaussian()) * 0.1;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result", result);
            m.put("noiseless_result", result * 0.95);
            m.put("time_elapsed", 10 + r.nextDouble() * 50);
            run.succeeded(id, iteration, p, m);
            List<Map<String, Object>> curve = new ArrayList<>();
            for (int epoch = 1; epoch <= 4; epoch++) {
                curve.add(Map.of("result", result * (1 + 2.0 / epoch), "epoch", epoch));
            }
            run.early(id, curve);
        }
        return run.write();
    }

    private static double clip(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    static PyTuple tuple(Object... items) {
        return PyTuple.of(items);
    }
}
