package dev.clusterutils.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
import org.jfree.data.xy.CategoryTableXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts, built with JFreeChart in one style: small fonts sized for a printed page,
 * white plots, long names shortened, crowded category labels rotated, log axes with plain
 * numbers, and a colour legend wherever colour carries data.
 */
final class Charts {
    static final Color BLUE = new Color(0x1F, 0x77, 0xB4);
    static final Color ORANGE = new Color(0xFF, 0x7F, 0x0E);
    static final Color GREEN = new Color(0x2C, 0xA0, 0x2C);
    static final Color RED = new Color(0xD6, 0x27, 0x28);
    static final Color PURPLE = new Color(0x94, 0x67, 0xBD);
    static final Color GREY = new Color(0x7F, 0x7F, 0x7F);
    static final Paint[] PALETTE = {BLUE, ORANGE, GREEN, RED, PURPLE, new Color(0x8C, 0x56, 0x4B),
        new Color(0xE3, 0x77, 0xC2), GREY, new Color(0xBC, 0xBD, 0x22), new Color(0x17, 0xBE, 0xCF)};
    private static final Color GRID = new Color(0xE0, 0xE0, 0xE0);
    private static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final int NAME_CHARS = 32;
    static final int MAX_DOTS_PER_BOX = 60;
    static final int VALUE_CHARS = 14;
    private static final StandardChartTheme THEME = theme();

    private Charts() {
    }

    private static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("cluster-utils");
        t.setExtraLargeFont(BASE.deriveFont(Font.BOLD, 9.5f));
        t.setLargeFont(BASE.deriveFont(8.5f));
        t.setRegularFont(BASE.deriveFont(7.5f));
        t.setSmallFont(BASE.deriveFont(7f));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setPlotOutlinePaint(GREY);
        t.setDomainGridlinePaint(GRID);
        t.setRangeGridlinePaint(GRID);
        t.setAxisOffset(new RectangleInsets(2, 2, 2, 2));
        t.setBarPainter(new StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        t.setShadowVisible(false);
        t.setGridBandPaint(Color.WHITE);
        t.setGridBandAlternatePaint(Color.WHITE);
        t.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return t;
    }

    /** Applies the style; annotations and explicit series colours set afterwards are kept. */
    static JFreeChart styled(JFreeChart chart) {
        THEME.apply(chart);
        chart.setPadding(new RectangleInsets(2, 2, 2, 6));
        chart.getTitle().setMargin(0, 0, 4, 0);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setFrame(BlockBorder.NONE);
            legend.setItemLabelPadding(new RectangleInsets(1, 2, 1, 6));
        }
        return chart;
    }

    static JFreeChart chart(String title, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, BASE.deriveFont(Font.BOLD, 9.5f), plot, legend);
        chart.setTitle(new TextTitle(title, BASE.deriveFont(Font.BOLD, 9.5f)));
        return chart;
    }

    static String name(String s) {
        return Fmt.tail(s, NAME_CHARS);
    }

    // --- axes -------------------------------------------------------------------------------------

    /** A value axis for data: log (with plain-number ticks) or linear; {@code lower/upper} NaN means "from the data". */
    static ValueAxis valueAxis(String label, boolean log, double lower, double upper, double[] data) {
        double lo = Double.isFinite(lower) ? lower : Stats.min(data);
        double hi = Double.isFinite(upper) ? upper : Stats.max(data);
        if (log && Double.isFinite(lo) && Double.isFinite(hi) && lo > 0) {
            LogAxis axis = new LogAxis(label + " (log scale)");
            axis.setNumberFormatOverride(Fmt.axisFormat());
            axis.setSmallestValue(Math.min(lo, hi) / 10);
            double llo = Math.log10(lo);
            double lhi = Math.log10(hi);
            if (lhi - llo < 1e-9) {
                llo -= 0.5;
                lhi += 0.5;
            }
            double pad = (lhi - llo) * 0.04;
            axis.setRange(Math.pow(10, llo - pad), Math.pow(10, lhi + pad));
            double decades = lhi - llo;
            if (decades >= 1.5) {
                axis.setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(decades / 7))), false, false);
                axis.setAutoTickUnitSelection(false);
            }
            axis.setMinorTickMarksVisible(false);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setNumberFormatOverride(Fmt.axisFormat());
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
            double pad = hi > lo ? (hi - lo) * 0.04 : Math.max(Math.abs(lo) * 0.1, 0.5);
            axis.setRange(lo - pad, hi + pad);
        }
        return axis;
    }

    /** An axis of categories at 0, 1, 2, ...; labels shortened and turned upright when crowded. */
    static SymbolAxis categoryAxis(String label, List<String> categories, int maxChars) {
        String[] labels = categories.stream().map(c -> Fmt.middle(c, maxChars)).toArray(String[]::new);
        SymbolAxis axis = new SymbolAxis(label, labels);
        axis.setGridBandsVisible(false);
        axis.setRange(-0.5, Math.max(0.5, categories.size() - 0.5));
        axis.setTickUnit(new NumberTickUnit(1), false, false);
        return axis;
    }

    private static boolean crowded(List<String> labels, int perLabelChars) {
        int longest = labels.stream().mapToInt(l -> Math.min(l.length(), VALUE_CHARS)).max().orElse(0);
        return labels.size() * Math.max(longest, 2) > perLabelChars;
    }

    static NumberAxis integerAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    static Shape dot(double size) {
        return new Ellipse2D.Double(-size / 2, -size / 2, size, size);
    }

    static Shape diamond(double size) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -size);
        p.lineTo(size, 0);
        p.lineTo(0, size);
        p.lineTo(-size, 0);
        p.closePath();
        return p;
    }

    static Color alpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static PaintScaleLegend colorLegend(PaintScale scale, String label, boolean integer) {
        boolean log = scale instanceof ColorScale c && c.log();
        ValueAxis axis;
        if (log) {
            LogAxis la = new LogAxis(label + " (log scale)");
            la.setNumberFormatOverride(Fmt.axisFormat());
            la.setSmallestValue(scale.getLowerBound());
            // ticks at whole decades: half-decade ticks (0.316, 3.16) read as data
            la.setTickUnit(new NumberTickUnit(1));
            axis = la;
        } else {
            NumberAxis na = new NumberAxis(label);
            if (integer) {
                na.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
            na.setNumberFormatOverride(integer ? null : Fmt.axisFormat());
            axis = na;
        }
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        axis.setTickLabelFont(BASE.deriveFont(7f));
        axis.setLabelFont(BASE.deriveFont(7.5f));
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(7);
        // strips are spaced evenly in value: a log scale needs many for its lowest decade
        legend.setSubdivisionCount(log ? 1024 : 64);
        legend.setMargin(new RectangleInsets(4, 6, 4, 0));
        legend.setAxisOffset(2);
        return legend;
    }

    // --- hp_optimization -------------------------------------------------------------------------

    /**
     * Progress: every job's value at its iteration (light dots), the per-iteration median with
     * the inter-quartile band, and the best value so far as a step line.
     */
    static JFreeChart progress(List<JobResult> ok, Objective objective, List<Integer> iterations, int maxPoints) {
        String metric = objective.metric();
        Map<Integer, List<Double>> byIteration = new TreeMap<>();
        for (JobResult j : ok) {
            byIteration.computeIfAbsent(j.iteration(), k -> new ArrayList<>()).add(j.metric(metric));
        }
        XYSeries points = new XYSeries("jobs", false, true);
        double spread = iterations.size() > 1 ? 0.5 : 0.3;
        for (JobResult j : Sample.of(ok, maxPoints,
                (a, b) -> objective.compare(a.metric(metric), b.metric(metric)))) {
            points.add(j.iteration() + Sample.jitter(j.id()) * spread, j.metric(metric));
        }
        YIntervalSeries band = new YIntervalSeries("median and quartiles");
        XYSeries best = new XYSeries("best so far", true, false);
        double bestSoFar = Double.NaN;
        for (Map.Entry<Integer, List<Double>> e : byIteration.entrySet()) {
            double[] sorted = Stats.sortedFinite(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            if (sorted.length == 0) {
                continue;
            }
            band.add(e.getKey(), Stats.quantileSorted(sorted, 0.5), Stats.quantileSorted(sorted, 0.25),
                    Stats.quantileSorted(sorted, 0.75));
            double iterationBest = objective.minimize() ? sorted[0] : sorted[sorted.length - 1];
            if (objective.better(iterationBest, bestSoFar)) {
                bestSoFar = iterationBest;
            }
            best.add(e.getKey().doubleValue(), bestSoFar);
        }
        double[] all = ok.stream().mapToDouble(j -> j.metric(metric)).toArray();
        ValueAxis y = valueAxis(name(metric), ScaleDetection.isLog(all), Double.NaN, Double.NaN, all);
        NumberAxis x = integerAxis("iteration");
        if (!iterations.isEmpty()) {
            x.setRange(iterations.get(0) - 0.6, iterations.get(iterations.size() - 1) + 0.6);
        }

        XYPlot plot = new XYPlot(new XYSeriesCollection(points), x, y, null);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        plot.setRenderer(0, dots);
        // dots per iteration only while they do not merge into a bar
        DeviationRenderer dev = new DeviationRenderer(true, band.getItemCount() <= 40);
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        bands.addSeries(band);
        plot.setDataset(1, bands);
        plot.setRenderer(1, dev);
        XYStepRenderer step = new XYStepRenderer();
        plot.setDataset(2, new XYSeriesCollection(best));
        plot.setRenderer(2, step);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        JFreeChart chart = styled(chart("Progress of '" + name(metric) + "' per iteration (" + objective.direction() + ")", plot, true));
        // series styles after the theme, which resets them
        dots.setSeriesShape(0, dot(3));
        dots.setSeriesPaint(0, alpha(GREY, 120));
        dev.setSeriesPaint(0, BLUE);
        dev.setSeriesFillPaint(0, BLUE);
        dev.setSeriesShape(0, dot(4));
        dev.setSeriesStroke(0, new BasicStroke(1.2f));
        dev.setAlpha(0.2f);
        step.setSeriesPaint(0, RED);
        step.setSeriesStroke(0, new BasicStroke(1.6f));
        step.setDefaultShapesVisible(false);
        return chart;
    }

    /**
     * The metric against one parameter, every job a dot coloured by its iteration; the best job
     * is marked. Categories are spread sideways a little so that equal values stay visible.
     */
    static JFreeChart metricVsParam(List<JobResult> ok, ParamInfo p, String metric, Objective objective, boolean byIteration,
                                    int maxPoints) {
        List<JobResult> shown = Sample.of(ok, maxPoints, objective == null ? null
                : (a, b) -> objective.compare(a.metric(metric), b.metric(metric)));
        int n = 0;
        for (JobResult j : shown) {
            if (Double.isFinite(p.position(j.params())) && Double.isFinite(j.metric(metric))) {
                n++;
            }
        }
        double[][] xyz = new double[3][n];
        int i = 0;
        double minIt = Double.POSITIVE_INFINITY;
        double maxIt = Double.NEGATIVE_INFINITY;
        for (JobResult j : shown) {
            double x = p.position(j.params());
            double y = j.metric(metric);
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                continue;
            }
            xyz[0][i] = p.categorical() ? x + Sample.jitter(j.id()) * 0.5 : x;
            xyz[1][i] = y;
            xyz[2][i] = j.iteration();
            minIt = Math.min(minIt, j.iteration());
            maxIt = Math.max(maxIt, j.iteration());
            i++;
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("jobs", xyz);
        double[] ys = xyz[1];
        ValueAxis yAxis = valueAxis(name(metric), ScaleDetection.isLog(ys), Double.NaN, Double.NaN, ys);
        ValueAxis xAxis = paramAxis(p, xyz[0]);
        XYShapeRenderer r = new XYShapeRenderer();
        boolean colours = byIteration && maxIt > minIt;
        PaintScale scale = colours ? ColorScale.viridis(minIt, maxIt) : new ColorScaleConstant(alpha(BLUE, 150));
        r.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, r);
        JobResult best = null;
        if (objective != null) {
            for (JobResult j : ok) {
                if (Double.isFinite(p.position(j.params())) && (best == null || objective.better(j.metric(metric), best.metric(metric)))) {
                    best = j;
                }
            }
        }
        XYLineAndShapeRenderer mark = new XYLineAndShapeRenderer(false, true);
        if (best != null) {
            XYSeries b = new XYSeries("best job (" + best.id() + ")");
            double bx = p.position(best.params());
            b.add(p.categorical() ? bx + Sample.jitter(best.id()) * 0.5 : bx, best.metric(metric));
            plot.setDataset(1, new XYSeriesCollection(b));
            plot.setRenderer(1, mark);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        }
        JFreeChart chart = styled(chart("'" + name(metric) + "' against " + name(p.name()), plot, best != null));
        r.setDefaultShape(dot(3.5));
        r.setSeriesShape(0, dot(3.5));
        r.setDrawOutlines(false);
        r.setSeriesVisibleInLegend(0, false);
        mark.setSeriesShape(0, diamond(5));
        mark.setSeriesPaint(0, RED);
        mark.setSeriesShapesFilled(0, false);
        mark.setDrawOutlines(true);
        mark.setUseOutlinePaint(false);
        mark.setSeriesStroke(0, new BasicStroke(1.3f));
        if (colours) {
            chart.addSubtitle(colorLegend(scale, "iteration", true));
        }
        return chart;
    }

    /** A paint scale of one colour, for scatter charts without a colour dimension. */
    private record ColorScaleConstant(Color color) implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            return color;
        }
    }

    private static ValueAxis paramAxis(ParamInfo p, double[] positions) {
        if (p.categorical()) {
            SymbolAxis axis = categoryAxis(name(p.name()), p.categories(), VALUE_CHARS);
            axis.setVerticalTickLabels(crowded(p.categories(), 44));
            return axis;
        }
        return valueAxis(name(p.name()), p.log(), p.lower(), p.upper(), positions);
    }

    /**
     * A parameter's values over the iterations: numeric ones as dots with the per-iteration
     * median, Discrete ones as the share of each option per iteration.
     */
    static JFreeChart paramDevelopment(List<JobResult> jobs, ParamInfo p, int maxPoints) {
        if (p.categorical()) {
            CategoryTableXYDataset data = new CategoryTableXYDataset();
            Map<Integer, Map<String, Integer>> counts = new TreeMap<>();
            for (JobResult j : jobs) {
                double pos = p.position(j.params());
                if (Double.isFinite(pos)) {
                    counts.computeIfAbsent(j.iteration(), k -> new TreeMap<>())
                            .merge(p.categories().get((int) pos), 1, Integer::sum);
                }
            }
            for (Map.Entry<Integer, Map<String, Integer>> e : counts.entrySet()) {
                for (String c : p.categories()) {
                    data.add(e.getKey(), e.getValue().getOrDefault(c, 0), Fmt.middle(c, VALUE_CHARS));
                }
            }
            StackedXYBarRenderer r = new StackedXYBarRenderer(0.15);
            r.setRenderAsPercentages(true);
            r.setDrawBarOutline(false);
            r.setShadowVisible(false);
            NumberAxis y = new NumberAxis("share of jobs");
            y.setRange(0, 1);
            y.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
            NumberAxis x = integerAxis("iteration");
            XYPlot plot = new XYPlot(data, x, y, r);
            JFreeChart chart = styled(chart(name(p.name()) + " over iterations", plot, true));
            r.setBarPainter(new StandardXYBarPainter());
            for (int s = 0; s < p.categories().size(); s++) {
                r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            }
            return chart;
        }
        XYSeries points = new XYSeries("jobs", false, true);
        for (JobResult j : Sample.of(jobs, maxPoints, null)) {
            double v = p.position(j.params());
            if (Double.isFinite(v)) {
                points.add(j.iteration() + Sample.jitter(j.id()) * 0.5, v);
            }
        }
        TreeMap<Integer, List<Double>> byIteration = new TreeMap<>();
        for (JobResult j : jobs) {
            double v = p.position(j.params());
            if (Double.isFinite(v)) {
                byIteration.computeIfAbsent(j.iteration(), k -> new ArrayList<>()).add(v);
            }
        }
        XYSeries median = new XYSeries("median");
        byIteration.forEach((it, vs) -> median.add((double) it, Stats.median(vs.stream().mapToDouble(Double::doubleValue).toArray())));
        XYSeriesCollection data = new XYSeriesCollection(points);
        double[] xs = new double[points.getItemCount()];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = points.getY(k).doubleValue();
        }
        ValueAxis y = valueAxis(name(p.name()), p.log(), p.lower(), p.upper(), xs);
        NumberAxis x = integerAxis("iteration");
        if (!byIteration.isEmpty()) {
            x.setRange(byIteration.firstKey() - 0.6, byIteration.lastKey() + 0.6);
        }
        XYPlot plot = new XYPlot(data, x, y, null);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        plot.setRenderer(0, dots);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, median.getItemCount() < 40);
        plot.setDataset(1, new XYSeriesCollection(median));
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        JFreeChart chart = styled(chart(name(p.name()) + " over iterations", plot, true));
        dots.setSeriesShape(0, dot(3));
        dots.setSeriesPaint(0, alpha(BLUE, 110));
        line.setSeriesPaint(0, ORANGE);
        line.setSeriesStroke(0, new BasicStroke(1.5f));
        line.setSeriesShape(0, dot(4));
        return chart;
    }

    /** Horizontal bars, one per parameter (and per metric when several are given). */
    static JFreeChart importance(String title, Map<String, List<Importance.Score>> byMetric) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, List<Importance.Score>> e : byMetric.entrySet()) {
            for (Importance.Score s : e.getValue()) {
                data.addValue(Double.isNaN(s.score()) ? null : s.score(), name(e.getKey()), name(s.param()));
            }
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis y = new NumberAxis("share of variance explained (epsilon squared, on ranks)");
        y.setRange(0, 1);
        y.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
        BarRenderer r = new BarRenderer();
        r.setItemMargin(0.05);
        r.setMaximumBarWidth(0.12);
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        JFreeChart chart = styled(chart(title, plot, byMetric.size() > 1));
        r.setShadowVisible(false);
        r.setBarPainter(new StandardBarPainter());
        for (int s = 0; s < byMetric.size(); s++) {
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        // the share written at the end of each bar: a reader compares numbers, not bar lengths
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0%", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(BASE.deriveFont(7.5f));
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(
                ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        r.setItemLabelAnchorOffset(3);
        return chart;
    }

    // --- grid search ---------------------------------------------------------------------------

    /**
     * A box per parameter value (median, quartiles, whiskers at 1.5 IQR, outliers) with the
     * single runs as grey dots over it when there are few, so a box made of three restarts is
     * not mistaken for many.
     */
    static JFreeChart box(ParamInfo p, String metric, Map<String, List<Double>> byCategory) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        DefaultMultiValueCategoryDataset dots = new DefaultMultiValueCategoryDataset();
        List<Double> all = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : byCategory.entrySet()) {
            List<Double> finite = e.getValue().stream().filter(Double::isFinite).toList();
            if (finite.isEmpty()) {
                continue; // a value whose jobs all failed or are still running: no box to draw
            }
            all.addAll(finite);
            String label = Fmt.middle(e.getKey(), VALUE_CHARS);
            data.add(finite, metric, label);
            // the runs make a box of three restarts honest; past a few dozen they only hide the box
            dots.add(finite.size() <= MAX_DOTS_PER_BOX ? finite : List.of(), "runs", label);
        }
        double[] ys = all.stream().mapToDouble(Double::doubleValue).toArray();
        ValueAxis y = valueAxis(name(metric), ScaleDetection.isLog(ys), Double.NaN, Double.NaN, ys);
        CategoryAxis x = new CategoryAxis(name(p.name()));
        List<String> labels = new ArrayList<>(byCategory.keySet());
        if (crowded(labels, 30)) {
            x.setCategoryLabelPositions(labels.size() > 12 ? CategoryLabelPositions.UP_90 : CategoryLabelPositions.UP_45);
        }
        x.setMaximumCategoryLabelLines(2);
        x.setCategoryMargin(0.15);
        BoxAndWhiskerRenderer r = new BoxAndWhiskerRenderer();
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        ScatterRenderer points = new ScatterRenderer();
        plot.setDataset(1, dots);
        plot.setRenderer(1, points);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        JFreeChart chart = styled(chart("'" + name(metric) + "' per value of " + name(p.name()), plot, false));
        r.setMeanVisible(false);
        r.setMaxOutlierVisible(false); // the "far out" marks at the plot's edge read like data
        r.setMinOutlierVisible(false);
        r.setMaximumBarWidth(0.09);
        r.setFillBox(true);
        r.setUseOutlinePaintForWhiskers(false);
        r.setWhiskerWidth(0.6);
        r.setSeriesPaint(0, alpha(BLUE, 120));
        r.setSeriesOutlinePaint(0, BLUE.darker());
        r.setArtifactPaint(Color.BLACK);
        points.setUseSeriesOffset(false);
        points.setSeriesShape(0, dot(2.5));
        points.setSeriesPaint(0, alpha(Color.BLACK, 90));
        points.setDrawOutlines(false);
        points.setUseOutlinePaint(false);
        return chart;
    }

    /**
     * A heat map of {@code values[row][column]} (NaN cells left grey); values are written into
     * the cells when there are few enough to read. {@code charsAcross}: how many label
     * characters fit side by side under the plot (about 22 in a half-page chart, 60 across the page).
     */
    static JFreeChart heatmap(String title, String rowLabel, List<String> rows, String columnLabel, List<String> columns,
                              double[][] values, ColorScale scale, String scaleLabel, int digits, int labelChars,
                              int charsAcross) {
        int nr = rows.size();
        int nc = columns.size();
        int n = 0;
        for (double[] r : values) {
            for (double v : r) {
                if (!Double.isNaN(v)) {
                    n++;
                }
            }
        }
        double[][] xyz = new double[3][n];
        int i = 0;
        for (int r = 0; r < nr; r++) {
            for (int c = 0; c < nc; c++) {
                if (!Double.isNaN(values[r][c])) {
                    xyz[0][i] = c;
                    xyz[1][i] = r;
                    xyz[2][i] = values[r][c];
                    i++;
                }
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("cells", xyz);
        SymbolAxis x = categoryAxis(columnLabel, columns, labelChars);
        // JFreeChart drops labels that would overlap: turn them upright before that happens
        x.setVerticalTickLabels(crowded(columns, charsAcross));
        SymbolAxis y = categoryAxis(rowLabel, rows, labelChars);
        y.setInverted(true);
        XYBlockRenderer r = new XYBlockRenderer();
        r.setBlockAnchor(RectangleAnchor.CENTER);
        r.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(ColorScale.MISSING);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        JFreeChart chart = styled(chart(title, plot, false));
        plot.setBackgroundPaint(ColorScale.MISSING);
        chart.addSubtitle(colorLegend(scale, scaleLabel, false));
        if (nr * nc <= 144 && nc <= 12) {
            Font f = BASE.deriveFont(nr * nc <= 36 ? 7.5f : 6.5f);
            for (int k = 0; k < n; k++) {
                XYTextAnnotation a = new XYTextAnnotation(Fmt.num(xyz[2][k], digits), xyz[0][k], xyz[1][k]);
                a.setFont(f);
                a.setPaint(ColorScale.textOn(scale.color(xyz[2][k])));
                plot.addAnnotation(a, false);
            }
        }
        return chart;
    }
}
