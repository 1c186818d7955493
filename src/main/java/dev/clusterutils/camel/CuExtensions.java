package dev.clusterutils.camel;

import dev.clusterutils.backend.BackendFactory;
import dev.clusterutils.run.MessageChannel;
import dev.clusterutils.run.RunFactory;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The extension points a host fills by binding beans, looked up when each run starts so a bean
 * bound late (a YAML {@code beans:} section, a Spring context) still counts. A bean is found by
 * its name first, then as the only bean of its type; without one the default stays.
 *
 * <ul>
 *   <li>{@value #BACKEND_FACTORY}: a {@link BackendFactory}, e.g. the host's own scheduler; delegate the
 *       kinds you do not handle to {@link BackendFactory#defaults()}</li>
 *   <li>{@value #MESSAGE_CHANNELS}: a {@link MessageChannel.Factory}, where job messages arrive (default: a
 *       {@code cu-udp:} consumer per run)</li>
 *   <li>{@value #STAGES}: a whole {@link CuStages}; {@link ClusterUtilsRoutes#install} binds the default only when absent</li>
 * </ul>
 */
public final class CuExtensions {
    public static final String BACKEND_FACTORY = "cuBackendFactory";
    public static final String MESSAGE_CHANNELS = "cuMessageChannels";
    public static final String STAGES = "cuStages";
    public static final String JOBS = "cuJobs";
    /** The optimizer stage's bean ({@link CuOptimizer}). */
    public static final String OPTIMIZER = "cuOptimizer";
    public static final String INBOX = "cuInbox";
    /** The bean behind the HTTP routes ({@link CuHttp}). */
    public static final String HTTP = "cuHttp";

    private CuExtensions() {
    }

    /** {@code base} with the host's backend factory and message channels, where it bound them. */
    static RunFactory apply(CamelContext camel, RunFactory base) {
        RunFactory f = base;
        BackendFactory backends = find(camel, BACKEND_FACTORY, BackendFactory.class);
        if (backends != null) {
            f = f.withBackends(backends);
        }
        MessageChannel.Factory channels = find(camel, MESSAGE_CHANNELS, MessageChannel.Factory.class);
        // without a host's own channel, each run's socket is a cu-udp consumer of this CamelContext
        f = f.withChannels(channels != null ? channels : new CuUdpChannels(camel));
        return f;
    }

    static <T> T find(CamelContext camel, String name, Class<T> type) {
        Registry registry = camel.getRegistry();
        T named = registry.lookupByNameAndType(name, type);
        return named != null ? named : registry.findSingleByType(type);
    }

    /** The CamelContext's properties (its property placeholders) as a lookup; unknown keys are null. */
    static Function<String, String> properties(CamelContext camel) {
        return key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null);
    }
}
