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

        pdf.section("Hyperparameter importance", 120);
        if (ok.isEmpty() || r.params().isEmpty()) {
            pdf.note("Needs successful jobs and optimized parameters.");
        } else {
            importance(r, pdf, ok, objective);
        }

        pdf.section("'" + (objective == null ? "metric" : objective.metric()) + "' against each parameter", HALF_HEIGHT);
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

        pdf.section("Distribution development", HALF_HEIGHT);
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
