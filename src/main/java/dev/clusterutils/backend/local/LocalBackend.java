package dev.clusterutils.backend.local;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.CrashPoint;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ScriptFiles;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Jobs as child processes of this server, at most {@code concurrency} at once; the others wait
 * here, as in the original's process pool. Each job runs in its own session ({@code setsid}) so
 * that a cancel can stop its whole process tree and the terminal's Ctrl-C reaches the server
 * only, which then stops the jobs itself.
 */
public final class LocalBackend implements Backend {
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);

    private final int concurrency;
    private final Map<String, String> environment;
    private final boolean useSetsid;
    private final AtomicLong counter = new AtomicLong();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final Map<JobHandle, Process> running = new HashMap<>();
    private final Map<JobHandle, JobStatus> ended = new HashMap<>();
    private final Map<JobHandle, Boolean> cancelled = new HashMap<>();
    private final Map<JobHandle, ProcessHandle> adopted = new ConcurrentHashMap<>();
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cu-local-killer");
        t.setDaemon(true);
        return t;
    });
    private volatile BiConsumer<JobHandle, JobStatus> listener = (h, s) -> { };
    private boolean closed;

    private record Queued(JobHandle handle, JobSpec spec) {
    }

    public LocalBackend(int concurrency, Map<String, String> environment) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = concurrency;
        this.environment = Map.copyOf(environment);
        this.useSetsid = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
    }

    /** The original's rule: {@code min(max_cpus, cores) / request_cpus}, at least one. */
    public static int defaultConcurrency(int cores, Integer maxCpus, Integer requestCpus) {
        int available = Math.min(maxCpus == null ? cores : maxCpus, cores);
        int perJob = requestCpus == null || requestCpus < 1 ? 1 : requestCpus;
        return Math.max(1, available / perJob);
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofSeconds(5);
    }

    @Override
    public int maxInFlight() {
        // enough queued work that a freed slot is refilled here, without waiting for the run
        return concurrency * 2 + 2;
    }

    @Override
    public void setStatusListener(BiConsumer<JobHandle, JobStatus> listener) {
        this.listener = listener;
    }

    @Override
    public JobHandle submit(JobSpec spec) throws BackendException {
        CrashPoint.reached("job-intent");
        try {
            if (!(spec.resubmission() && Files.exists(spec.runScript()))) {
                ScriptFiles.writeExecutable(spec.runScript(), LocalScript.render(spec));
            }
        } catch (IOException e) {
            throw new BackendException("cannot write run script " + spec.runScript() + ": " + e.getMessage(), false, e);
        }
        JobHandle handle = new JobHandle(kind(), "local-" + counter.getAndIncrement());
        synchronized (this) {
            if (closed) {
                throw new BackendException("local backend is closed", false);
            }
            queue.add(new Queued(handle, spec));
            drain();
        }
        return handle;
    }

    private void drain() {
        while (running.size() < concurrency && !queue.isEmpty()) {
            Queued q = queue.poll();
            start(q);
        }
    }

    private void start(Queued q) {
        List<String> command = useSetsid
                ? List.of("setsid", "bash", q.spec().runScript().toString())
                : List.of("bash", q.spec().runScript().toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(q.spec().runScript().getParent().toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(q.spec().stdout().toFile()))
                .redirectError(Redirect.appendTo(q.spec().stderr().toFile()));
        pb.environment().putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            JobStatus status = new JobStatus(JobStatus.Phase.ENDED, 127, "could not start: " + e.getMessage());
            ended.put(q.handle(), status);
            listener.accept(q.handle(), status);
            return;
        }
        CrashPoint.reached("job-started");
        running.put(q.handle(), process);
        process.onExit().thenAccept(p -> onExit(q.handle(), p.exitValue(), p.pid()));
    }

    private void onExit(JobHandle handle, int exitCode, long pid) {
        // what the job started in its session and left behind (a server, a data loader in the background) ends with it
        endGroup(pid);
        JobStatus status;
        synchronized (this) {
            running.remove(handle);
            if (cancelled.remove(handle) != null) {
                status = JobStatus.killed("cancelled");
            } else if (exitCode > 128 && exitCode < 160) {
                status = new JobStatus(JobStatus.Phase.ENDED, exitCode, "killed by signal " + signalName(exitCode - 128));
            } else {
                status = JobStatus.ended(exitCode);
            }
            ended.put(handle, status);
            if (!closed) {
                drain();
            }
        }
        listener.accept(handle, status);
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    @Override
    public synchronized Map<JobHandle, JobStatus> poll(Collection<JobHandle> handles) {
        Map<JobHandle, JobStatus> out = new LinkedHashMap<>();
        for (JobHandle h : handles) {
            JobStatus s = ended.get(h);
            if (s == null) {
                // an adopted job is no child of this process but runs as well: UNKNOWN would end it at the next poll
                s = running.containsKey(h) || adopted.containsKey(h) ? JobStatus.RUNNING
                        : queue.stream().anyMatch(q -> q.handle().equals(h)) ? JobStatus.QUEUED : JobStatus.UNKNOWN;
            }
            out.put(h, s);
        }
        return out;
    }

    @Override
    public void cancel(JobHandle handle) {
        Process process;
        boolean wasQueued;
        synchronized (this) {
            wasQueued = queue.removeIf(q -> q.handle().equals(handle));
            if (wasQueued) {
                ended.put(handle, JobStatus.killed("cancelled"));
            }
            process = running.get(handle);
            if (process != null) {
                cancelled.put(handle, true);
            }
        }
        if (wasQueued) {
            listener.accept(handle, JobStatus.killed("cancelled"));
        }
        if (process != null) {
            terminate(process);
        }
        ProcessHandle orphan = adopted.get(handle);
        if (orphan != null) {
            orphan.descendants().forEach(ProcessHandle::destroy);
            orphan.destroy();
            killer.schedule(() -> {
                orphan.descendants().forEach(ProcessHandle::destroyForcibly);
                orphan.destroyForcibly();
            }, KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * SIGTERM to what is left of an ended job's process group, SIGKILL after the grace period. With
     * setsid the job's pid is its group id, and Linux does not reuse a pid while a group carries
     * it; the late SIGKILL is skipped if the id now belongs to a job started since.
     */
    private void endGroup(long pgid) {
        if (!useSetsid || pgid <= 1 || pgid == ProcessHandle.current().pid()) {
            return;
        }
        // most jobs leave nothing behind: then there is nothing to signal now or later
        if (!ProcessGroups.signal(pgid, ProcessGroups.Signal.TERM)) {
            return;
        }
        killer.schedule(() -> {
            synchronized (this) {
                if (running.values().stream().anyMatch(p -> p.pid() == pgid)) {
                    return;
                }
            }
            signalGroup(pgid, ProcessGroups.Signal.KILL);
        }, KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A process's group id ({@code /proc/<pid>/stat}, field 5), or -1 where it cannot be read. */
    static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may contain spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGTERM to the job's whole session, SIGKILL to what is left after a grace period. */
    private void terminate(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        signalGroup(process.pid(), ProcessGroups.Signal.TERM);
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        killer.schedule(() -> {
            signalGroup(process.pid(), ProcessGroups.Signal.KILL);
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void signalGroup(long pid, ProcessGroups.Signal signal) {
        // with setsid the job's pid is its process group id
        if (useSetsid) {
            ProcessGroups.signal(pid, signal);
        }
    }

    /**
     * A job of a crashed server survives it (it runs in its own session). It is found by its
     * token, which only its command line carries; its exit code is lost with its parent, so its
     * end is reported without one and the run reads its results from {@code metrics.csv}.
     */
    @Override
    public JobHandle adopt(String handleId, long token) {
        String needle = "--job-id=" + token + " ";
        Optional<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .findFirst();
        if (found.isEmpty()) {
            return null;
        }
        ProcessHandle job = found.get();
        long group = processGroup(job.pid());
        JobHandle handle = new JobHandle(kind(), "local-" + counter.getAndIncrement());
        adopted.put(handle, job);
        job.onExit().thenAccept(p -> {
            if (group != processGroup(ProcessHandle.current().pid())) {
                endGroup(group);
            }
            JobStatus status = new JobStatus(JobStatus.Phase.ENDED, null, "adopted after a restart; exit code unknown");
            synchronized (this) {
                adopted.remove(handle);
                ended.put(handle, status);
            }
            listener.accept(handle, status);
        });
        return handle;
    }

    /** The local backend finds a job by its token alone; the handle it had is this process's counter. */
    @Override
    public JobHandle adoptUnrecorded(long token, String jobName) {
        return adopt(null, token);
    }

    @Override
    public synchronized void forget(JobHandle handle) {
        ended.remove(handle);
    }

    @Override
    public void close() {
        List<Process> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            toStop = List.copyOf(running.values());
            running.keySet().forEach(h -> cancelled.put(h, true));
        }
        adopted.keySet().forEach(this::cancel);
        toStop.forEach(this::terminate);
        long deadline = System.nanoTime() + KILL_GRACE.plusSeconds(2).toNanos();
        for (Process p : toStop) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.waitFor(left, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        killer.shutdown();
    }
}
