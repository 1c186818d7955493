"""Fails on purpose for some settings, to show how failures are reported and counted."""
from cluster_utils import finalize_job, initialize_job

params = initialize_job()
if params["mode"] == "crash":
    raise ValueError(f"job {params['id']} was told to crash")
if params["mode"] == "exit":
    raise SystemExit(4)
finalize_job({"value": float(params["id"])}, params)
