"""A short training for the dashboard's browser test: an early report per epoch, then its result.

Jobs whose id is 3 or 10 fail with a traceback, so the page has failed jobs to show.
"""
import math
import time

from cluster_utils import announce_early_results, finalize_job, initialize_job


def main():
    params = initialize_job()
    floor = (params.x - 1.0) ** 2 + (0.0 if params.opt == "adam" else 0.5)
    loss = floor + 3.0
    for epoch in range(1, params.epochs + 1):
        time.sleep(params.epoch_seconds)
        loss = floor + 3.0 * math.exp(-epoch)
        announce_early_results({"loss": loss, "epoch": epoch})
        print("epoch", epoch, "loss", loss, flush=True)
    if params.id in (3, 10):
        raise ValueError("x=%.3f diverged in epoch %d" % (params.x, params.epochs))
    finalize_job({"loss": loss, "epochs_run": params.epochs}, params)


if __name__ == "__main__":
    main()
