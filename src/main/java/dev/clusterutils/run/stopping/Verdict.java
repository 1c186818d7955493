package dev.clusterutils.run.stopping;

/** What a {@link StoppingRule} says about a job after one of its reports. */
public record Verdict(boolean stop, String reason, Integer rung) {
    public static final Verdict CONTINUE = new Verdict(false, null, null);

    static Verdict stop(String reason, Integer rung) {
        return new Verdict(true, reason, rung);
    }
}
