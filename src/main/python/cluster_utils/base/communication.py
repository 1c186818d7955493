"""The message types of the job -> server protocol.

This module's path and the class name are part of the wire format: every datagram pickles a
member of this enum, which refers to the global ``cluster_utils.base.communication.MessageTypes``.
The server resolves exactly that name, so neither may be moved or renamed.
"""

import enum


class MessageTypes(enum.IntEnum):
    """Type of a message sent from a job to the server (the first item of each datagram)."""

    JOB_STARTED = 0
    ERROR_ENCOUNTERED = 1
    JOB_SENT_RESULTS = 2
    JOB_CONCLUDED = 3
    EXIT_FOR_RESUME = 4
    JOB_PROGRESS_PERCENTAGE = 5
    METRIC_EARLY_REPORT = 6
