"""Calendars and SLA policies carried by rules."""
import datetime as dt
import os
import tempfile
import unittest
from datetime import timedelta as td

import triage

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday

YAML = """\
triage: 1
name: acme
options: {default_queue: general, min_score: 3}
categories:
  - name: outage
    queue: incident
    keywords: {down: 5}
routes:
  - name: outage-urgent
    when: {category: [outage]}
    set: {priority: urgent, sla: urgent}
calendars:
  emea:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["09:00-12:30", "13:30-17:00"]
    holidays: [2026-12-25]
  always: 24x7
sla:
  default: standard
  by_priority: {urgent: urgent}
  policies:
    - name: urgent
      calendar: always
      first_response: 30m
      resolution: 8h
    - name: standard
      calendar: emea
      first_response: 4h
"""


def built_rules():
    b = triage.RulesBuilder("acme", default_queue="general")
    b.category("outage", queue="incident", keywords={"down": 5})
    b.route("outage-urgent", category="outage", priority="urgent", sla="urgent")
    with triage.Calendar("UTC", hours={"mon-fri": "09:00-17:00"}) as office:
        b.add_calendar("office", office)
    b.add_calendar("always", triage.Calendar.always())
    b.add_sla_policy(triage.SlaPolicy("urgent", first_response=td(minutes=30)), "always")
    b.add_sla_policy(triage.SlaPolicy("standard", first_response=td(hours=4)), "office")
    b.set_sla_default("standard").set_sla_priority_policy("urgent", "urgent")
    return b


@unittest.skipUnless(triage.has_feature("rules_sla"), "library without SLA policies in rules")
class RulesSlaTest(unittest.TestCase):
    def test_built_rules(self):
        with built_rules() as b:
            rules = b.compile()
        self.assertEqual(sorted(rules.calendars), ["always", "office"])
        office = rules.calendars["office"]
        self.assertEqual(office.due(T0, td(hours=1)), T0 + td(hours=2))  # opens 09:00
        self.assertEqual(sorted(rules.sla_policies), ["standard", "urgent"])
        d = rules.route(subject="server down")
        self.assertEqual((d.priority, d.sla), ("urgent", "urgent"))
        urgent = rules.sla_policy_for(d)
        self.assertEqual(urgent.name, "urgent")
        self.assertEqual(urgent.due("first_response", T0), T0 + td(minutes=30))
        self.assertIsNone(urgent.due("next_response", T0))  # not timed
        standard = rules.sla_policy_for(rules.route(subject="hello"))
        self.assertEqual(standard.name, "standard")
        self.assertEqual(standard.due(0, T0), T0 + td(hours=5))  # 09:00-13:00
        self.assertEqual(rules.sla_policy("urgent").name, "urgent")
        with self.assertRaises(triage.NotFoundError):
            rules.sla_policy("nope")

        # Views of the rules' objects are read-only and die with the rules.
        with self.assertRaises(triage.StateError):
            office.add_holiday("2026-03-02")
        with self.assertRaises(triage.StateError):
            urgent.add_warning(0.5)
        mine = office.copy()
        mine.add_holiday("2026-03-02")
        self.assertFalse(mine.is_open(T0 + td(hours=2)))
        self.assertTrue(office.is_open(T0 + td(hours=2)))

        tracker = triage.SlaTracker(rules=rules)
        tracker.created(1, T0, priority="urgent")
        tracker.created(2, T0)
        self.assertEqual(tracker.ticket(1).policy, "urgent")
        self.assertEqual(tracker.ticket(2).policy, "standard")
        self.assertEqual(tracker.metric(2, "first_response", T0).due, T0 + td(hours=5))

        rules.close()
        for call in (lambda: office.zone, lambda: office.due(T0, 60), lambda: urgent.name,
                     lambda: urgent.due("resolution", T0)):
            with self.assertRaises(triage.ClosedError):
                call()
        self.assertEqual(mine.zone, "UTC")  # a copy is independent
        self.assertEqual(tracker.ticket(1).policy, "urgent")  # the tracker has copies

    def test_builder_errors(self):
        b = built_rules()
        b.set_sla_default("missing")
        with self.assertRaises(triage.RulesError) as cm:
            b.compile()
        self.assertIn("missing", str(cm.exception))
        b2 = triage.RulesBuilder()
        b2.add_sla_policy(triage.SlaPolicy("p", first_response=60), "no-such-calendar")
        with self.assertRaises(triage.RulesError):
            b2.compile()

    def test_escalation_forms(self):
        with triage.SlaPolicy("p", first_response=60) as p:
            p.add_escalation(0, tier=3, set_tier=True)
            p.add_escalation(60, priority=1, raise_priority=True)
            with self.assertRaises(triage.TriageError):
                p.add_escalation(120, priority=7, raise_priority=True)
            with triage.SlaTracker([p], default="p") as tr:
                tr.created(1, T0, priority="low")
                fires = tr.collect(T0 + td(minutes=5))
            self.assertEqual([(f.kind, f.tier, f.priority) for f in fires],
                             [("breach", 1, "low"), ("escalation", 3, "low"),
                              ("escalation", 3, "normal")])

    def test_yaml_rules(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rules.yaml")
            with open(path, "w") as f:
                f.write(YAML)
            rules = triage.Rules.from_file(path)
        if not rules.calendars:
            self.skipTest("this library's YAML loader does not hand calendars to the rules")
        self.assertEqual(sorted(rules.calendars), ["always", "emea"])
        self.assertEqual(rules.calendars["emea"].zone, "Europe/Berlin")
        d = rules.route(subject="server down")
        self.assertEqual(rules.sla_policy_for(d).due("first_response", T0),
                         T0 + td(minutes=30))
        self.assertEqual(rules.sla_policy_for(rules.route(subject="x")).name, "standard")


if __name__ == "__main__":
    unittest.main()
