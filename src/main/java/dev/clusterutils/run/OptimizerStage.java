package dev.clusterutils.run;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;

/**
 * The built-in answer of the optimizer stage for one run: its {@link Optimizer} asked and told
 * through {@link Action.Ask} and {@link Action.Tell}. The stage's consumers may be two threads (one
 * for asks, one for tells); the optimizer is single-threaded, hence the lock.
 */
public final class OptimizerStage {
    private final Optimizer optimizer;

    public OptimizerStage(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    public synchronized RunEvent.Asked ask(Action.Ask ask) {
        return new RunEvent.Asked(optimizer.ask(ask.max()), optimizer.isExhausted());
    }

    public synchronized RunEvent.Told tell(Action.Tell tell) {
        for (Outcome outcome : tell.outcomes()) {
            optimizer.tell(outcome);
        }
        for (Proposal pending : tell.pending()) {
            optimizer.restorePending(pending);
        }
        return new RunEvent.Told();
    }
}
