"""Job 0 ends at once with its loss; every other job sleeps until cancelled (the run must stop it)."""
import time

from cluster_utils import finalize_job, initialize_job

params = initialize_job()
if params["id"] != 0:
    time.sleep(600)
finalize_job({"loss": (params["x"] - 1) ** 2 + params["y"] ** 2}, params)
