package dev.clusterutils.cli;

import dev.clusterutils.backend.Backends;
import dev.clusterutils.camel.CamelLauncher;
import dev.clusterutils.camel.MainProperties;
import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.run.ExistingResults;
import dev.clusterutils.run.Milestones;
import dev.clusterutils.run.OldResults;
import dev.clusterutils.run.ResultsDirLock;
import dev.clusterutils.run.RunContext;
import dev.clusterutils.run.RunFactory;
import dev.clusterutils.run.RunOptions;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.RunProperties;
import dev.clusterutils.run.RunRequest;
import dev.clusterutils.run.RunValidation;
import dev.clusterutils.run.SettingsChanges;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.settings.SettingsEnvironment;
import dev.clusterutils.settings.SettingsException;
import dev.clusterutils.settings.SettingsLoader;
import dev.clusterutils.settings.SettingsProblem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What grid_search and hp_optimization share: settings, the start-up questions, the run, exit codes. */
abstract class RunCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_ABORTED = 1;
    static final int EXIT_USAGE = 2;

    @Parameters(index = "0", paramLabel = "SETTINGS_FILE", description = "Settings file (.json, .yaml/.yml or .toml).")
    Path settingsFile;

    @Parameters(index = "1..*", paramLabel = "'<key>=<value>'",
            description = "Overrides with Python-literal values and dotted keys, e.g. 'results_dir=\"/tmp/x\"' "
                    + "optimization_setting.run_local=True")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-y", "--yes"}, description = "Answer yes to every question: an existing results directory is deleted "
            + "and the run starts afresh; no cluster means run locally.")
    boolean yes;

    @Option(names = "--resume", description = "Keep an existing results directory and continue the run it holds.")
    boolean resume;

    @Option(names = "--backend", paramLabel = "KIND",
            description = "Where jobs run: local, slurm, condor or dryrun (default: detected as the original does).")
    String backend;

    @Option(names = "--max-jobs", paramLabel = "N", description = {"Local: jobs at once (default: cores / request_cpus).",
            "Slurm, HTCondor: jobs submitted at once (default 1000). With --slurm-array: tasks of an array running at once (%%N)."})
    Integer maxJobs;

    @Option(names = "--slurm-array", description = "Slurm, grid_search: submit the jobs as job arrays of up to 1,000 "
            + "(one sbatch each) instead of one sbatch per job.")
    boolean slurmArray;

    @Option(names = "--listen-address", paramLabel = "IP",
            description = "Address the job-message listener binds to and jobs send to (default: 127.0.0.1 for local runs, "
                    + "the first non-loopback address for cluster runs).")
    String listenAddress;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for sampling and optimizers (default: random, recorded).")
    Long seed;

    @Option(names = "--failure-margin", paramLabel = "N",
            description = "Abort when failed jobs exceed successful + running + N (default: 5, as the original).")
    Integer failureMargin;

    @Option(names = "--hang-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "A job that sent its results but has not ended after this long counts as done and is stopped "
                    + "(default: ${DEFAULT-VALUE}).")
    long hangTimeout;

    @Mixin
    PropertyOptions propertyOptions = new PropertyOptions();

    @Mixin
    HttpOptions httpOptions = new HttpOptions();

    abstract RunType type();

    @Override
    public Integer call() {
        Milestones.PROCESS.mark(Milestones.Milestone.ARGUMENTS_PARSED);
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (yes && resume) {
            err.println("--yes (start afresh) and --resume (continue) contradict each other; choose one.");
            return EXIT_USAGE;
        }
        Path file = settingsFile.toAbsolutePath().normalize();
        MainProperties properties;
        RunOptions options;
        ExistingResults existing;
        HttpSettings http;
        try {
            properties = propertyOptions.load(file.resolveSibling(PropertyOptions.FILE_NAME)).with(httpOptions.properties());
            http = HttpSettings.from(properties::get);
            // properties first, the command line's own options over them
            options = RunProperties.apply(RunOptions.defaults(), properties::get);
            existing = RunProperties.existingResults(properties::get, ExistingResults.ASK);
        } catch (IOException | IllegalArgumentException e) {
            err.println("Bad properties: " + e.getMessage());
            return EXIT_USAGE;
        }
        options = new RunOptions(backend != null ? backend : options.backend(), resume, maxJobs != null ? maxJobs : options.maxJobs(),
                listenAddress != null ? listenAddress : options.listenAddress(),
                failureMargin != null ? failureMargin : options.failureMargin(), seed != null ? seed : options.seed(),
                options.env(), options.home(), options.cwd(), slurmArray || options.jobArrays(), hangTimeout);
        List<SettingsProblem> bad = RunValidation.problems(options);
        if (!bad.isEmpty()) {
            bad.forEach(p -> err.println(p));
            err.println("Nothing was run or written.");
            return EXIT_USAGE;
        }
        try {
            http.checkBindable();
        } catch (IOException e) {
            err.println(e.getMessage() + " (--http-port, cu.http.port); nothing was run.");
            return EXIT_USAGE;
        }
        // Settings are read before Camel boots: a typo is answered without waiting for (or competing
        // with) Camel's start; Camel then boots while the questions are asked.
        RunSettings settings = loadSettings(file, options, err);
        if (settings == null) {
            return EXIT_USAGE;
        }
        Milestones.PROCESS.mark(Milestones.Milestone.SETTINGS_READ);
        // the job's Python starts (0.1-0.2 s) while Camel boots, not after the checkout
        RunFactory.probeAhead(settings, options);
        CamelLauncher launcher = Launchers.create(properties, http).boot();
        launched = false;
        this.http = http;
        try {
            return prepareAndRun(launcher, settings, options, existing, out, err);
        } finally {
            // also when an Error escapes: Camel's threads must not keep the JVM alive
            if (!launched) {
                launcher.abandon();
            }
        }
    }

    private boolean launched;
    private HttpSettings http = HttpSettings.off();

    /** The settings, or null when they were refused (the problems printed to {@code err}). */
    private RunSettings loadSettings(Path file, RunOptions options, PrintStream err) {
        RunSettings settings;
        try {
            settings = SettingsLoader.load(type(), file, overrides, new SettingsEnvironment(options.env(), options.home(),
                    options.cwd(), Clock.systemDefaultZone()));
            List<SettingsProblem> more = new ArrayList<>(RunValidation.problems(settings));
            more.addAll(RunValidation.preflight(settings, options));
            if (!more.isEmpty()) {
                throw new SettingsException(more);
            }
        } catch (StackOverflowError | RuntimeException e) {
            // every limit of SettingsLimits should come first; this is the last line of defence, still exit 2 before writing
            err.println("Error while reading parameters from " + settingsFile + ": "
                    + (e instanceof StackOverflowError ? "nested too deeply" : "unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())) + "; nothing was run or written.");
            return null;
        } catch (SettingsException e) {
            err.println("Error while reading parameters from " + settingsFile + ":");
            for (SettingsProblem p : e.problems()) {
                err.println("  - " + p);
            }
            err.println(e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + "; nothing was run or written.");
            return null;
        }
        return settings;
    }

    private int prepareAndRun(CamelLauncher launcher, RunSettings settings, RunOptions options, ExistingResults existing,
                              PrintStream out, PrintStream err) {
        RunValidation.warning(settings).ifPresent(w -> err.println("Warning: " + w));
        if (options.backend() != null && !Backends.KINDS.contains(options.backend())) {
            err.println("Unknown backend '" + options.backend() + "'; use one of " + Backends.KINDS);
            return EXIT_USAGE;
        }
        if (yes) {
            existing = ExistingResults.ASK; // the prompter answers yes, and says so
        } else if (resume) {
            existing = ExistingResults.RESUME;
        }
        boolean terminal = System.console() != null;
        Prompter prompter = new Prompter(yes, terminal, System.in, out);
        try {
            Path results = settings.resultsDir();
            Optional<String> locked = ResultsDirLock.problem(results);
            if (locked.isPresent()) {
                // said before any question: a yes would otherwise be answered with a refusal
                err.println(sentence(locked.get()));
                return EXIT_USAGE;
            }
            if (existing != ExistingResults.RESUME && ExistingResults.nonEmpty(results)) {
                if (existing == ExistingResults.FAIL) {
                    err.println("Directory " + results + " exists and " + RunProperties.EXISTING_RESULTS + " is fail.");
                    return EXIT_USAGE;
                }
                Optional<String> refused = OldResults.whyNotDeletable(results, RunFactory.keptPaths(settings, options));
                if (refused.isPresent()) {
                    err.println("Directory " + results + " exists and will not be deleted: " + refused.get() + ".");
                    err.println("Choose another optimization_procedure_name or results_dir, delete it by hand, or use --resume to "
                            + "run into it as it is.");
                    return EXIT_USAGE;
                }
                boolean delete = existing == ExistingResults.FRESH
                        || prompter.ask("Directory " + results + " exists. Delete everything? (y/N) ", false,
                        "Use --yes to delete it and start afresh, or --resume to continue the run it holds.");
                options = options.withResume(!delete);
            } else if (existing == ExistingResults.RESUME) {
                options = options.withResume(true);
            }
            if (options.resume()) {
                SettingsChanges changes = SettingsChanges.since(new RunLayout(results, null, null).resolvedSettings(), settings);
                changes.describe().forEach(changes.refused().isEmpty() ? out::println : err::println);
                if (!changes.refused().isEmpty()) {
                    return EXIT_USAGE;
                }
            }
            if (options.backend() == null && Backends.detect(options.env()) == null) {
                Boolean runLocal = settings.runLocal();
                boolean local = runLocal != null ? runLocal
                        : prompter.ask("No cluster detected. Do you want to run locally? [Y/n]: ", true,
                        "Use --yes, --backend local, or set " + (type() == RunType.GRID_SEARCH ? "local_run" : "optimization_setting.run_local")
                                + " = true.");
                if (!local) {
                    err.println("Neither CONDOR nor SLURM was found. Not running locally");
                    return EXIT_ABORTED;
                }
                options = options.withBackend("local");
            }
        } catch (Prompter.NoAnswer e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("Cannot read " + settings.resultsDir() + ": " + e.getMessage());
            return EXIT_ABORTED;
        }
        return launch(launcher, new RunRequest(settings, options), terminal, out, err);
    }

    private int launch(CamelLauncher launcher, RunRequest request, boolean terminal, PrintStream out, PrintStream err) {
        launched = true;
        AtomicReference<ProgressView> progress = new AtomicReference<>();
        AtomicReference<InteractivePrompt> keyboard = new AtomicReference<>();
        AtomicReference<CamelLauncher.Running> running = new AtomicReference<>();
        AtomicReference<RunLayout> layout = new AtomicReference<>();
        AtomicReference<RunContext> context = new AtomicReference<>();
        AtomicBoolean runOver = new AtomicBoolean();
        AtomicInteger interrupts = new AtomicInteger();
        Terminal console = terminal ? Consoles.open(err) : null;
        Signals.onInterrupt(() -> {
            CamelLauncher.Running r = running.get();
            RunContext ended = context.get();
            if (runOver.get() && ended != null) {
                // the run is over and Camel stopped; only the deletion of the previous results is left
                if (!ended.oldResultsDeleted.isDone()) {
                    err.println();
                    err.println("Stopped while deleting the results of the previous run: what is left is in "
                            + RunLayout.oldResultsAside(ended.settings.resultsDir(), "*") + ", to delete by hand.");
                }
                Runtime.getRuntime().halt(130);
            }
            if (interrupts.incrementAndGet() > 1 || r == null) {
                // a second Ctrl-C: the user does not want to wait for the cleanup
                Runtime.getRuntime().halt(130);
            }
            err.println();
            err.println("Killing remaining jobs...");
            r.interrupt();
        });
        try {
            RunOutcome outcome = launcher.run(request, r -> {
                running.set(r);
                RunContext ctx = r.context();
                context.set(ctx);
                layout.set(ctx.layout);
                // once the run holds its results dir: a start refused there has no log to point at
                out.println("Detailed logging available in " + ctx.layout.log());
                HttpOptions.announce(http, out);
                out.println("Logs of individual jobs stored at " + ctx.layout.jobsDir() + (request.settings().removeJobsDir()
                        ? " (at the end only the failed jobs' logs are kept: remove_jobs_dir)" : ""));
                if (ctx.git() != null && ctx.git().dirty()) {
                    err.println("Warning: the working copy has uncommitted changes"
                            + (request.settings().runInWorkingDir() ? " (the jobs run them)" : " (the jobs run the committed code)")
                            + "; their diff is saved in " + ctx.git().diffFile());
                }
                ProgressView view = new ProgressView(ctx::status, out, console == null ? () -> 0 : () -> Consoles.width(console),
                        10_000);
                progress.set(view);
                view.start();
                if (console != null && !request.settings().noUserInteraction()) {
                    InteractivePrompt prompt = new InteractivePrompt(console, r::command, view);
                    keyboard.set(prompt);
                    prompt.start();
                }
            });
            stopConsole(keyboard, progress, console);
            PrintStream stream = outcome.exitCode() == 0 ? out : err;
            stream.println(outcome.message());
            out.println("Results are stored in " + request.settings().resultsDir());
            if (layout.get() != null) {
                for (String line : RunSummary.lines(layout.get(), request.settings().name())) {
                    out.println(line);
                }
            }
            runOver.set(true);
            awaitOldResultsDeleted(context.get(), out, err);
            return outcome.exitCode();
        } catch (Exception e) {
            stopConsole(keyboard, progress, console);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ResultsDirLock.Busy || t instanceof ResultsDirLock.Unusable) {
                    // another start took the results dir after the check before the questions, or its lock file cannot be used
                    err.println(sentence(t.getMessage()));
                    return EXIT_USAGE;
                }
            }
            err.println("Run failed: " + e.getMessage());
            return EXIT_ABORTED;
        }
    }

    /** A refusal of the results dir's lock as a sentence that says nothing was done. */
    private static String sentence(String m) {
        return Character.toUpperCase(m.charAt(0)) + m.substring(1)
                + (m.endsWith("nothing was run or written") ? "." : "; nothing was run or written.");
    }

    /** The results this run replaced are deleted beside it; the process must not end half-way through. */
    private static void awaitOldResultsDeleted(RunContext ctx, PrintStream out, PrintStream err) {
        if (ctx == null) {
            return;
        }
        if (!ctx.oldResultsDeleted.isDone()) {
            out.println("Deleting the results of the previous run ...");
        }
        try {
            ctx.oldResultsDeleted.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("Warning: the results of the previous run could not all be deleted: " + cause.getMessage());
        }
    }

    private static void stopConsole(AtomicReference<InteractivePrompt> keyboard, AtomicReference<ProgressView> progress,
                                    Terminal console) {
        InteractivePrompt prompt = keyboard.get();
        if (prompt != null) {
            prompt.close();
        }
        ProgressView view = progress.get();
        if (view != null) {
            view.close();
        }
        if (console != null) {
            Consoles.close(console);
        }
    }
}
