package dev.clusterutils.cli;

import dev.clusterutils.camel.MainProperties;
import dev.clusterutils.layout.RunLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares for properties: {@code cu.*} and {@code camel.main.*}. */
final class PropertyOptions {
    static final String FILE_NAME = RunLayout.PROPERTIES_FILE;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE",
            description = "A cu.* or camel.main.* property (repeatable); wins over environment variables, -D and the properties file.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--properties", paramLabel = "FILE",
            description = "Properties file to read (default: application.properties beside the settings file for runs, "
                    + "in the working directory for serve).")
    Path file;

    /** The properties in effect; {@code defaultFile} is read when no --properties was given and it exists. */
    MainProperties load(Path defaultFile) throws IOException {
        if (file != null && !Files.isRegularFile(file)) {
            throw new IOException("no such properties file: " + file);
        }
        return MainProperties.load(file != null ? file : defaultFile, properties);
    }
}
