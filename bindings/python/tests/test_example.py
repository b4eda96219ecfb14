"""The example script routes the bundled tickets."""
import datetime as dt
import json
import os
import subprocess
import sys
import unittest

import triage

from .support import EXAMPLE_RULES, EXAMPLE_TICKETS, example_tickets

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "examples", "route_tickets.py")


class ExampleScriptTest(unittest.TestCase):
    def test_route_tickets(self):
        env = dict(os.environ, TRIAGE_LIBRARY=triage.library_path)
        p = subprocess.run([sys.executable, SCRIPT, "--rules", EXAMPLE_RULES, "--threads", "3",
                            EXAMPLE_TICKETS], capture_output=True, text=True, env=env,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = [json.loads(line) for line in p.stdout.splitlines()]
        tickets = example_tickets()
        self.assertEqual([d["id"] for d in lines], [t["id"] for t in tickets])
        with triage.Rules.from_file(EXAMPLE_RULES) as rules:
            for d, t in zip(lines, tickets):
                self.assertEqual(d["queue"], rules.route(t).queue)
        self.assertIn("routed %d tickets" % len(tickets), p.stderr)

    def test_due_column_and_bad_rules(self):
        env = dict(os.environ, TRIAGE_LIBRARY=triage.library_path)
        ticket = {"id": "x", "subject": "hello", "created_at": "2026-03-06T16:00:00Z"}
        p = subprocess.run([sys.executable, SCRIPT, "--rules", EXAMPLE_RULES],
                           input=json.dumps(ticket) + "\n", capture_output=True, text=True,
                           env=env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = json.loads(p.stdout)
        start = dt.datetime(2026, 3, 6, 16, tzinfo=dt.timezone.utc)
        with triage.Rules.from_file(EXAMPLE_RULES) as rules:
            if triage.has_feature("rules_sla") and rules.sla_policies:
                policy = rules.sla_policy_for(rules.route(ticket))
                self.assertEqual(out["sla_policy"], policy.name)
                due = policy.due("first_response", start)
            else:
                # Friday 16:00 + 4 office hours (Mon-Fri 09-17 UTC) = Monday 12:00.
                due = dt.datetime(2026, 3, 9, 12, tzinfo=dt.timezone.utc)
        self.assertEqual(out["first_response_due"], due.strftime("%Y-%m-%dT%H:%M:%SZ"))
        p = subprocess.run([sys.executable, SCRIPT, "--rules", "/nonexistent.yaml"],
                           input="", capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(p.returncode, 2)
        self.assertIn("/nonexistent.yaml", p.stderr)
        self.assertNotIn("Traceback", p.stderr)


if __name__ == "__main__":
    unittest.main()
