package dev.clusterutils.settings;

import java.nio.file.Path;
import java.util.Map;

/**
 * A fully loaded and validated settings file. {@code resolved} is the whole tree after imports,
 * dynamic values and command-line overrides (it is written to the results dir so a run can be
 * traced); the typed fields are views of it. Exactly one of {@code grid} and {@code hpo} is set.
 *
 * @param resultsDir the run's results directory: {@code HOME/results_dir/optimization_procedure_name}
 *                   (a relative {@code results_dir} is relative to HOME, as in the original)
 * @param fixedParams nested (dotted keys already expanded), unresolvable dynamic strings kept as strings
 */
public record RunSettings(
        RunType type,
        Path settingsFile,
        Map<String, Object> resolved,
        String name,
        Path resultsDir,
        String scriptRelativePath,
        boolean runInWorkingDir,
        GitParams git,
        EnvironmentSetup environment,
        ClusterRequirements cluster,
        Map<String, Object> fixedParams,
        SingularitySettings singularity,
        boolean removeJobsDir,
        boolean removeWorkingDirs,
        ReportMode generateReport,
        boolean noUserInteraction,
        GridSearchSettings grid,
        HpoSettings hpo) {

    /** The run-local answer from the settings ({@code local_run} or {@code optimization_setting.run_local}). */
    public Boolean runLocal() {
        return grid != null ? grid.localRun() : hpo.optimization().runLocal();
    }
}
