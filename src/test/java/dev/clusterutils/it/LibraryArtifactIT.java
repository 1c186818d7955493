package dev.clusterutils.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two artifacts of the build: the plain jar a host takes as a library brings no logging
 * binding and no logging configuration (the host's own stay in charge), the shaded command-line
 * jar keeps both, and picocli.
 */
class LibraryArtifactIT {
    private static Path plainJar() throws Exception {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("cluster-utils-\\d.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("-sources") && !p.getFileName().toString().contains("-tests"))
                    .findFirst().orElseThrow(() -> new AssertionError("no plain jar in target/"));
        }
    }

    @Test
    void thePlainJarHasNoLoggingBindingOrConfiguration() throws Exception {
        try (JarFile jar = new JarFile(plainJar().toFile())) {
            assertTrue(jar.getEntry("routes/cluster-utils.yaml") != null, "the library carries the routes");
            assertTrue(jar.getEntry("simplelogger.properties") == null, "no simplelogger.properties in the library");
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("org/slf4j/")), "no slf4j classes in the library");
        }
        String pom = Files.readString(Path.of("pom.xml"));
        int simple = pom.indexOf("<artifactId>slf4j-simple</artifactId>");
        assertTrue(simple > 0 && pom.substring(simple, pom.indexOf("</dependency>", simple)).contains("<optional>true</optional>"),
                "a host taking the library does not get slf4j-simple");
    }

    @Test
    void theShadedJarKeepsTheBindingItsConfigurationAndPicocli() throws Exception {
        try (JarFile jar = new JarFile(Cli.jar().toFile())) {
            assertNotNull(jar.getEntry("simplelogger.properties"));
            assertNotNull(jar.getEntry("org/slf4j/simple/SimpleLogger.class"));
            assertNotNull(jar.getEntry("picocli/CommandLine.class"));
            String config = new String(jar.getInputStream(jar.getEntry("simplelogger.properties")).readAllBytes());
            assertTrue(config.contains("org.slf4j.simpleLogger.defaultLogLevel=warn"), config);
        }
    }
}
