"""Reports whether the environment variable the job-environment example adds reached the job's process."""
import os

from cluster_utils import finalize_job, initialize_job

params = initialize_job()
finalize_job({"env_ok": 1 if os.environ.get("CU_EXAMPLE_ENV") == "from-yaml" else 0, "x": params["fn_args"]["x"]}, params)
