"""One job per way a job can go wrong; `mode` picks it."""
import os
import pickle
import signal
import socket
import sys
import time

mode = [a for a in sys.argv if a.startswith("{")][0].split("'mode': '")[1].split("'")[0]

if mode == "silent":
    sys.exit(0)  # never registers, never reports
if mode == "badargs":
    print("usage: faults.py [-h] --lr LR\nfaults.py: error: the following arguments are required: --lr", file=sys.stderr)
    sys.exit(2)
if mode == "badcsv":
    wd = [a for a in sys.argv if a.startswith("{")][0].split("'working_dir': '")[1].split("'")[0]
    os.makedirs(wd, exist_ok=True)
    with open(os.path.join(wd, "metrics.csv"), "w") as f:
        f.write("loss,accuracy\r\n0.5\r\n")  # a row shorter than its header
    sys.exit(0)

from cluster_utils import finalize_job, initialize_job  # noqa: E402

params = initialize_job()
if mode == "segfault":
    os.kill(os.getpid(), signal.SIGSEGV)
if mode == "oom":
    os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer sends
if mode == "foreign":
    host, port = sys.argv[[i for i, a in enumerate(sys.argv) if a.startswith("--cluster-utils-server")][0]].split("=")[1].rsplit(":", 1)
    from cluster_utils.base.communication import MessageTypes
    for guessed in (0, 1, 2, 12345):
        data = pickle.dumps((MessageTypes.JOB_SENT_RESULTS, (guessed, {"value": -1e9})), protocol=4)
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(data, (host, int(port)))
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"garbage, not a pickle", (host, int(port)))
if mode == "twice":
    finalize_job({"value": 1.0}, params)
finalize_job({"value": 2.0}, params)
if mode == "hang":
    time.sleep(600)
