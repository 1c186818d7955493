"""A stand-in for training a model of some width: a wider model errs less but is bigger.

Reports two metrics, "error" and "size", for a multi-objective run; no single job is best at both.
"""
import math
import time

from cluster_utils import announce_fraction_finished, finalize_job, initialize_job


def main():
    params = initialize_job()
    width, lr = params["width"], params["lr"]
    epochs = 3
    for epoch in range(epochs):
        time.sleep(params["epoch_seconds"])
        announce_fraction_finished((epoch + 1) / epochs)
    # error falls with width and is smallest near lr = 0.01; size grows with width
    error = 1.0 / math.sqrt(width) + 0.1 * (math.log10(lr) + 2) ** 2
    size = width * (1 + 0.01 * width) / 100.0
    finalize_job({"error": error, "size": size}, params)


if __name__ == "__main__":
    main()
