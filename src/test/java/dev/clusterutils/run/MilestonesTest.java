package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.run.Milestones.Milestone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MilestonesTest {
    @Test
    void aStepKeepsTheFirstTimeItWasReached() throws Exception {
        Milestones m = new Milestones();
        assertEquals(0, m.at(Milestone.CHECKED_OUT));
        m.mark(Milestone.CHECKED_OUT);
        long first = m.at(Milestone.CHECKED_OUT);
        Thread.sleep(5);
        m.mark(Milestone.CHECKED_OUT);
        assertEquals(first, m.at(Milestone.CHECKED_OUT), "a resumed or second pass must not move the first time");
    }

    @Test
    void aRunReportsItsOwnStepsAndTheProcessStepsInTheirOrderSinceTheJvmStarted() {
        Milestones run = new Milestones();
        run.mark(Milestone.FIRST_SUBMITTED);
        run.mark(Milestone.RUN_STARTED);
        Milestones.PROCESS.mark(Milestone.MAIN);
        Map<String, Long> out = run.sinceJvmStart();
        List<String> keys = new ArrayList<>(out.keySet());
        assertTrue(keys.indexOf("main") < keys.indexOf("run_started"), keys.toString());
        assertTrue(keys.indexOf("run_started") < keys.indexOf("first_submitted"), "the order of the steps, not of marking: " + keys);
        assertFalse(keys.contains("checked_out"), "a step not reached is left out");
        long sinceStart = System.currentTimeMillis() - Milestones.jvmStartedAt();
        for (long v : out.values()) {
            assertTrue(v >= 0 && v <= sinceStart, out.toString());
        }
    }
}
