package dev.clusterutils.cli;

import dev.clusterutils.run.Milestones;
import dev.clusterutils.run.Version;
import dev.clusterutils.settings.SettingsWarmUp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cluster-utils <command>}: the entry point of the runnable jar. */
@Command(name = "cluster-utils",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Grid searches and hyperparameter optimisation of experiments, run locally, on Slurm or on HTCondor.")
public final class Main implements Callable<Integer> {

    /** The commands, in the order the usage lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("grid_search", GridSearchCommand::new);
        m.put("hp_optimization", HpOptimizationCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("report", ReportCommand::new);
        m.put("timeline", TimelineCommand::new);
        return m;
    }

    public static void main(String[] args) {
        Milestones.PROCESS.mark(Milestones.Milestone.MAIN);
        preferVfork();
        SettingsWarmUp.start(args);
        int code;
        try {
            code = execute(args);
        } catch (Throwable t) {
            // whatever escapes, the JVM ends: threads still running (Camel's, a listener's) must not keep it alive
            System.err.println("cluster-utils: internal error: " + t);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * A job start is vfork+exec instead of posix_spawn of the JDK's jspawnhelper, which then execs
     * the job: one exec fewer per job (~0.4 s less server CPU for a 200-job grid). Linux JDKs up to 21
     * support it; later ones deprecate it, and a user's own choice is kept.
     */
    static void preferVfork() {
        String key = "jdk.lang.Process.launchMechanism";
        if (System.getProperty(key) == null && Runtime.version().feature() <= 21
                && System.getProperty("os.name", "").startsWith("Linux")) {
            System.setProperty(key, "VFORK");
        }
    }

    public static int execute(String... args) {
        CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
        cl.setUnmatchedOptionsArePositionalParams(false);
        // one line instead of picocli's stack trace; the command decides the exit code of every expected failure
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("cluster-utils: internal error: " + ex);
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * Picocli builds a command's model by reflection over its annotations, and its classes (Java 5
     * bytecode) are outside the class-data-sharing archive: each command costs start-up time. A
     * command line that names its command gets only that one; the usage, an unknown command and
     * picocli's suggestions get all.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        Supplier<Object> named = first == null ? null : COMMANDS.get(first);
        if (named != null) {
            cl.addSubcommand(first, named.get());
        } else {
            COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        // each command's -V answers as the tool's own does (without a provider picocli printed nothing)
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new VersionProvider()));
        return cl;
    }

    /** No command: a usage error (exit 2), the usage on stderr, so that a script that forgot the command fails. */
    @Override
    public Integer call() {
        CommandLine cl = commandLine(null);
        System.err.println("Missing command.");
        cl.usage(System.err);
        return RunCommand.EXIT_USAGE;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"cluster-utils " + Version.get()};
        }
    }
}
