package dev.clusterutils.cli;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.FailureReason;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the console says when a run has ended: where the tables and the report are, and for failed
 * jobs the most common reasons with their counts, one error line each and the log of one job per
 * reason. Only files that exist when it is said are named (the jobs dir may have been removed).
 */
final class RunSummary {
    static final int SHOWN_REASONS = 5;

    private RunSummary() {
    }

    static List<String> lines(RunLayout layout, String runName) {
        List<String> lines = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (Path table : List.of(layout.allData(), layout.reducedData())) {
            if (Files.isRegularFile(table)) {
                tables.add(table.toString());
            }
        }
        if (!tables.isEmpty()) {
            lines.add("Tables: " + String.join(", ", tables));
        }
        for (Path report : List.of(layout.report(), layout.gridReport(runName))) {
            if (Files.isRegularFile(report)) {
                lines.add("Report: " + report);
            }
        }
        Map<Long, String> failures = new TreeMap<>();
        try {
            Journal.scan(layout.journal(), Set.of("job_failed", "job_succeeded"), e -> {
                if (e instanceof JournalEvent.JobFailed f) {
                    failures.put(f.id(), f.reason());
                } else if (e instanceof JournalEvent.JobSucceeded s) {
                    failures.remove(s.id());
                }
            });
        } catch (IOException e) {
            lines.add("Cannot read " + layout.journal() + ": " + e.getMessage());
            return lines;
        }
        if (failures.isEmpty()) {
            return lines;
        }
        Map<String, List<Long>> byReason = new LinkedHashMap<>();
        failures.forEach((id, reason) -> byReason.computeIfAbsent(FailureReason.summary(reason), k -> new ArrayList<>()).add(id));
        List<Map.Entry<String, List<Long>>> groups = new ArrayList<>(byReason.entrySet());
        groups.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
        Map<Long, Path> logs = logs(layout.jobsDir());
        logs.keySet().retainAll(failures.keySet());
        lines.add(failures.size() + " job" + (failures.size() == 1 ? "" : "s") + " failed"
                + (groups.size() > SHOWN_REASONS ? "; the " + SHOWN_REASONS + " most common of " + groups.size() + " reasons:" : ":"));
        for (Map.Entry<String, List<Long>> g : groups.subList(0, Math.min(SHOWN_REASONS, groups.size()))) {
            List<Long> ids = g.getValue();
            lines.add(String.format("  %d x %s", ids.size(), g.getKey()));
            StringBuilder detail = new StringBuilder("      job" + (ids.size() == 1 ? " " : "s ") + ids(ids));
            Path log = ids.stream().map(logs::get).filter(p -> p != null).findFirst().orElse(null);
            if (log != null) {
                detail.append("; log of job ").append(RunLayout.jobIdOf(log)).append(": ").append(log);
            }
            lines.add(detail.toString());
        }
        if (!logs.isEmpty()) {
            lines.add("Logs of the failed jobs: " + layout.jobsDir());
        }
        return lines;
    }

    /** Per job, its stderr if it holds anything, else its stdout; only files that exist now. */
    private static Map<Long, Path> logs(Path jobsDir) {
        Map<Long, Path> logs = new TreeMap<>();
        if (!Files.isDirectory(jobsDir)) {
            return logs;
        }
        try (Stream<Path> files = Files.list(jobsDir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.comparing(Path::toString))::iterator) {
                long id = RunLayout.jobIdOf(p);
                String name = p.getFileName().toString();
                if (id < 0 || !(name.endsWith(".err") || name.endsWith(".out"))) {
                    continue;
                }
                Path known = logs.get(id);
                boolean useful = Files.size(p) > 0;
                if (known == null || (useful && name.endsWith(".err") && !known.getFileName().toString().endsWith(".err"))
                        || (useful && Files.size(known) == 0)) {
                    logs.put(id, p);
                }
            }
        } catch (IOException e) {
            return logs;
        }
        return logs;
    }

    private static String ids(List<Long> ids) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(10, ids.size());
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(ids.get(i));
        }
        if (ids.size() > shown) {
            sb.append(", ... (").append(ids.size() - shown).append(" more)");
        }
        return sb.toString();
    }
}
