package dev.clusterutils.report;

import dev.clusterutils.optim.pareto.Hypervolume;
import dev.clusterutils.optim.pareto.ParetoRanking;
import dev.clusterutils.report.pdf.PdfPages;
import dev.clusterutils.report.pdf.TextTable;
import dev.clusterutils.settings.Objectives;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Pareto front of a multi-objective run: the first two objectives against each other with the
 * front highlighted, the front's hypervolume after each iteration, and the front's jobs. The
 * reference point is the one of the run's progress line, taken over all jobs of the report, so the
 * curve never falls.
 */
final class ParetoSection {
    static final float SCATTER_HEIGHT = 300;
    static final float HV_HEIGHT = 200;
    static final int MAX_ROWS = 40;

    private ParetoSection() {
    }

    static void write(RunResults r, PdfPages pdf, ReportOptions options) {
        Objectives objectives = Objectives.fromTree(r.settings());
        if (objectives == null || !objectives.isMulti()) {
            return;
        }
        List<JobResult> ok = new ArrayList<>();
        List<double[]> losses = new ArrayList<>();
        for (JobResult j : r.succeeded()) {
            double[] l = objectives.losses(new LinkedHashMap<>(j.metrics()));
            if (Arrays.stream(l).allMatch(Double::isFinite)) {
                ok.add(j);
                losses.add(l);
            }
        }
        pdf.section("Pareto front", SCATTER_HEIGHT + 40);
        if (ok.isEmpty()) {
            pdf.note("No successful job reported all of " + objectives.describe() + ", so there is no front.");
            return;
        }
        int[] rank = ParetoRanking.ranks(losses);
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < rank.length; i++) {
            if (rank[i] == 0) {
                front.add(i);
            }
        }
        boolean fixed = objectives.referencePoint() != null;
        double[] reference = fixed ? objectives.referenceLosses() : Hypervolume.defaultReference(losses);
        double hv = Hypervolume.of(losses, reference);
        pdf.paragraph(front.size() + " of " + ok.size() + " successful jobs are on the Pareto front of " + objectives.describe()
                + ": no other job is at least as good in every metric and better in one. Hypervolume "
                + Fmt.num(hv) + " (reference point: " + (fixed ? "reference_point of the settings, "
                        : "the worst value of each metric plus a tenth of its range, ")
                + refText(objectives, reference) + ").");
        pdf.chart(scatter(ok, front, objectives, options.maxPoints()), SCATTER_HEIGHT);
        pdf.note("Grey: successful jobs; red: the front" + (objectives.count() > 2 ? " of all " + objectives.count()
                + " metrics, seen in its first two (a front point may look dominated here)" : "") + ".");

        pdf.subsection("Hypervolume per iteration", HV_HEIGHT + 20);
        pdf.chart(hypervolumeChart(ok, losses, reference), HV_HEIGHT);

        List<Integer> shown = new ArrayList<>(front);
        shown.sort(Comparator.comparingDouble(i -> losses.get(i)[0]));
        List<String> header = new ArrayList<>();
        header.add("job");
        objectives.names().forEach(header::add);
        r.params().forEach(p -> header.add(p.name()));
        List<List<String>> rows = new ArrayList<>();
        for (int i : shown.subList(0, Math.min(MAX_ROWS, shown.size()))) {
            JobResult j = ok.get(i);
            List<String> row = new ArrayList<>();
            row.add(Long.toString(j.id()));
            for (String m : objectives.names()) {
                row.add(Fmt.num(j.metric(m)));
            }
            for (ParamInfo p : r.params()) {
                Object v = j.params().get(p.name());
                row.add(v instanceof Number n && !(v instanceof Boolean) ? Fmt.num(n.doubleValue()) : String.valueOf(v));
            }
            rows.add(row);
        }
        Set<Integer> right = new HashSet<>();
        for (int c = 0; c <= objectives.count(); c++) {
            right.add(c);
        }
        pdf.subsection("Jobs on the front", 60);
        TextTable table = new TextTable(header, rows, right);
        pdf.table(header.size() > 8 ? table.transposed("job") : table, 8);
        if (shown.size() > MAX_ROWS) {
            pdf.note("The first " + MAX_ROWS + " of " + shown.size() + " by '" + objectives.name(0) + "'; pareto_front.csv has all.");
        }
    }

    private static String refText(Objectives o, double[] reference) {
        double[] values = o.values(reference);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            parts.add(o.name(i) + " " + Fmt.num(values[i]));
        }
        return String.join(", ", parts);
    }

    static JFreeChart scatter(List<JobResult> ok, List<Integer> front, Objectives o, int maxPoints) {
        String a = o.name(0);
        String b = o.name(1);
        Set<Integer> onFront = new HashSet<>(front);
        XYSeries others = new XYSeries("jobs", false, true);
        XYSeries best = new XYSeries("Pareto front", true, true);
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < ok.size(); i++) {
            if (!onFront.contains(i)) {
                rest.add(i);
            }
        }
        // beyond the cap, an even stride of the dominated jobs; the front is always drawn
        int stride = Math.max(1, (int) Math.ceil(rest.size() / (double) Math.max(1, maxPoints)));
        for (int k = 0; k < rest.size(); k += stride) {
            JobResult j = ok.get(rest.get(k));
            others.add(j.metric(a), j.metric(b));
        }
        for (int i : front) {
            best.add(ok.get(i).metric(a), ok.get(i).metric(b));
        }
        double[] xs = ok.stream().mapToDouble(j -> j.metric(a)).toArray();
        double[] ys = ok.stream().mapToDouble(j -> j.metric(b)).toArray();
        XYPlot plot = new XYPlot(new XYSeriesCollection(others),
                Charts.valueAxis(Charts.name(a) + " (" + (o.minimizes(0) ? "min" : "max") + ")", ScaleDetection.isLog(xs),
                        Double.NaN, Double.NaN, xs),
                Charts.valueAxis(Charts.name(b) + " (" + (o.minimizes(1) ? "min" : "max") + ")", ScaleDetection.isLog(ys),
                        Double.NaN, Double.NaN, ys), null);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        plot.setRenderer(0, dots);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(o.count() == 2, true);
        plot.setDataset(1, new XYSeriesCollection(best));
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        JFreeChart chart = Charts.styled(Charts.chart("'" + Charts.name(a) + "' against '" + Charts.name(b) + "'", plot, true));
        dots.setSeriesShape(0, Charts.dot(3));
        dots.setSeriesPaint(0, Charts.alpha(Charts.GREY, 120));
        line.setSeriesShape(0, Charts.diamond(6));
        line.setSeriesPaint(0, Charts.RED);
        line.setSeriesStroke(0, new BasicStroke(1.2f));
        return chart;
    }

    /** The hypervolume of the jobs finished up to each iteration, below one reference point. */
    static JFreeChart hypervolumeChart(List<JobResult> ok, List<double[]> losses, double[] reference) {
        TreeMap<Integer, List<double[]>> byIteration = new TreeMap<>();
        for (int i = 0; i < ok.size(); i++) {
            byIteration.computeIfAbsent(ok.get(i).iteration(), k -> new ArrayList<>()).add(losses.get(i));
        }
        XYSeries hv = new XYSeries("hypervolume", true, false);
        List<double[]> upTo = new ArrayList<>();
        for (var e : byIteration.entrySet()) {
            upTo.addAll(e.getValue());
            hv.add(e.getKey().doubleValue(), Hypervolume.of(upTo, reference));
        }
        double[] values = new double[hv.getItemCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = hv.getY(i).doubleValue();
        }
        XYPlot plot = new XYPlot(new XYSeriesCollection(hv), Charts.integerAxis("iteration"),
                Charts.valueAxis("hypervolume", false, Double.NaN, Double.NaN, values), null);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(line);
        JFreeChart chart = Charts.styled(Charts.chart("Hypervolume of the front after each iteration", plot, false));
        line.setSeriesPaint(0, Charts.BLUE);
        line.setSeriesShape(0, Charts.dot(4));
        line.setSeriesStroke(0, new BasicStroke(1.6f));
        return chart;
    }
}
