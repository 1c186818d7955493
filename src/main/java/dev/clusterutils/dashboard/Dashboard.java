package dev.clusterutils.dashboard;

import dev.clusterutils.optim.pareto.ParetoArchive;
import dev.clusterutils.run.RunStatus;
import dev.clusterutils.settings.Objectives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What the dashboard and the JSON API show, built in plain Java from the runs' journals: one
 * {@link RunTracker} per results directory, fed by the live runs of the process and by the results
 * directories of runs that ended (the inbox's finished files, runs that ended in this process).
 * The HTTP side only turns these records into JSON.
 */
public final class Dashboard {
    /** A run alive in this process: its status gives the total and the ETA the journal cannot. */
    public record LiveRun(String id, String name, Path resultsDir, RunStatus status, String backend) {
    }

    /** Where runs come from: the live ones, and the results directories of ended ones to show too. */
    public interface Source {
        Collection<LiveRun> live();

        Collection<Path> past();
    }

    private final Source source;
    private final LongSupplier clock;
    private final Map<Path, RunTracker> trackers = new LinkedHashMap<>();
    /** Live runs seen before: they stay on the page once they end. */
    private final Map<Path, Boolean> seen = new LinkedHashMap<>();

    public Dashboard(Source source) {
        this(source, System::currentTimeMillis);
    }

    public Dashboard(Source source, LongSupplier clock) {
        this.source = source;
        this.clock = clock;
    }

    /** A run found by its API key, with its live state if any. */
    private record Found(String key, RunTracker tracker, LiveRun live) {
    }

    /**
     * Every run known, refreshed: live ones first (oldest first), then ended ones, latest first.
     * Keys are run names; a name shared by several results directories gets {@code ~2}, {@code ~3}
     * in the order the directories were first seen, so a key stays put while the server runs.
     */
    private synchronized List<Found> all() {
        Map<Path, LiveRun> live = new HashMap<>();
        for (LiveRun r : source.live()) {
            Path dir = r.resultsDir().toAbsolutePath().normalize();
            live.put(dir, r);
            seen.put(dir, Boolean.TRUE);
            trackers.computeIfAbsent(dir, RunTracker::new);
        }
        for (Path p : source.past()) {
            Path dir = p.toAbsolutePath().normalize();
            if (Files.isDirectory(dir)) {
                trackers.computeIfAbsent(dir, RunTracker::new);
            }
        }
        List<Found> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (RunTracker t : trackers.values()) {
            try {
                t.refresh();
            } catch (IOException e) {
                // a directory being deleted or unreadable: shown as it was last read
            }
            String name = t.read(RunTracker.Snapshot::name);
            int n = names.merge(name, 1, Integer::sum);
            out.add(new Found(n == 1 ? name : name + "~" + n, t, live.get(t.resultsDir())));
        }
        out.sort(Comparator.comparing((Found f) -> f.live() == null)
                .thenComparingLong(f -> (f.live() == null ? -1 : 1) * f.tracker().read(RunTracker.Snapshot::firstEventAt)));
        return out;
    }

    private Optional<Found> find(String key) {
        return all().stream().filter(f -> f.key().equals(key)).findFirst();
    }

    public List<RunSummary> runs() {
        List<RunSummary> out = new ArrayList<>();
        long now = clock.getAsLong();
        for (Found f : all()) {
            out.add(f.tracker().read(s -> summary(f, s, now)));
        }
        return out;
    }

    public Optional<RunSummary> run(String key) {
        long now = clock.getAsLong();
        return find(key).map(f -> f.tracker().read(s -> summary(f, s, now)));
    }

    /** A page of jobs; an empty {@link JobRows.Query#states()} means every state. */
    public Optional<JobPage> jobs(String key, Set<JobState> states, String sort, boolean descending, long offset, int limit) {
        long now = clock.getAsLong();
        JobRows.Query q = new JobRows.Query(states, sort, descending, offset, limit);
        return find(key).map(f -> f.tracker().read(s -> JobRows.page(f.key(), s, chartMetric(s), backend(f), q, now)));
    }

    public Optional<JobDetail> job(String key, long id) {
        long now = clock.getAsLong();
        return find(key).map(f -> f.tracker().read(s -> JobRows.detail(f.key(), s, id, chartMetric(s), backend(f), now)));
    }

    public Optional<Charts> charts(String key, String metric) {
        return find(key).map(f -> f.tracker().read(s -> ChartData.build(f.key(), s, metric)));
    }

    private static String backend(Found f) {
        return f.live() != null && f.live().backend() != null ? f.live().backend() : f.tracker().read(RunTracker.Snapshot::backend);
    }

    /** The optimised metric, else the first numeric metric of the first job that has one. */
    static String chartMetric(RunTracker.Snapshot s) {
        if (s.metric() != null) {
            return s.metric();
        }
        for (JobTrack j : s.jobs()) {
            if (j != null && j.state == JobState.SUCCEEDED) {
                for (Map.Entry<String, Object> e : j.metrics.entrySet()) {
                    if (e.getValue() instanceof Number && !(e.getValue() instanceof Boolean) && !"time_elapsed".equals(e.getKey())) {
                        return e.getKey();
                    }
                }
            }
        }
        return null;
    }

    private static RunSummary summary(Found f, RunTracker.Snapshot s, long now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobState st : JobState.values()) {
            counts.put(st.label(), s.count(st));
        }
        long jobs = s.jobCount();
        LiveRun live = f.live();
        RunStatus status = live == null ? null : live.status();
        long ended = s.count(JobState.SUCCEEDED) + s.count(JobState.FAILED) + s.count(JobState.NOT_RUN);
        long total;
        if (status != null) {
            total = status.total();
        } else {
            total = s.endStatus() != null ? jobs : -1;
        }
        String state;
        if (live != null) {
            state = status == null ? "preparing" : "running";
        } else {
            state = s.endStatus() != null ? s.endStatus() : "incomplete";
        }
        Double progress = null;
        if (total > 0) {
            progress = Math.min(1.0, ended / (double) total);
        } else if (total == 0) {
            progress = 1.0;
        }
        Double eta = status != null && !Double.isNaN(status.etaSeconds()) ? status.etaSeconds() : null;
        String metric = chartMetric(s);
        boolean minimize = s.minimize() == null || s.minimize();
        JobTrack best = null;
        for (JobTrack j : s.jobs()) {
            if (j != null && !Double.isNaN(j.value(metric)) && (best == null
                    || (minimize ? j.value(metric) < best.value(metric) : j.value(metric) > best.value(metric)))) {
                best = j;
            }
        }
        ParetoArchive front = null;
        Objectives objectives = s.objectives();
        if (objectives != null && objectives.isMulti()) {
            front = new ParetoArchive(objectives.count(), objectives.referenceLosses());
            for (JobTrack j : s.jobs()) {
                if (j != null && j.state == JobState.SUCCEEDED) {
                    front.add(objectives.losses(j.metrics));
                }
            }
        }
        Long started = null;
        if (s.startedAt() >= 0) {
            started = s.startedAt();
        } else if (s.firstEventAt() >= 0) {
            started = s.firstEventAt();
        }
        Long endedAt = live == null && s.endedAt() >= 0 ? Long.valueOf(s.endedAt()) : null;
        long until = live != null ? now : s.endedAt() >= 0 ? s.endedAt() : s.lastEventAt();
        Double elapsed = started == null ? null : Math.max(0, (until - started) / 1000.0);
        return new RunSummary(f.key(), s.runType() == null ? null : s.runType().toLowerCase(Locale.ROOT), state,
                live != null, s.resultsDir().toString(), counts, jobs, total, progress, eta, started, endedAt, elapsed, metric,
                s.minimize(), best == null ? null : best.value(metric), best == null ? null : best.id,
                best == null ? null : best.params, live == null ? s.endMessage() : null,
                front == null ? null : front.size(), front == null || front.size() == 0 ? null : front.hypervolume(), s.version());
    }
}
