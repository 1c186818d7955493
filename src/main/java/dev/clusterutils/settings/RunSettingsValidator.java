package dev.clusterutils.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the resolved settings tree into {@link RunSettings}: the common keys of spec §2.2, the
 * sections, and the keys of the run type; keys of the other run type are ignored, as in the
 * original. Every problem is recorded, none thrown, so the user sees them all at once.
 */
final class RunSettingsValidator {
    static final List<String> COMMON_KEYS = List.of("optimization_procedure_name", "results_dir", "script_relative_path",
            "run_in_working_dir", "git_params", "environment_setup", "cluster_requirements", "fixed_params", "singularity",
            "remove_jobs_dir", "remove_working_dirs", "generate_report", "no_user_interaction");
    /** Top-level names the original reserves for its own columns. */
    static final List<String> RESERVED_TOP_LEVEL = List.of("_id", "_iteration", "job_restarts");

    private RunSettingsValidator() {
    }

    /**
     * @param userVariables names read by dynamic values; a top-level key among them is a user
     *                      variable, not a typo
     * @return the settings, or null when {@code problems} has errors
     */
    static RunSettings validate(RunType type, Path settingsFile, Map<String, Object> resolved, Set<String> userVariables,
            SettingsEnvironment env, Problems problems) {
        String otherCommand = otherCommand(type, resolved);
        if (otherCommand != null) {
            problems.error(null, otherCommand);
            return null;
        }
        Section top = new Section(resolved, "", problems);
        for (String reserved : RESERVED_TOP_LEVEL) {
            if (resolved.containsKey(reserved)) {
                top.allow(reserved);
                problems.error(reserved, "'" + reserved + "' is a reserved param name");
            }
        }
        String name = top.string("optimization_procedure_name", true);
        if (name != null) {
            RunName.problem(name).ifPresent(why -> problems.error("optimization_procedure_name", why));
        }
        String resultsDir = top.string("results_dir", true);
        String script = top.string("script_relative_path", true);
        boolean runInWorkingDir = top.bool("run_in_working_dir", false);

        Section gitSection = top.section("git_params", false);
        GitParams git = gitSection == null ? GitParams.defaults() : GitParamsReader.read(gitSection);
        Section envSection = top.section("environment_setup", true);
        EnvironmentSetup environment = envSection == null ? EnvironmentSetup.defaults() : EnvironmentSetupReader.read(envSection);
        Section clusterSection = top.section("cluster_requirements", true);
        ClusterRequirements cluster = clusterSection == null ? new ClusterRequirements(Map.of())
                : ClusterRequirementsReader.read(clusterSection);
        Section fixedSection = top.section("fixed_params", true);
        FixedParamsReader.Result fixed = fixedSection == null ? new FixedParamsReader.Result(List.of(), Map.of())
                : FixedParamsReader.read(fixedSection);
        SingularitySettings singularity = null;
        if (top.has("singularity")) {
            Section s = top.section("singularity", false);
            singularity = s == null ? null : SingularityReader.read(s, env.home());
        }

        boolean removeJobsDir = top.bool("remove_jobs_dir", true);
        boolean removeWorkingDirs = top.bool("remove_working_dirs", type == RunType.HP_OPTIMIZATION);
        ReportMode report = reportMode(top, type);
        boolean noUserInteraction = top.bool("no_user_interaction", false);

        GridSearchSettings grid = null;
        HpoSettings hpo = null;
        List<String> searched = new ArrayList<>();
        String searchedKey;
        if (type == RunType.GRID_SEARCH) {
            grid = GridSearchReader.read(top);
            searched.addAll(GridSearchReader.names(grid));
            top.allow(HpoReader.KEYS.toArray(String[]::new));
            searchedKey = "hyperparam_list";
        } else {
            hpo = HpoReader.read(top);
            searched.addAll(HpoReader.names(hpo));
            top.allow(GridSearchReader.KEYS.toArray(String[]::new));
            searchedKey = "optimized_params";
        }
        for (String fixedName : fixed.names()) {
            for (String s : searched) {
                if (ParamNames.overlap(fixedName, s)) {
                    problems.error("fixed_params." + fixedName, "Duplicate setting: '" + fixedName + "' overlaps '" + s
                            + "' of " + searchedKey + " (the fixed value would override the searched one)");
                }
            }
        }
        for (String key : resolved.keySet()) {
            if (userVariables.contains(key)) {
                top.allow(key);
            }
        }
        top.rejectUnknown();
        if (problems.hasErrors()) {
            return null;
        }
        Path results = env.home().resolve(SingularityReader.expandHome(resultsDir, env.home())).resolve(name).normalize();
        return new RunSettings(type, settingsFile, ImmutableTree.map(resolved), name, results, script, runInWorkingDir, git,
                environment, cluster, ImmutableTree.map(fixed.nested()), singularity, removeJobsDir, removeWorkingDirs, report,
                noUserInteraction, grid, hpo);
    }

    /** A file made for the other command would otherwise get a list of missing keys instead of the fix. */
    private static String otherCommand(RunType type, Map<String, Object> resolved) {
        boolean hpoKeys = HpoReader.OWN_KEYS.stream().anyMatch(resolved::containsKey);
        if (type == RunType.HP_OPTIMIZATION && !hpoKeys && resolved.containsKey("hyperparam_list")) {
            return "this is a grid_search settings file (it has hyperparam_list and no optimized_params or optimizer_str): "
                    + "run it with `cluster-utils grid_search`";
        }
        if (type == RunType.GRID_SEARCH && !resolved.containsKey("hyperparam_list") && resolved.containsKey("optimized_params")) {
            return "this is an hp_optimization settings file (it has optimized_params and no hyperparam_list): "
                    + "run it with `cluster-utils hp_optimization`";
        }
        return null;
    }

    private static ReportMode reportMode(Section top, RunType type) {
        if (!top.map().containsKey("generate_report")) {
            top.allow("generate_report");
            return ReportMode.NEVER;
        }
        Object v = top.raw("generate_report");
        if (!(v instanceof String s)) {
            top.problems().error("generate_report", Section.expected("str", v));
            return ReportMode.NEVER;
        }
        ReportMode mode;
        try {
            mode = ReportMode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            top.problems().error("generate_report", "Invalid value '" + s.toUpperCase(Locale.ROOT)
                    + "' for setting generate_report. Valid options are ('NEVER', 'WHEN_FINISHED', 'EVERY_ITERATION').");
            return ReportMode.NEVER;
        }
        if (mode == ReportMode.EVERY_ITERATION && type == RunType.GRID_SEARCH) {
            top.problems().warn("generate_report",
                    "grid_search does not support 'every_iteration'; the report is created when the run has finished");
            return ReportMode.WHEN_FINISHED;
        }
        return mode;
    }
}
