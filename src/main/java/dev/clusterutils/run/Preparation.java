package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.workspace.GitInfo;

/**
 * How far the prepare stage got with a run. Each step of {@code direct:cu-prepare} answers one of
 * these immutable values and the next step takes it; a step that fails leaves the one it was given,
 * which names what must be closed and what metadata.json can still say.
 */
public sealed interface Preparation permits RunCode, RunBackend, RunChannel, PreparedRun {
    /** What code the jobs run. */
    GitInfo git();

    /** The run's backend; null before the backend step. */
    Backend backend();

    /** Where the run's job messages arrive; null before the channel step. */
    MessageChannel channel();

    /** Closes the backend (which stops any job still running) and then the channel this step holds. */
    default void release() {
        Backend b = backend();
        if (b != null) {
            b.close();
        }
        MessageChannel c = channel();
        if (c != null) {
            c.close();
        }
    }
}
