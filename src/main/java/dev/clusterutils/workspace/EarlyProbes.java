package dev.clusterutils.workspace;

import dev.clusterutils.settings.EnvironmentSetup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes of the job's Python ({@link PythonClient#probe}) started ahead of their run. A Python
 * takes 0.1-0.2 s to start, and the run needs the answer before its first job; the command line
 * starts the probe as soon as the settings are read, so that it runs while Camel boots instead of
 * after the checkout. A run takes the probe started for exactly its inputs, once (so an answer
 * is never older than its run's start-up); without one it starts its own.
 */
public final class EarlyProbes {
    private record Key(EnvironmentSetup env, Path dir, Map<String, String> parentEnv) {
    }

    private static final Map<Key, CompletableFuture<PythonClient.Probe>> STARTED = new ConcurrentHashMap<>();

    private EarlyProbes() {
    }

    /** Starts the probe for these inputs unless one is already waiting to be taken. */
    public static void start(EnvironmentSetup env, Path dir, Map<String, String> parentEnv) {
        STARTED.computeIfAbsent(new Key(env, dir, new HashMap<>(parentEnv)), EarlyProbes::launch);
    }

    /** The probe started for these inputs (and forgets it), or a new one. */
    public static CompletableFuture<PythonClient.Probe> take(EnvironmentSetup env, Path dir, Map<String, String> parentEnv) {
        Key key = new Key(env, dir, new HashMap<>(parentEnv));
        CompletableFuture<PythonClient.Probe> started = STARTED.remove(key);
        return started != null ? started : launch(key);
    }

    private static CompletableFuture<PythonClient.Probe> launch(Key key) {
        CompletableFuture<PythonClient.Probe> f = new CompletableFuture<>();
        // a thread of its own: the common pool has a single thread on a 2-core machine, and the probe mostly waits
        Thread t = new Thread(() -> f.complete(PythonClient.probe(key.env(), key.dir(), key.parentEnv(), PythonClient.PROBE_TIMEOUT)),
                "cu-python-probe");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
