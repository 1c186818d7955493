package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user types first: --help, nothing at all, and the launcher's first build. */
class CommandLineIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void helpOfEveryCommandIsCleanAndExitsZero() throws Exception {
        for (String command : List.of("", "grid_search", "hp_optimization", "serve", "report", "timeline")) {
            Cli.Result r = command.isEmpty() ? cli().home(tmp).args("--help").run() : cli().home(tmp).args(command, "--help").run();
            assertEquals(0, r.exitCode(), command + "\n" + r.all());
            assertTrue(r.stdout().startsWith("Usage: cluster-utils"), r.stdout());
            assertFalse(r.all().contains("WARN"), command + " --help:\n" + r.all());
            assertEquals("", r.stderr(), command);
        }
    }

    @Test
    void noCommandIsAUsageErrorWithTheUsage() throws Exception {
        Cli.Result r = cli().home(tmp).run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("Missing command.") && r.stderr().contains("Usage: cluster-utils"), r.stderr());
        assertTrue(r.stderr().contains("grid_search") && r.stderr().contains("hp_optimization"), r.stderr());
    }

    /**
     * The launcher builds with Maven when the jar is missing; redirected, the build must leave no
     * escape codes. Maven is replaced by a script that records how it was called and answers as
     * Maven 3.8 does: reset codes unless jansi.noreset, colours unless style.color=never. (That
     * these switches silence the real Maven was checked by hand; a real build here would take minutes.)
     */
    @Test
    void launcherBuildsWithoutEscapeCodesWhenRedirected() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("bin"));
        Files.createDirectories(repo.resolve("src/main"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.copy(REPO.resolve("bin/cluster-utils"), repo.resolve("bin/cluster-utils"));
        Path fakeBin = tmp.resolve("fakebin");
        Files.createDirectories(fakeBin);
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, String.join("\n",
                "#!/usr/bin/env bash",
                "echo \"args: $*\" > \"" + tmp.resolve("mvn-call.txt") + "\"",
                "echo \"MAVEN_OPTS: ${MAVEN_OPTS:-}\" >> \"" + tmp.resolve("mvn-call.txt") + "\"",
                "[[ \"${MAVEN_OPTS:-}\" == *jansi.noreset=true* ]] || printf '\\033[0m'",
                "[[ \" $* \" == *' -Dstyle.color=never '* ]] || printf '\\033[1;34m[INFO]\\033[m building\\n'",
                "mkdir -p target && cp \"" + Cli.jar() + "\" target/cluster-utils.jar", ""));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("bin/cluster-utils").toString(), "--version")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        pb.environment().put("CLUSTER_UTILS_NO_CDS", "1");
        pb.environment().put("HOME", tmp.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(tmp.resolve("out.txt"));
        String err = Files.readString(tmp.resolve("err.txt"));
        String call = Files.readString(tmp.resolve("mvn-call.txt"));
        assertEquals(0, p.exitValue(), out + err + call);
        assertTrue(call.contains("-B ") && call.contains("-ntp") && call.contains("-Dstyle.color=never"), call);
        assertTrue(call.contains("-Djansi.noreset=true"), call);
        assertFalse((out + err).contains("\u001b"), "escape codes in the redirected output:\n" + out + err);
        assertTrue(err.contains("Building "), err);
        assertTrue(out.startsWith("cluster-utils "), out);
    }
}
