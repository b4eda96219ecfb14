#!/usr/bin/env python3
"""Measures how well the bundled rules route Banking77 tickets to queues.

Runs `triage route` on labelled tickets (default: ../shared/data/banking77/
dev.jsonl) with the bundled rules, maps each ticket's intent to its queue
with examples/data/banking77-queues.json, and prints queue accuracy, the
share of tickets no category claimed, and per-queue precision and recall.

Usage: scripts/eval_example_rules.py PATH-TO-triage [TICKETS.jsonl] [RULES.yaml]
"""
import collections
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    triage = sys.argv[1]
    tickets = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, "..", "shared", "data", "banking77", "dev.jsonl")
    rules = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
        ROOT, "examples", "rules", "support.yaml")
    with open(os.path.join(ROOT, "examples", "data", "banking77-queues.json")) as f:
        queue_of = {i: q for q, intents in json.load(f).items() for i in intents}
    with open(tickets, encoding="utf-8") as f:
        truth = {}
        for line in f:
            r = json.loads(line)
            truth[r["id"]] = r.get("label_queue") or queue_of.get(r["label_category"])

    start = time.perf_counter()
    out = subprocess.run([triage, "route", "--rules", rules, tickets],
                         check=False, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"triage route failed ({out.returncode}): {out.stderr}")

    right = unclaimed = total = 0
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    confusion = collections.Counter()
    for line in out.stdout.splitlines():
        d = json.loads(line)
        want = truth.get(d["id"])
        if want is None:
            continue
        got = d["queue"]
        total += 1
        unclaimed += d["category"] is None
        if got == want:
            right += 1
            tp[want] += 1
        else:
            fp[got] += 1
            fn[want] += 1
            confusion[(want, got)] += 1
    print(f"tickets: {total}   queue accuracy: {right / total:.1%}   "
          f"no category: {unclaimed / total:.1%}   "
          f"time: {seconds:.2f} s for the whole run (process start, rules load, routing)")
    print(f"{'queue':18} {'precision':>9} {'recall':>7} {'tickets':>8}")
    for q in sorted(set(tp) | set(fn)):
        p = tp[q] / (tp[q] + fp[q]) if tp[q] + fp[q] else 0.0
        r = tp[q] / (tp[q] + fn[q]) if tp[q] + fn[q] else 0.0
        print(f"{q:18} {p:9.1%} {r:7.1%} {tp[q] + fn[q]:8}")
    print("most common mistakes (expected -> routed):")
    for (want, got), n in confusion.most_common(8):
        print(f"  {want} -> {got}: {n}")


if __name__ == "__main__":
    main()
