"""An external ask/tell program whose tell fails: it proposes points, then cannot store a result."""
import json
import sys

if sys.argv[1] == "ask":
    count, first_id = int(sys.argv[2]), int(sys.argv[3])
    for i in range(count):
        print(json.dumps({"x": 0.25 * i, "y": 0.5, "id": first_id + i}))
else:
    sys.stdin.read()
    print("history store is read-only", file=sys.stderr)
    sys.exit(1)
