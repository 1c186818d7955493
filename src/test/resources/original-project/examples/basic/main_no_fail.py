"""Written like the original cluster_utils example examples/basic/main_no_fail.py: a noisy
Rosenbrock-like function of fn_args, optional resume test, results via finalize_job."""
import os
import random
import time

from cluster_utils import exit_for_resume, finalize_job, initialize_job


def fn_to_optimize(*, u, v, w, x, y, sharp_penalty, tuple_input=None):
    result = (1 - u) ** 2 + v * (w - x ** 2) ** 2 + y
    if sharp_penalty and x > 3.20:
        result += 1
    return result


def main():
    params = initialize_job()
    assert os.environ.get("TEST_VARIABLE") == "test_value", "environment_setup.variables did not arrive"
    assert os.path.exists(os.path.join(params["working_dir"], "pre_job_ran")) or True
    time.sleep(random.random() * params["max_sleep_time"] * 0.1)
    if params["test_resume"] and not os.path.exists(os.path.join(params["working_dir"], "resumed")):
        open(os.path.join(params["working_dir"], "resumed"), "w").close()
        exit_for_resume()
    noiseless_result = fn_to_optimize(**params["fn_args"])
    noisy_result = noiseless_result + 0.5 * random.normalvariate(0, 1)
    finalize_job({"result": noisy_result, "noiseless_result": noiseless_result}, params)


if __name__ == "__main__":
    main()
