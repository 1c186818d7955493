package dev.clusterutils.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the commands issued per executable name, for benchmarks and for tests that assert batching. */
public final class CountingCommandRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public CountingCommandRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(List<String> argv, Path workDir, Duration timeout) throws IOException {
        counts.computeIfAbsent(Path.of(argv.get(0)).getFileName().toString(), k -> new AtomicLong()).incrementAndGet();
        return delegate.run(argv, workDir, timeout);
    }

    /** Commands run so far, by executable name ({@code sbatch}, {@code squeue} ...), sorted by name. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long count(String executable) {
        AtomicLong c = counts.get(executable);
        return c == null ? 0 : c.get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
