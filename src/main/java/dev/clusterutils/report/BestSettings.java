package dev.clusterutils.report;

import dev.clusterutils.report.pdf.PdfPages;
import dev.clusterutils.report.pdf.TextTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The best settings, as the reduced view ranks them: restarts of one setting are one row with
 * their mean, standard deviation and count. hp_optimization ranks by the optimised metric in its
 * direction; grid search does not know a direction, so every metric gets a table of its lowest
 * means (the summary table names the jobs at both ends).
 */
final class BestSettings {
    /** Past this many parameters a table is turned so that parameters are rows. */
    private static final int MAX_PARAM_COLUMNS = 5;

    private BestSettings() {
    }

    static void write(RunResults r, PdfPages pdf, ReportOptions o) {
        List<JobResult> ok = r.succeeded();
        List<SettingGroups.Group> groups = SettingGroups.of(ok, r.params());
        if (r.isHpo()) {
            Objective objective = Report.objective(r);
            pdf.section("Best settings", 80);
            if (objective == null || ok.isEmpty()) {
                pdf.note("No successful job, so there is nothing to rank.");
                return;
            }
            List<SettingGroups.Group> ranked = SettingGroups.ranked(groups, objective.metric(), objective.minimize());
            pdf.paragraph("The " + Math.min(o.topSettings(), ranked.size()) + " best of " + ranked.size()
                    + " distinct settings by " + (objective.minimize() ? "lowest" : "highest") + " mean '" + objective.metric() + "'.");
            table(r, pdf, ranked.subList(0, Math.min(o.topSettings(), ranked.size())), objective.metric());
            return;
        }
        pdf.section("Best settings per metric", 80);
        if (r.metrics().isEmpty()) {
            pdf.note("No successful job, so there is nothing to rank.");
            return;
        }
        pdf.paragraph("For every metric, the settings with the lowest mean over their restarts (grid search does not know "
                + "which direction is better; for a metric to maximise, see the job at max in the summary).");
        for (String m : o.gridMetrics(r.metrics())) {
            List<SettingGroups.Group> ranked = SettingGroups.ranked(groups, m, true);
            pdf.subsection("Lowest mean '" + m + "'", 60);
            table(r, pdf, ranked.subList(0, Math.min(o.topSettings(), ranked.size())), m);
        }
    }

    private static void table(RunResults r, PdfPages pdf, List<SettingGroups.Group> rows, String metric) {
        boolean restarts = rows.stream().anyMatch(g -> g.runs() > 1);
        List<String> header = new ArrayList<>();
        header.add("rank");
        r.params().forEach(p -> header.add(p.name()));
        if (restarts) {
            header.add("mean " + metric);
            header.add("std");
            header.add("runs");
            header.add("jobs");
        } else {
            header.add(metric);
            header.add("job");
            if (r.isHpo()) {
                header.add("iteration");
            }
        }
        List<List<String>> body = new ArrayList<>();
        int rank = 1;
        for (SettingGroups.Group g : rows) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(rank++));
            for (ParamInfo p : r.params()) {
                Object v = g.params().get(p.name());
                row.add(Values.isNumber(v) ? Fmt.num(Values.number(v), 6) : Values.label(v));
            }
            if (restarts) {
                row.add(Fmt.num(g.mean(metric), 6));
                row.add(Fmt.num(g.std(metric)));
                row.add(Integer.toString(g.runs()));
                row.add(ids(g.jobs()));
            } else {
                row.add(Fmt.num(g.mean(metric), 6));
                row.add(Long.toString(g.jobs().get(0).id()));
                if (r.isHpo()) {
                    row.add(Integer.toString(g.jobs().get(0).iteration()));
                }
            }
            body.add(row);
        }
        Set<Integer> right = new HashSet<>();
        right.add(0);
        for (int c = 1 + r.params().size(); c < header.size(); c++) {
            right.add(c);
        }
        for (int c = 0; c < r.params().size(); c++) {
            ParamInfo p = r.params().get(c);
            if (p.numeric()) {
                right.add(c + 1);
            }
        }
        TextTable table = new TextTable(header, body, right);
        if (r.params().size() > MAX_PARAM_COLUMNS && !body.isEmpty()) {
            table = table.transposed("rank");
        }
        pdf.table(table, 8);
    }

    private static String ids(List<JobResult> jobs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, jobs.size()); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(jobs.get(i).id());
        }
        if (jobs.size() > 4) {
            sb.append(", ...");
        }
        return sb.toString();
    }
}
