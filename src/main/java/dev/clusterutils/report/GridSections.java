package dev.clusterutils.report;

import dev.clusterutils.report.pdf.PdfPages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The grid search part, for every metric in turn (as the original alternates them): the metric
 * per value of each varied parameter, then heat maps of its mean for each pair of parameters.
 * Parameter importance for all metrics comes first, in one chart.
 */
final class GridSections {
    static final float HALF_HEIGHT = 200;
    private static final int MAX_IMPORTANCE_METRICS = 6;

    private GridSections() {
    }

    static void write(RunResults r, PdfPages pdf, ReportOptions o) {
        List<JobResult> ok = r.succeeded();
        List<ParamInfo> varied = r.params().stream().filter(p -> !p.categorical() || p.distinctValues() > 1).toList();
        List<String> constant = r.params().stream().filter(p -> p.categorical() && p.distinctValues() <= 1)
                .map(ParamInfo::name).toList();
        if (r.metrics().isEmpty() || varied.isEmpty()) {
            pdf.section("Metrics per parameter", 40);
            pdf.note(r.metrics().isEmpty() ? "No successful job reported a metric, so there is nothing to chart."
                    : "No parameter takes more than one value, so there is nothing to compare.");
            return;
        }
        List<String> metrics = o.gridMetrics(r.metrics());
        importance(r, metrics, pdf, ok, varied);
        int heatmapsLeft = o.maxHeatmaps();
        int heatmapsSkipped = 0;
        for (String m : metrics) {
            pdf.section("Distributions of '" + m + "' w.r.t. parameters", HALF_HEIGHT + (constant.isEmpty() ? 0 : 16));
            if (!constant.isEmpty()) {
                pdf.note("Not shown, one value only: " + String.join(", ", constant) + ".");
            }
            List<JFreeChart> charts = new ArrayList<>();
            for (ParamInfo p : varied) {
                if (p.categorical()) {
                    charts.add(Charts.box(p, m, byCategory(ok, p, m)));
                } else {
                    charts.add(Charts.metricVsParam(ok, p, m, null, false, o.maxPoints()));
                }
            }
            pdf.charts(charts, 2, HALF_HEIGHT);

            List<ParamInfo> cats = varied.stream().filter(ParamInfo::categorical).toList();
            if (cats.size() < 2) {
                continue;
            }
            List<ParamInfo[]> pairs = new ArrayList<>();
            for (int a = 0; a < cats.size(); a++) {
                for (int b = a + 1; b < cats.size(); b++) {
                    if (heatmapsLeft <= 0) {
                        heatmapsSkipped++;
                        continue;
                    }
                    heatmapsLeft--;
                    pairs.add(new ParamInfo[]{cats.get(a), cats.get(b)});
                }
            }
            float firstHeight = pairs.isEmpty() ? 20 : wide(pairs.get(0)[0], pairs.get(0)[1])
                    ? Math.min(460, 120 + 12 * pairs.get(0)[0].distinctValues()) : HALF_HEIGHT + 10;
            pdf.section("Heatmaps of mean '" + m + "' w.r.t. parameters", 30 + firstHeight);
            if (pairs.isEmpty()) {
                pdf.note("Left out: the report holds at most " + o.maxHeatmaps() + " heat maps.");
                continue;
            }
            pdf.note("Mean over all runs of a cell (restarts and the other parameters' values); grey: no successful run.");
            // small maps two by two; a map with many or long categories gets the page's width
            List<JFreeChart> small = new ArrayList<>();
            for (ParamInfo[] pair : pairs) {
                if (wide(pair[0], pair[1])) {
                    if (!small.isEmpty()) {
                        pdf.charts(small, 2, HALF_HEIGHT + 10);
                        small = new ArrayList<>();
                    }
                    pdf.chart(heatmap(ok, pair[0], pair[1], m, 60), Math.min(460, 120 + 12 * pair[0].distinctValues()));
                } else {
                    small.add(heatmap(ok, pair[0], pair[1], m, 22));
                }
            }
            if (!small.isEmpty()) {
                pdf.charts(small, 2, HALF_HEIGHT + 10);
            }
        }
        if (heatmapsSkipped > 0) {
            pdf.note(heatmapsSkipped + " further heat maps were left out (at most " + o.maxHeatmaps() + " per report).");
        }
    }

    private static void importance(RunResults r, List<String> metrics, PdfPages pdf, List<JobResult> ok, List<ParamInfo> varied) {
        int shownMetrics = Math.min(MAX_IMPORTANCE_METRICS, metrics.size());
        float chartHeight = Math.min(460, 90 + 11 * varied.size() * shownMetrics + 14 * varied.size());
        // the explanation and the chart stay with the heading
        pdf.section("Parameter importance", 60 + chartHeight);
        Map<String, List<Importance.Score>> byMetric = new LinkedHashMap<>();
        boolean any = false;
        for (String m : metrics) {
            if (byMetric.size() == MAX_IMPORTANCE_METRICS) {
                break;
            }
            List<Importance.Score> scores = Importance.of(ok, varied, m);
            byMetric.put(m, scores);
            any |= scores.stream().anyMatch(s -> !Double.isNaN(s.score()));
        }
        pdf.paragraph("How much of each metric's variation a parameter explains on its own: the variance of the metric's "
                + "ranks between the parameter's values, bias-corrected (epsilon squared). Restarts of a setting make the "
                + "estimate better; effects that only show in combination with another parameter are not credited.");
        if (!any) {
            pdf.note("Not enough data: needs at least " + Importance.MIN_JOBS + " successful jobs.");
            return;
        }
        pdf.chart(Charts.importance("Variance explained per parameter", byMetric), chartHeight);
    }

    /** Too many rows, or column labels too long for a half-page heat map. */
    private static boolean wide(ParamInfo rows, ParamInfo cols) {
        int longest = cols.categories().stream().mapToInt(c -> Math.min(c.length(), Charts.VALUE_CHARS)).max().orElse(0);
        return rows.distinctValues() > 10 || cols.distinctValues() > 8 || longest * cols.distinctValues() > 24;
    }

    private static Map<String, List<Double>> byCategory(List<JobResult> ok, ParamInfo p, String metric) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (String c : p.categories()) {
            out.put(c, new ArrayList<>());
        }
        for (JobResult j : ok) {
            double pos = p.position(j.params());
            double v = j.metric(metric);
            if (Double.isFinite(pos) && Double.isFinite(v)) {
                out.get(p.categories().get((int) pos)).add(v);
            }
        }
        return out;
    }

    private static JFreeChart heatmap(List<JobResult> ok, ParamInfo rows, ParamInfo cols, String metric, int charsAcross) {
        int nr = rows.categories().size();
        int nc = cols.categories().size();
        double[][] sum = new double[nr][nc];
        int[][] count = new int[nr][nc];
        for (JobResult j : ok) {
            double r = rows.position(j.params());
            double c = cols.position(j.params());
            double v = j.metric(metric);
            if (Double.isFinite(r) && Double.isFinite(c) && Double.isFinite(v)) {
                sum[(int) r][(int) c] += v;
                count[(int) r][(int) c]++;
            }
        }
        double[][] mean = new double[nr][nc];
        double smallestPositive = Double.POSITIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < nr; a++) {
            for (int b = 0; b < nc; b++) {
                mean[a][b] = count[a][b] == 0 ? Double.NaN : sum[a][b] / count[a][b];
                if (count[a][b] > 0) {
                    lo = Math.min(lo, mean[a][b]);
                    if (mean[a][b] > 0) {
                        smallestPositive = Math.min(smallestPositive, mean[a][b]);
                    }
                    hi = Math.max(hi, mean[a][b]);
                }
            }
        }
        // a metric that is 0 for the best cells and hundreds elsewhere (a loss) still gets a log scale:
        // zeros take the bottom colour
        ColorScale scale = lo == 0 && ColorScale.spansDecades(smallestPositive, hi) ? ColorScale.viridisFor(smallestPositive, hi)
                : ColorScale.viridisFor(Double.isFinite(lo) ? lo : 0, Double.isFinite(hi) ? hi : 1);
        return Charts.heatmap("Mean '" + Fmt.tail(metric, 20) + "' by " + Fmt.tail(rows.name(), 20) + " and "
                + Fmt.tail(cols.name(), 20), Charts.name(rows.name()), rows.categories(), Charts.name(cols.name()),
                cols.categories(), mean, scale, Charts.name(metric), 2, charsAcross > 30 ? 24 : Charts.VALUE_CHARS, charsAcross);
    }
}
