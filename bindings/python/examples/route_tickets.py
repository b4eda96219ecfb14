#!/usr/bin/env python3
"""Route a JSON Lines file of tickets from Python and print one decision per
line, then a count per queue.

    python3 route_tickets.py [--rules RULES.yaml] [--explain] [--threads N] [TICKETS.jsonl]

Tickets come from the file or standard input; the rules default to the
bundled bank-support rules.  A ticket with a ``created_at`` (RFC 3339) also
gets its SLA policy and first-response due time: from the rules' own ``sla``
section when they have one, else a 4-hour target in office hours
(Mon-Fri 09:00-17:00 UTC), to show the calendar API.
"""
import argparse
import collections
import concurrent.futures
import datetime as dt
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # run from a source checkout too

import triage  # noqa: E402

DEFAULT_RULES = os.path.join(HERE, "..", "..", "..", "examples", "rules", "support.yaml")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tickets", nargs="?", help="JSON Lines file (default: standard input)")
    ap.add_argument("--rules", default=DEFAULT_RULES)
    ap.add_argument("--explain", action="store_true", help="list every hit")
    ap.add_argument("--threads", type=int, default=1, help="route with N threads")
    args = ap.parse_args()

    try:
        rules = triage.Rules.from_file(args.rules)
    except triage.TriageError as e:  # RulesError, TriageIOError, ...
        print("rules: %s" % e, file=sys.stderr)
        return 2
    office = triage.Calendar("UTC", hours={"mon-fri": "09:00-17:00"})
    own_policies = triage.has_feature("rules_sla") and bool(rules.sla_policies)
    source = open(args.tickets, encoding="utf-8") if args.tickets else sys.stdin
    with rules, office, source:
        tickets = [json.loads(line) for line in source if line.strip()]
        # One Rules object serves every thread; results come back in order.
        with concurrent.futures.ThreadPoolExecutor(max(1, args.threads)) as pool:
            decisions = list(pool.map(lambda t: rules.route(t, explain=args.explain), tickets))
        per_queue = collections.Counter()
        for ticket, d in zip(tickets, decisions):
            out = {"id": ticket.get("id")}
            out.update(d.to_dict())
            created = ticket.get("created_at")
            if created:
                start = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
                policy = rules.sla_policy_for(d) if own_policies else None
                if policy is not None:
                    out["sla_policy"] = policy.name
                    due = policy.due("first_response", start)
                else:
                    due = office.due(start, dt.timedelta(hours=4))
                if due is not None:
                    out["first_response_due"] = due.isoformat().replace("+00:00", "Z")
            print(json.dumps(out, ensure_ascii=False))
            per_queue[d.queue] += 1
    print("routed %d tickets with libtriage %s (%s):" % (
        len(tickets), triage.library_version, triage.library_path), file=sys.stderr)
    for queue, n in per_queue.most_common():
        print("  %-18s %d" % (queue, n), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
