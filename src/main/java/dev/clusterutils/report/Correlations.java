package dev.clusterutils.report;

import dev.clusterutils.report.pdf.PdfPages;
import java.util.ArrayList;
import java.util.List;

/**
 * Spearman's rank correlation between the metrics, and between metrics and numeric parameters,
 * over the successful jobs (pairwise complete, as pandas computes it).
 */
final class Correlations {
    private Correlations() {
    }

    static void write(RunResults r, PdfPages pdf, ReportOptions o) {
        List<JobResult> ok = r.succeeded();
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (String m : r.metrics()) {
            if (names.size() < o.maxCorrelated()) {
                names.add(m);
                columns.add(ok.stream().mapToDouble(j -> j.metric(m)).toArray());
            }
        }
        int metricCount = names.size();
        for (ParamInfo p : r.params()) {
            if (p.numeric() && names.size() < o.maxCorrelated()) {
                double[] xs = ok.stream().mapToDouble(j -> p.number(j.params())).toArray();
                if (Stats.finite(xs).length > 0 && Stats.min(xs) < Stats.max(xs)) {
                    names.add(p.name());
                    columns.add(xs);
                }
            }
        }
        int n = names.size();
        float height = Math.min(pdf.pageContentHeight() - 60, 130 + 16f * n);
        pdf.section("Spearman correlation of metrics and parameters", height);
        if (metricCount == 0 || ok.size() < 3) {
            pdf.note("Needs at least 3 successful jobs with metrics.");
            return;
        }
        if (n < 2) {
            pdf.note("Needs at least two metrics, or a metric and a numeric parameter with more than one value.");
            return;
        }
        double[][] rho = new double[n][n];
        for (int a = 0; a < n; a++) {
            rho[a][a] = 1;
            for (int b = a + 1; b < n; b++) {
                rho[a][b] = Stats.spearman(columns.get(a), columns.get(b));
                rho[b][a] = rho[a][b];
            }
            if (Stats.min(columns.get(a)) == Stats.max(columns.get(a))) {
                rho[a][a] = Double.NaN; // a constant column correlates with nothing
            }
        }
        List<String> labels = names.stream().map(Charts::name).toList();
        pdf.note("Metrics first" + (n > metricCount ? ", then numeric parameters" : "") + "; rank correlation over "
                + ok.size() + " successful jobs; grey: undefined (a constant column or fewer than 3 pairs).");
        pdf.chart(Charts.heatmap("Spearman rank correlation", null, labels, null, labels, rho,
                ColorScale.diverging(-1, 1), "rho", 2, 24, 40), height);
    }
}
