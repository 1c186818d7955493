"""Registers, then sleeps far longer than any test waits: only a cancel ends it."""
import subprocess
import sys
import time

from cluster_utils import initialize_job

params = initialize_job()
# a grandchild too, to prove the whole process tree is stopped
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)  # cu-sleep-marker"])
time.sleep(600)
