"""Records every start in its working dir, sleeps, reports: a resumed run must not start it twice."""
import os
import time

from cluster_utils import finalize_job, initialize_job

params = initialize_job()
with open(os.path.join(params["working_dir"], "starts.txt"), "a") as f:
    f.write("start\n")
time.sleep(params["seconds"])
finalize_job({"value": params["x"] * 10}, params)
