package dev.clusterutils.report;

import dev.clusterutils.report.pdf.PdfPages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The job timeline (spec 9.7) as a PDF: one bar per run of a job, grey while it waited in the
 * queue and coloured by how it ended while it ran, plus the number of jobs queued and running
 * over time. Runs that never ended are drawn up to the exit of cluster-utils, or to now when
 * the source records no exit; {@code capRunning} stops them at the last recorded time plus
 * 40 % of the recorded span, as the original's {@code --cap-running-jobs}.
 */
public final class Timeline {
    static final Color QUEUED = new Color(0xC7, 0xC7, 0xC7);
    static final Color SUCCEEDED = new Color(0x2C, 0xA0, 0x2C);
    static final Color FAILED = new Color(0xD6, 0x27, 0x28);
    static final Color RESUMED = new Color(0xFF, 0x7F, 0x0E);
    static final Color OPEN = new Color(0x1F, 0x77, 0xB4);
    /** Above this many jobs the end markers would only blur into the bars. */
    static final int MAX_MARKED_JOBS = 200;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Timeline() {
    }

    /** Reads {@code source} (a results directory or a cluster_run.log) and writes the timeline to {@code out}. */
    public static void write(Path source, Path out, boolean capRunning) throws IOException {
        Headless.ensure();
        write(TimelineReader.read(source), out, capRunning, System.currentTimeMillis());
    }

    static void write(TimelineData data, Path out, boolean capRunning, long now) throws IOException {
        Headless.ensure();
        long first = data.firstMillis();
        long last = data.lastMillis();
        long openEnd = data.exitMillis() >= 0 ? data.exitMillis() : now;
        if (capRunning && data.exitMillis() < 0) {
            openEnd = Math.min(openEnd, last + (long) (0.4 * Math.max(0, last - first)));
        }
        openEnd = Math.max(openEnd, last);
        PDRectangle landscape = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
        try (PdfPages pdf = new PdfPages(landscape, "Job timeline of '" + data.name() + "'", data.name() + " - job timeline")) {
            pdf.title("Job timeline of '" + data.name() + "'", "cluster-utils job execution flow, from " + data.source());
            pdf.keyValues(summary(data, first, last, openEnd, capRunning));
            if (data.jobs().isEmpty()) {
                pdf.note("No jobs were created.");
            } else {
                pdf.chart(concurrency(data, openEnd), Math.min(pdf.remaining() - 10, 300));
                pdf.newPage();
                pdf.chart(timeline(data, openEnd), pdf.remaining() - 10);
            }
            pdf.saveAtomically(out);
        }
    }

    private static List<Map.Entry<String, String>> summary(TimelineData data, long first, long last, long openEnd,
                                                           boolean capped) {
        Map<TimelineData.End, Integer> ends = new EnumMap<>(TimelineData.End.class);
        int runs = 0;
        List<Long> waits = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        for (TimelineData.JobRuns j : data.jobs()) {
            for (TimelineData.Run r : j.runs()) {
                runs++;
                ends.merge(r.end(), 1, Integer::sum);
                if (r.submitted() >= 0 && r.started() >= 0) {
                    waits.add(r.started() - r.submitted());
                }
                if (r.started() >= 0 && r.ended() >= 0) {
                    durations.add(r.ended() - r.started());
                }
            }
        }
        List<Map.Entry<String, String>> kv = new ArrayList<>();
        kv.add(new SimpleEntry<>("Jobs", data.jobs().size() + " (" + runs + " runs; a job that exits to be resumed runs again)"));
        kv.add(new SimpleEntry<>("Runs ended", ends.getOrDefault(TimelineData.End.SUCCEEDED, 0) + " succeeded, "
                + ends.getOrDefault(TimelineData.End.FAILED, 0) + " failed, " + ends.getOrDefault(TimelineData.End.RESUMED, 0)
                + " exited to be resumed, " + ends.getOrDefault(TimelineData.End.OPEN, 0) + " not ended"));
        if (first >= 0) {
            kv.add(new SimpleEntry<>("Span", show(first) + " to " + show(last) + "  (" + Report.duration(Duration.ofMillis(last - first)) + ")"));
        }
        kv.add(new SimpleEntry<>("Exit", data.exitMillis() >= 0 ? "cluster-utils ended the run at " + show(data.exitMillis())
                : "not recorded; runs that did not end are drawn up to " + show(openEnd) + (capped ? " (capped)" : " (now)")));
        kv.add(new SimpleEntry<>("Median wait in queue", waits.isEmpty() ? "unknown" : Report.duration(Duration.ofMillis(median(waits)))));
        kv.add(new SimpleEntry<>("Median run time", durations.isEmpty() ? "unknown" : Report.duration(Duration.ofMillis(median(durations)))));
        return kv;
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(Long::compare);
        return s.get(s.size() / 2);
    }

    private static String show(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()).format(SHOWN);
    }

    // --- charts ------------------------------------------------------------------------------------

    private static StandardChartTheme theme() {
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        StandardChartTheme t = new StandardChartTheme("timeline");
        t.setExtraLargeFont(base.deriveFont(Font.BOLD, 10f));
        t.setLargeFont(base.deriveFont(8.5f));
        t.setRegularFont(base.deriveFont(7.5f));
        t.setSmallFont(base.deriveFont(7f));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setDomainGridlinePaint(new Color(0xE0, 0xE0, 0xE0));
        t.setRangeGridlinePaint(new Color(0xE0, 0xE0, 0xE0));
        t.setXYBarPainter(new StandardXYBarPainter());
        t.setShadowVisible(false);
        return t;
    }

    private static JFreeChart finish(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, plot);
        theme().apply(chart);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 10)));
        chart.setPadding(new RectangleInsets(2, 2, 2, 8));
        if (chart.getLegend() != null) {
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
        return chart;
    }

    /** One horizontal bar per run: job ids downwards, time to the right. */
    static JFreeChart timeline(TimelineData data, long openEnd) {
        XYIntervalSeries queued = new XYIntervalSeries("queued");
        Map<TimelineData.End, XYIntervalSeries> running = new EnumMap<>(TimelineData.End.class);
        running.put(TimelineData.End.SUCCEEDED, new XYIntervalSeries("ran, succeeded"));
        running.put(TimelineData.End.FAILED, new XYIntervalSeries("ran, failed"));
        running.put(TimelineData.End.RESUMED, new XYIntervalSeries("ran, exited to be resumed"));
        running.put(TimelineData.End.OPEN, new XYIntervalSeries("running (no end recorded)"));
        Map<TimelineData.End, XYSeries> marks = new EnumMap<>(TimelineData.End.class);
        for (TimelineData.End e : TimelineData.End.values()) {
            marks.put(e, new XYSeries(e.name(), false, true));
        }
        double half = 0.38;
        long minId = Long.MAX_VALUE;
        long maxId = Long.MIN_VALUE;
        for (TimelineData.JobRuns j : data.jobs()) {
            minId = Math.min(minId, j.id());
            maxId = Math.max(maxId, j.id());
            for (TimelineData.Run r : j.runs()) {
                long end = r.ended() >= 0 ? r.ended() : openEnd;
                if (r.submitted() >= 0) {
                    long queueEnd = r.started() >= 0 ? r.started() : end;
                    queued.add(j.id(), j.id() - half, j.id() + half, r.submitted(), r.submitted(), queueEnd);
                }
                if (r.started() >= 0) {
                    running.get(r.end()).add(j.id(), j.id() - half, j.id() + half, r.started(), r.started(), end);
                }
                marks.get(r.end()).add(j.id(), end);
            }
        }
        XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
        bars.addSeries(queued);
        running.values().forEach(bars::addSeries);
        NumberAxis ids = new NumberAxis("job id");
        ids.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ids.setRange(minId - 0.6, maxId + 0.6);
        ids.setInverted(true);
        DateAxis time = new DateAxis("time");
        XYBarRenderer r = new XYBarRenderer();
        XYPlot plot = new XYPlot(bars, ids, time, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        XYLineAndShapeRenderer m = new XYLineAndShapeRenderer(false, true);
        boolean marked = data.jobs().size() <= MAX_MARKED_JOBS;
        if (marked) {
            XYSeriesCollection markData = new XYSeriesCollection();
            marks.values().forEach(markData::addSeries);
            plot.setDataset(1, markData);
            plot.setRenderer(1, m);
        }
        JFreeChart chart = finish("Job timeline", plot);
        r.setUseYInterval(true);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setSeriesPaint(0, QUEUED);
        Color[] colours = {SUCCEEDED, FAILED, RESUMED, OPEN};
        for (int s = 0; s < colours.length; s++) {
            r.setSeriesPaint(s + 1, colours[s]);
        }
        for (int s = 0; s < bars.getSeriesCount(); s++) {
            r.setSeriesVisibleInLegend(s, bars.getSeries(s).getItemCount() > 0);
        }
        if (marked) {
            Shape[] shapes = {square(2.6), cross(3), triangleDown(3.2), arrow(3.2)};
            for (int s = 0; s < shapes.length; s++) {
                m.setSeriesShape(s, shapes[s]);
                m.setSeriesPaint(s, colours[s].darker());
                m.setSeriesVisibleInLegend(s, false);
            }
            m.setSeriesShapesFilled(1, false);
            m.setSeriesStroke(1, new BasicStroke(1.2f));
            m.setDrawOutlines(true);
            m.setUseOutlinePaint(false);
        }
        return chart;
    }

    /** Jobs waiting in the queue and running, over time. */
    static JFreeChart concurrency(TimelineData data, long openEnd) {
        TreeMap<Long, int[]> deltas = new TreeMap<>(); // time -> {queued delta, running delta}
        for (TimelineData.JobRuns j : data.jobs()) {
            for (TimelineData.Run r : j.runs()) {
                long end = r.ended() >= 0 ? r.ended() : openEnd;
                if (r.submitted() >= 0) {
                    long queueEnd = r.started() >= 0 ? r.started() : end;
                    deltas.computeIfAbsent(r.submitted(), k -> new int[2])[0]++;
                    deltas.computeIfAbsent(queueEnd, k -> new int[2])[0]--;
                }
                if (r.started() >= 0) {
                    deltas.computeIfAbsent(r.started(), k -> new int[2])[1]++;
                    deltas.computeIfAbsent(end, k -> new int[2])[1]--;
                }
            }
        }
        XYSeries running = new XYSeries("running");
        XYSeries queued = new XYSeries("queued");
        int q = 0;
        int run = 0;
        for (Map.Entry<Long, int[]> e : deltas.entrySet()) {
            q += e.getValue()[0];
            run += e.getValue()[1];
            running.add(e.getKey().doubleValue(), run);
            queued.add(e.getKey().doubleValue(), q);
        }
        XYSeriesCollection series = new XYSeriesCollection();
        series.addSeries(running);
        series.addSeries(queued);
        DateAxis time = new DateAxis("time");
        NumberAxis count = new NumberAxis("jobs");
        count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYStepRenderer r = new XYStepRenderer();
        XYPlot plot = new XYPlot(series, time, count, r);
        JFreeChart chart = finish("Jobs queued and running at once", plot);
        r.setSeriesPaint(0, OPEN);
        r.setSeriesPaint(1, QUEUED.darker());
        r.setSeriesStroke(0, new BasicStroke(1.4f));
        r.setSeriesStroke(1, new BasicStroke(1.2f));
        return chart;
    }

    private static Shape square(double s) {
        return new Rectangle2D.Double(-s, -s, 2 * s, 2 * s);
    }

    private static Shape cross(double s) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(-s, -s);
        p.lineTo(s, s);
        p.moveTo(-s, s);
        p.lineTo(s, -s);
        return p;
    }

    private static Shape triangleDown(double s) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(-s, -s);
        p.lineTo(s, -s);
        p.lineTo(0, s);
        p.closePath();
        return p;
    }

    private static Shape arrow(double s) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(-s, -s);
        p.lineTo(s, 0);
        p.lineTo(-s, s);
        p.closePath();
        return p;
    }
}
