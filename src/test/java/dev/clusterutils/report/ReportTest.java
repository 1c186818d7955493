package dev.clusterutils.report;

import static dev.clusterutils.report.SyntheticRuns.entry;
import static dev.clusterutils.report.SyntheticRuns.gridSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.value.PyTuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports built from fixed result sets, checked the way a reader would: pages, sections, charts, pixels. */
class ReportTest {
    @TempDir
    Path tmp;

    private PdfFile report(Path results) throws Exception {
        Path out = tmp.resolve("out").resolve("report.pdf");
        Report.write(results, out);
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(out), s.toList(), "only the report, no temporary file left behind");
        }
        return PdfFile.read(out);
    }

    @Test
    void gridWithRestartsAndFailedJobs() throws Exception {
        PdfFile pdf = report(SyntheticRuns.gridRun(tmp.resolve("grid"), 3, 7));

        pdf.assertNoOrphanHeadings();
        pdf.assertContains("Cluster job 'mnist_grid' results (August 19, 2024)",
                "72 created: 62 succeeded, 10 failed", "Restarts 3",
                "optimizer.learning_rate (3 values), model.layers (4 values), optimizer.kind (2 values)");
        // time_elapsed is in the summary's metrics table only: one best table and one set of charts per metric
        assertEquals(List.of("Summary", "Metrics", "Best settings per metric", "Lowest mean 'loss'", "Lowest mean 'accuracy'",
                "Parameter importance",
                "Distributions of 'loss' w.r.t. parameters", "Heatmaps of mean 'loss' w.r.t. parameters",
                "Distributions of 'accuracy' w.r.t. parameters", "Heatmaps of mean 'accuracy' w.r.t. parameters",
                "Spearman correlation of metrics and parameters", "Failed jobs", "Job 6: RuntimeError: CUDA out of memory",
                "Job 13: Job ended with exit code 137 and sent no results.", "Settings"), pdf.bookmarks);
        // restarts are aggregated: mean, std and the runs of each setting
        pdf.assertContains("mean loss std runs jobs", "3 12, 36, 60");
        // every chart: 3 box plots and 3 heat maps per metric, importance, correlation
        assertEquals(6, pdf.count("' per value of "));
        for (String m : List.of("loss", "accuracy")) {
            pdf.assertContains("'" + m + "' per value of optimizer.learning_rate", "'" + m + "' per value of model.layers",
                    "'" + m + "' per value of optimizer.kind");
            assertEquals(3, pdf.count("Mean '" + m + "' by "), m);
        }
        pdf.assertContains("Variance explained per parameter", "Spearman rank correlation");
        // the importance bars carry their numbers
        assertTrue(java.util.regex.Pattern.compile("Variance explained per parameter.*\\b\\d{1,3}%").matcher(pdf.text).find(),
                pdf.text);
        // failures grouped by reason, with the traceback's exception line as the reason
        pdf.assertContains("10 of 72 jobs failed.", "RuntimeError: CUDA out of memory 5 6, 20, 34, 48, 62",
                "Job ended with exit code 137 and sent no results. 5 13, 27, 41, 55, 69");
        pdf.assertContains("\"optimization_procedure_name\" : \"mnist_grid\"");
        // a chart page rendered to pixels is not blank
        assertTrue(pdf.pixelSpread(2) > 20, "page 3 has visible content");
        assertTrue(pdf.inkShare(2) > 0.08, "page 3 is mostly charts: " + pdf.inkShare(2));
    }

    @Test
    void gridWithoutFailuresSaysSo() throws Exception {
        PdfFile pdf = report(SyntheticRuns.gridRun(tmp.resolve("grid"), 1, 0));
        pdf.assertContains("24 created: 24 succeeded, 0 failed", "No job failed.");
        // one run per setting: the tables show the job instead of means over restarts
        pdf.assertContains("rank optimizer.learning_rate model.layers optimizer.kind loss job");
    }

    @Test
    void nonNumericAndZippedParametersAreCategories() throws Exception {
        List<Map<String, Object>> hp = List.of(
                entry("model.activation", "relu", "tanh", "a_really_long_activation_name_that_needs_shortening"),
                entry("pairs", List.of(-0.5, 10), List.of(0, 20)),
                entry(List.of("fn_args.x", "fn_args.y"), List.of(3.0, 0.1), List.of(3.5, 1.0)),
                entry("flag", true, false));
        SyntheticRuns run = SyntheticRuns.grid(tmp.resolve("cats"), gridSettings("categories", 1, hp));
        long id = 0;
        for (String act : List.of("relu", "tanh", "a_really_long_activation_name_that_needs_shortening")) {
            for (PyTuple pair : List.of(PyTuple.of(-0.5, 10L), PyTuple.of(0L, 20L))) {
                for (double[] xy : new double[][]{{3.0, 0.1}, {3.5, 1.0}}) {
                    for (boolean flag : new boolean[]{true, false}) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("model.activation", act);
                        p.put("pairs", pair);
                        p.put("fn_args.x", xy[0]);
                        p.put("fn_args.y", xy[1]);
                        p.put("flag", flag);
                        run.succeeded(id, 0, p, Map.of("loss", act.length() * 0.1 + xy[1] + (flag ? 1 : 0) + id * 0.001,
                                "status", "ok"));
                        id++;
                    }
                }
            }
        }
        PdfFile pdf = report(run.write());

        pdf.assertContains("model.activation (3 values), pairs (2 values), fn_args.x (2 values), fn_args.y (2 values), "
                + "flag (2 values)");
        pdf.assertContains("'loss' per value of model.activation", "'loss' per value of pairs", "'loss' per value of flag",
                "'loss' per value of fn_args.x");
        // tuple values read as Python shows them, long values shortened on the axes, in full in the tables
        pdf.assertContains("(-0.5, 10)", "(0, 20)", "True", "False", "a_real...ening",
                "a_really_long_activation_name_that_needs_shortening");
        assertEquals(10, pdf.count("Mean 'loss' by "), "heat maps for every pair of 5 parameters");
        // a string metric is not a metric to chart
        pdf.assertLacks("'status'");
    }

    @Test
    void aSingleJob() throws Exception {
        Map<String, Object> p = Map.of("optimizer.learning_rate", 0.01);
        Path grid = SyntheticRuns.grid(tmp.resolve("one"), gridSettings("one_job", 1,
                List.of(entry("optimizer.learning_rate", 0.01)))).succeeded(0, 0, p, Map.of("loss", 0.5)).write();
        PdfFile pdf = report(grid);
        pdf.assertContains("1 created: 1 succeeded, 0 failed", "No parameter takes more than one value",
                "Needs at least 3 successful jobs with metrics.", "No job failed.");

        Path hpo = SyntheticRuns.hpoRun(tmp.resolve("one-hpo"), 1, 1, 0);
        PdfFile h = report(hpo);
        h.assertContains("Progress of 'result' per iteration (minimised)", "'result' against fn_args.u",
                "Not enough data: needs at least 6 successful jobs", "Needs at least 3 successful jobs with metrics.");
        assertTrue(h.pixelSpread(1) > 10);
    }

    @Test
    void aMultiObjectiveRunShowsItsFrontAndHypervolume() throws Exception {
        Map<String, Object> settings = SyntheticRuns.hpoSettings("tradeoff", 40, 8);
        Map<String, Object> o = new java.util.LinkedHashMap<>(castMap(settings.get("optimization_setting")));
        o.put("metric_to_optimize", List.of("error", "size"));
        o.put("minimize", List.of(true, false));
        settings.put("optimization_setting", o);
        SyntheticRuns run = SyntheticRuns.hpo(tmp.resolve("mo"), settings).parallel(8);
        java.util.Random rnd = new java.util.Random(3);
        int frontSize = 0;
        for (int id = 0; id < 40; id++) {
            double u = rnd.nextDouble();
            Map<String, Object> p = Map.of("fn_args.u", u, "fn_args.v", 10L + id);
            // size is maximised: (error, size) = (u, u) is a front; every fifth job is worse in both
            boolean dominated = id % 5 == 4;
            frontSize += dominated ? 0 : 1;
            run.succeeded(id, id / 8 + 1, p, Map.of("error", u + (dominated ? 0.5 : 0), "size", u - (dominated ? 0.5 : 0)));
        }
        PdfFile pdf = report(run.write());
        pdf.assertContains("Pareto front", frontSize + " of 40 successful jobs are on the Pareto front of error (min), size (max)",
                "'error' against 'size'", "Hypervolume of the front after each iteration", "Jobs on the front",
                "error (min)", "size (max)");
        assertTrue(pdf.bookmarks.contains("Pareto front"), pdf.bookmarks.toString());
        // the summary names both objectives and each one's best, not the first one as if it were the only one
        pdf.assertContains("Objectives error (min), size (max) (multi-objective: see \"Pareto front\"; the sections for one metric show 'error')",
                "Best 'error'", "Best 'size'");
        assertFalse(pdf.text.contains("Best value"), "no single best value in a multi-objective run");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void hpOptimizationWithIterationsAndLogDistributions() throws Exception {
        PdfFile pdf = report(SyntheticRuns.hpoRun(tmp.resolve("hpo"), 200, 20, 13));

        pdf.assertNoOrphanHeadings();
        pdf.assertContains("Results of optimization procedure 'rosenbrock_opt' (August 19, 2024)",
                "200 created: 185 succeeded, 15 failed", "Iterations 10", "Objective 'result', minimised", "Best value");
        assertEquals(List.of("Summary", "Metrics", "Best settings", "Optimization progress", "Learning curves",
                "Hyperparameter importance", "The two most important parameters",
                "'result' against each parameter", "Parallel coordinates", "Distribution development",
                "Spearman correlation of metrics and parameters", "Failed jobs",
                "Job 12: Job ended with exit code 1 and sent no results.", "Settings"), pdf.bookmarks);
        pdf.assertContains("Progress of 'result' per iteration (minimised)", "Hyperparameter importance for 'result'",
                "Spearman rank correlation");
        for (String param : List.of("fn_args.u", "fn_args.v", "fn_args.w", "fn_args.y", "fn_args.sharp_penalty",
                "...unction_for_the_hidden_layers")) {
            pdf.assertContains("'result' against " + param, param + " over iterations");
        }
        // log axes for the log-distributed parameters only
        pdf.assertContains("fn_args.v (log scale)", "fn_args.y (log scale)");
        pdf.assertLacks("fn_args.u (log scale)", "fn_args.w (log scale)");
        // Discrete parameters: options as categories and as shares per iteration
        pdf.assertContains("share of jobs", "relu", "tanh");
        assertTrue(pdf.inkShare(3) > 0.08, "page 4 is mostly charts");
        // learning curves from the early reports, parallel coordinates, a contour of the two most important numeric parameters
        pdf.assertContains("Learning curves: early reports of 'result'", "185 jobs sent while running",
                "Parallel coordinates: every successful job, coloured by 'result'", "(interpolated)");
        assertTrue(java.util.regex.Pattern.compile("'result' over fn_args\\.[uvwy] and fn_args\\.[uvwy] \\(interpolated\\)")
                .matcher(pdf.text).find(), pdf.text);
    }

    @Test
    void timeElapsedIsChartedWhenAsked() throws Exception {
        Path results = SyntheticRuns.gridRun(tmp.resolve("grid"), 3, 7);
        Path out = tmp.resolve("with-time.pdf");
        Report.write(results, out, ReportOptions.DEFAULTS.withTimeElapsed(true));
        PdfFile pdf = PdfFile.read(out);
        assertTrue(pdf.bookmarks.containsAll(List.of("Lowest mean 'time_elapsed'", "Distributions of 'time_elapsed' w.r.t. parameters",
                "Heatmaps of mean 'time_elapsed' w.r.t. parameters")), pdf.bookmarks.toString());
        assertEquals(9, pdf.count("' per value of "));
    }

    @Test
    void heatMapColoursAreLogarithmicWhenValuesSpanDecades() {
        ColorScale log = ColorScale.viridisFor(0.01, 100);
        assertTrue(log.log());
        // 1 is halfway between 0.01 and 100 in decades: the middle colour, not the bottom one as on a linear scale
        assertEquals(ColorScale.viridis(0, 1).color(0.5), log.color(1));
        assertFalse(ColorScale.viridisFor(1, 50).log(), "less than two decades stay linear");
        assertFalse(ColorScale.viridisFor(0, 100).log(), "zero has no logarithm");
    }

    @Test
    void aTableHeaderIsNotBrokenInsideAWord() {
        org.apache.pdfbox.pdmodel.font.PDFont bold = dev.clusterutils.report.pdf.StandardFonts.SANS_BOLD;
        float word = dev.clusterutils.report.pdf.StandardFonts.width(bold, 8, "iteration");
        // a column measured to fit the word, less a float rounding error from adding and removing its padding
        assertEquals(List.of("iteration"), dev.clusterutils.report.pdf.PdfPagesAccess.wrap("iteration", bold, 8, Math.nextDown(word)));
    }

    @Test
    void hpoBestSettingsFollowTheDirection() throws Exception {
        Map<String, Object> settings = SyntheticRuns.hpoSettings("max_run", 10, 5);
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) settings.get("optimization_setting");
        o.put("minimize", false);
        SyntheticRuns run = SyntheticRuns.hpo(tmp.resolve("max"), settings);
        for (int i = 0; i < 10; i++) {
            run.succeeded(i, i / 5 + 1, Map.of("fn_args.u", i * 0.1, "fn_args.v", 1 + i, "fn_args.w", 0, "fn_args.y", 1.0,
                    "fn_args.sharp_penalty", false, "fn_args.activation_function_for_the_hidden_layers", "relu"),
                    Map.of("result", (double) i));
        }
        RunResults r = RunResultsReader.read(run.write());
        assertFalse(r.objective().minimize());
        assertEquals(9, Report.best(r, r.objective()).id());
        PdfFile pdf = report(r.resultsDir());
        pdf.assertContains("Objective 'result', maximised", "by highest mean 'result'", "Progress of 'result' per iteration (maximised)");
    }

    @Test
    void allJobsFailed() throws Exception {
        SyntheticRuns run = SyntheticRuns.grid(tmp.resolve("failed"), gridSettings("broken", 1,
                List.of(entry("x", 1, 2, 3))));
        for (int i = 0; i < 3; i++) {
            run.failed(i, 0, Map.of("x", i + 1), "Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>\n"
                    + "ModuleNotFoundError: No module named 'torch'\n");
        }
        PdfFile pdf = report(run.write());
        pdf.assertContains("3 created: 0 succeeded, 3 failed", "No job finished successfully",
                "3 of 3 jobs failed.", "ModuleNotFoundError: No module named 'torch' 3 0, 1, 2");
        pdf.assertLacks("Spearman rank correlation");

        Path hpo = tmp.resolve("failed-hpo");
        SyntheticRuns h = SyntheticRuns.hpo(hpo, SyntheticRuns.hpoSettings("broken_opt", 4, 2));
        for (int i = 0; i < 4; i++) {
            h.failed(i, i / 2 + 1, Map.of("fn_args.u", 0.5, "fn_args.v", 3), "Job concluded but sent no results.");
        }
        PdfFile ph = report(h.write());
        ph.assertContains("4 created: 0 succeeded, 4 failed", "none (no successful job reported it)",
                "No successful job reported 'result'", "4 of 4 jobs failed.");
        // proposals are still shown: the optimizer's choices do not depend on success
        ph.assertContains("fn_args.u over iterations");
    }

    @Test
    void aRunStillGoingHasUnfinishedJobs() throws Exception {
        SyntheticRuns run = SyntheticRuns.grid(tmp.resolve("going"), gridSettings("going", 1, List.of(entry("x", 1, 2, 3, 4))))
                .notEnded();
        run.succeeded(0, 0, Map.of("x", 1), Map.of("loss", 1.0));
        run.succeeded(1, 0, Map.of("x", 2), Map.of("loss", 2.0));
        run.add(new SyntheticRuns.Job(2, 0, Map.of("x", 3), null, null, true, 1));
        run.add(new SyntheticRuns.Job(3, 0, Map.of("x", 4), null, null, true, 0));
        PdfFile pdf = report(run.write());
        pdf.assertContains("4 created: 2 succeeded, 0 failed, 2 unfinished; 1 resubmissions after exit for resume",
                "not yet (or the run was killed)", "2 jobs have not finished", "2, 3.");
    }

    @Test
    void nonFiniteMetricsAreLeftOutOfStatisticsAndCharts() throws Exception {
        SyntheticRuns run = SyntheticRuns.grid(tmp.resolve("nan"), gridSettings("nan", 1, List.of(entry("x", 1, 2, 3, 4, 5))));
        double[] losses = {1.0, Double.NaN, Double.POSITIVE_INFINITY, 4.0, 5.0};
        for (int i = 0; i < 5; i++) {
            run.succeeded(i, 0, Map.of("x", i + 1), Map.of("loss", losses[i]));
        }
        PdfFile pdf = report(run.write());
        pdf.assertContains("loss 3 1 5 3.333", "'loss' per value of x");
    }

    @Test
    void aRunWithoutJobsYet() throws Exception {
        Path dir = SyntheticRuns.hpo(tmp.resolve("empty"), SyntheticRuns.hpoSettings("empty", 10, 5)).notEnded().write();
        PdfFile pdf = report(dir);
        pdf.assertContains("0 created: 0 succeeded, 0 failed", "No successful job reported 'result'", "Needs jobs and optimized parameters.",
                "No job failed.");
    }

    @Test
    void withoutResolvedSettingsTheVariedParametersAreFoundInTheJobs() throws Exception {
        Path dir = SyntheticRuns.gridRun(tmp.resolve("nosettings"), 1, 0);
        Files.delete(new RunLayout(dir, null, null).resolvedSettings());
        RunResults r = RunResultsReader.read(dir);
        // in the order the job's parameter dict has them (nested: optimizer.* together)
        assertEquals(List.of("optimizer.learning_rate", "optimizer.kind", "model.layers"),
                r.params().stream().map(ParamInfo::name).toList());
        PdfFile pdf = report(dir);
        pdf.assertContains("The results directory has no settings_resolved.json.", "'loss' per value of model.layers");
    }

    @Test
    void refusesWhatIsNotAResultsDirectory() {
        assertThrows(RunResultsReader.NotAResultsDirectory.class, () -> Report.write(tmp.resolve("missing"), tmp.resolve("x.pdf")));
        assertThrows(RunResultsReader.NotAResultsDirectory.class, () -> Report.write(tmp, tmp.resolve("x.pdf")));
    }

    @Test
    void replacesAnExistingReport() throws Exception {
        Path dir = SyntheticRuns.gridRun(tmp.resolve("grid"), 1, 0);
        Path out = new RunLayout(dir, null, null).report();
        Files.writeString(out, "old");
        Report.write(dir, out);
        assertTrue(Files.readString(out.resolveSibling(out.getFileName()), java.nio.charset.StandardCharsets.ISO_8859_1)
                .startsWith("%PDF-"));
    }
}
