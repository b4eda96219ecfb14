#!/usr/bin/env python3
"""Python bindings benchmark: tickets/s routed from Python against the same
tickets routed in C, in the same run, and the per-call overhead.

    TRIAGE_LIBRARY=build/libtriage.so python3 bench/bench_python.py \
        [--rules R.yaml] [--tickets T.jsonl] [--routes N] [--passes K] \
        [--cli build/examples/triage] [--threads N]

Workloads: the bundled Banking77 example tickets as they are ("short", one
sentence each) and the same tickets with eight bodies joined into one
("long", a few hundred bytes), so the fixed per-call cost shows against
inputs of two sizes.

How C is timed (no compiler needed):
  * "C route": the ticket is built once on the C side (triage.Ticket), then
    triage_route is called in a loop through ctypes.  The ctypes cost of that
    call is measured separately with the very same call refused at its first
    check (an unknown flag makes triage_route return at once) and
    subtracted, leaving the time spent routing in C.
  * "CLI": `triage route --rules R FILE` on a file of N tickets and on a file
    of 1 ticket; (t_N - t_1) / (N - 1) is C per ticket end to end, including
    JSON parsing and printing, without process start and rules loading.
Python is timed through the public API: rules.route(dict) (what an
integrator writes), rules.route(Ticket) (ticket already on the C side),
rules.route_many(list), and route(dict, explain=True).
Overhead per call = Python route(dict) - C route.
Every figure is the best of K passes in CPU time (time.process_time; the
CLI's from os.times() of children), so that other work on a shared machine
disturbs it little; the thread figures are wall-clock throughput.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))

import triage  # noqa: E402
from triage._core import C  # noqa: E402  (the raw table, for the C-only loop)
from triage.rules import _Worker  # noqa: E402


def load_tickets(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                t = json.loads(line)
                for k in [k for k in t if k.startswith("label_")]:
                    del t[k]
                out.append(t)
    return out


def long_tickets(tickets, join=8):
    out = []
    for i in range(0, len(tickets), join):
        group = tickets[i:i + join]
        out.append({"id": "long-%d" % i, "subject": group[0].get("body", "")[:60],
                    "body": " ".join(t.get("body", "") for t in group),
                    "channel": "email", "customer": {"plan": "pro", "vip": False}})
    return out


def best(fn, passes, clock=time.process_time):
    """Best of passes, in CPU seconds of this process by default (other
    processes on a shared machine then disturb the figures much less)."""
    times = []
    for _ in range(passes):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return min(times)


def children_cpu():
    t = os.times()
    return t.children_user + t.children_system


def bench_c(rules, tickets, loops, passes):
    """Seconds per ticket in triage_route, the ctypes call subtracted."""
    handles = [triage.Ticket(t) for t in tickets]
    rs = rules._guard.enter()
    w = _Worker(rs)
    try:
        ptrs = [h._guard.ptr for h in handles]
        route = C.triage_route
        s, d = w.scratch, w.decision

        def run(flags):
            for _ in range(loops):
                for t in ptrs:
                    route(rs, s, t, flags, d)

        n = loops * len(ptrs)
        routed = best(lambda: run(0), passes) / n
        refused = best(lambda: run(0x80), passes) / n  # ARGUMENT at the first check
        return routed - refused, refused
    finally:
        w.free()
        rules._guard.leave()
        for h in handles:
            h.close()


def bench_cli(cli, rules_path, tickets, loops, passes):
    if not cli:
        return None
    with tempfile.TemporaryDirectory() as d:
        many, one = os.path.join(d, "many.jsonl"), os.path.join(d, "one.jsonl")
        lines = [json.dumps(t) + "\n" for t in tickets]
        with open(many, "w") as f:
            f.write("".join(lines) * loops)
        with open(one, "w") as f:
            f.write(lines[0])
        n = loops * len(lines)

        def run(path):
            subprocess.run([cli, "route", "--rules", rules_path, path], check=True,
                           stdout=subprocess.DEVNULL)

        t_many = best(lambda: run(many), passes, children_cpu)
        t_one = best(lambda: run(one), passes, children_cpu)
        return (t_many - t_one) / (n - 1)


def bench_python(rules, tickets, loops, passes):
    n = loops * len(tickets)
    ticket_objs = [triage.Ticket(t) for t in tickets]
    many = tickets * loops
    out = {
        "route(dict)": best(lambda: [rules.route(t) for _ in range(loops) for t in tickets],
                            passes) / n,
        "route(Ticket)": best(lambda: [rules.route(t) for _ in range(loops)
                                       for t in ticket_objs], passes) / n,
        "route_many(list)": best(lambda: rules.route_many(many), passes) / n,
        "route(dict, explain)": best(lambda: [rules.route(t, explain=True)
                                              for _ in range(loops) for t in tickets],
                                     passes) / n,
    }
    for t in ticket_objs:
        t.close()
    return out


def bench_threads(rules, tickets, loops, threads, passes):
    def run(nthreads):
        per = max(1, loops // nthreads)

        def work():
            for _ in range(per):
                for t in tickets:
                    rules.route(t)

        ts = [threading.Thread(target=work) for _ in range(nthreads)]
        t0 = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return nthreads * per * len(tickets) / (time.perf_counter() - t0)

    return {n: max(run(n) for _ in range(passes)) for n in sorted({1, threads})}


def find_cli(arg):
    if arg:
        return arg
    lib = os.environ.get("TRIAGE_LIBRARY", "")
    for c in (os.path.join(os.path.dirname(lib), "examples", "triage") if lib else "",
              os.path.join(ROOT, "build", "examples", "triage")):
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def us(seconds):
    return "%8.2f" % (seconds * 1e6)


def main():
    ap = argparse.ArgumentParser(description="Python bindings benchmark")
    ap.add_argument("--rules", default=os.path.join(ROOT, "examples", "rules", "support.yaml"))
    ap.add_argument("--tickets", default=os.path.join(ROOT, "examples", "data", "tickets.jsonl"))
    ap.add_argument("--routes", type=int, default=20000, help="routes per measurement")
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--cli", help="the triage program (default: found beside the library)")
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()

    cli = find_cli(args.cli)
    base = load_tickets(args.tickets)
    workloads = [("short", base), ("long", long_tickets(base))]
    print("libtriage %s from %s; Python %s; %d routes per figure, best of %d passes"
          % (triage.library_version, triage.library_path, sys.version.split()[0], args.routes,
             args.passes))
    print("rules %s; CLI %s\n" % (os.path.relpath(args.rules), cli or "not found"))
    with triage.Rules.from_file(args.rules) as rules:
        print("| workload | bytes/ticket | C route us | CLI us (incl. JSON) | Python route(dict) us"
              " | route(Ticket) us | route_many us | explain us | overhead us/call | "
              "Python tickets/s | C tickets/s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, tickets in workloads:
            loops = max(1, args.routes // len(tickets))
            size = sum(len(t.get("subject", "")) + len(t.get("body", "")) for t in tickets)
            c_route, ctypes_call = bench_c(rules, tickets, loops, args.passes)
            cli_t = bench_cli(cli, args.rules, tickets, loops, max(2, args.passes // 2))
            py = bench_python(rules, tickets, loops, args.passes)
            print("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %.0f | %.0f |" % (
                name, size // len(tickets), us(c_route),
                us(cli_t) if cli_t is not None else "n/a", us(py["route(dict)"]),
                us(py["route(Ticket)"]), us(py["route_many(list)"]),
                us(py["route(dict, explain)"]), us(py["route(dict)"] - c_route),
                1 / py["route(dict)"], 1 / c_route))
        print("\none ctypes call of triage_route's signature (refused at once): %s us"
              % us(ctypes_call).strip())
        tput = bench_threads(rules, base, max(1, args.routes // len(base)), args.threads,
                             max(1, args.passes // 2))
        print("threads sharing one Rules (short tickets, route(dict)): " + ", ".join(
            "%d: %.0f tickets/s" % (n, v) for n, v in tput.items()) +
            " (%d CPUs)" % (os.cpu_count() or 0))


if __name__ == "__main__":
    main()
