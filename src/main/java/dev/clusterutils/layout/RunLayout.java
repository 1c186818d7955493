package dev.clusterutils.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The only place that spells file and folder names. Three roots:
 * <ul>
 *   <li>results dir ({@code HOME/results_dir/name}): journal, CSVs, metadata, log, working dirs, best jobs;</li>
 *   <li>jobs dir ({@code <cache>/<name>-<timestamp>-jobs}): run scripts and job stdout/stderr;</li>
 *   <li>project dir ({@code <cache>/<name>-<timestamp>-project}): the git clone, when one is made.</li>
 * </ul>
 */
public record RunLayout(Path resultsDir, Path jobsDir, Path projectDir) {

    public static final String JOBS_DIR_SUFFIX = "-jobs";
    public static final String PROJECT_DIR_SUFFIX = "-project";
    public static final String METRICS_FILE = "metrics.csv";
    public static final String SETTINGS_FILE = "settings.json";
    public static final String PARAM_CHOICE_FILE = "param_choice.csv";
    public static final String LOG_FILE = "cluster_run.log";
    public static final String PARETO_FRONT_FILE = "pareto_front.csv";
    /** Camel Main and cu.* properties read from beside a settings file. */
    public static final String PROPERTIES_FILE = "application.properties";

    // the inbox folder of `serve`: claimed, finished and rejected files, and per-file sidecars
    public static final String INBOX_RUNNING = ".running";
    public static final String INBOX_DONE = ".done";
    public static final String INBOX_FAILED = ".failed";
    public static final String INBOX_OVERRIDES = ".overrides";
    public static final String INBOX_PROPERTIES = ".properties";
    public static final String INBOX_PROBLEMS = ".problems.txt";
    public static final String INBOX_OUTCOME = ".outcome.json";

    /** {@code $CLUSTER_UTILS_CACHE_DIR}, else {@code HOME/.cache/cluster_utils}. */
    public static Path cacheDir(Map<String, String> env, Path home) {
        String configured = env.get("CLUSTER_UTILS_CACHE_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured) : home.resolve(".cache").resolve("cluster_utils");
    }

    public static Path jobsDirFor(Path cacheDir, String name, String timestamp) {
        return cacheDir.resolve(name + "-" + timestamp + JOBS_DIR_SUFFIX);
    }

    public static Path projectDirFor(Path cacheDir, String name, String timestamp) {
        return cacheDir.resolve(name + "-" + timestamp + PROJECT_DIR_SUFFIX);
    }

    /** Where the bundled Python client is unpacked, shared by all runs of one tool version. */
    public static Path pythonClientDir(Path cacheDir, String version) {
        return cacheDir.resolve("python-client-" + version);
    }

    // --- results dir -------------------------------------------------------------------

    /**
     * Where a fresh start moves old results to delete them while the new run goes on: beside the
     * results dir, hidden, {@code .<name>.deleting-<tag>}; the tag is the time (base 36) and the pid.
     * Only the process that moved a folder there deletes it: a name is no proof of whose it is.
     */
    public static Path oldResultsAside(Path resultsDir, String tag) {
        return resultsDir.resolveSibling("." + resultsDir.getFileName() + ".deleting-" + tag);
    }

    /**
     * The lock a run holds on its results dir while it goes, so that a second process with the same
     * run name neither deletes nor writes into it: beside the results dir, hidden,
     * {@code .<name>.lock}, because a fresh start renames the results dir itself aside. It is left
     * in place after the run (deleting a lock file races with the next process that opens it).
     */
    public static Path resultsLock(Path resultsDir) {
        return resultsDir.resolveSibling("." + resultsDir.getFileName() + ".lock");
    }

    /**
     * Files that only a run writes into its results dir: this tool's, and the original's
     * {@code status.pickle}, so that its old results can be replaced too. A folder holding none of
     * them is not deleted for a fresh start ({@link OldResults}).
     */
    public List<Path> runMarkers() {
        return List.of(journal(), metadata(), log(), allData(), resolvedSettings(), resultsDir.resolve("status.pickle"));
    }

    /**
     * Temporaries of whole-file writes that a kill left behind in the results dir: a report's
     * {@code .<name><random>.part} and a table's {@code .<name>.tmp}. Only the dot-prefixed names these
     * writers use; nothing a user would name so is touched.
     */
    public List<Path> staleTemporaries() throws IOException {
        if (!Files.isDirectory(resultsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(resultsDir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(".") && (n.endsWith(".part") || n.endsWith(".tmp")) && Files.isRegularFile(f);
            }).toList();
        }
    }

    public Path journal() {
        return resultsDir.resolve("journal.jsonl");
    }

    public Path allData() {
        return resultsDir.resolve("all_data.csv");
    }

    public Path reducedData() {
        return resultsDir.resolve("reduced_data.csv");
    }

    /** The Pareto front of a multi-objective run, rewritten every iteration. */
    public Path paretoFront() {
        return resultsDir.resolve(PARETO_FRONT_FILE);
    }

    public Path metadata() {
        return resultsDir.resolve("metadata.json");
    }

    public Path resolvedSettings() {
        return resultsDir.resolve("settings_resolved.json");
    }

    public Path log() {
        return resultsDir.resolve(LOG_FILE);
    }

    public Path workingDirs() {
        return resultsDir.resolve("working_directories");
    }

    public Path workingDir(long jobId) {
        return workingDirs().resolve(Long.toString(jobId));
    }

    public Path metricsFile(long jobId) {
        return workingDir(jobId).resolve(METRICS_FILE);
    }

    public Path bestJobs() {
        return resultsDir.resolve("best_jobs");
    }

    /** A kept copy of a best job: {@code best_jobs/job_<id>} (the original's {@code directories_<id>} was an accident). */
    public Path bestJob(long jobId) {
        return bestJobs().resolve("job_" + jobId);
    }

    /** The hp_optimization report, {@code result.pdf}, as the original names it. */
    public Path report() {
        return resultsDir.resolve("result.pdf");
    }

    /** The grid search report, {@code <name>_report.pdf}, as the original names it. */
    public Path gridReport(String name) {
        return resultsDir.resolve(name + "_report.pdf");
    }

    public Path uncommittedDiff() {
        return resultsDir.resolve("uncommitted.diff");
    }

    // --- jobs dir ----------------------------------------------------------------------

    /** Local run scripts are {@code <iteration>_<id>.sh}, cluster ones {@code job_<iteration>_<id>.sh}, as in the original. */
    public Path runScript(String backendKind, int iteration, long jobId) {
        String base = iteration + "_" + jobId + ".sh";
        return jobsDir.resolve("local".equals(backendKind) ? base : "job_" + base);
    }

    public Path stdout(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".out");
    }

    public Path stderr(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".err");
    }

    /** Slurm (and dryrun, which writes Slurm's files) drop the {@code .sh}: {@code job_<it>_<id>.out}, as the original. */
    public Path stdout(String backendKind, Path runScript) {
        return slurmLayout(backendKind) ? withoutSh(runScript, ".out") : stdout(runScript);
    }

    public Path stderr(String backendKind, Path runScript) {
        return slurmLayout(backendKind) ? withoutSh(runScript, ".err") : stderr(runScript);
    }

    private static boolean slurmLayout(String backendKind) {
        return "slurm".equals(backendKind) || "dryrun".equals(backendKind);
    }

    private static Path withoutSh(Path runScript, String suffix) {
        String name = runScript.getFileName().toString();
        return runScript.resolveSibling((name.endsWith(".sh") ? name.substring(0, name.length() - 3) : name) + suffix);
    }

    /**
     * A job's parameters when they are too long for its command line (one argument is at most
     * 128 KiB on Linux): the job reads them from this file instead of {@code --parameter-dict}.
     */
    public Path parameterFile(Path runScript) {
        return withoutSh(runScript, ".params.json");
    }

    /**
     * Written by a Slurm job that exited with code 3 (exit for resume): the script then exits 0, as
     * the original's did so that Slurm sees no failure, and this marker tells the server instead.
     */
    public Path resumeMarker(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".RESUME");
    }

    public Path failedMarker(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".FAILED");
    }

    /** A job a route runs (camel.CuJobs): its run script's process id, for the route's cancel. */
    public static Path routeJobPid(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".pid");
    }

    /** A job a route runs, cancelled before it started: its run script exits at once when it finds this. */
    public static Path routeJobCancelled(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".CANCELLED");
    }

    public Path submitFile(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".sub");
    }

    public Path schedulerLog(Path runScript) {
        return runScript.resolveSibling(runScript.getFileName() + ".log");
    }

    private static final Pattern JOB_FILE = Pattern.compile("(?:job_)?\\d+_(\\d+)(?:\\.sh)?\\..+");

    /** The job a file of the jobs dir belongs to ({@code 0_7.sh.err}, {@code job_0_7.out}: 7), or -1 for the run's own files. */
    public static long jobIdOf(Path jobsDirFile) {
        Matcher m = JOB_FILE.matcher(jobsDirFile.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The script of the run's {@code batch}-th Slurm job array (counted from 0); its tasks run the jobs' run scripts. */
    public Path arrayScript(int batch) {
        return jobsDir.resolve("array_" + batch + ".sh");
    }

    /** dryrun: the submit commands the run would have issued, one per line, runnable as a script. */
    public Path submitCommands() {
        return jobsDir.resolve("submit_commands.sh");
    }
}
