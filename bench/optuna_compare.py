"""Optuna's samplers on bench/optimizers' problems, under the same protocol, printed as the same tables.

    /usr/bin/python3 bench/optuna_compare.py [--seeds N] [--single-objective-only | --multi-objective-only]

Protocol (OptimizerBenchmark's): 100 evaluations as 10 rounds of ask 10 / tell 10 through Optuna's
ask-and-tell interface, so that a sampler proposes each batch without the batch's results, as with
parallel jobs; the seeds 0..N-1 seed the sampler; median and [Q1, Q3] over the seeds. Every
parameter is a uniform FloatDistribution on the problem's box, passed to ask(). "beats random" compares with Optuna's own
RandomSampler on the same seed (the Java tables compare with the project's random search).

Needs Optuna (Debian: python3-optuna; QMCSampler also needs python3-scipy, CmaEsSampler python3-cmaes).
"""
import argparse
import sys
import warnings

import optuna

from optuna_problems import MULTI_OBJECTIVE, SINGLE_OBJECTIVE, fmt, hypervolume_2d, quantile

BUDGET = 100
BATCH = 10


def single_objective_samplers():
    return [
        ("optuna TPE", lambda seed: optuna.samplers.TPESampler(seed=seed)),
        ("optuna TPE multivariate + constant_liar",
         lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True, constant_liar=True)),
        ("optuna CMA-ES", lambda seed: optuna.samplers.CmaEsSampler(seed=seed)),
        # unscrambled Sobol ignores the seed (30 identical runs); scrambling makes the seeds count
        ("optuna QMC (scrambled Sobol)", lambda seed: optuna.samplers.QMCSampler(seed=seed, scramble=True)),
        ("optuna random", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
    ]


def multi_objective_samplers():
    return [
        # a TPESampler on a study with several directions is Optuna's MOTPE
        ("optuna MOTPE", lambda seed: optuna.samplers.TPESampler(seed=seed)),
        ("optuna NSGA-II", lambda seed: optuna.samplers.NSGAIISampler(seed=seed)),
        ("optuna random", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
    ]


def run(problem, sampler):
    """Every objective value of one run: 10 rounds of ask 10 (all sampled before any is told), tell 10.
    The space goes to ask() up front (define-and-run), as the Java optimisers get it. A multivariate
    sampler draws a trial's point when the trial is asked: after ten bare ask() calls and suggest_float
    later, the constant liar would find no running points to lie about."""
    directions = ["minimize"] * (2 if problem.multi_objective else 1)
    study = optuna.create_study(directions=directions, sampler=sampler)
    names = ["x%d" % (i + 1) for i in range(len(problem.bounds))]
    space = {n: optuna.distributions.FloatDistribution(lo, hi) for n, (lo, hi) in zip(names, problem.bounds)}
    values = []
    for _ in range(BUDGET // BATCH):
        trials = [study.ask(space) for _ in range(BATCH)]
        for t in trials:
            v = problem.f([t.params[n] for n in names])
            study.tell(t, list(v) if problem.multi_objective else v)
            values.append(v)
    return values


def score(problem, values):
    """Best value (single objective) or hypervolume of everything evaluated (multi-objective)."""
    return hypervolume_2d(values, problem.ref) if problem.multi_objective else min(values)


def table(heading, problems, samplers, seeds, better):
    print(heading)
    print()
    header = "| optimizer |"
    for p in problems:
        if p.multi_objective:
            front = "%.2f" % p.front if p.front < 100 else "≈ %.0f" % p.front
            header += " %s (ref (%s, %s), front %s): median [Q1, Q3] | beats random |" % (
                p.name, _plain(p.ref[0]), _plain(p.ref[1]), front)
        else:
            header += " %s (min %s): median [Q1, Q3] | beats random |" % (p.name, fmt(p.optimum))
    print(header)
    print("|---|" + "---|---|" * len(problems))
    sys.stdout.flush()
    # random's scores first: every other row is compared with them seed by seed
    random_label, random_factory = samplers[-1]
    random_scores = {p.name: [score(p, run(p, random_factory(s))) for s in range(seeds)] for p in problems}
    for label, factory in samplers:
        line = "| %s |" % label
        for p in problems:
            is_random = label == random_label
            scores = random_scores[p.name] if is_random else [score(p, run(p, factory(s))) for s in range(seeds)]
            wins = sum(1 for s in range(seeds) if better(scores[s], random_scores[p.name][s]))
            ordered = sorted(scores)
            line += " %s [%s, %s] | %s |" % (fmt(quantile(ordered, 0.5)), fmt(quantile(ordered, 0.25)),
                                             fmt(quantile(ordered, 0.75)),
                                             "—" if is_random else "%d %%" % round(100.0 * wins / seeds))
        print(line)
        sys.stdout.flush()
    print()


def _plain(v):
    return ("%d" % v) if v == int(v) else repr(v)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--single-objective-only", action="store_true")
    only.add_argument("--multi-objective-only", action="store_true")
    args = parser.parse_args()

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    # constant_liar, multivariate and QMC are marked experimental in 3.1; the table says which were used
    warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)

    print("Optuna %s (Python %s), in-memory storage" % (optuna.__version__, sys.version.split()[0]))
    print()
    if not args.multi_objective_only:
        table("### Optuna %s: best value after %d evaluations (ask %d / tell %d), %d seeds"
              % (optuna.__version__, BUDGET, BATCH, BATCH, args.seeds),
              SINGLE_OBJECTIVE, single_objective_samplers(), args.seeds, lambda a, b: a < b)
    if not args.single_objective_only:
        table("### Optuna %s: hypervolume after %d evaluations (ask %d / tell %d), %d seeds"
              % (optuna.__version__, BUDGET, BATCH, BATCH, args.seeds),
              MULTI_OBJECTIVE, multi_objective_samplers(), args.seeds, lambda a, b: a > b)


if __name__ == "__main__":
    main()
