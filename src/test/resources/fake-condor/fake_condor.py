#!/usr/bin/env python3
"""A FAKE HTCondor for tests: condor_submit, condor_submit_bid, condor_q, condor_history, condor_rm.

HTCondor cannot be installed on the test machines, so the HTCondor backend is tested against
this stand-in. It is not HTCondor. It imitates, with real processes, the part of HTCondor's
command-line behaviour that cluster-utils relies on:

* condor_submit / condor_submit_bid <bid> FILE: parses the submit description (``key = value``
  lines, ``queue``), warns about unknown commands as condor_submit does ("WARNING: the line ...
  was unused"), refuses a missing executable, prints "1 job(s) submitted to cluster N.", and
  starts a detached "shadow" process per job that waits for a free slot, runs the executable
  with the description's output/error files, and writes HTCondor user-log events.
* The shadow evaluates the ClassAd expressions of the description with a small evaluator:
  ``requirements`` against a one-machine pool (no GPUs, UtsnameNodename = this host; jobs that
  do not match stay idle, as on a real pool), ``on_exit_hold`` with its reason and subcode
  (HoldReasonCode 3), and ``periodic_release`` (checked every FAKE_CONDOR_PERIODIC seconds,
  default 1; HTCondor's default is 60).
* condor_q / condor_history with job ids, ``-constraint``, ``-match``/``-limit`` and
  ``-af[:j...]`` print the job ads' attributes (JobStatus 1 idle, 2 running, 3 removed,
  4 completed, 5 held; ExitCode, ExitBySignal, HoldReason ...) in autoformat style.
* condor_rm kills the job's process group, sets JobStatus 3 and RemoveReason, and moves the job
  to the history; it fails for jobs no longer in the queue, as condor_rm does.

State lives in $FAKE_CONDOR_STATE (job ads as JSON, a command log). Faults are injected per
command with a JSON file $FAKE_CONDOR_STATE/faults/<command>:
``{"exit": 1, "stderr": "...", "stdout": "...", "sleep": 5, "once": true}``.
"""

import fcntl
import getpass
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

STATE = os.environ.get("FAKE_CONDOR_STATE")
SLOTS = int(os.environ.get("FAKE_CONDOR_SLOTS", "4"))
PERIODIC = float(os.environ.get("FAKE_CONDOR_PERIODIC", "1"))
HOST = socket.gethostname().split(".")[0]

KNOWN_COMMANDS = {
    "executable", "arguments", "args", "error", "output", "log", "input", "initialdir", "universe",
    "request_cpus", "request_gpus", "request_memory", "request_disk", "requirements", "rank",
    "on_exit_hold", "on_exit_hold_reason", "on_exit_hold_subcode", "on_exit_remove",
    "periodic_release", "periodic_hold", "periodic_remove", "periodic_hold_reason",
    "getenv", "environment", "concurrency_limits", "jobbatchname", "batch_name",
    "notification", "notify_user", "priority", "should_transfer_files", "when_to_transfer_output",
    "transfer_input_files", "transfer_output_files", "accounting_group", "accounting_group_user",
    "max_retries", "job_max_vacate_time", "stream_output", "stream_error", "leave_in_queue",
    "nice_user", "hold", "docker_image", "container_image", "max_idle", "kill_sig", "want_graceful_removal",
}

JOB_STATUS_IDLE, JOB_STATUS_RUNNING, JOB_STATUS_REMOVED, JOB_STATUS_COMPLETED, JOB_STATUS_HELD = 1, 2, 3, 4, 5


# --------------------------------------------------------------------------- state

def path(*parts):
    return os.path.join(STATE, *parts)


class Lock:
    def __enter__(self):
        self.f = open(path("lock"), "a")
        fcntl.flock(self.f, fcntl.LOCK_EX)
        return self

    def __exit__(self, *a):
        fcntl.flock(self.f, fcntl.LOCK_UN)
        self.f.close()


def write_json(file, obj):
    tmp = file + ".tmp%d" % os.getpid()
    with open(tmp, "w") as f:
        json.dump(obj, f)
    os.replace(tmp, file)


def load(where, cluster):
    try:
        with open(path(where, "%s.json" % cluster)) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def save(where, ad):
    write_json(path(where, "%s.json" % ad["ClusterId"]), ad)


def all_ads(where):
    ads = []
    for name in os.listdir(path(where)):
        if name.endswith(".json"):
            try:
                with open(path(where, name)) as f:
                    ads.append(json.load(f))
            except (FileNotFoundError, json.JSONDecodeError):
                pass
    return ads


def move_to_history(ad):
    ad["EnteredHistoryTime"] = time.time()
    save("history", ad)
    try:
        os.remove(path("queue", "%s.json" % ad["ClusterId"]))
    except FileNotFoundError:
        pass


def user_log(ad, code, text, detail=None):
    log = ad.get("UserLog")
    if not log:
        return
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    lines = ["%03d (%03d.%03d.000) %s %s" % (code, ad["ClusterId"], ad["ProcId"], stamp, text)]
    for d in detail or []:
        lines.append("\t" + d)
    lines.append("...")
    with open(log, "a") as f:
        f.write("\n".join(lines) + "\n")


def fault(command):
    """Injected failures: faults/<command> holds a JSON object."""
    file = path("faults", command)
    if not os.path.exists(file):
        return
    with open(file) as f:
        spec = json.load(f)
    if spec.get("once"):
        os.remove(file)
    if spec.get("sleep"):
        time.sleep(float(spec["sleep"]))
    if "exit" in spec:
        sys.stdout.write(spec.get("stdout", ""))
        sys.stderr.write(spec.get("stderr", ""))
        sys.exit(int(spec["exit"]))


# --------------------------------------------------------------------------- ClassAd expressions

TOKEN = re.compile(r"\s*(=\?=|=!=|==|!=|<=|>=|&&|\|\||[()<>!]|\"(?:[^\"\\]|\\.)*\"|-?\d+\.\d*|-?\d+|[A-Za-z_][A-Za-z0-9_.]*)")
UNDEFINED = object()


def tokenize(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError("cannot parse ClassAd expression at: " + text[pos:])
        out.append(m.group(1))
        pos = m.end()
    return out


class Expr:
    """A small ClassAd evaluator: literals, attributes (MY./TARGET.), comparisons, && || !, parentheses."""

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def parse(self):
        node = self.or_()
        if self.peek() is not None:
            raise ValueError("unexpected token " + self.peek())
        return node

    def or_(self):
        node = self.and_()
        while self.peek() == "||":
            self.take()
            node = ("||", node, self.and_())
        return node

    def and_(self):
        node = self.equality()
        while self.peek() == "&&":
            self.take()
            node = ("&&", node, self.equality())
        return node

    def equality(self):
        node = self.relation()
        while self.peek() in ("==", "!=", "=?=", "=!="):
            op = self.take()
            node = (op, node, self.relation())
        return node

    def relation(self):
        node = self.unary()
        while self.peek() in ("<", "<=", ">", ">="):
            op = self.take()
            node = (op, node, self.unary())
        return node

    def unary(self):
        if self.peek() == "!":
            self.take()
            return ("!", self.unary())
        if self.peek() == "(":
            self.take()
            node = self.or_()
            if self.take() != ")":
                raise ValueError("missing )")
            return node
        t = self.take()
        if t is None:
            raise ValueError("unexpected end of expression")
        if t.startswith('"'):
            return ("lit", t[1:-1])
        if re.fullmatch(r"-?\d+", t):
            return ("lit", int(t))
        if re.fullmatch(r"-?\d+\.\d*", t):
            return ("lit", float(t))
        low = t.lower()
        if low in ("true", "false"):
            return ("lit", low == "true")
        if low == "undefined":
            return ("lit", UNDEFINED)
        return ("attr", t)


def lookup(name, my, target):
    low = name.lower()
    scope, attr = (None, low)
    if "." in low:
        scope, attr = low.split(".", 1)
    pools = [my] if scope == "my" else [target] if scope == "target" else [my, target]
    for ad in pools:
        for k, v in ad.items():
            if k.lower() == attr:
                return v
    return UNDEFINED


def evaluate(node, my, target):
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "attr":
        return lookup(node[1], my, target)
    if kind == "!":
        v = evaluate(node[1], my, target)
        return UNDEFINED if v is UNDEFINED else not v
    a = evaluate(node[1], my, target)
    if kind == "&&":
        if a is False:
            return False
        b = evaluate(node[2], my, target)
        if b is False:
            return False
        return UNDEFINED if UNDEFINED in (a, b) else True
    if kind == "||":
        if a is True:
            return True
        b = evaluate(node[2], my, target)
        if b is True:
            return True
        return UNDEFINED if UNDEFINED in (a, b) else False
    b = evaluate(node[2], my, target)
    if kind == "=?=":
        return type(a) is type(b) and a == b if UNDEFINED not in (a, b) else a is b
    if kind == "=!=":
        return not (type(a) is type(b) and a == b if UNDEFINED not in (a, b) else a is b)
    if UNDEFINED in (a, b):
        return UNDEFINED
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.lower(), b.lower()
    return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[kind]


def holds(expr, my, target=None):
    if not expr:
        return False
    return evaluate(Expr(expr).parse(), my, target or {}) is True


MACHINE = {"UtsnameNodename": HOST, "Machine": HOST, "Cpus": os.cpu_count() or 1, "Gpus": 0}


# --------------------------------------------------------------------------- commands

def parse_submit(file):
    values, unused, queued = {}, [], False
    with open(file) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if re.fullmatch(r"queue(\s+\d+)?", line, re.IGNORECASE):
                queued = True
                continue
            m = re.match(r"([A-Za-z_+][A-Za-z0-9_.+]*)\s*=\s*(.*)$", line)
            if not m:
                raise SystemExit("ERROR: on line '%s' of %s: not a submit command" % (line, file))
            key, value = m.group(1), m.group(2).strip()
            if key.lower() not in KNOWN_COMMANDS and not key.startswith("+") and not key.lower().startswith("my."):
                unused.append(line)
            values[key.lower()] = value
    return values, unused, queued


def unquote(v):
    v = v.strip()
    return v[1:-1] if len(v) >= 2 and v[0] == '"' and v[-1] == '"' else v


def submit(args, bid=None):
    if len(args) != 1:
        sys.stderr.write("Usage: condor_submit [options] <submit-file>\n")
        sys.exit(1)
    file = os.path.abspath(args[0])
    if not os.path.exists(file):
        sys.stderr.write("ERROR: Can't open \"%s\"  with flags 00 (No such file or directory)\n" % args[0])
        sys.exit(1)
    values, unused, queued = parse_submit(file)
    print("Submitting job(s).", flush=True)
    for line in unused:
        print("\nWARNING: the line '%s' was unused by condor_submit. Is it a typo?" % line, flush=True)
    executable = values.get("executable")
    if not executable:
        sys.stderr.write("ERROR: No 'executable' parameter was provided\n")
        sys.exit(1)
    iwd = values.get("initialdir", os.getcwd())
    exe = os.path.join(iwd, executable)
    if not os.path.exists(exe):
        sys.stderr.write("\nERROR: Executable file %s does not exist\n" % exe)
        sys.exit(1)
    if not queued:
        print("0 job(s) submitted to cluster 0.")
        return
    with Lock():
        counter = path("next_cluster")
        cluster = int(open(counter).read()) if os.path.exists(counter) else 1
        with open(counter, "w") as f:
            f.write(str(cluster + 1))
        ad = {
            "ClusterId": cluster, "ProcId": 0, "JobStatus": JOB_STATUS_IDLE, "Owner": getpass.getuser(),
            "Cmd": exe, "Iwd": iwd, "Out": values.get("output"), "Err": values.get("error"), "UserLog": values.get("log"),
            "JobBatchName": unquote(values.get("jobbatchname", values.get("batch_name", ""))),
            "RequestCpus": int(values.get("request_cpus", "1")), "RequestGpus": int(values.get("request_gpus", "0")),
            "RequestMemory": int(values.get("request_memory", "128")), "Requirements": values.get("requirements", ""),
            "OnExitHold": values.get("on_exit_hold", ""), "OnExitHoldReason": unquote(values.get("on_exit_hold_reason", "")),
            "OnExitHoldSubCode": int(values.get("on_exit_hold_subcode", "0")),
            "PeriodicRelease": values.get("periodic_release", ""), "ConcurrencyLimits": values.get("concurrency_limits", ""),
            "NumJobStarts": 0, "QDate": int(time.time()), "EnteredCurrentStatus": int(time.time()),
            "SubmitFile": file, "_env": dict(os.environ) if values.get("getenv", "").lower() == "true" else {"PATH": "/usr/bin:/bin"},
        }
        if bid is not None:
            ad["Bid"] = bid
        save("queue", ad)
        user_log(ad, 0, "Job submitted from host: <127.0.0.1:9618?addrs=127.0.0.1-9618&alias=%s>" % HOST)
    subprocess.Popen([sys.executable, os.path.abspath(__file__), "_shadow", str(cluster)],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, close_fds=True)
    print("1 job(s) submitted to cluster %d." % cluster)


def submit_bid(args):
    if len(args) != 2 or not re.fullmatch(r"\d+", args[0]):
        sys.stderr.write("Usage: condor_submit_bid <bid> <submit-file>\n")
        sys.exit(1)
    submit(args[1:], bid=int(args[0]))


def running_count():
    return sum(1 for ad in all_ads("queue") if ad["JobStatus"] == JOB_STATUS_RUNNING)


def shadow(cluster):
    """One job's life: wait for a slot, run, hold/release or complete; condor_rm may end it at any time."""
    while True:
        while True:
            with Lock():
                ad = load("queue", cluster)
                if ad is None or ad["JobStatus"] == JOB_STATUS_REMOVED:
                    return
                if ad["JobStatus"] == JOB_STATUS_IDLE and holds(ad["Requirements"] or "true", ad, MACHINE) \
                        and running_count() < SLOTS:
                    ad["JobStatus"] = JOB_STATUS_RUNNING
                    ad["NumJobStarts"] += 1
                    ad["EnteredCurrentStatus"] = int(time.time())
                    ad["RemoteHost"] = "slot1@" + HOST
                    out = open(ad["Out"], "a") if ad.get("Out") else subprocess.DEVNULL
                    err = open(ad["Err"], "a") if ad.get("Err") else subprocess.DEVNULL
                    job = subprocess.Popen([ad["Cmd"]], cwd=ad["Iwd"], env=ad["_env"], stdin=subprocess.DEVNULL,
                                           stdout=out, stderr=err, start_new_session=True)
                    ad["_job_pid"] = job.pid
                    save("queue", ad)
                    user_log(ad, 1, "Job executing on host: <127.0.0.1:9618?addrs=127.0.0.1-9618&alias=%s>" % HOST)
                    break
            time.sleep(0.2)
        rc = job.wait()
        with Lock():
            ad = load("queue", cluster)
            if ad is None or ad["JobStatus"] == JOB_STATUS_REMOVED:
                return
            ad.pop("_job_pid", None)
            ad["EnteredCurrentStatus"] = int(time.time())
            if rc < 0:
                ad["ExitBySignal"], ad["ExitSignal"] = True, -rc
                ad.pop("ExitCode", None)
            else:
                ad["ExitBySignal"], ad["ExitCode"] = False, rc
            if holds(ad["OnExitHold"], ad):
                ad["JobStatus"] = JOB_STATUS_HELD
                ad["HoldReason"] = ad["OnExitHoldReason"] or "The on_exit_hold expression evaluated to TRUE."
                ad["HoldReasonCode"], ad["HoldReasonSubCode"] = 3, ad["OnExitHoldSubCode"]
                save("queue", ad)
                user_log(ad, 12, "Job was held.", [ad["HoldReason"], "Code 3 Subcode %d" % ad["HoldReasonSubCode"]])
            else:
                ad["JobStatus"] = JOB_STATUS_COMPLETED
                ad["CompletionDate"] = int(time.time())
                detail = ["(0) Abnormal termination (signal %d)" % -rc] if rc < 0 \
                    else ["(1) Normal termination (return value %d)" % rc]
                user_log(ad, 5, "Job terminated.", detail)
                move_to_history(ad)
                return
        # held: the schedd evaluates periodic_release every PERIODIC seconds
        while True:
            time.sleep(PERIODIC)
            with Lock():
                ad = load("queue", cluster)
                if ad is None or ad["JobStatus"] == JOB_STATUS_REMOVED:
                    return
                if ad["JobStatus"] == JOB_STATUS_HELD and holds(ad["PeriodicRelease"], ad):
                    ad["JobStatus"] = JOB_STATUS_IDLE
                    for k in ("HoldReason", "HoldReasonCode", "HoldReasonSubCode"):
                        ad.pop(k, None)
                    ad["EnteredCurrentStatus"] = int(time.time())
                    save("queue", ad)
                    user_log(ad, 13, "Job was released.", ["The job attribute PeriodicRelease expression evaluated to TRUE"])
                    break


def parse_query_args(args):
    ids, constraint, attrs, with_id, limit = [], None, None, False, None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-constraint", "-const"):
            constraint = args[i + 1]
            i += 2
        elif a in ("-match", "-limit"):
            limit = int(args[i + 1])
            i += 2
        elif a.startswith("-af") or a.startswith("-autoformat"):
            opts = a.split(":", 1)[1] if ":" in a else ""
            with_id = "j" in opts
            attrs = []
            i += 1
            while i < len(args) and not args[i].startswith("-"):
                attrs.append(args[i])
                i += 1
        elif a in ("-nobatch", "-allusers", "-wide", "-backwards"):
            i += 1
        elif a.startswith("-"):
            sys.stderr.write("Error: unknown option %s (the fake HTCondor implements only what cluster-utils uses)\n" % a)
            sys.exit(1)
        else:
            ids.append(a)
            i += 1
    return ids, constraint, attrs, with_id, limit


def matches(ad, ids, constraint):
    if ids:
        ok = any(str(ad["ClusterId"]) == i or "%d.%d" % (ad["ClusterId"], ad["ProcId"]) == i for i in ids)
        if not ok:
            return False
    return holds(constraint, ad) if constraint else True


def fmt(v):
    if v is None or v is UNDEFINED:
        return "undefined"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def print_ads(ads, attrs, with_id):
    for ad in ads:
        if attrs is None:
            print("%d.%d %s %d" % (ad["ClusterId"], ad["ProcId"], ad["Owner"], ad["JobStatus"]))
            continue
        fields = ["%d.%d" % (ad["ClusterId"], ad["ProcId"])] if with_id else []
        fields += [fmt(lookup(a, ad, {})) for a in attrs]
        print(" ".join(fields))


def condor_q(args):
    ids, constraint, attrs, with_id, limit = parse_query_args(args)
    with Lock():
        ads = sorted(all_ads("queue"), key=lambda a: a["ClusterId"])
    ads = [a for a in ads if matches(a, ids, constraint)]
    print_ads(ads[:limit] if limit else ads, attrs, with_id)


def condor_history(args):
    ids, constraint, attrs, with_id, limit = parse_query_args(args)
    with Lock():
        ads = sorted(all_ads("history"), key=lambda a: a.get("EnteredHistoryTime", 0), reverse=True)
    ads = [a for a in ads if matches(a, ids, constraint)]
    print_ads(ads[:limit] if limit else ads, attrs, with_id)


def condor_rm(args):
    if not args:
        sys.stderr.write("Usage: condor_rm [options] cluster... | cluster.proc...\n")
        sys.exit(1)
    failed = False
    for arg in args:
        cluster = arg.split(".")[0]
        with Lock():
            ad = load("queue", cluster)
            if ad is None or ad["JobStatus"] == JOB_STATUS_REMOVED:
                sys.stderr.write("Couldn't find/remove all jobs in cluster %s\n" % cluster)
                failed = True
                continue
            ad["JobStatus"] = JOB_STATUS_REMOVED
            ad["RemoveReason"] = "via condor_rm (by user %s)" % getpass.getuser()
            ad["EnteredCurrentStatus"] = int(time.time())
            pid = ad.pop("_job_pid", None)
            if pid:
                try:
                    os.killpg(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            user_log(ad, 9, "Job was aborted.", [ad["RemoveReason"]])
            move_to_history(ad)
        print("All jobs in cluster %s have been marked for removal" % cluster if "." not in arg
              else "Job %s marked for removal" % arg)
        if pid:
            # SIGKILL what ignores SIGTERM, as the starter does after the job's vacate time
            subprocess.Popen(["/bin/sh", "-c", "sleep 2; kill -KILL -- -%d 2>/dev/null" % pid],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    sys.exit(1 if failed else 0)


def main():
    if not STATE:
        sys.stderr.write("fake HTCondor: set FAKE_CONDOR_STATE to a state directory\n")
        sys.exit(2)
    for d in ("queue", "history", "faults"):
        os.makedirs(path(d), exist_ok=True)
    command, args = sys.argv[1], sys.argv[2:]
    if command == "_shadow":
        shadow(args[0])
        return
    with open(path("commands.log"), "a") as f:
        f.write(" ".join([command] + args) + "\n")
    fault(command)
    {"condor_submit": lambda a: submit(a), "condor_submit_bid": submit_bid, "condor_q": condor_q,
     "condor_history": condor_history, "condor_rm": condor_rm}[command](args)


if __name__ == "__main__":
    main()
