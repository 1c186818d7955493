package dev.clusterutils.optim;

import java.util.List;

/**
 * Proposes parameter sets and learns from finished jobs. Implementations are pure (no I/O, no
 * clock), single-threaded (the run's event consumer is the only caller) and deterministic given the
 * random generator they were created with and the sequence of calls.
 *
 * <p><b>Rebuilding after a crash.</b> Every optimiser is rebuilt by replay, not by a saved state:
 * create it again with the same settings and a generator seeded the same way, then call
 * {@link #tell} for every finished job in journal order and {@link #restorePending} for every
 * proposal still in flight. Outcomes of proposals the new instance never issued are learned from
 * their values, and proposal ids continue after the largest id seen. The proposals asked after a
 * replay may differ from the ones the crashed run would have made; they are drawn from the same
 * learned state, which is all that matters to the search.
 */
public interface Optimizer {

    /**
     * Up to {@code max} new parameter sets; fewer (possibly none) when the optimiser is exhausted.
     * Many proposals may be pending at once; each later gets at most one {@link #tell}.
     *
     * @throws IllegalArgumentException if {@code max < 0}
     */
    List<Proposal> ask(int max);

    /**
     * One finished job. Outcomes may arrive in any order, long after their ask, or for proposals
     * this instance never issued (replay); a second outcome for the same proposal id is ignored.
     */
    void tell(Outcome outcome);

    /**
     * True when no more proposals will ever come (a finite grid that has been handed out); a search
     * over a continuous or sampled space never is.
     */
    default boolean isExhausted() {
        return false;
    }

    /**
     * Registers a proposal issued by an earlier instance that is still in flight, so that it counts
     * as pending (a grid does not hand it out again; model-based optimisers avoid its region) and its
     * later {@link #tell} is matched by id.
     */
    default void restorePending(Proposal proposal) {
    }
}
