package dev.clusterutils.camel;

import dev.clusterutils.inbox.InboxOptions;
import java.io.IOException;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.LoggerFactory;

/**
 * For Camel Main hosts that want cluster-utils without Java code of their own: name this class in
 * {@code camel.main.configuration-classes} and the routes in {@code camel.main.routes-include-pattern}.
 * It binds the default beans the host has not bound ({@code cuStages}, {@code cuJobs}, {@code cuHttp}
 * for the HTTP routes), registers the health checks and, when the property {@code cu.inbox} is set,
 * the inbox bean.
 */
public class ClusterUtilsConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext camel) throws Exception {
        ClusterUtilsRoutes.bindDefaults(camel, CuStages::production);
        var lookup = CuExtensions.properties(camel);
        String dir = lookup.apply(InboxOptions.DIR);
        CuInbox inbox = camel.getRegistry().lookupByNameAndType(CuExtensions.INBOX, CuInbox.class);
        if (dir != null && !dir.isBlank() && inbox == null) {
            inbox = ClusterUtilsRoutes.prepareInbox(InboxOptions.from(null, lookup),
                    line -> LoggerFactory.getLogger(CuInbox.class).info(line));
            camel.getRegistry().bind(CuExtensions.INBOX, inbox);
            ClusterUtilsRoutes.registerHealthCheck(camel, new InboxHealthCheck(inbox));
        }
        // for classpath:routes/cluster-utils-http.yaml, when the host includes it (cheap when it does not)
        CuInbox folder = inbox;
        ClusterUtilsRoutes.bindHttp(camel, () -> {
            try {
                return folder == null ? List.of() : folder.inbox().endedResultsDirs();
            } catch (IOException e) {
                return List.of();
            }
        });
    }
}
