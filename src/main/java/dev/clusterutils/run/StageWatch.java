package dev.clusterutils.run;

import dev.clusterutils.backend.JobSpec;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The watchdog of one run. Every submission and poll the run sends to a stage must be answered
 * (Submitted or SubmitFailed; Statuses or PollFailed; Asked; Told); a stage that answers nothing for longer
 * than the timeout has stopped making progress (a user's route that swallowed a message, a
 * replacement that never reports), and waiting on would hang the run forever. Jobs that run for
 * days are not watched: only the stages' answers are.
 *
 * <p>Fed on the run's event thread only ({@link #sent}, {@link #received}, {@link #stalled}).
 */
public final class StageWatch {
    private final long timeoutMillis;
    /** Job id to when its submission was sent; insertion order is age order. */
    private final Map<Long, Long> submissions = new LinkedHashMap<>();
    private long pollSentAt = -1;
    private long askSentAt = -1;
    /** When each unanswered tell was sent, oldest first (the tell stage answers in order). */
    private final ArrayDeque<Long> tellsSentAt = new ArrayDeque<>();

    /** @param timeoutMillis how long a stage may leave a message unanswered; 0 or less: never stalled */
    public StageWatch(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** The run sent this action to its stage at {@code now}. */
    public void sent(Action action, long now) {
        if (action instanceof Action.Submit s) {
            submissions.putIfAbsent(s.spec().jobId(), now);
        } else if (action instanceof Action.SubmitBatch b) {
            for (JobSpec spec : b.specs()) {
                submissions.putIfAbsent(spec.jobId(), now);
            }
        } else if (action instanceof Action.Poll && pollSentAt < 0) {
            pollSentAt = now;
        } else if (action instanceof Action.Ask) {
            askSentAt = now;
        } else if (action instanceof Action.Tell) {
            tellsSentAt.add(now);
        }
    }

    /** An event reached the run: it may answer a submission or a poll. */
    public void received(RunEvent event) {
        if (event instanceof RunEvent.Submitted s) {
            submissions.remove(s.jobId());
        } else if (event instanceof RunEvent.SubmitFailed f) {
            submissions.remove(f.jobId());
        } else if (event instanceof RunEvent.Statuses || event instanceof RunEvent.PollFailed) {
            pollSentAt = -1;
        } else if (event instanceof RunEvent.Asked) {
            askSentAt = -1;
        } else if (event instanceof RunEvent.Told) {
            tellsSentAt.poll();
        }
    }

    /** Why the run must end because a stage stopped answering, or null while every stage keeps up. */
    public String stalled(long now) {
        if (timeoutMillis <= 0) {
            return null;
        }
        for (Map.Entry<Long, Long> e : submissions.entrySet()) {
            if (now - e.getValue() >= timeoutMillis) {
                return "The submit stage has not answered the submission of job " + e.getKey() + " within "
                        + seconds(timeoutMillis) + " (cu.stage-timeout): a step on seda:cu-submit swallowed it or never "
                        + "reported it. Ending the run.";
            }
            break; // the oldest is first
        }
        if (pollSentAt >= 0 && now - pollSentAt >= timeoutMillis) {
            return "The poll stage has not answered within " + seconds(timeoutMillis)
                    + " (cu.stage-timeout): a step on seda:cu-poll swallowed the query. Ending the run.";
        }
        if (askSentAt >= 0 && now - askSentAt >= timeoutMillis) {
            return "The optimizer stage has not answered an ask within " + seconds(timeoutMillis)
                    + " (cu.stage-timeout): a step on seda:cu-ask swallowed it or never answered. Ending the run.";
        }
        Long tell = tellsSentAt.peek();
        if (tell != null && now - tell >= timeoutMillis) {
            return "The optimizer stage has not answered a tell within " + seconds(timeoutMillis)
                    + " (cu.stage-timeout): a step on seda:cu-tell swallowed it or never answered. Ending the run.";
        }
        return null;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
