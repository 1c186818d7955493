package dev.clusterutils.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small grids of the Rosenbrock example job for the Camel tests: four jobs that take no time. */
final class SmallGrids {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final String JOB = "examples/basic/rosenbrock_job.py";

    private SmallGrids() {
    }

    /** A 2 x 2 grid as a settings tree, results under {@code resultsDir/name}. */
    static Map<String, Object> tree(String name, Path resultsDir) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("optimization_procedure_name", name);
        t.put("results_dir", resultsDir.toString());
        t.put("run_in_working_dir", true);
        t.put("script_relative_path", JOB);
        t.put("generate_report", "never");
        t.put("restarts", 1);
        t.put("local_run", true);
        t.put("environment_setup", Map.of());
        t.put("cluster_requirements", Map.of("request_cpus", 1));
        t.put("fixed_params", Map.of("noise", 0.0, "sleep_seconds", 0.0));
        t.put("hyperparam_list", List.of(
                Map.of("param", "fn_args.x", "values", List.of(0.0, 1.0)),
                Map.of("param", "fn_args.y", "values", List.of(1.0, 2.0))));
        return t;
    }

    /** The same grid as a TOML file. */
    static Path toml(Path file, String name, Path resultsDir) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + resultsDir + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"" + JOB + "\"",
                "generate_report = \"never\"",
                "restarts = 1",
                "local_run = true",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "noise = 0.0",
                "sleep_seconds = 0.0",
                "[[hyperparam_list]]",
                "param = \"fn_args.x\"",
                "values = [0.0, 1.0]",
                "[[hyperparam_list]]",
                "param = \"fn_args.y\"",
                "values = [1.0, 2.0]", ""));
        return file;
    }

    static List<String> rows(Path resultsDir, String name) throws Exception {
        return Files.readAllLines(resultsDir.resolve(name).resolve("all_data.csv"));
    }
}
