"""Exits for resume on its first start, finishes on the second (same working dir)."""
import os

from cluster_utils import exit_for_resume, finalize_job, initialize_job

params = initialize_job()
marker = os.path.join(params["working_dir"], "first_start_done")
if not os.path.exists(marker):
    open(marker, "w").close()
    exit_for_resume()
finalize_job({"value": params["x"], "starts": 2}, params)
