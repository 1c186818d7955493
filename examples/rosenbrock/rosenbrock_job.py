"""Minimises a noisy 2-D Rosenbrock function; reports intermediate values like a training loop."""
import time

from cluster_utils import announce_early_results, announce_fraction_finished, finalize_job, initialize_job


def main():
    params = initialize_job()
    x, y = params["x"], params["y"]
    value = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
    epochs = params["epochs"]
    for epoch in range(epochs):
        time.sleep(params["epoch_seconds"])
        # a "training curve" that converges to the final value
        announce_early_results({"loss": value * (1 + 2.0 / (epoch + 1))})
        announce_fraction_finished((epoch + 1) / epochs)
    finalize_job({"loss": value, "x_plus_y": x + y}, params)


if __name__ == "__main__":
    main()
