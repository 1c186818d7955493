package dev.clusterutils.camel;

import dev.clusterutils.run.RunStatus;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health check {@code cluster-utils/cu-runs}: the live runs and their progress as details (one
 * detail per run: {@code run.<name>} = counts per job state and the best value). It is UP while the
 * pipeline's event stage runs; a failing job is the run's business, not the server's health.
 */
public final class RunsHealthCheck extends AbstractHealthCheck {
    public static final String ID = "cu-runs";
    private final CuStages stages;

    public RunsHealthCheck(CuStages stages) {
        super("cluster-utils", ID);
        this.stages = stages;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        var camel = getCamelContext();
        var events = camel == null ? null : camel.getRouteController().getRouteStatus("cu-events");
        builder.detail("runs", stages.registry().all().size());
        for (RunProgress p : stages.statuses()) {
            builder.detail("run." + p.name(), describe(p.status()));
        }
        if (events != null && !events.isStarted()) {
            builder.message("the cu-events route is " + events).down();
        } else {
            builder.up();
        }
    }

    /** One line per run, the counts a user reads off the progress bar. */
    static String describe(RunStatus s) {
        if (s == null) {
            return "preparing";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(s.completed()).append('/').append(s.total() < 0 ? "?" : Long.toString(s.total())).append(" done (")
                .append(s.succeeded()).append(" ok, ").append(s.failed()).append(" failed), ").append(s.running())
                .append(" running, ").append(Math.max(0, s.submitted() - s.running() - s.completed())).append(" submitted");
        if (!Double.isNaN(s.best())) {
            sb.append(", best ").append(s.best());
        }
        if (s.frontSize() >= 0) {
            sb.append(", front_size ").append(s.frontSize());
            if (!Double.isNaN(s.hypervolume())) {
                sb.append(", hypervolume ").append(s.hypervolume());
            }
        }
        return sb.toString();
    }
}
