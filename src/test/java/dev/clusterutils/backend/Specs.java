package dev.clusterutils.backend;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.ClusterRequirements;
import dev.clusterutils.settings.EnvironmentSetup;
import dev.clusterutils.settings.SingularitySettings;
import dev.clusterutils.workspace.JobCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixed job specs and requirements for golden files and dialect tests: same paths on every machine. */
public final class Specs {
    public static final RunLayout LAYOUT = new RunLayout(Path.of("/home/u/results/demo"),
            Path.of("/home/u/.cache/cluster_utils/demo-20240101-120000-jobs"), null);
    public static final Path MAIN = Path.of("/home/u/project");
    public static final String SERVER = "10.0.0.5:41234";

    private Specs() {
    }

    public static JobSpec spec(String kind, long id, String commandBlock) {
        return spec(LAYOUT, kind, id, commandBlock, false);
    }

    public static JobSpec spec(RunLayout layout, String kind, long id, String commandBlock, boolean resubmission) {
        Path script = layout.runScript(kind, 1, id);
        return new JobSpec(id, 1, "demo_" + id, commandBlock, script, layout.stdout(kind, script), layout.stderr(kind, script),
                layout.failedMarker(script), layout.workingDir(id), resubmission);
    }

    /** The command block a real run renders: cd, variables, the job command line; {@code prefix} is "srun " on Slurm. */
    public static String block(long id, SingularitySettings singularity, String prefix) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("OMP_NUM_THREADS", "1");
        EnvironmentSetup env = new EnvironmentSetup(null, null, vars, null, true, false, "python3");
        JobCommand command = new JobCommand(env, MAIN, "train.py", singularity, null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.01);
        params.put("working_dir", LAYOUT.workingDir(id).toString());
        params.put("id", id);
        return command.block(1000 + id, SERVER, params, LAYOUT.workingDir(id), prefix);
    }

    public static SingularitySettings singularity() {
        return new SingularitySettings("/images/env.sif", "apptainer", false, List.of("--nv", "--cleanenv"));
    }

    /** Slurm's required keys, as in the golden files. */
    public static ClusterRequirements slurmBase() {
        return requirements(kv("request_cpus", 2), kv("memory_in_mb", 4000), kv("partition", "gpu-2080ti,cpu-galvani"),
                kv("request_time", "1:00:00"));
    }

    @SafeVarargs
    public static ClusterRequirements requirements(Map.Entry<String, Object>... entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return new ClusterRequirements(m);
    }

    public static Map.Entry<String, Object> kv(String k, Object v) {
        return new java.util.AbstractMap.SimpleEntry<>(k, v);
    }
}
