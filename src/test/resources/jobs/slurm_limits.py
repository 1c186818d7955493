"""A job for the scheduler's limits: 'ok' finishes, 'memory' outgrows memory_in_mb, 'time' outlives request_time
(and reports the SIGUSR1 that signal_seconds_to_timeout sends before the limit)."""
import signal
import sys
import time

from cluster_utils import finalize_job, initialize_job

params = initialize_job()
mode = params["mode"]
if mode == "ok":
    finalize_job({"value": 1.0}, params)
elif mode == "memory":
    hog = []
    for _ in range(200):
        hog.append(bytearray(10 * 1024 * 1024))
        time.sleep(0.01)
    print("the memory limit was not enforced", flush=True)
    time.sleep(300)
else:
    def on_usr1(signum, frame):
        print("job got SIGUSR1", flush=True)

    signal.signal(signal.SIGUSR1, on_usr1)
    for _ in range(300):
        time.sleep(1)
