"""Another local user's attack (issue 16, defect 7): read job command lines from `ps`, nothing else,
and send five datagrams: forged results (and an end) for one job, an error (and an end) for another,
an exit-for-resume for a third. Argument: a path that the run's working dirs contain (to pick the
run's jobs among every process on the machine) and how many jobs to wait for."""
import enum
import pickle
import re
import socket
import subprocess
import sys
import time
import types

# the wire format names this global; the forger only needs the name, not the package
module = types.ModuleType("cluster_utils.base.communication")


class MessageTypes(enum.IntEnum):
    JOB_STARTED = 0
    ERROR_ENCOUNTERED = 1
    JOB_SENT_RESULTS = 2
    JOB_CONCLUDED = 3
    EXIT_FOR_RESUME = 4


MessageTypes.__module__ = module.__name__
module.MessageTypes = MessageTypes
for name in ("cluster_utils", "cluster_utils.base"):
    sys.modules.setdefault(name, types.ModuleType(name))
sys.modules[module.__name__] = module

needle, wanted = sys.argv[1], int(sys.argv[2])
pattern = re.compile(r"--job-id=(\d+) --cluster-utils-server=([\d.]+):(\d+)")
deadline = time.time() + 60
jobs = {}
while time.time() < deadline and len(jobs) < wanted:
    for line in subprocess.run(["ps", "-eww", "-o", "args"], capture_output=True, text=True).stdout.splitlines():
        m = pattern.search(line)
        if m and needle in line:
            x = re.search(r"'x': (\d+)", line)
            jobs[int(x.group(1))] = (int(m.group(1)), (m.group(2), int(m.group(3))))
    time.sleep(0.1)
if len(jobs) < wanted:
    print("found only", jobs)
    sys.exit(1)


def send(address, message):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(pickle.dumps(message, protocol=4), address)
    s.close()


token, address = jobs[0]
send(address, (MessageTypes.JOB_SENT_RESULTS, (token, {"value": -999})))
send(address, (MessageTypes.JOB_CONCLUDED, (token,)))
token, address = jobs[1]
send(address, (MessageTypes.ERROR_ENCOUNTERED, (token, ["Traceback: forged\n"])))
send(address, (MessageTypes.JOB_CONCLUDED, (token,)))
token, address = jobs[2]
send(address, (MessageTypes.EXIT_FOR_RESUME, (token,)))
print("sent 5 datagrams to", sorted(jobs))
