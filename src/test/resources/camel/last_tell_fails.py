"""An external ask/tell program that cannot store a run's last result: its tell fails when the
history would reach SAMPLES outcomes (the number_of_samples of the test's run), so only the tell
sent as the run runs out of work fails."""
import json
import os
import sys

SAMPLES = 6

if sys.argv[1] == "ask":
    count, first_id = int(sys.argv[2]), int(sys.argv[3])
    for i in range(count):
        print(json.dumps({"x": 0.25 * (first_id + i) - 1.0, "y": 0.5, "id": first_id + i}))
else:
    history = sys.argv[2]
    told = [line for line in sys.stdin.read().splitlines() if line.strip()]
    kept = 0
    if os.path.exists(history):
        with open(history, encoding="utf-8") as f:
            kept = sum(1 for line in f if line.strip())
    if kept + len(told) >= SAMPLES:
        print("history store is full", file=sys.stderr)
        sys.exit(1)
    with open(history, "a", encoding="utf-8") as f:
        for line in told:
            f.write(line + "\n")
