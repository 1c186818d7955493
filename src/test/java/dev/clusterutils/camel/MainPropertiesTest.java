package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's property sources in Camel's order, and the user's routes added to ours. */
class MainPropertiesTest {
    @TempDir
    Path tmp;

    @Test
    void overridesBeatSystemPropertiesBeatTheFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("application.properties"),
                "cu.test.a=file\ncu.test.b=file\ncu.test.c=file\n");
        System.setProperty("cu.test.b", "system");
        System.setProperty("cu.test.c", "system");
        try {
            MainProperties p = MainProperties.load(file, Map.of("cu.test.c", "override"));
            assertEquals("file", p.get("cu.test.a"));
            assertEquals("system", p.get("cu.test.b"));
            assertEquals("override", p.get("cu.test.c"));
            assertNull(p.get("cu.test.none"));
            assertEquals("command", p.with(Map.of("cu.test.a", "command")).get("cu.test.a"));
            assertEquals(file.toAbsolutePath(), p.file());
        } finally {
            System.clearProperty("cu.test.b");
            System.clearProperty("cu.test.c");
        }
    }

    @Test
    void aMissingFileIsNoFile() throws Exception {
        MainProperties p = MainProperties.load(tmp.resolve("absent.properties"), Map.of());
        assertNull(p.file());
        assertNull(p.get("cu.test.a"));
    }

    @Test
    void theUsersRoutesComeAfterThePipeline() throws Exception {
        assertEquals(ClusterUtilsRoutes.PIPELINE, MainProperties.none().routes(ClusterUtilsRoutes.PIPELINE));
        MainProperties p = MainProperties.load(null, Map.of(MainProperties.ROUTES_INCLUDE, " file:a.yaml,file:b.yaml "));
        assertEquals(ClusterUtilsRoutes.PIPELINE + "," + ClusterUtilsRoutes.INBOX + ",file:a.yaml,file:b.yaml",
                p.routes(ClusterUtilsRoutes.PIPELINE, ClusterUtilsRoutes.INBOX));
    }

    @Test
    void sedaConsumersPollEveryTenthOfASecondUnlessTheUserSaysOtherwise() throws Exception {
        assertEquals("100", MainProperties.none().camelOverrides(ClusterUtilsRoutes.PIPELINE)
                .getProperty(MainProperties.SEDA_POLL_TIMEOUT));
        MainProperties own = MainProperties.load(null, Map.of(MainProperties.SEDA_POLL_TIMEOUT, "2000"));
        assertEquals("2000", own.camelOverrides(ClusterUtilsRoutes.PIPELINE).getProperty(MainProperties.SEDA_POLL_TIMEOUT));
    }
}
