package dev.clusterutils.run;

import dev.clusterutils.backend.JobHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One job while it is active. Owned by the run's single event thread, so it is plainly mutable;
 * finished jobs are dropped (their record is the journal and the CSV rows), which keeps memory
 * proportional to the jobs in flight.
 */
final class Job {
    final long id;
    final long token;
    final int iteration;
    final Map<String, Object> params;
    JobPhase phase = JobPhase.INITIAL_STATUS;
    JobHandle handle;
    String hostname;
    Map<String, Object> metrics;
    /** Results from a datagram that the job's metrics.csv could not confirm yet (the local backend). */
    Map<String, Object> unconfirmed;
    /** An exit-for-resume datagram arrived; on the local backend only exit code 3 resumes. */
    boolean resumeClaimed;
    String error;
    boolean waitingForResume;
    boolean processEnded;
    Integer exitCode;
    long firstSubmitMillis;
    /** When the backend accepted the latest submission; with {@code quickResumes}, the rule against resume loops. */
    long submittedMillis;
    int quickResumes;
    long startMillis;
    long graceDeadline;
    double estimatedEndMillis = Double.NaN;
    final List<Double> earlyValues = new ArrayList<>();
    Path stderr;

    Job(long id, long token, int iteration, Map<String, Object> params) {
        this.id = id;
        this.token = token;
        this.iteration = iteration;
        this.params = params;
    }
}
