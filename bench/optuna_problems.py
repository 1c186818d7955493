"""The benchmark problems of bench/optimizers, in plain Python, for the Optuna comparison.

This module must import with nothing but the standard library: OptunaCompareDefinitionsTest runs it
under whatever python3 the build has (usually without Optuna or NumPy) and checks every definition
here against the Java ones in OptimizerBenchmark, so the two sides cannot drift apart silently.

    python3 bench/optuna_problems.py check < request.json   # what the test uses, see check()
"""
import decimal
import json
import math
import sys


class Problem:
    """A box-constrained problem. `f` maps a list of floats to a float (single objective, minimised)
    or to a tuple of floats (multi-objective, every objective minimised)."""

    def __init__(self, name, bounds, f, optimum=None, ref=None, front=None):
        self.name = name
        self.bounds = bounds
        self.f = f
        self.optimum = optimum  # single objective: the known minimum
        self.ref = ref  # multi-objective: the hypervolume's reference point
        self.front = front  # multi-objective: the true front's hypervolume (the most any run can reach)

    @property
    def multi_objective(self):
        return self.ref is not None

    def describe(self):
        d = {"name": self.name, "bounds": [list(b) for b in self.bounds]}
        if self.multi_objective:
            d["ref"] = list(self.ref)
            d["front"] = self.front
        else:
            d["optimum"] = self.optimum
        return d


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2


def branin(x):
    b = 5.1 / (4 * math.pi * math.pi)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x[1] - b * x[0] * x[0] + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


_H_ALPHA = (1.0, 1.2, 3.0, 3.2)
_H_A = ((10, 3, 17, 3.5, 1.7, 8), (0.05, 10, 17, 0.1, 8, 14), (3, 3.5, 1.7, 10, 17, 8), (17, 8, 0.05, 10, 0.1, 14))
_H_P = ((0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886), (0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991),
        (0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650), (0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381))


def hartmann6(x):
    s = 0.0
    for i in range(4):
        inner = sum(_H_A[i][j] * (x[j] - _H_P[i][j]) ** 2 for j in range(6))
        s += _H_ALPHA[i] * math.exp(-inner)
    return -s


def zdt1(x):
    f1 = x[0]
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    return (f1, g * (1 - math.sqrt(f1 / g)))


def branin_currin(x):
    """Branin on [0, 1]^2 rescaled to [-5, 10] x [0, 15], and Currin's exponential function, as in
    BoTorch's BraninCurrin; both minimised."""
    first = branin([15 * x[0] - 5, 15 * x[1]])
    # Currin's factor tends to 1 as x2 -> 0 (exp(-inf) = 0); Python raises where Java gives -inf
    factor = 1.0 if x[1] == 0 else 1 - math.exp(-1 / (2 * x[1]))
    numer = 2300 * x[0] ** 3 + 1900 * x[0] ** 2 + 2092 * x[0] + 60
    denom = 100 * x[0] ** 3 + 500 * x[0] ** 2 + 4 * x[0] + 20
    return (first, factor * numer / denom)


SINGLE_OBJECTIVE = [
    Problem("Rosenbrock 2-D", [(-5.0, 10.0)] * 2, rosenbrock, optimum=0.0),
    Problem("Branin", [(-5.0, 10.0), (0.0, 15.0)], branin, optimum=0.397887),
    Problem("Hartmann 6-D", [(0.0, 1.0)] * 6, hartmann6, optimum=-3.32237),
]

# The true fronts' hypervolumes: ZDT1's front is f2 = 1 - sqrt(f1), so 1.1 * 11 - integral = 11.77;
# Branin-Currin's has no closed form: the non-dominated points of a 1500 x 1500 grid give 3943.4.
MULTI_OBJECTIVE = [
    Problem("ZDT1 6-D", [(0.0, 1.0)] * 6, zdt1, ref=(1.1, 11.0), front=1.1 * 11 - (1 - 2 / 3)),
    Problem("Branin-Currin", [(0.0, 1.0)] * 2, branin_currin, ref=(310.0, 14.0), front=3943.0),
]

PROBLEMS = {p.name: p for p in SINGLE_OBJECTIVE + MULTI_OBJECTIVE}


def hypervolume_2d(points, ref):
    """Exact area dominated by `points` (both objectives minimised) and bounded by `ref`; points that do
    not strictly dominate the reference point add nothing."""
    inside = sorted((p for p in points if p[0] < ref[0] and p[1] < ref[1]), key=lambda p: (p[0], p[1]))
    area = 0.0
    lowest = ref[1]
    for f1, f2 in inside:
        if f2 < lowest:
            area += (ref[0] - f1) * (lowest - f2)
            lowest = f2
    return area


def quantile(sorted_values, q):
    """Linear interpolation between order statistics (NumPy's default), as OptimizerBenchmark.quantile."""
    pos = q * (len(sorted_values) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (pos - lo) * (sorted_values[hi] - sorted_values[lo])


def _java_decimal(v):
    """Java's Formatter rounds the shortest decimal that reads back as `v` (Double.toString's digits,
    the same as Python's repr) half up; Python's % formatting rounds the binary value, which can end
    one digit lower (0.0012345 -> 0.001234 instead of 0.001235)."""
    return decimal.Decimal(repr(float(v)))


def _java_e(d, digits):
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        mantissa, exponent = ("{:.%de}" % digits).format(d).split("e")
    return "%se%s%02d" % (mantissa, "-" if int(exponent) < 0 else "+", abs(int(exponent)))


def java_g(v, precision):
    """Java's String.format("%.<precision>g"): fixed notation with `precision` significant digits (zeros
    kept) when the rounded magnitude is in [1e-4, 10^precision), scientific otherwise. Python's %g
    strips zeros and switches at other places."""
    if v == 0:
        return "0." + "0" * (precision - 1) if precision > 1 else "0"
    d = _java_decimal(v)
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        rounded = d.quantize(decimal.Decimal(1).scaleb(d.adjusted() - precision + 1))
        exponent = rounded.adjusted()  # 9.9996 rounds to 10.00: one more digit before the point
        if -4 <= exponent < precision:
            return "{:.{}f}".format(rounded, max(precision - 1 - exponent, 0))
    return _java_e(d, precision - 1)


def fmt(v):
    """OptimizerBenchmark.fmt: 4 significant digits, scientific below 1e-3 and from 1e5."""
    a = abs(v)
    if a != 0 and (a < 1e-3 or a >= 1e5):
        return _java_e(_java_decimal(v), 2)
    return java_g(v, 4)


def check(request):
    """Answers OptunaCompareDefinitionsTest: the problems' descriptions, the objective at the given
    points, the formatting of the given numbers, and hypervolumes of the given point sets."""
    def value(p, x):
        v = PROBLEMS[p].f(x)
        return list(v) if isinstance(v, tuple) else v

    return {
        "problems": [p.describe() for p in SINGLE_OBJECTIVE + MULTI_OBJECTIVE],
        "values": [value(e["problem"], e["x"]) for e in request.get("evaluate", [])],
        "formatted": [fmt(v) for v in request.get("format", [])],
        "quantiles": [quantile(sorted(e["values"]), e["q"]) for e in request.get("quantile", [])],
        "hypervolumes": [hypervolume_2d([tuple(p) for p in e["points"]], tuple(e["ref"]))
                         for e in request.get("hypervolume", [])],
    }


if __name__ == "__main__":
    if sys.argv[1:] != ["check"]:
        sys.exit("usage: optuna_problems.py check < request.json")
    json.dump(check(json.load(sys.stdin)), sys.stdout)
    print()
