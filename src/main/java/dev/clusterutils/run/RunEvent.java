package dev.clusterutils.run;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.protocol.JobMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Everything that can happen to a run; all of it reaches {@link Run#on} on one thread. */
public sealed interface RunEvent {
    /** The run's stages are ready: create and submit the first jobs. */
    record Begin() implements RunEvent { }

    /** The clock moved: grace periods, polls, progress. */
    record Tick() implements RunEvent { }

    record Message(JobMessage message) implements RunEvent { }

    record Submitted(long jobId, JobHandle handle) implements RunEvent { }

    record SubmitFailed(long jobId, String reason) implements RunEvent { }

    /** One or many job statuses, from a poll or pushed by the backend. */
    record Statuses(Map<JobHandle, JobStatus> statuses) implements RunEvent { }

    /** A status query failed; the run keeps its jobs as they are and polls again later. */
    record PollFailed(String reason) implements RunEvent { }

    /**
     * A user's command from the interactive prompt ({@code list_jobs}, {@code list_running_jobs},
     * {@code list_successful_jobs}, {@code list_idle_jobs}, {@code show_job}, {@code stop_remaining_jobs});
     * the answer is text for the user.
     */
    record Command(String name, String argument, CompletableFuture<String> reply) implements RunEvent { }

    /** Ctrl-C, or a host asking to stop: cancel every job and end with consistent results. */
    record Interrupt() implements RunEvent { }

    /** A stage failed in a way the run cannot go on from (a stalled stage, a failed optimizer): cancel every job and end. */
    record Abort(String reason) implements RunEvent { }

    /**
     * The optimizer stage's answer to an {@link Action.Ask}: at most as many proposals as asked, none
     * when it has nothing to propose before more results arrive; {@code exhausted} when it will never
     * propose again (a finite grid handed out).
     */
    record Asked(List<Proposal> proposals, boolean exhausted) implements RunEvent {
        public Asked {
            proposals = List.copyOf(proposals);
        }
    }

    /** The optimizer stage's answer to an {@link Action.Tell}: it has learned what it was told. */
    record Told() implements RunEvent { }

    /** A job message that never reached the run (a failing step on its way): counted as rejected, with the reason logged. */
    record MessageRejected(String reason) implements RunEvent { }
}
