package dev.clusterutils.report;

import java.util.List;
import java.util.Map;

/**
 * One job as the report sees it, replayed from the journal.
 *
 * @param params    the flattened parameters (dotted names), as in {@code all_data.csv}
 * @param metrics   the numeric metrics of a successful job (booleans and strings left out); empty otherwise
 * @param failure   the failure reason of a failed job, else null
 * @param resubmissions how often the job exited to be resumed and was submitted again
 * @param early     the numeric metrics of each early report the job sent ({@code announce_early_results}), in order
 */
public record JobResult(
        long id,
        int iteration,
        Map<String, Object> params,
        Outcome outcome,
        Map<String, Double> metrics,
        String failure,
        int resubmissions,
        List<Map<String, Double>> early) {

    public JobResult(long id, int iteration, Map<String, Object> params, Outcome outcome, Map<String, Double> metrics,
                     String failure, int resubmissions) {
        this(id, iteration, params, outcome, metrics, failure, resubmissions, List.of());
    }

    public enum Outcome { SUCCEEDED, FAILED, UNFINISHED }

    /** The metric's value, NaN when the job has none. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
