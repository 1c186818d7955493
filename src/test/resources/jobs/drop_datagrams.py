"""Uses the client normally, but every datagram is lost (as on a congested network):
only metrics.csv in the working dir can tell the server the results."""
import socket

socket.socket.sendto = lambda self, *args, **kwargs: 0

from cluster_utils import finalize_job, initialize_job  # noqa: E402

params = initialize_job()
finalize_job({"value": params["x"] * 2}, params)
