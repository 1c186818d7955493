"""Starts a long-lived child in the background, records its pid, reports and ends without waiting for
it. Job x waits 4*x s first, so job 0 ends well before the run does."""
import os
import subprocess
import time

from cluster_utils import finalize_job, initialize_job

params = initialize_job()
child = subprocess.Popen(["sleep", "300"])
with open(os.path.join(params["working_dir"], "child.pid"), "w") as f:
    f.write(str(child.pid))
time.sleep(4 * params["x"])
finalize_job({"value": 1}, params)
