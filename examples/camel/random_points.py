#!/usr/bin/env python3
"""A small external ask/tell optimizer for examples/camel/external-optimizer.yaml: uniform random points.

  random_points.py ask MAX FIRST_ID SEED NAME:LOW:HIGH ...   prints MAX proposals, one JSON object a line
  random_points.py tell HISTORY                             appends the outcomes on stdin to HISTORY

It keeps no state between calls but the history file; a real service would learn from it.
"""
import json
import random
import sys


def ask(args):
    count, first_id, seed = int(args[0]), int(args[1]), int(args[2])
    space = []
    for spec in args[3:]:
        name, low, high = spec.rsplit(":", 2)
        space.append((name, float(low), float(high)))
    if not space:
        sys.exit("random_points.py ask: no parameter given (NAME:LOW:HIGH)")
    # the same seed and ids give the same points: a resumed run asks again reproducibly
    rng = random.Random(seed * 1_000_003 + first_id)
    for i in range(count):
        point = {name: rng.uniform(low, high) for name, low, high in space}
        point["id"] = first_id + i
        print(json.dumps(point))


def tell(args):
    lines = [line for line in sys.stdin.read().splitlines() if line.strip()]
    for line in lines:
        json.loads(line)  # refuse what is not an outcome rather than keep it
    with open(args[0], "a", encoding="utf-8") as history:
        for line in lines:
            history.write(line + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("ask", "tell"):
        sys.exit(__doc__)
    (ask if sys.argv[1] == "ask" else tell)(sys.argv[2:])
