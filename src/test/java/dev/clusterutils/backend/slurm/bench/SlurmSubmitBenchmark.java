package dev.clusterutils.backend.slurm.bench;

import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.CountingCommandRunner;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ProcessCommandRunner;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.backend.slurm.SlurmDialect;
import dev.clusterutils.backend.slurm.SlurmRequirements;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.ClusterRequirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 200 trivial jobs on the real local Slurm, submitted one sbatch per job and as a job array,
 * driven the way the run drives a backend: submissions from 4 threads (the submit stage's
 * consumers) or in batches of up to 1,000, then one batched poll per poll interval until every
 * job has ended. Prints a Markdown table: wall time and the scheduler commands each way issued,
 * counted in the command runner. Usage (see bench/slurm): SlurmSubmitBenchmark PARTITION [JOBS] [POLL_SECONDS]
 */
public final class SlurmSubmitBenchmark {
    record Outcome(String mode, int jobs, double seconds, double submitSeconds, long polls, Map<String, Long> commands, long failed) {
    }

    public static void main(String[] args) throws Exception {
        String partition = args[0];
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Duration poll = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 5);
        System.out.println("jobs=" + jobs + ", poll interval " + poll.toSeconds() + " s, partition " + partition + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(run(partition, jobs, poll, false));
        outcomes.add(run(partition, jobs, poll, true));
        System.out.println();
        System.out.println("| submission | jobs | wall time (s) | of which submitting (s) | polls | sbatch | squeue | sacct | scancel | commands in all |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Outcome o : outcomes) {
            System.out.printf("| %s | %d | %.1f | %.2f | %d | %d | %d | %d | %d | %d |%n", o.mode(), o.jobs(), o.seconds(),
                    o.submitSeconds(), o.polls(), o.commands().getOrDefault("sbatch", 0L), o.commands().getOrDefault("squeue", 0L),
                    o.commands().getOrDefault("sacct", 0L), o.commands().getOrDefault("scancel", 0L),
                    o.commands().values().stream().mapToLong(Long::longValue).sum());
            if (o.failed() > 0) {
                System.out.println("  (" + o.failed() + " jobs did not end cleanly)");
            }
        }
    }

    static Outcome run(String partition, int jobs, Duration poll, boolean array) throws Exception {
        Path dir = Files.createTempDirectory("cu-bench-slurm");
        RunLayout layout = new RunLayout(dir.resolve("results"), dir.resolve("jobs"), null);
        Files.createDirectories(layout.jobsDir());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("request_cpus", 1);
        r.put("memory_in_mb", 50);
        r.put("partition", partition);
        r.put("request_time", "5:00");
        CountingCommandRunner commands = new CountingCommandRunner(new ProcessCommandRunner());
        SlurmDialect dialect = new SlurmDialect(SlurmRequirements.from(new ClusterRequirements(r)), layout, null,
                SlurmDialect.Accounting.DETECT, BackendLog.NONE);
        SchedulerBackend backend = new SchedulerBackend(dialect, commands,
                SchedulerBackend.Settings.defaults().withPollInterval(poll).withBatches(array).withMaxInFlight(10_000), BackendLog.NONE);
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Path script = layout.runScript("slurm", 0, i);
            specs.add(new JobSpec(i, 0, "bench_" + i, "srun true", script, layout.stdout("slurm", script),
                    layout.stderr("slurm", script), layout.failedMarker(script), layout.workingDir(i), false));
        }
        long t0 = System.nanoTime();
        List<JobHandle> live = new ArrayList<>();
        if (array) {
            for (int i = 0; i < specs.size(); i += backend.maxBatchSize()) {
                live.addAll(backend.submitBatch(specs.subList(i, Math.min(specs.size(), i + backend.maxBatchSize()))));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<JobHandle>> fs = new ArrayList<>();
            for (JobSpec s : specs) {
                fs.add(pool.submit(() -> backend.submit(s)));
            }
            for (Future<JobHandle> f : fs) {
                live.add(f.get());
            }
            pool.shutdown();
        }
        double submitSeconds = (System.nanoTime() - t0) / 1e9;
        long polls = 0;
        long failed = 0;
        while (!live.isEmpty()) {
            Thread.sleep(poll.toMillis());
            polls++;
            Map<JobHandle, JobStatus> s = backend.poll(live);
            List<JobHandle> still = new ArrayList<>();
            for (JobHandle h : live) {
                JobStatus st = s.get(h);
                if (!st.isTerminal()) {
                    still.add(h);
                } else if (!JobStatus.ended(0).equals(st)) {
                    failed++;
                }
            }
            live = still;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        backend.close();
        return new Outcome(array ? "job array (--slurm-array)" : "one sbatch per job", jobs, seconds, submitSeconds, polls,
                commands.counts(), failed);
    }
}
