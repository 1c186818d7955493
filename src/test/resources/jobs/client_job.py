"""A job script that uses the cluster_utils client the way users do; params.mode picks the scenario."""

from cluster_utils import (
    announce_early_results,
    announce_fraction_finished,
    exit_for_resume,
    finalize_job,
    initialize_job,
)


def main():
    params = initialize_job()
    mode = params.mode

    if mode == "ok":
        announce_early_results({"loss": 0.5, "step": 1})
        announce_fraction_finished(0.5)
        announce_early_results({"loss": 0.25, "step": 2})
        announce_fraction_finished(1.0)
        metrics = {
            "loss": 0.125,
            "accuracy": 0.9,
            "steps": 2,
            "converged": True,
            "label": 'a,b "q"',
            "x_used": params.fn_args.x,
        }
        finalize_job(metrics, params)
    elif mode == "error":
        announce_fraction_finished(0.25)
        raise ValueError("boom")
    elif mode == "resume":
        announce_fraction_finished(0.5)
        exit_for_resume()
        print("not reached")
    elif mode == "types":
        metrics = {
            "py_float": 3.141592653589793,
            "py_int": 7,
            "big_int": 2**40,
            "huge_int": 2**70,
            "nan": float("nan"),
            "inf": float("inf"),
            "ninf": float("-inf"),
            "neg_zero": -0.0,
            "none": None,
            "text": "h\u00e9llo \u2713",
            "\u00fcn\u00efcode_key": 1.0,
            "flag": False,
            "nested": {"a": [1, (2, 3)]},
        }
        try:
            import numpy as np  # optional: the server decodes numpy scalars too

            metrics.update(np_float64=np.float64(-2.5e-10), np_int64=np.int64(-9), np_bool=np.bool_(True))
        except ImportError:
            pass
        finalize_job(metrics, params)
    elif mode == "csv":
        # cells a hand-made CSV writer gets wrong: a line break, commas, quotes; and the non-finite floats
        metrics = {
            "loss": float(params.x),
            "note": 'line one\nline two, with "quotes", and a comma',
            "nan": float("nan"),
            "inf": float("inf"),
            "ninf": float("-inf"),
        }
        finalize_job(metrics, params)
    elif mode == "no_results":
        pass
    else:
        raise RuntimeError("unknown mode " + mode)


if __name__ == "__main__":
    main()
