"""A training job that reports its validation loss after every epoch, for early stopping.

With scikit-learn installed it really trains: a linear classifier (SGD, logistic loss) on the
digits data that scikit-learn ships, one pass over the training set per epoch. Without it, it
follows a synthetic learning curve shaped like such a training's (a floor and a speed that depend
on the parameters, and noise), so the example runs with nothing but python3. It prints which.
"""
import math
import random
import time

from cluster_utils import announce_early_results, finalize_job, initialize_job


def sklearn_curve(params):
    import warnings

    from sklearn.datasets import load_digits
    from sklearn.linear_model import SGDClassifier
    from sklearn.metrics import log_loss
    from sklearn.model_selection import train_test_split

    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.3, random_state=0)
    model = SGDClassifier(loss="log_loss", alpha=params["alpha"], learning_rate="constant",
                          eta0=params["learning_rate"], random_state=params["id"])
    classes = sorted(set(y))
    for epoch in range(1, params["epochs"] + 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.partial_fit(x_train, y_train, classes=classes)
        yield epoch, log_loss(y_val, model.predict_proba(x_val), labels=classes)


def synthetic_curve(params):
    rng = random.Random(params["id"])
    lr, alpha = params["learning_rate"], params["alpha"]
    # the floor is lowest near lr = 0.05 and rises with too much regularisation; larger rates learn
    # faster, so curves of neighbouring rates cross, as real ones do
    floor = 0.08 + 0.25 * (math.log10(lr) + 1.3) ** 2 + 0.4 * max(0.0, math.log10(alpha) + 3.0) ** 2
    speed = 0.25 + 0.35 * min(1.0, 10 * lr)
    for epoch in range(1, params["epochs"] + 1):
        loss = floor + (2.3 - floor) * math.exp(-speed * epoch)
        yield epoch, loss * (1 + rng.gauss(0, 0.02))


def main():
    params = initialize_job()
    try:
        import sklearn  # noqa: F401
        curve, kind = sklearn_curve(params), "scikit-learn digits"
    except ImportError:
        curve, kind = synthetic_curve(params), "synthetic curve"
    print("training on:", kind, flush=True)
    started = time.time()
    val_loss = float("nan")
    for epoch, val_loss in curve:
        # an epoch takes at least epoch_seconds, as a real one on a larger data set would
        time.sleep(max(0.0, started + epoch * params["epoch_seconds"] - time.time()))
        announce_early_results({"val_loss": val_loss, "epoch": epoch})
    finalize_job({"val_loss": val_loss}, params)


if __name__ == "__main__":
    main()
