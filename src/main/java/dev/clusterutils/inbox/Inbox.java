package dev.clusterutils.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.run.RunOutcome;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder protocol of the inbox server, without Camel: which files are settings, how a file is
 * claimed, where it goes when its run ends or when it is rejected.
 *
 * <p>A file is claimed by moving it into {@code .running/} before its run starts, so it can never
 * be picked up twice, not even by a second server on the same folder. When the run ends it moves
 * on to {@code .done/} (the run finished) or {@code .failed/} (rejected, or the run ended
 * otherwise), with {@code <file>.outcome.json} and, for failures, {@code <file>.problems.txt}
 * beside it. A run stopped with the server stays in {@code .running/}; {@link #recover()} puts it
 * back at the next start, and its results directory makes it continue where it stopped.
 *
 * <p>Sidecars travel with their file: {@code <file>.overrides} (KEY=VALUE overrides, one a line)
 * and {@code <file>.properties} ({@code cu.*} run properties for this file only). Write them before
 * the settings file; they are never taken as settings themselves.
 */
public final class Inbox {
    public static final String RUNNING = RunLayout.INBOX_RUNNING;
    public static final String DONE = RunLayout.INBOX_DONE;
    public static final String FAILED = RunLayout.INBOX_FAILED;
    public static final String OVERRIDES = RunLayout.INBOX_OVERRIDES;
    public static final String PROPERTIES = RunLayout.INBOX_PROPERTIES;
    public static final String PROBLEMS = RunLayout.INBOX_PROBLEMS;
    public static final String OUTCOME = RunLayout.INBOX_OUTCOME;
    /** The file names taken as settings; names starting with a dot are never taken (write, then rename). */
    public static final Pattern SETTINGS = Pattern.compile("[^.].*\\.(json|yaml|yml|toml)", Pattern.CASE_INSENSITIVE);
    private static final List<String> SIDECARS = List.of(OVERRIDES, PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    /** A claimed file: {@code file} is its place in {@code .running/}. */
    public record Claim(String name, Path file) {
        public Path sidecar(String suffix) {
            return file.resolveSibling(name + suffix);
        }
    }

    /** Files per state, for health checks and the status file. */
    public record Counts(long waiting, long running, long done, long failed) {
    }

    public Inbox(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        for (String sub : List.of(RUNNING, DONE, FAILED)) {
            Files.createDirectories(this.dir.resolve(sub));
        }
    }

    public Path dir() {
        return dir;
    }

    public static boolean isSettingsFile(String name) {
        return SETTINGS.matcher(name).matches() && !name.endsWith(OUTCOME);
    }

    /**
     * Puts files that a stopped or crashed server left in {@code .running/} back into the folder,
     * so they are taken again (and resume). Call once, before watching starts.
     */
    public List<String> recover() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path f : settingsFiles(dir.resolve(RUNNING))) {
            String name = f.getFileName().toString();
            for (String s : SIDECARS) {
                moveIfExists(f.resolveSibling(name + s), dir.resolve(name + s));
            }
            try {
                moveNoReplace(f, dir.resolve(name));
                names.add(name);
            } catch (FileAlreadyExistsException e) {
                // a newer file of the same name was dropped meanwhile: it wins, the old one is kept aside
                Path aside = unique(dir.resolve(FAILED), name);
                Files.move(f, aside, StandardCopyOption.ATOMIC_MOVE);
                writeProblems(aside, List.of("stopped before its run ended, and a newer " + name
                        + " was dropped into the inbox before it could continue"));
            }
        }
        return names;
    }

    /**
     * Claims {@code file} for a run. Returns null when it is gone (another server took it) or when
     * a file of the same name is still running: it is then taken once that run has ended.
     */
    public Claim claim(Path file) throws IOException {
        String name = file.getFileName().toString();
        Path target = dir.resolve(RUNNING).resolve(name);
        try {
            moveNoReplace(file, target);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            return null;
        }
        for (String s : SIDECARS) {
            moveIfExists(dir.resolve(name + s), target.resolveSibling(name + s));
        }
        return new Claim(name, target);
    }

    /** Gives a claimed file back to the folder, to be taken again later (its results directory is busy). */
    public void release(Claim claim) throws IOException {
        for (String s : SIDECARS) {
            moveIfExists(claim.sidecar(s), dir.resolve(claim.name() + s));
        }
        moveNoReplace(claim.file(), dir.resolve(claim.name()));
    }

    /** The overrides sidecar: one KEY=VALUE a line; blank lines and lines starting with # are skipped. */
    public List<String> overrides(Claim claim) throws IOException {
        Path f = claim.sidecar(OVERRIDES);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    /** The properties sidecar ({@code cu.*} for this file only), empty without one. */
    public Map<String, String> properties(Claim claim) throws IOException {
        Path f = claim.sidecar(PROPERTIES);
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.isRegularFile(f)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        }
        return out;
    }

    /** A file that cannot run: to {@code .failed/} with every problem in {@code <file>.problems.txt}. Returns its new place. */
    public Path reject(Claim claim, List<String> problems) throws IOException {
        Path target = moveWithSidecars(claim, dir.resolve(FAILED));
        writeProblems(target, problems);
        return target;
    }

    /**
     * The file's run has ended: to {@code .done/} when it finished, else to {@code .failed/} with
     * the reason in {@code <file>.problems.txt}; the outcome in {@code <file>.outcome.json} either way.
     */
    public Path finish(Claim claim, String runId, Path resultsDir, RunOutcome outcome) throws IOException {
        boolean ok = outcome.status() == RunOutcome.Status.FINISHED;
        Path target = moveWithSidecars(claim, dir.resolve(ok ? DONE : FAILED));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", claim.name());
        json.put("run_id", runId);
        json.put("results_dir", resultsDir == null ? null : resultsDir.toString());
        json.put("outcome", outcome.status().name().toLowerCase());
        json.put("message", outcome.message());
        json.put("succeeded", outcome.succeeded());
        json.put("failed", outcome.failed());
        Files.writeString(target.resolveSibling(target.getFileName() + OUTCOME), JSON.writeValueAsString(json) + "\n");
        if (!ok) {
            writeProblems(target, List.of("the run ended " + outcome.status().name().toLowerCase() + ": " + outcome.message()));
        }
        return target;
    }

    /**
     * The results directories of the runs whose files ended ({@code .done/}, {@code .failed/}), as
     * their outcome files name them, oldest first: the dashboard's past runs. The folders are read
     * again only when one of them changed.
     */
    public synchronized List<Path> endedResultsDirs() throws IOException {
        long stamp = 0;
        for (String sub : List.of(DONE, FAILED)) {
            Path f = dir.resolve(sub);
            stamp = stamp * 31 + (Files.isDirectory(f) ? Files.getLastModifiedTime(f).toMillis() : 0);
        }
        if (ended != null && stamp == endedStamp) {
            return ended;
        }
        TreeMap<Long, Set<Path>> byTime = new TreeMap<>();
        for (String sub : List.of(DONE, FAILED)) {
            Path folder = dir.resolve(sub);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(OUTCOME))::iterator) {
                    try {
                        String results = JSON.readTree(f.toFile()).path("results_dir").asText(null);
                        if (results != null && !results.isBlank()) {
                            byTime.computeIfAbsent(Files.getLastModifiedTime(f).toMillis(), k -> new LinkedHashSet<>())
                                    .add(Path.of(results));
                        }
                    } catch (IOException | RuntimeException e) {
                        // an outcome file being written or broken: the next look finds it
                    }
                }
            }
        }
        LinkedHashSet<Path> out = new LinkedHashSet<>();
        byTime.values().forEach(out::addAll);
        ended = List.copyOf(out);
        endedStamp = stamp;
        return ended;
    }

    private List<Path> ended;
    private long endedStamp;

    public Counts counts() throws IOException {
        return new Counts(settingsFiles(dir).size(), settingsFiles(dir.resolve(RUNNING)).size(),
                settingsFiles(dir.resolve(DONE)).size(), settingsFiles(dir.resolve(FAILED)).size());
    }

    private static void writeProblems(Path target, List<String> problems) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String p : problems) {
            sb.append("- ").append(p).append('\n');
        }
        sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("; nothing was run.\n");
        Files.writeString(target.resolveSibling(target.getFileName() + PROBLEMS), sb.toString());
    }

    private Path moveWithSidecars(Claim claim, Path folder) throws IOException {
        Path target = unique(folder, claim.name());
        String newName = target.getFileName().toString();
        for (String s : SIDECARS) {
            moveIfExists(claim.sidecar(s), folder.resolve(newName + s));
        }
        Files.move(claim.file(), target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** {@code name} in {@code folder}, or {@code stem.2.ext}, {@code stem.3.ext} ... when taken: earlier outcomes are kept. */
    static Path unique(Path folder, String name) {
        Path p = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; Files.exists(p); n++) {
            p = folder.resolve(stem + "." + n + ext);
        }
        return p;
    }

    /**
     * Renames without ever replacing {@code to} (a rename replaces silently on POSIX): a hard link
     * is created only when the name is free, so of two servers claiming one file exactly one wins.
     */
    static void moveNoReplace(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links on this file system: a plain move, which refuses an existing target
            Files.move(from, to);
            return;
        }
        Files.delete(from);
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static List<Path> settingsFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> Files.isRegularFile(p) && isSettingsFile(p.getFileName().toString())).sorted().toList();
        }
    }
}
