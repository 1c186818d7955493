package dev.clusterutils.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The hp_optimization views across parameters: learning curves from the early reports, parallel
 * coordinates and a contour of the objective over the two most important parameters.
 */
final class HpoCharts {
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 7);
    static final int CONTOUR_GRID = 48;
    static final int CONTOUR_LEVELS = 10;

    private HpoCharts() {
    }

    /** Jobs that sent early reports of {@code metric}. */
    static List<JobResult> withCurves(List<JobResult> jobs, String metric) {
        return jobs.stream().filter(j -> j.early().stream().anyMatch(m -> Double.isFinite(m.getOrDefault(metric, Double.NaN))))
                .toList();
    }

    /**
     * One line per job through its early reports of the objective, coloured by iteration (as the
     * scatter charts), the best job in red; at most {@code maxLines}, the best first.
     */
    static JFreeChart learningCurves(List<JobResult> jobs, Objective o, int maxLines) {
        String metric = o.metric();
        List<JobResult> shown = new ArrayList<>(jobs);
        shown.sort((a, b) -> o.compare(last(a, metric), last(b, metric)));
        shown = shown.subList(0, Math.min(maxLines, shown.size()));
        XYSeriesCollection data = new XYSeriesCollection();
        List<Double> all = new ArrayList<>();
        int minIt = Integer.MAX_VALUE;
        int maxIt = Integer.MIN_VALUE;
        // drawn worst first, so that the best lines lie on top
        for (int i = shown.size() - 1; i >= 0; i--) {
            JobResult j = shown.get(i);
            XYSeries s = new XYSeries("job " + j.id(), false, true);
            int n = 0;
            for (var report : j.early()) {
                double v = report.getOrDefault(metric, Double.NaN);
                n++;
                if (Double.isFinite(v)) {
                    s.add(n, v);
                    all.add(v);
                }
            }
            data.addSeries(s);
            minIt = Math.min(minIt, j.iteration());
            maxIt = Math.max(maxIt, j.iteration());
        }
        double[] ys = all.stream().mapToDouble(Double::doubleValue).toArray();
        ValueAxis y = Charts.valueAxis(Charts.name(metric), ScaleDetection.isLog(ys), Double.NaN, Double.NaN, ys);
        NumberAxis x = Charts.integerAxis("early report (in the order sent)");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, data.getSeriesCount() <= 60);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = Charts.styled(Charts.chart("Learning curves: early reports of '" + Charts.name(metric) + "'", plot, false));
        ColorScale iterations = ColorScale.viridis(minIt, Math.max(maxIt, minIt + 1));
        for (int s = 0; s < data.getSeriesCount(); s++) {
            JobResult j = shown.get(shown.size() - 1 - s);
            boolean best = s == data.getSeriesCount() - 1;
            r.setSeriesPaint(s, best ? Charts.RED : Charts.alpha(iterations.color(j.iteration()), 170));
            r.setSeriesStroke(s, new BasicStroke(best ? 1.8f : 0.8f));
            r.setSeriesShape(s, Charts.dot(best ? 3.5 : 2.5));
        }
        chart.addSubtitle(Charts.colorLegend(iterations, "iteration", true));
        return chart;
    }

    private static double last(JobResult j, String metric) {
        double v = j.metric(metric);
        if (Double.isFinite(v)) {
            return v;
        }
        for (int i = j.early().size() - 1; i >= 0; i--) {
            double e = j.early().get(i).getOrDefault(metric, Double.NaN);
            if (Double.isFinite(e)) {
                return e;
            }
        }
        return Double.NaN;
    }

    /**
     * Parallel coordinates: one vertical axis per parameter and one for the objective, each
     * scaled to its range (log for log distributions and a metric spanning decades), one line
     * per job coloured by its objective (viridis, dark = better), the best job in red.
     */
    static JFreeChart parallelCoordinates(List<JobResult> ok, List<ParamInfo> params, Objective o, int maxLines) {
        String metric = o.metric();
        List<JobResult> jobs = new ArrayList<>(ok);
        jobs.sort((a, b) -> o.compare(a.metric(metric), b.metric(metric)));
        jobs = jobs.subList(0, Math.min(maxLines, jobs.size()));
        int axes = params.size() + 1;
        double[] lo = new double[axes];
        double[] hi = new double[axes];
        boolean[] log = new boolean[axes];
        double[] metricValues = jobs.stream().mapToDouble(j -> j.metric(metric)).toArray();
        for (int a = 0; a < axes; a++) {
            lo[a] = Double.POSITIVE_INFINITY;
            hi[a] = Double.NEGATIVE_INFINITY;
            if (a < params.size()) {
                ParamInfo p = params.get(a);
                log[a] = p.log() && !p.categorical();
            } else {
                log[a] = ScaleDetection.isLog(metricValues);
            }
            for (JobResult j : jobs) {
                double v = a < params.size() ? params.get(a).position(j.params()) : j.metric(metric);
                if (Double.isFinite(v) && (!log[a] || v > 0)) {
                    lo[a] = Math.min(lo[a], v);
                    hi[a] = Math.max(hi[a], v);
                }
            }
            if (a < params.size() && params.get(a).categorical()) {
                lo[a] = 0;
                hi[a] = Math.max(1, params.get(a).distinctValues() - 1);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = jobs.size() - 1; i >= 0; i--) {
            JobResult j = jobs.get(i);
            XYSeries s = new XYSeries("job " + j.id(), false, true);
            for (int a = 0; a < axes; a++) {
                double v = a < params.size() ? params.get(a).position(j.params()) : j.metric(metric);
                double t = scaled(v, lo[a], hi[a], log[a]);
                if (Double.isFinite(t)) {
                    s.add(a, t);
                }
            }
            data.addSeries(s);
        }
        String[] names = new String[axes];
        for (int a = 0; a < axes; a++) {
            names[a] = Fmt.tail(a < params.size() ? params.get(a).name() : metric, 18);
        }
        SymbolAxis x = new SymbolAxis(null, names);
        x.setGridBandsVisible(false);
        x.setTickLabelFont(SMALL.deriveFont(7.5f));
        x.setRange(-0.35, axes - 0.65);
        NumberAxis y = new NumberAxis(null);
        y.setRange(-0.1, 1.1);
        y.setTickLabelsVisible(false);
        y.setTickMarksVisible(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = Charts.styled(Charts.chart("Parallel coordinates: every successful job, coloured by '"
                + Charts.name(metric) + "'", plot, false));
        plot.setRangeGridlinesVisible(false);
        plot.setDomainGridlinePaint(Color.GRAY);
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        double mlo = lo[axes - 1];
        double mhi = hi[axes - 1];
        ColorScale colours = log[axes - 1] ? ColorScale.viridisFor(mlo, mhi) : ColorScale.viridis(mlo, mhi);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            JobResult j = jobs.get(jobs.size() - 1 - s);
            boolean best = s == data.getSeriesCount() - 1;
            // better values darker when minimising, as the heat maps read "dark = low"
            r.setSeriesPaint(s, best ? Charts.RED : Charts.alpha(colours.color(j.metric(metric)), 150));
            r.setSeriesStroke(s, new BasicStroke(best ? 1.8f : 0.7f));
        }
        for (int a = 0; a < axes; a++) {
            String top;
            String bottom;
            if (a < params.size() && params.get(a).categorical()) {
                List<String> cats = params.get(a).categories();
                top = Fmt.middle(cats.get(cats.size() - 1), 14);
                bottom = Fmt.middle(cats.get(0), 14);
            } else {
                top = Double.isFinite(hi[a]) ? Fmt.num(hi[a], 3) : "";
                bottom = Double.isFinite(lo[a]) ? Fmt.num(lo[a], 3) : "";
            }
            XYTextAnnotation t = new XYTextAnnotation(top, a, 1.02);
            t.setFont(SMALL);
            t.setTextAnchor(TextAnchor.BOTTOM_CENTER);
            plot.addAnnotation(t, false);
            XYTextAnnotation b = new XYTextAnnotation(bottom, a, -0.02);
            b.setFont(SMALL);
            b.setTextAnchor(TextAnchor.TOP_CENTER);
            plot.addAnnotation(b, false);
        }
        chart.addSubtitle(Charts.colorLegend(colours, Charts.name(metric), false));
        return chart;
    }

    private static double scaled(double v, double lo, double hi, boolean log) {
        if (!Double.isFinite(v) || (log && v <= 0)) {
            return Double.NaN;
        }
        if (!(hi > lo)) {
            return 0.5;
        }
        return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
    }

    /** The two numeric parameters with the highest importance scores, most important first; fewer if there are not two. */
    static List<ParamInfo> topTwoNumeric(List<ParamInfo> params, List<Importance.Score> scores) {
        return scores.stream().filter(s -> !Double.isNaN(s.score()))
                .sorted(Comparator.comparingDouble(Importance.Score::score).reversed())
                .map(s -> params.stream().filter(p -> p.name().equals(s.param())).findFirst().orElse(null))
                .filter(p -> p != null && p.numeric() && !p.categorical()).limit(2).toList();
    }

    /**
     * A filled contour of the objective over two numeric parameters: the successful jobs'
     * values interpolated on a grid (inverse distance weighting in the axes' scales, log for
     * log distributions), in {@value #CONTOUR_LEVELS} bands, the jobs as dots and the best in red.
     * Between jobs the surface is an estimate; where no job is near, it is flat.
     */
    static JFreeChart contour(List<JobResult> ok, ParamInfo px, ParamInfo py, Objective o) {
        String metric = o.metric();
        List<double[]> pts = new ArrayList<>();
        for (JobResult j : ok) {
            double x = px.position(j.params());
            double y = py.position(j.params());
            double v = j.metric(metric);
            if (Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(v) && (!px.log() || x > 0) && (!py.log() || y > 0)) {
                pts.add(new double[]{axis(x, px), axis(y, py), v});
            }
        }
        double[] vs = pts.stream().mapToDouble(p -> p[2]).toArray();
        boolean logValues = ScaleDetection.isLog(vs) || ColorScale.spansDecades(Stats.sortedFinite(vs)[0],
                Stats.sortedFinite(vs)[vs.length - 1]);
        double x0 = pts.stream().mapToDouble(p -> p[0]).min().orElse(0);
        double x1 = pts.stream().mapToDouble(p -> p[0]).max().orElse(1);
        double y0 = pts.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double y1 = pts.stream().mapToDouble(p -> p[1]).max().orElse(1);
        if (!(x1 > x0)) {
            x1 = x0 + 1;
        }
        if (!(y1 > y0)) {
            y1 = y0 + 1;
        }
        int n = CONTOUR_GRID;
        double[][] xyz = new double[3][n * n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double gx = x0 + (x1 - x0) * (a + 0.5) / n;
                double gy = y0 + (y1 - y0) * (b + 0.5) / n;
                double num = 0;
                double den = 0;
                double exact = Double.NaN;
                for (double[] p : pts) {
                    double dx = (p[0] - gx) / (x1 - x0);
                    double dy = (p[1] - gy) / (y1 - y0);
                    double d2 = dx * dx + dy * dy;
                    double v = logValues ? Math.log10(Math.max(p[2], Double.MIN_NORMAL)) : p[2];
                    if (d2 < 1e-12) {
                        exact = v;
                        break;
                    }
                    double w = 1 / (d2 * d2); // inverse distance to the 4th: local, not a global average
                    num += w * v;
                    den += w;
                }
                double z = Double.isNaN(exact) ? num / den : exact;
                int k = a * n + b;
                xyz[0][k] = gx;
                xyz[1][k] = gy;
                xyz[2][k] = z;
                lo = Math.min(lo, z);
                hi = Math.max(hi, z);
            }
        }
        // bands: the surface is an estimate, and contour levels read better than a smooth gradient
        double step = (hi - lo) / CONTOUR_LEVELS;
        for (int k = 0; k < xyz[2].length && step > 0; k++) {
            xyz[2][k] = lo + step * (Math.min(CONTOUR_LEVELS - 1, Math.floor((xyz[2][k] - lo) / step)) + 0.5);
        }
        DefaultXYZDataset surface = new DefaultXYZDataset();
        surface.addSeries("surface", xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth((x1 - x0) / n);
        blocks.setBlockHeight((y1 - y0) / n);
        blocks.setBlockAnchor(RectangleAnchor.CENTER);
        ColorScale scale = ColorScale.viridis(lo, hi > lo ? hi : lo + 1);
        blocks.setPaintScale(scale);
        NumberAxis xa = new NumberAxis(axisLabel(px));
        NumberAxis ya = new NumberAxis(axisLabel(py));
        xa.setRange(x0 - (x1 - x0) / n / 2, x1 + (x1 - x0) / n / 2);
        ya.setRange(y0 - (y1 - y0) / n / 2, y1 + (y1 - y0) / n / 2);
        xa.setNumberFormatOverride(Fmt.axisFormat());
        ya.setNumberFormatOverride(Fmt.axisFormat());
        XYPlot plot = new XYPlot(surface, xa, ya, blocks);
        XYSeries jobs = new XYSeries("jobs", false, true);
        XYSeries best = new XYSeries("best job", false, true);
        double[] bestPoint = null;
        for (double[] p : pts) {
            jobs.add(p[0], p[1]);
            if (bestPoint == null || o.better(p[2], bestPoint[2])) {
                bestPoint = p;
            }
        }
        if (bestPoint != null) {
            best.add(bestPoint[0], bestPoint[1]);
        }
        XYSeriesCollection dots = new XYSeriesCollection();
        dots.addSeries(jobs);
        dots.addSeries(best);
        XYLineAndShapeRenderer dr = new XYLineAndShapeRenderer(false, true);
        plot.setDataset(1, dots);
        plot.setRenderer(1, dr);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = Charts.styled(Charts.chart("'" + Charts.name(metric) + "' over " + Fmt.tail(px.name(), 20) + " and "
                + Fmt.tail(py.name(), 20) + " (interpolated)", plot, false));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        dr.setSeriesPaint(0, Charts.alpha(Color.WHITE, 220));
        dr.setSeriesOutlinePaint(0, Color.BLACK);
        dr.setUseOutlinePaint(true);
        dr.setDrawOutlines(true);
        dr.setSeriesShape(0, Charts.dot(3.5));
        dr.setSeriesPaint(1, Charts.RED);
        dr.setSeriesShape(1, Charts.diamond(8));
        chart.addSubtitle(Charts.colorLegend(scale, logValues ? "log10 " + Charts.name(metric) : Charts.name(metric), false));
        return chart;
    }

    private static double axis(double v, ParamInfo p) {
        return p.log() ? Math.log10(v) : v;
    }

    private static String axisLabel(ParamInfo p) {
        return p.log() ? "log10 " + Charts.name(p.name()) : Charts.name(p.name());
    }
}
