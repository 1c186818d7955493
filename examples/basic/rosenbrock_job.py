"""A job script written for the original cluster_utils: it reads its parameters with
initialize_job(), reports progress, and hands its metrics to finalize_job()."""
import math
import random
import time

from cluster_utils import announce_fraction_finished, finalize_job, initialize_job


def main():
    params = initialize_job()
    x, y = params["fn_args"]["x"], params["fn_args"]["y"]
    steps = 4
    for step in range(steps):
        time.sleep(params["sleep_seconds"] / steps)
        announce_fraction_finished((step + 1) / steps)
    noiseless = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
    noisy = noiseless + random.gauss(0, params["noise"])
    finalize_job({"rosenbrock": noisy, "noiseless": noiseless, "log_noiseless": math.log1p(noiseless)}, params)


if __name__ == "__main__":
    main()
