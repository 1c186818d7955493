package dev.clusterutils.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clusterutils.run.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code -V} names the tool's version after any command too (it printed nothing there). */
class VersionOptionTest {
    @Test
    void everyCommandAnswersMinusVWithTheVersion() {
        for (String command : new String[] {null, "grid_search", "hp_optimization", "serve", "report", "timeline"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandLine cl = Main.commandLine(command);
            cl.setOut(new PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
            int code = command == null ? cl.execute("-V") : cl.execute(command, "-V");
            assertEquals(0, code, String.valueOf(command));
            assertEquals("cluster-utils " + Version.get(), out.toString(StandardCharsets.UTF_8).strip(), String.valueOf(command));
        }
    }
}
