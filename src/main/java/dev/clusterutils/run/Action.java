package dev.clusterutils.run;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
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

    /**
     * Several jobs of the run's own backend cancelled at once (an abort or Ctrl-C: one scancel for
     * hundreds of jobs); the event stage gathers the run's {@link Cancel}s into it.
     */
    record CancelAll(List<JobHandle> handles) implements Action {
        public CancelAll {
            handles = List.copyOf(handles);
        }
    }

    record Finish(RunOutcome outcome) implements Action { }

    /**
     * The optimizer stage: up to {@code max} new parameter sets, answered by one {@link RunEvent.Asked}.
     * A stage without ids of its own numbers its proposals {@code firstId}, {@code firstId + 1}, ...
     */
    record Ask(int max, long firstId) implements Action { }

    /**
     * The optimizer stage: what it learns, answered by one {@link RunEvent.Told}. Normally one finished
     * job; after a resume, every job the journal holds ({@code outcomes} in journal order, then the
     * proposals still in flight as {@code pending}).
     */
    record Tell(List<Outcome> outcomes, List<Proposal> pending) implements Action {
        public Tell {
            outcomes = List.copyOf(outcomes);
            pending = List.copyOf(pending);
        }

        public static Tell of(Outcome outcome) {
            return new Tell(List.of(outcome), List.of());
        }
    }
}
