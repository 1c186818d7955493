package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageWatchTest {
    private static JobSpec spec(long id) {
        Path p = Path.of("job_" + id + ".sh");
        return new JobSpec(id, 0, "run_" + id, "true", p, p, p, p, p, false);
    }

    @Test
    void anAnsweredSubmissionIsNotWatchedAnyMore() {
        StageWatch w = new StageWatch(1000);
        w.sent(new Action.Submit(spec(1)), 0);
        w.sent(new Action.SubmitBatch(List.of(spec(2), spec(3))), 0);
        w.received(new RunEvent.Submitted(1, new JobHandle("local", "local-1")));
        w.received(new RunEvent.SubmitFailed(2, "refused"));
        w.received(new RunEvent.Submitted(3, new JobHandle("local", "local-3")));
        assertNull(w.stalled(10_000));
    }

    @Test
    void aSubmissionLeftUnansweredLongerThanTheTimeoutStallsTheRun() {
        StageWatch w = new StageWatch(1000);
        w.sent(new Action.Submit(spec(1)), 0);
        w.sent(new Action.Submit(spec(2)), 500);
        w.received(new RunEvent.Submitted(1, new JobHandle("local", "local-1")));
        assertNull(w.stalled(1400));
        String why = w.stalled(1500);
        assertTrue(why != null && why.contains("job 2 within 1 s"), why);
    }

    @Test
    void aPollLeftUnansweredStallsTheRunAndAnAnswerClearsIt() {
        StageWatch w = new StageWatch(1000);
        w.sent(new Action.Poll(List.of()), 0);
        assertTrue(w.stalled(1000).contains("poll stage"));
        w.received(new RunEvent.PollFailed("down"));
        assertNull(w.stalled(5000));
        w.sent(new Action.Poll(List.of()), 5000);
        w.received(new RunEvent.Statuses(Map.of()));
        assertNull(w.stalled(9000));
    }

    @Test
    void noTimeoutNoWatchdog() {
        StageWatch w = new StageWatch(0);
        w.sent(new Action.Submit(spec(1)), 0);
        assertNull(w.stalled(Long.MAX_VALUE));
    }
}
