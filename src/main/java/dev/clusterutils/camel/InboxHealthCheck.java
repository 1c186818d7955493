package dev.clusterutils.camel;

import dev.clusterutils.inbox.Inbox;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health check {@code cluster-utils/cu-inbox-folder} (not {@code cu-inbox}: Camel checks the route of that id itself): DOWN when the folder is gone or not writable (no
 * file could be claimed) or the watching route is not running; the files per state as details.
 */
public final class InboxHealthCheck extends AbstractHealthCheck {
    public static final String ID = "cu-inbox-folder";
    private final CuInbox inbox;

    public InboxHealthCheck(CuInbox inbox) {
        super("cluster-utils", ID);
        this.inbox = inbox;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        var dir = inbox.inbox().dir();
        builder.detail("dir", dir.toString());
        builder.detail("concurrent-runs", inbox.options().concurrentRuns());
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            builder.message("the inbox folder " + dir + " is missing or not writable").down();
            return;
        }
        try {
            Inbox.Counts c = inbox.counts();
            builder.detail("waiting", c.waiting()).detail("running", c.running()).detail("done", c.done())
                    .detail("failed", c.failed());
        } catch (IOException e) {
            builder.message("cannot list " + dir + ": " + e.getMessage()).error(e).down();
            return;
        }
        var camel = getCamelContext();
        var route = camel == null ? null : camel.getRouteController().getRouteStatus(ClusterUtilsRoutes.INBOX_ROUTE);
        if (route == null || !route.isStarted()) {
            builder.message("the " + ClusterUtilsRoutes.INBOX_ROUTE + " route is " + (route == null ? "missing" : route)).down();
            return;
        }
        builder.up();
    }
}
