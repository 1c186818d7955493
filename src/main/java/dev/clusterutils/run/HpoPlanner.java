package dev.clusterutils.run;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.pareto.ParetoArchive;
import dev.clusterutils.settings.Objectives;
import dev.clusterutils.settings.OptimizationSetting;
import dev.clusterutils.value.NestedMaps;
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
 */
public final class HpoPlanner implements Planner {
    private final Optimizer optimizer;
    private final OptimizationSetting setting;
    private final List<String> paramNames;
    private final IntConsumer iterationClosed;
    private final Map<Long, Proposal> proposals = new HashMap<>();
    private long completed;
    private long created;
    private int iteration;
    private double best = Double.NaN;
    private final Objectives objectives;
    /** The front of a multi-objective run (unused with one objective). */
    private final ParetoArchive archive;

    /**
     * @param iterationClosed told the number of every iteration that closes (tables, report, best jobs)
     */
    public HpoPlanner(Optimizer optimizer, OptimizationSetting setting, List<String> paramNames, IntConsumer iterationClosed) {
        this.optimizer = optimizer;
        this.setting = setting;
        this.paramNames = List.copyOf(paramNames);
        this.iterationClosed = iterationClosed;
        this.objectives = setting.objectives();
        this.archive = new ParetoArchive(objectives.count());
    }

    @Override
    public long total() {
        return setting.numberOfSamples();
    }

    @Override
    public boolean exhausted() {
        return created >= setting.numberOfSamples() || optimizer.isExhausted();
    }

    public int iteration() {
        return iteration;
    }

    /** Whether the arithmetic allows one more job now. */
    boolean mayCreate() {
        long p = setting.nJobsPerIteration();
        long k = setting.nCompletedJobsBeforeResubmit();
        long doneCur = completed - p * iteration;
        long subCur = created - p * iteration;
        long maxSub = Math.floorDiv(doneCur, k) * k + p;
        boolean iterationFinished = Math.floorDiv(completed, p) > iteration;
        return subCur < maxSub && created < setting.numberOfSamples() && !iterationFinished;
    }

    @Override
    public PlannedJob next(long jobId, RunView view) {
        if (exhausted() || !mayCreate()) {
            return null;
        }
        List<Proposal> asked = optimizer.ask(1);
        if (asked.isEmpty()) {
            return null;
        }
        Proposal proposal = asked.get(0);
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
            optimizer.tell(Outcome.failed(id, values));
        } else {
            optimizer.tell(outcome(id, values, metrics, killed));
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
            optimizer.restorePending(p);
            return;
        }
        if (metrics == null) {
            optimizer.tell(Outcome.failed(jobId, values));
        } else {
            optimizer.tell(outcome(jobId, values, metrics, false));
        }
        completed++;
        iteration = (int) Math.floorDiv(completed, setting.nJobsPerIteration());
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
