package dev.clusterutils.results;

/**
 * One line for a job's failure reason: the exception line of a Python traceback (its last
 * unindented line), else the first line. Jobs failing the same way get the same line, so the
 * report, the console's end summary and {@code show_job} group and show failures alike.
 */
public final class FailureReason {
    private FailureReason() {
    }

    public static String summary(String reason) {
        if (reason == null || reason.isBlank()) {
            return "(no reason recorded)";
        }
        String[] lines = reason.strip().split("\r?\n");
        String pick = lines[0].strip();
        boolean traceback = false;
        for (String l : lines) {
            if (l.startsWith("Traceback")) {
                traceback = true;
            }
            if (traceback && !l.isBlank() && !l.startsWith(" ") && !l.startsWith("Traceback") && !l.startsWith("Last lines of")) {
                pick = l.strip();
            }
        }
        return pick;
    }
}
