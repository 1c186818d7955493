package dev.clusterutils.run;

import dev.clusterutils.backend.JobSpecFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The random tokens of a run's live jobs and their sequential ids, readable from any thread: a
 * job's messages carry only its token, and the message stage names the job by its id (header
 * {@code CuJobId}) before the run sees the message. The run itself keeps its own map; this one is
 * filled as job specs are made and emptied as the stages forget finished jobs.
 */
public final class JobTokens {
    private final Map<Long, Long> idByToken = new ConcurrentHashMap<>();
    private final Map<Long, Long> tokenById = new ConcurrentHashMap<>();

    void put(long token, long id) {
        idByToken.put(token, id);
        tokenById.put(id, token);
    }

    /** The job's sequential id, or null for a token of no live job (a finished job's, a guess). */
    public Long idOf(long token) {
        return idByToken.get(token);
    }

    /** The job has ended: its messages from now on are late ones. */
    public void forget(long id) {
        Long token = tokenById.remove(id);
        if (token != null) {
            idByToken.remove(token);
        }
    }

    /** A spec factory that records every job's token as its spec is made. */
    JobSpecFactory recording(JobSpecFactory specs) {
        return (jobId, token, iteration, params, resubmission) -> {
            put(token, jobId);
            return specs.create(jobId, token, iteration, params, resubmission);
        };
    }
}
