package dev.clusterutils.cli;

import dev.clusterutils.backend.Backends;
import dev.clusterutils.camel.MainProperties;
import dev.clusterutils.camel.ServeLauncher;
import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.inbox.InboxOptions;
import dev.clusterutils.run.ExistingResults;
import dev.clusterutils.run.RunOptions;
import dev.clusterutils.run.RunProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve --inbox DIR}: keeps running and starts a run for every settings file dropped into
 * DIR. There is nobody to ask, so what the run commands ask is a property here
 * ({@code cu.existing-results}, default resume; no cluster means local).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Watch a folder and run every settings file dropped into it (json, yaml, yml, toml).",
                "Finished files move to DIR/.done, rejected ones to DIR/.failed with a .problems.txt; "
                        + "Ctrl-C or SIGTERM stops the runs cleanly and they continue at the next start."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--inbox", paramLabel = "DIR", description = "The folder to watch (or the property cu.inbox).")
    Path inbox;

    @Option(names = "--concurrent-runs", paramLabel = "N", description = "Runs at once (default: 1; cu.inbox.concurrent-runs).")
    Integer concurrentRuns;

    @Option(names = "--backend", paramLabel = "KIND", description = "Where jobs run: local, slurm, condor or dryrun (default: detected).")
    String backend;

    @Option(names = "--max-jobs", paramLabel = "N", description = "Local backend: jobs at once per run (default: cores / request_cpus).")
    Integer maxJobs;

    @Option(names = "--listen-address", paramLabel = "IP", description = "Address the job-message listener binds to.")
    String listenAddress;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for sampling and optimizers (default: random, recorded).")
    Long seed;

    @Option(names = "--failure-margin", paramLabel = "N", description = "Abort a run when failed jobs exceed successful + running + N (default: 5).")
    Integer failureMargin;

    @Mixin
    PropertyOptions propertyOptions = new PropertyOptions();

    @Mixin
    HttpOptions httpOptions = new HttpOptions();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        MainProperties properties;
        InboxOptions options;
        HttpSettings http;
        try {
            properties = propertyOptions.load(Path.of(PropertyOptions.FILE_NAME).toAbsolutePath());
            // the command line's own options become the properties the routes and the inbox read: they win
            Map<String, String> own = new LinkedHashMap<>();
            put(own, RunProperties.BACKEND, backend);
            put(own, RunProperties.MAX_JOBS, maxJobs);
            put(own, RunProperties.LISTEN_ADDRESS, listenAddress);
            put(own, RunProperties.SEED, seed);
            put(own, RunProperties.FAILURE_MARGIN, failureMargin);
            put(own, InboxOptions.CONCURRENT_RUNS, concurrentRuns);
            own.putAll(httpOptions.properties());
            properties = properties.with(own);
            http = HttpSettings.from(properties::get);
            http.checkBindable();
            options = InboxOptions.from(inbox, properties::get);
            // malformed run properties are reported now, not with the first file
            RunProperties.apply(RunOptions.defaults(), properties::get);
            if (RunProperties.existingResults(properties::get, ExistingResults.RESUME) == ExistingResults.ASK) {
                throw new IllegalArgumentException(RunProperties.EXISTING_RESULTS + "=ask: serve has nobody to ask; "
                        + "use resume, fresh or fail");
            }
            String kind = properties.get(RunProperties.BACKEND);
            if (kind != null && !kind.isBlank() && !Backends.KINDS.contains(kind.trim())) {
                throw new IllegalArgumentException("unknown backend '" + kind + "'; use one of " + Backends.KINDS);
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("Cannot serve: " + e.getMessage());
            return RunCommand.EXIT_USAGE;
        }
        AtomicReference<ServeLauncher.Server> server = new AtomicReference<>();
        AtomicInteger signals = new AtomicInteger();
        Signals.onInterrupt(() -> {
            ServeLauncher.Server s = server.get();
            if (signals.incrementAndGet() > 1 || s == null) {
                Runtime.getRuntime().halt(130);
            }
            err.println();
            err.println("Stopping: no new files; stopping the running runs (they continue at the next start)...");
            Thread t = new Thread(s::stop, "cu-serve-stop");
            t.start();
        });
        try {
            InboxOptions o = options;
            HttpSettings h = http;
            Launchers.serve(properties, http).serve(options, out::println, s -> {
                server.set(s);
                HttpOptions.announce(h, out);
                out.println("Watching " + o.dir() + " for settings files (json, yaml, yml, toml), " + o.concurrentRuns()
                        + (o.concurrentRuns() == 1 ? " run" : " runs") + " at a time. Stop with Ctrl-C.");
            });
        } catch (Exception e) {
            err.println("Server failed: " + e.getMessage());
            return RunCommand.EXIT_ABORTED;
        }
        out.println("Stopped.");
        return RunCommand.EXIT_OK;
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }
}
