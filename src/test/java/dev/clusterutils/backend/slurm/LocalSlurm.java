package dev.clusterutils.backend.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real single-node Slurm of ../shared/slurm, started (or just checked: under 1 s when it is
 * up with the same settings) by its start script. Every Slurm test asks for the same node (8
 * CPUs, cgroup mode so that --mem is enforced); only the accounting database differs, and
 * switching it restarts the daemons (2-3 s), so the tests that need it are kept in one class.
 * Returns null, with the reason in {@link #whyNot}, when there is no Slurm to be had: a test class
 * starts it in {@code @BeforeAll} and carries {@link NeedsSlurm}, so that each of its tests is then
 * reported as skipped (an assumption in {@code @BeforeAll} would report "Tests run: 0" instead).
 */
public final class LocalSlurm {
    /** The node every Slurm test uses; .ci/run starts the same one, so nothing restarts between CI and the tests. */
    public static final Map<String, String> NODE = Map.of("SLURM_LOCAL_CPUS", "8", "SLURM_LOCAL_CGROUP", "1");
    public static String whyNot = "";
    /** Whether the last {@link #start} gave a partition; read by {@link NeedsSlurm}'s condition. */
    static volatile boolean up;

    private LocalSlurm() {
    }

    public static Path startScript() {
        String configured = System.getProperty("slurm.start");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../shared/slurm/start-local-slurm.sh").toAbsolutePath().normalize();
    }

    /** @return the partition, or null when Slurm cannot be started here */
    public static synchronized String start(boolean accounting) {
        String partition = tryStart(accounting);
        up = partition != null;
        return partition;
    }

    private static String tryStart(boolean accounting) {
        Path script = startScript();
        if (!Files.isRegularFile(script)) {
            String given = System.getProperty("slurm.partition", "");
            whyNot = "no start script at " + script;
            return given.isBlank() || accounting ? null : given;
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(NODE);
            pb.environment().put("SLURM_LOCAL_ACCOUNTING", accounting ? "1" : "0");
            Path err = Files.createTempFile("slurm-start", ".err");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                whyNot = "start-local-slurm.sh failed: " + Files.readString(err);
                return null;
            }
            return out.lines().reduce((a, b) -> b).orElse(null);
        } catch (IOException e) {
            whyNot = "cannot run start-local-slurm.sh: " + e.getMessage();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Job ids (with array tasks) of the jobs squeue lists under these names, finished ones excluded. */
    public static List<String> liveJobs(String namePrefix) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("squeue", "--noheader", "--array", "--format=%i|%j|%T").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.split("\\|").length >= 2 && l.split("\\|")[1].startsWith(namePrefix)).toList();
    }
}
