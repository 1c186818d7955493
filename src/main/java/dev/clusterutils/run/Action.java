package dev.clusterutils.run;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import java.util.List;

/** What the run asks its stages to do next; each kind goes to its own endpoint. */
public sealed interface Action {
    record Submit(JobSpec spec) implements Action {
        /** The one job, as a list: a route can treat a submission and a batch alike ({@code ${body.specs}}). */
        public List<JobSpec> specs() {
            return List.of(spec);
        }
    }

    /**
     * Several new jobs for one scheduler submission (a Slurm job array). The submit stage answers
     * with one {@link RunEvent.Submitted} per job, or one {@link RunEvent.SubmitFailed} per job.
     */
    record SubmitBatch(List<JobSpec> specs) implements Action { }

    record Cancel(JobHandle handle) implements Action { }

    record Poll(List<JobHandle> handles) implements Action { }

    record Forget(JobHandle handle) implements Action { }

    record Finish(RunOutcome outcome) implements Action { }
}
