package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.run.RunFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.bean.BeanComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's bean steps share one introspection of each bean class: the bean component runs
 * (and so keeps its cache) while the routes are built. Its cache is empty at start when each step
 * introspected the class on its own, which cost about 80 ms of every run's start-up.
 */
class BeanIntrospectionTest {
    @Test
    void installedPipelineIntrospectsThroughTheCache() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            ClusterUtilsRoutes.install(camel);
            camel.start();
            assertCached(camel);
        }
    }

    @Test
    void commandLineCamelIntrospectsThroughTheCache() throws Exception {
        CamelLauncher launcher = new CamelLauncher(RunFactory.production()).boot();
        try {
            assertCached(launcher.awaitStarted(60));
        } finally {
            launcher.stop();
        }
    }

    private static void assertCached(CamelContext camel) {
        BeanComponent bean = camel.getComponent("bean", BeanComponent.class);
        assertTrue(bean.getCurrentBeanCacheSize() >= 1,
                "the routes' bean steps were built without the bean component's cache: " + bean.getCurrentBeanCacheSize());
    }
}
