"""A job script still using the deprecated aliases; they must work and warn with FutureWarning."""

import warnings

from cluster_utils import read_params_from_cmdline, save_metrics_params

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    params = read_params_from_cmdline()
    metrics = {"value": 1}
    save_metrics_params(metrics, params)

categories = sorted({w.category.__name__ for w in caught})
print("WARNINGS:", len(caught), ",".join(categories))

try:
    read_params_from_cmdline(make_immutable=False)
except RuntimeError as e:
    print("REFUSED:", e)
