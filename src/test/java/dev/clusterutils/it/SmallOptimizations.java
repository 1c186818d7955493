package dev.clusterutils.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Settings files of small hp_optimization runs that the stage tests share (embedded and command line). */
public final class SmallOptimizations {
    private SmallOptimizations() {
    }

    /**
     * A random search over the Rosenbrock job's x in [-2, 2] and y in [-1, 3], minimising {@code loss}:
     * 6 samples, 3 per iteration, 2 epochs of {@code epochSeconds}; results under {@code dir/res}.
     */
    public static Path rosenbrock(Path dir, String name, String script, String epochSeconds) throws Exception {
        return Files.writeString(dir.resolve(name + ".toml"), String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + dir.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"" + script + "\"",
                "generate_report = \"never\"",
                "num_best_jobs_whose_data_is_kept = 0",
                "remove_working_dirs = false",
                "optimizer_str = \"random\"",
                "[optimizer_settings]",
                "[optimization_setting]",
                "metric_to_optimize = \"loss\"",
                "minimize = true",
                "number_of_samples = 6",
                "n_jobs_per_iteration = 3",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "epochs = 2",
                "epoch_seconds = " + epochSeconds,
                "[[optimized_params]]",
                "param = \"x\"",
                "distribution = \"TruncatedNormal\"",
                "bounds = [-2.0, 2.0]",
                "[[optimized_params]]",
                "param = \"y\"",
                "distribution = \"TruncatedNormal\"",
                "bounds = [-1.0, 3.0]", ""));
    }
}
