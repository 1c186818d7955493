package dev.clusterutils.report;

import dev.clusterutils.report.pdf.PdfPages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The hp_optimization part: progress per iteration, hyperparameter importance, the metric
 * against each parameter and each parameter's development over the iterations.
 */
final class HpoSections {
    static final float HALF_HEIGHT = 200;
    static final float LEARNING_HEIGHT = 240;
    static final float PARALLEL_HEIGHT = 250;
    static final float CONTOUR_HEIGHT = 300;
    /** Curves and lines drawn at most: more are a grey mat. */
    static final int MAX_LINES = 300;

    private HpoSections() {
    }

    static void write(RunResults r, PdfPages pdf, ReportOptions o) {
        Objective objective = Report.objective(r);
        List<JobResult> ok = objective == null ? List.of()
                : r.succeeded().stream().filter(j -> Double.isFinite(j.metric(objective.metric()))).toList();

        pdf.section("Optimization progress", 270);
        if (ok.isEmpty()) {
            pdf.note("No successful job reported " + (objective == null ? "a metric" : "'" + objective.metric() + "'")
                    + ", so there is no progress to show.");
        } else {
            pdf.chart(Charts.progress(ok, objective, r.iterations(), o.maxPoints()), 260);
            pdf.note("Grey dots: jobs (spread sideways within their iteration). Blue: median and inter-quartile range of "
                    + "the iteration. Red: best value of all iterations so far.");
        }

        // the explanation (about 5 lines) and the chart stay with the heading
        if (objective != null) {
            List<JobResult> curves = HpoCharts.withCurves(r.jobs(), objective.metric());
            if (!curves.isEmpty()) {
                pdf.section("Learning curves", LEARNING_HEIGHT + 30);
                pdf.chart(HpoCharts.learningCurves(curves, objective, MAX_LINES), LEARNING_HEIGHT);
                pdf.note("The values of '" + objective.metric() + "' that " + curves.size() + " job"
                        + (curves.size() == 1 ? "" : "s") + " sent while running (announce_early_results), coloured by "
                        + "iteration; red: the best job" + (curves.size() > MAX_LINES ? "; the " + MAX_LINES + " best jobs are drawn" : "")
                        + ". Curves that flatten early show where fewer epochs would do.");
            }
        }

        pdf.section("Hyperparameter importance", 70 + Math.min(420, 70 + 24 * r.params().size()));
        if (ok.isEmpty() || r.params().isEmpty()) {
            pdf.note("Needs successful jobs and optimized parameters.");
        } else {
            importance(r, pdf, ok, objective);
            contour(r, pdf, ok, objective);
        }

        pdf.section("'" + (objective == null ? "metric" : objective.metric()) + "' against each parameter", HALF_HEIGHT + 24);
        if (ok.isEmpty() || r.params().isEmpty()) {
            pdf.note("Needs successful jobs and optimized parameters.");
        } else {
            List<JFreeChart> charts = new ArrayList<>();
            for (ParamInfo p : r.params()) {
                charts.add(Charts.metricVsParam(ok, p, objective.metric(), objective, true, o.maxPoints()));
            }
            pdf.note("Every dot is a successful job, coloured by iteration; log axes for log-distributed parameters; "
                    + "the red diamond is the best job.");
            pdf.charts(charts, 2, HALF_HEIGHT);
        }

        if (ok.size() >= 2 && !r.params().isEmpty()) {
            pdf.section("Parallel coordinates", PARALLEL_HEIGHT + 30);
            pdf.chart(HpoCharts.parallelCoordinates(ok, r.params(), objective, o.maxPoints()), PARALLEL_HEIGHT);
            pdf.note("One line per successful job through its parameter values and '" + objective.metric() + "' (last axis); "
                    + "each axis spans the jobs' range (log for log distributions), its ends labelled. Colour: '"
                    + objective.metric() + "', dark = low; red: the best job.");
        }

        pdf.section("Distribution development", HALF_HEIGHT + 24);
        List<JobResult> all = r.jobs();
        if (all.isEmpty() || r.params().isEmpty()) {
            pdf.note("Needs jobs and optimized parameters.");
        } else {
            pdf.note("The values the optimizer proposed, per iteration (all jobs, including failed ones): numeric parameters "
                    + "as dots with the iteration's median, Discrete ones as the share of each option.");
            List<JFreeChart> charts = new ArrayList<>();
            for (ParamInfo p : r.params()) {
                charts.add(Charts.paramDevelopment(all, p, o.maxPoints()));
            }
            pdf.charts(charts, 2, HALF_HEIGHT);
        }
    }

    private static void contour(RunResults r, PdfPages pdf, List<JobResult> ok, Objective objective) {
        List<ParamInfo> top = HpoCharts.topTwoNumeric(r.params(), Importance.of(ok, r.params(), objective.metric()));
        pdf.subsection("The two most important parameters", CONTOUR_HEIGHT);
        if (top.size() < 2 || ok.size() < Importance.MIN_JOBS) {
            pdf.note("A contour needs two numeric parameters with an importance score (at least " + Importance.MIN_JOBS
                    + " successful jobs).");
            return;
        }
        pdf.chart(HpoCharts.contour(ok, top.get(0), top.get(1), objective), CONTOUR_HEIGHT);
        pdf.note("'" + objective.metric() + "' between the jobs (white dots) estimated by inverse-distance weighting, in "
                + HpoCharts.CONTOUR_LEVELS + " bands; the other parameters vary, so this is a projection, not a slice. "
                + "Red: the best job.");
    }

    private static void importance(RunResults r, PdfPages pdf, List<JobResult> ok, Objective objective) {
        List<Importance.Score> scores = Importance.of(ok, r.params(), objective.metric());
        List<String> missing = new ArrayList<>();
        for (Importance.Score s : scores) {
            if (Double.isNaN(s.score())) {
                missing.add(s.param());
            }
        }
        pdf.paragraph("How much of the variation in '" + objective.metric() + "' each parameter explains on its own: the "
                + "variance of the metric's ranks between bins of the parameter's values (up to " + Importance.MAX_BINS
                + " quantile bins, or one per option), bias-corrected (epsilon squared). A first-order estimate in the spirit of "
                + "fANOVA without a random forest: interactions between parameters are not credited to either.");
        if (missing.size() == scores.size()) {
            pdf.note("Not enough data: needs at least " + Importance.MIN_JOBS + " successful jobs and two distinct values "
                    + "per parameter.");
            return;
        }
        Map<String, List<Importance.Score>> byMetric = new LinkedHashMap<>();
        byMetric.put(objective.metric(), scores);
        pdf.chart(Charts.importance("Hyperparameter importance for '" + Charts.name(objective.metric()) + "'", byMetric),
                Math.min(420, 70 + 24 * scores.size()));
        if (!missing.isEmpty()) {
            pdf.note("Left out (too few jobs or a single value): " + String.join(", ", missing) + ".");
        }
    }
}
