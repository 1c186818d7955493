"""cluster_utils job-side client, as shipped with cluster-utils for the JVM.

Job scripts written for the Python cluster_utils keep working unchanged: they import these
functions, read their parameters from the command line the server generates, and report to the
server with the same UDP messages. Standard library only, so it runs in any job environment
with Python 3.8 or later. The server puts this package on the job's PYTHONPATH only when the
job's Python cannot import a cluster_utils of its own.
"""

from .client import (
    announce_early_results,
    announce_fraction_finished,
    cluster_main,
    exit_for_resume,
    finalize_job,
    initialize_job,
    read_params_from_cmdline,
    save_metrics_params,
)

__all__ = [
    "announce_early_results",
    "announce_fraction_finished",
    "cluster_main",
    "exit_for_resume",
    "finalize_job",
    "initialize_job",
    "save_metrics_params",
    "read_params_from_cmdline",
]
