package dev.clusterutils.report;

import dev.clusterutils.report.pdf.PdfPages;
import dev.clusterutils.report.pdf.TextTable;
import dev.clusterutils.run.Version;
import dev.clusterutils.settings.Objectives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * The PDF report of a run, made from its results directory alone (journal, resolved settings,
 * metadata) with PDFBox and JFreeChart: no LaTeX, no Python, any machine with Java.
 *
 * <p>{@link #write(Path, Path)} is what a run calls for {@code generate_report}; it reads the
 * whole journal each time, so its cost grows with the number of jobs: about 1-2 s for 10,000
 * jobs on one core once the JVM is warm (see docs/performance.md), most of it drawing charts.
 * The file is written to a temporary sibling and moved into place, so a reader never sees
 * half a report.
 */
public final class Report {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TITLE_DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);

    private Report() {
    }

    /** Writes the report of the run in {@code resultsDir} to {@code out} (replacing it). */
    public static void write(Path resultsDir, Path out) throws IOException {
        write(resultsDir, out, ReportOptions.DEFAULTS);
    }

    public static void write(Path resultsDir, Path out, ReportOptions options) throws IOException {
        Headless.ensure();
        write(RunResultsReader.read(resultsDir), out, options);
    }

    static void write(RunResults r, Path out, ReportOptions options) throws IOException {
        Headless.ensure();
        String title = r.isHpo() ? "Results of optimization procedure '" + r.name() + "'" : "Cluster job '" + r.name() + "' results";
        try (PdfPages pdf = new PdfPages(PDRectangle.A4, title, r.name() + " - " + r.kind().command() + " report")) {
            summary(r, pdf);
            BestSettings.write(r, pdf, options);
            if (r.isHpo()) {
                ParetoSection.write(r, pdf, options);
                HpoSections.write(r, pdf, options);
            } else {
                GridSections.write(r, pdf, options);
            }
            Correlations.write(r, pdf, options);
            Failures.write(r, pdf);
            settings(r, pdf);
            pdf.saveAtomically(out);
        }
    }

    // --- summary -------------------------------------------------------------------------------

    private static void summary(RunResults r, PdfPages pdf) {
        LocalDateTime start = time(r.meta("start_time"));
        String when = start != null ? " (" + start.format(TITLE_DATE) + ")" : "";
        pdf.title(r.isHpo() ? "Results of optimization procedure '" + r.name() + "'" + when
                        : "Cluster job '" + r.name() + "' results" + when,
                r.kind().command() + " run, report made " + LocalDateTime.now().format(SHOWN) + " by cluster-utils " + Version.get());
        pdf.section("Summary", 80);
        List<Map.Entry<String, String>> kv = new ArrayList<>();
        kv.add(new SimpleEntry<>("Run", r.name() + " (" + r.kind().command() + ")"));
        kv.add(new SimpleEntry<>("Results directory", r.resultsDir().toAbsolutePath().normalize().toString()));
        if (r.meta("settings_file") != null) {
            kv.add(new SimpleEntry<>("Settings file", r.meta("settings_file")));
        }
        LocalDateTime end = time(r.meta("end_time"));
        kv.add(new SimpleEntry<>("Started", start == null ? "unknown" : start.format(SHOWN)));
        kv.add(new SimpleEntry<>("Ended", end == null ? (r.endStatus() == null ? "not yet (or the run was killed)" : "unknown")
                : end.format(SHOWN) + "  (" + duration(Duration.between(start == null ? end : start, end)) + ")"));
        String outcome = r.meta("outcome") != null ? r.meta("outcome") : r.endStatus();
        if (outcome != null) {
            kv.add(new SimpleEntry<>("Outcome", outcome + (r.endMessage() != null && !r.endMessage().isBlank() ? ": " + r.endMessage() : "")));
        }
        if (r.meta("backend") != null) {
            kv.add(new SimpleEntry<>("Backend", r.meta("backend")));
        }
        if (r.meta("tool_version") != null) {
            kv.add(new SimpleEntry<>("Made with", "cluster-utils " + r.meta("tool_version")
                    + (r.meta("seed") != null ? ", seed " + r.meta("seed") : "")));
        }
        long ok = r.count(JobResult.Outcome.SUCCEEDED);
        long failed = r.count(JobResult.Outcome.FAILED);
        long open = r.count(JobResult.Outcome.UNFINISHED);
        int resumed = r.jobs().stream().mapToInt(JobResult::resubmissions).sum();
        kv.add(new SimpleEntry<>("Jobs", r.jobs().size() + " created: " + ok + " succeeded, " + failed + " failed"
                + (open > 0 ? ", " + open + " unfinished" : "") + (resumed > 0 ? "; " + resumed + " resubmissions after exit for resume" : "")));
        if (r.isHpo()) {
            kv.add(new SimpleEntry<>("Iterations", Integer.toString(r.iterations().size())));
            Objective o = objective(r);
            Objectives all = Objectives.fromTree(r.settings());
            if (all != null && all.isMulti()) {
                // no single best job: each objective's best, and which objective the one-metric sections follow
                kv.add(new SimpleEntry<>("Objectives", all.describe() + " (multi-objective: see \"Pareto front\"; the sections"
                        + " for one metric show '" + all.name(0) + "')"));
                for (int i = 0; i < all.count(); i++) {
                    Objective each = new Objective(all.name(i), all.minimizes(i));
                    JobResult best = best(r, each);
                    kv.add(new SimpleEntry<>("Best '" + each.metric() + "'", best == null ? "none (no successful job reported it)"
                            : Fmt.num(best.metric(each.metric()), 6) + "  (job " + best.id() + ", iteration " + best.iteration() + ")"));
                }
            } else if (o != null) {
                kv.add(new SimpleEntry<>("Objective", "'" + o.metric() + "', " + o.direction()
                        + (r.objective() == null ? " (assumed: the settings do not name it)" : "")));
                JobResult best = best(r, o);
                kv.add(new SimpleEntry<>("Best value", best == null ? "none (no successful job reported it)"
                        : Fmt.num(best.metric(o.metric()), 6) + "  (job " + best.id() + ", iteration " + best.iteration() + ")"));
            }
        } else {
            Object restarts = r.settings().get("restarts");
            if (restarts != null) {
                kv.add(new SimpleEntry<>("Restarts", String.valueOf(restarts)));
            }
        }
        StringBuilder params = new StringBuilder();
        for (ParamInfo p : r.params()) {
            if (params.length() > 0) {
                params.append(", ");
            }
            params.append(p.name());
            if (p.distribution() != null) {
                params.append(" (").append(p.distribution()).append(')');
            } else if (p.categorical()) {
                params.append(" (").append(p.distinctValues()).append(p.distinctValues() == 1 ? " value)" : " values)");
            }
        }
        kv.add(new SimpleEntry<>(r.isHpo() ? "Optimized parameters" : "Varied parameters", params.length() == 0 ? "none" : params.toString()));
        pdf.keyValues(kv);

        pdf.subsection("Metrics", 60);
        if (r.metrics().isEmpty()) {
            pdf.note(ok == 0 ? "No job finished successfully, so there are no metrics to summarise or chart."
                    : "The successful jobs reported no numeric metrics.");
            return;
        }
        pdf.paragraph("Over the " + ok + " successful job" + (ok == 1 ? "" : "s") + (r.isHpo() ? "."
                : ". Grid search does not know whether larger or smaller is better, so both ends are shown."));
        List<String> header = List.of("metric", "jobs", "min", "max", "mean", "std", "job at min", "job at max");
        List<List<String>> rows = new ArrayList<>();
        List<JobResult> succeeded = r.succeeded();
        for (String m : r.metrics()) {
            double[] v = succeeded.stream().mapToDouble(j -> j.metric(m)).toArray();
            long n = Arrays.stream(v).filter(Double::isFinite).count();
            rows.add(List.of(m, Long.toString(n), Fmt.num(Stats.min(v)), Fmt.num(Stats.max(v)), Fmt.num(Stats.mean(v)),
                    Fmt.num(Stats.std(v)), jobAt(succeeded, m, true), jobAt(succeeded, m, false)));
        }
        pdf.table(new TextTable(header, rows, Set.of(1, 2, 3, 4, 5, 6, 7)), 8);
    }

    private static String jobAt(List<JobResult> jobs, String metric, boolean min) {
        JobResult at = null;
        for (JobResult j : jobs) {
            double v = j.metric(metric);
            if (Double.isFinite(v) && (at == null || (min ? v < at.metric(metric) : v > at.metric(metric)))) {
                at = j;
            }
        }
        return at == null ? "" : Long.toString(at.id());
    }

    /** The objective from the settings or, when they do not name one, the first metric minimised. */
    static Objective objective(RunResults r) {
        if (r.objective() != null) {
            return r.objective();
        }
        return r.metrics().isEmpty() ? null : new Objective(r.metrics().get(0), true);
    }

    static JobResult best(RunResults r, Objective o) {
        JobResult best = null;
        for (JobResult j : r.succeeded()) {
            if (Double.isFinite(j.metric(o.metric())) && (best == null || o.better(j.metric(o.metric()), best.metric(o.metric())))) {
                best = j;
            }
        }
        return best;
    }

    static LocalDateTime time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    // --- settings listing -------------------------------------------------------------------

    private static void settings(RunResults r, PdfPages pdf) {
        pdf.section("Settings", 40);
        if (r.settingsListing() == null) {
            pdf.note("The results directory has no settings_resolved.json.");
            return;
        }
        pdf.paragraph("settings_resolved.json: the settings as the run used them, after imports, dynamic values and "
                + "command-line overrides" + (r.meta("settings_file") != null ? " (from " + r.meta("settings_file") + ")" : "") + ".");
        pdf.listing(r.settingsListing(), 7.5f);
    }
}
