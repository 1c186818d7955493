package dev.clusterutils.camel;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.main.Main;

/**
 * The properties of a command-line process, in Camel's order of precedence so that what the tool
 * reads ({@code cu.*}) and what Camel reads ({@code camel.main.*}, {@code {{placeholders}}}) agree:
 * {@code --property} options, then environment variables ({@code CU_MAX_JOBS} for
 * {@code cu.max-jobs}), then JVM system properties ({@code -Dcu.max-jobs=2}), then the
 * application.properties file. Command-line options of their own beat all of them.
 *
 * @param file      the application.properties in use, or null
 * @param overrides {@code --property KEY=VALUE} options, and values a command sets itself
 */
public record MainProperties(Path file, Properties fromFile, Map<String, String> overrides) {
    /** Where Camel Main's own route files go: ours first, then the user's from this property. */
    public static final String ROUTES_INCLUDE = "camel.main.routes-include-pattern";
    static final String SEDA_POLL_TIMEOUT = "camel.component.seda.default-poll-timeout";

    public MainProperties {
        fromFile = fromFile == null ? new Properties() : fromFile;
        overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
    }

    /** Reads {@code file} when it exists (null: no file). */
    public static MainProperties load(Path file, Map<String, String> overrides) throws IOException {
        Properties p = new Properties();
        Path used = null;
        if (file != null && Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            used = file.toAbsolutePath().normalize();
        }
        return new MainProperties(used, p, overrides);
    }

    public static MainProperties none() {
        return new MainProperties(null, null, Map.of());
    }

    /** The same with more overrides (a command's own options, which win). */
    public MainProperties with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(more);
        return new MainProperties(file, fromFile, all);
    }

    public String get(String key) {
        String v = overrides.get(key);
        if (v == null) {
            v = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (v == null) {
            v = System.getProperty(key);
        }
        if (v == null) {
            v = fromFile.getProperty(key);
        }
        return v;
    }

    /** The route files Camel Main loads: {@code builtIn}, then whatever the user's property names. */
    String routes(String... builtIn) {
        String user = get(ROUTES_INCLUDE);
        String ours = String.join(",", builtIn);
        return user == null || user.isBlank() ? ours : ours + "," + user.trim();
    }

    /** What Camel Main gets on top of the file: the overrides, the route files, our component defaults. */
    Properties camelOverrides(String... builtInRoutes) {
        Properties override = new Properties();
        override.putAll(overrides);
        override.setProperty(ROUTES_INCLUDE, routes(builtInRoutes));
        // fixed: the Java side sends to these URIs (see CuEndpoints.URI_PROPERTIES)
        CuEndpoints.URI_PROPERTIES.forEach(override::setProperty);
        if (get(SEDA_POLL_TIMEOUT) == null) {
            // an idle seda consumer wakes once per poll timeout: Camel's 1 s made a consumer notice a
            // shutdown late (the last second of every CLI run, issue 17), 25 ms made ten idle consumers
            // cost 0.3 s of CPU in a 200-job run. 100 ms, and the command line stops the consumers
            // itself at a run's end (CamelLauncher.endPolls), so their polls no longer delay the exit
            override.setProperty(SEDA_POLL_TIMEOUT, "100");
        }
        return override;
    }

    /** Configures {@code main}: the file as its property source, the overrides on top, our routes plus the user's. */
    void applyTo(Main main, String... builtInRoutes) {
        main.configure().withJmxEnabled(false);
        main.configure().withShutdownTimeout(10);
        // only the named file: nothing on the classpath is read as the application's properties
        main.setPropertyPlaceholderLocations(file == null ? "" : "file:" + file);
        Properties override = camelOverrides(builtInRoutes);
        main.setOverrideProperties(override);
    }
}
