package dev.clusterutils.run;

import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.pareto.ParetoArchive;
import dev.clusterutils.settings.Objectives;
import dev.clusterutils.settings.OptimizationSetting;
import dev.clusterutils.value.NestedMaps;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * hp_optimization: jobs come from the optimizer, paced by the original's submission arithmetic
 * (spec 4.1): with N = number_of_samples, P = n_jobs_per_iteration and k =
 * n_completed_jobs_before_resubmit, after c completions at most floor((c - P*it) / k)*k + P jobs of
 * the current iteration are created, never more than N in all, and no job while an iteration is
 * complete but not yet closed. Every P completions close an iteration; failed jobs count as
 * completions, as in the original.
 *
 * <p>The optimizer is a stage ({@link Action.Ask}, {@link Action.Tell}), answered by events: proposals
 * wait here until the arithmetic lets a job start, outcomes wait until the next actions go out. The
 * stage is asked only when every outcome sent to it has been told, so a model learns of a job's end
 * before it proposes the next job, and one ask is in flight at a time.
 */
public final class HpoPlanner implements Planner {
    private final OptimizationSetting setting;
    private final List<String> paramNames;
    private final IntConsumer iterationClosed;
    private final Map<Long, Proposal> proposals = new HashMap<>();
    private long completed;
    private long created;
    private int iteration;
    private double best = Double.NaN;
    private final ArrayDeque<Proposal> ready = new ArrayDeque<>();
    private final List<Outcome> untold = new ArrayList<>();
    private final List<Proposal> pendingUntold = new ArrayList<>();
    private boolean asking;
    private int tellsInFlight;
    /** The stage answered an ask with nothing: ask again only once something was learned. */
    private boolean starved;
    private boolean optimizerExhausted;
    private long nextProposalId;
    private final Objectives objectives;
    /** The front of a multi-objective run (unused with one objective). */
    private final ParetoArchive archive;

    /**
     * @param iterationClosed told the number of every iteration that closes (tables, report, best jobs)
     */
    public HpoPlanner(OptimizationSetting setting, List<String> paramNames, IntConsumer iterationClosed) {
        this.setting = setting;
        this.paramNames = List.copyOf(paramNames);
        this.iterationClosed = iterationClosed;
        this.objectives = setting.objectives();
        this.archive = new ParetoArchive(objectives.count(), objectives.referenceLosses());
    }

    @Override
    public long total() {
        return setting.numberOfSamples();
    }

    @Override
    public boolean exhausted() {
        return created >= setting.numberOfSamples() || (optimizerExhausted && ready.isEmpty() && !asking);
    }

    public int iteration() {
        return iteration;
    }

    /** Whether the arithmetic allows one more job now. */
    boolean mayCreate() {
        return allowed() > 0;
    }

    /** How many more jobs the arithmetic allows now. */
    private long allowed() {
        long p = setting.nJobsPerIteration();
        long k = setting.nCompletedJobsBeforeResubmit();
        long doneCur = completed - p * iteration;
        long subCur = created - p * iteration;
        long maxSub = Math.floorDiv(doneCur, k) * k + p;
        boolean iterationFinished = Math.floorDiv(completed, p) > iteration;
        if (iterationFinished) {
            return 0;
        }
        return Math.max(0, Math.min(maxSub - subCur, setting.numberOfSamples() - created));
    }

    @Override
    public PlannedJob next(long jobId, RunView view) {
        if (exhausted() || !mayCreate()) {
            return null;
        }
        Proposal proposal = ready.poll();
        if (proposal == null) {
            return null;
        }
        proposals.put(jobId, proposal);
        created++;
        return new PlannedJob(NestedMaps.expandDotted(new LinkedHashMap<>(proposal.values())), iteration + 1);
    }

    @Override
    public String reject(Map<String, Object> metrics) {
        for (String name : objectives.names()) {
            Object v = metrics.get(name);
            if (v == null) {
                return "Trying to optimize metric '" + name + "' but it is not provided by the job "
                        + "(it sent " + metrics.keySet() + ").";
            }
            if (!(v instanceof Number) || v instanceof Boolean) {
                return "The metric '" + name + "' must be a number, the job sent " + v + ".";
            }
        }
        return null;
    }

    /** The outcome of a job with metrics; in a multi-objective run also added to the front. */
    private Outcome outcome(long id, Map<String, Object> values, Map<String, Object> metrics, boolean killed) {
        if (objectives.isMulti()) {
            double[] losses = objectives.losses(metrics);
            archive.add(losses);
            return Outcome.success(id, values, objectives.values(losses));
        }
        double m = ((Number) metrics.get(setting.metricToOptimize())).doubleValue();
        if (!Double.isNaN(m) && (Double.isNaN(best) || (setting.minimize() ? m < best : m > best))) {
            best = m;
        }
        return killed ? Outcome.killed(id, values, m) : Outcome.success(id, values, m);
    }

    @Override
    public void finished(long jobId, Map<String, Object> params, Map<String, Object> metrics) {
        finished(jobId, params, metrics, false);
    }

    @Override
    public void killed(long jobId, Map<String, Object> params, Map<String, Object> metrics) {
        finished(jobId, params, metrics, true);
    }

    private void finished(long jobId, Map<String, Object> params, Map<String, Object> metrics, boolean killed) {
        Proposal proposal = proposals.remove(jobId);
        Map<String, Object> values = proposal != null ? proposal.values() : flatValues(params);
        long id = proposal != null ? proposal.id() : -1 - jobId;
        if (metrics == null) {
            untold.add(Outcome.failed(id, values));
        } else {
            untold.add(outcome(id, values, metrics, killed));
        }
        completed++;
        while (Math.floorDiv(completed, setting.nJobsPerIteration()) > iteration) {
            iterationClosed.accept(iteration);
            iteration++;
        }
    }

    /**
     * Resume: finished jobs are told to a fresh optimizer in journal order (it is rebuilt by
     * replay), unfinished ones count as pending. Iterations are recounted without re-running their
     * post-iteration work, which the earlier process already did.
     */
    @Override
    public void restore(long jobId, Map<String, Object> params, Map<String, Object> metrics, boolean finished) {
        created++;
        Map<String, Object> values = flatValues(params);
        if (!finished) {
            Proposal p = new Proposal(jobId, values);
            proposals.put(jobId, p);
            pendingUntold.add(p);
            nextProposalId = Math.max(nextProposalId, jobId + 1);
            return;
        }
        nextProposalId = Math.max(nextProposalId, jobId + 1);
        if (metrics == null) {
            untold.add(Outcome.failed(jobId, values));
        } else {
            untold.add(outcome(jobId, values, metrics, false));
        }
        completed++;
        iteration = (int) Math.floorDiv(completed, setting.nJobsPerIteration());
    }

    @Override
    public List<Action> requests(int room) {
        List<Action> out = new ArrayList<>(tells());
        if (starved && completed >= created) {
            // nothing in flight will teach it anything: ask again (at the pace of the run's events)
            starved = false;
        }
        if (!asking && tellsInFlight == 0 && !starved && ready.isEmpty() && !optimizerExhausted && room > 0) {
            int max = (int) Math.min(room, allowed());
            if (max > 0) {
                asking = true;
                out.add(new Action.Ask(max, nextProposalId));
                nextProposalId += max;
            }
        }
        return out;
    }

    @Override
    public List<Action> tells() {
        if (untold.isEmpty() && pendingUntold.isEmpty()) {
            return List.of();
        }
        Action.Tell tell = new Action.Tell(untold, pendingUntold);
        untold.clear();
        pendingUntold.clear();
        tellsInFlight++;
        starved = false;
        return List.of(tell);
    }

    @Override
    public void asked(RunEvent.Asked asked) {
        asking = false;
        ready.addAll(asked.proposals());
        for (Proposal p : asked.proposals()) {
            nextProposalId = Math.max(nextProposalId, p.id() + 1);
        }
        optimizerExhausted = asked.exhausted();
        starved = asked.proposals().isEmpty();
    }

    @Override
    public void told(RunEvent.Told told) {
        tellsInFlight = Math.max(0, tellsInFlight - 1);
    }

    @Override
    public boolean tellsInFlight() {
        return tellsInFlight > 0;
    }

    private Map<String, Object> flatValues(Map<String, Object> params) {
        Map<String, Object> flat = NestedMaps.flatten(params);
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : paramNames) {
            values.put(name, flat.get(name));
        }
        return values;
    }

    @Override
    public double best() {
        return best;
    }

    @Override
    public int frontSize() {
        return objectives.isMulti() ? archive.size() : -1;
    }

    @Override
    public double hypervolume() {
        return objectives.isMulti() ? archive.hypervolume() : Double.NaN;
    }
}
