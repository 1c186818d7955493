"""Sending messages to the cluster_utils server.

One UDP datagram per message, ``pickle.dumps((MessageTypes.X, payload), protocol=4)``, from a
fresh socket, fire-and-forget: the server never answers. Protocol 4 is fixed so that the bytes
do not change with the default of newer Pythons (3.14 defaults to 5); the server reads 2 to 5.
"""

import pickle
import socket
import sys
import traceback

from cluster_utils.base.communication import MessageTypes

from . import submission_state

PICKLE_PROTOCOL = 4
SOCKET_TIMEOUT_SECONDS = 10


def _server():
    return (submission_state.communication_server_ip, submission_state.communication_server_port)


def send_message(message_type, message):
    """Sends ``(message_type, message)``; a network error is reported on stderr, not raised."""
    data = pickle.dumps((message_type, message), protocol=PICKLE_PROTOCOL)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(SOCKET_TIMEOUT_SECONDS)
            sock.sendto(data, _server())
    except OSError as e:
        print(
            f"ERROR: Failed to send message {message_type.name} to cluster_utils server. | {e}",
            file=sys.stderr,
        )


def register_at_server(final_params):
    print("Sending registration to: ", _server())
    send_message(MessageTypes.JOB_STARTED, (submission_state.job_id, socket.gethostname()))


def report_error_at_server(exctype, value, tb):
    print("Sending errors to: ", _server())
    send_message(
        MessageTypes.ERROR_ENCOUNTERED,
        (submission_state.job_id, traceback.format_exception(exctype, value, tb)),
    )


def report_exit_at_server():
    print("Sending confirmation of exit to: ", _server())
    send_message(MessageTypes.JOB_CONCLUDED, (submission_state.job_id,))


def send_results_to_server(metrics):
    print("Sending results to: ", _server())
    send_message(MessageTypes.JOB_SENT_RESULTS, (submission_state.job_id, metrics))
