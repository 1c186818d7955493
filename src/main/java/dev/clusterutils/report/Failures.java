package dev.clusterutils.report;

import dev.clusterutils.report.pdf.PdfPages;
import dev.clusterutils.report.pdf.TextTable;
import dev.clusterutils.results.FailureReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Failed jobs grouped by reason, with the full text of one job per reason: what a user needs to
 * fix a failing experiment without opening the logs of every job.
 */
final class Failures {
    private static final int SHOWN_REASONS = 5;
    private static final int REASON_LINES = 25;

    private Failures() {
    }

    static void write(RunResults r, PdfPages pdf) {
        List<JobResult> failed = r.failed();
        List<JobResult> open = r.jobs().stream().filter(j -> j.outcome() == JobResult.Outcome.UNFINISHED).toList();
        pdf.section("Failed jobs", 60);
        if (failed.isEmpty()) {
            pdf.paragraph("No job failed.");
        } else {
            pdf.paragraph(failed.size() + " of " + r.jobs().size() + " jobs failed.");
            Map<String, List<JobResult>> byReason = new LinkedHashMap<>();
            for (JobResult j : failed) {
                byReason.computeIfAbsent(summary(j.failure()), k -> new ArrayList<>()).add(j);
            }
            List<Map.Entry<String, List<JobResult>>> groups = new ArrayList<>(byReason.entrySet());
            groups.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, List<JobResult>> e : groups) {
                rows.add(List.of(e.getKey(), Integer.toString(e.getValue().size()), ids(e.getValue())));
            }
            pdf.table(new TextTable(List.of("reason", "jobs", "job ids"), rows, Set.of(1)), 8);
            for (int i = 0; i < Math.min(SHOWN_REASONS, groups.size()); i++) {
                JobResult first = groups.get(i).getValue().get(0);
                pdf.subsection("Job " + first.id() + ": " + Fmt.middle(groups.get(i).getKey(), 70), 50);
                pdf.listing(head(first.failure() == null ? "" : first.failure()), 7);
            }
        }
        if (!open.isEmpty()) {
            pdf.paragraph(open.size() + " job" + (open.size() == 1 ? " has" : "s have") + " not finished (still running when "
                    + "the report was made, or the run was stopped): " + ids(open) + ".");
        }
    }

    /** One line per reason, so that jobs failing the same way land in one row. */
    static String summary(String reason) {
        return Fmt.middle(FailureReason.summary(reason), 160);
    }

    private static String head(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length <= REASON_LINES) {
            return text;
        }
        return String.join("\n", Arrays.copyOf(lines, REASON_LINES)) + "\n... (" + (lines.length - REASON_LINES)
                + " more lines)";
    }

    private static String ids(List<JobResult> jobs) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(20, jobs.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(jobs.get(i).id());
        }
        if (jobs.size() > shown) {
            sb.append(", ... (").append(jobs.size() - shown).append(" more)");
        }
        return sb.toString();
    }
}
