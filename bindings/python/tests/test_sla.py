"""SLA policies and the tracker."""
import datetime as dt
import unittest
from datetime import timedelta as td

import triage

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday


@unittest.skipUnless(triage.has_feature("sla"), "library without the SLA tracker")
class SlaTest(unittest.TestCase):
    def setUp(self):
        self.always = triage.Calendar.always()
        self.office = triage.Calendar("UTC", hours={"mon-fri": "09:00-17:00"})
        self.urgent = triage.SlaPolicy(
            "urgent", calendar=self.always, first_response=td(minutes=30),
            resolution=td(hours=8), pause_on=["pending"], warn_at=[0.75],
            escalate=[{"after": 0, "tier": 1},
                      {"after": td(hours=1), "tier": 1, "priority": "urgent"}])
        self.standard = triage.SlaPolicy("standard", calendar=self.office,
                                         first_response=td(hours=4), resolution=td(days=3),
                                         periodic_update=3600, calendar_time=["periodic_update"])
        self.tracker = triage.SlaTracker([self.urgent, self.standard], default="standard",
                                         by_priority={"urgent": "urgent"})

    def tearDown(self):
        for obj in (self.tracker, self.urgent, self.standard, self.always, self.office):
            obj.close()

    def test_policy(self):
        self.assertEqual(self.urgent.name, "urgent")
        self.assertIn("urgent", repr(self.urgent))
        with self.assertRaises(ValueError):
            self.urgent.set_target("speed", 60)
        with self.assertRaises(triage.TriageError):
            self.urgent.add_warning(1.5)
        with self.assertRaises(triage.TriageError):
            self.urgent.set_target("resolution", 0)
        self.urgent.set_calendar(None)
        self.assertEqual(triage.METRICS[0], "first_response")

    def test_timers_and_fires(self):
        tr = self.tracker
        tr.created(1, T0, priority="urgent")
        state = tr.ticket(1)
        self.assertEqual((state.priority, state.tier, state.policy, state.solved),
                         ("urgent", 1, "urgent", False))
        m = tr.metric(1, "first_response", T0 + td(minutes=10))
        self.assertEqual(m.due, T0 + td(minutes=30))
        self.assertEqual((m.elapsed, m.remaining), (td(minutes=10), td(minutes=20)))
        self.assertTrue(m.active and not m.paused and not m.met and not m.breached)
        self.assertEqual(tr.next_fire(), T0 + td(minutes=22, seconds=30))
        fires = tr.collect(T0 + td(hours=2))
        self.assertEqual([(f.kind, f.level) for f in fires],
                         [("warning", 0.75), ("breach", 0), ("escalation", 1),
                          ("escalation", 2)])
        self.assertTrue(all(f.ticket == 1 and f.metric == "first_response" for f in fires))
        self.assertEqual(fires[1].at, T0 + td(minutes=30))
        self.assertEqual(fires[3].due, T0 + td(minutes=30))
        self.assertEqual((fires[3].tier, fires[3].priority), (3, "urgent"))
        self.assertEqual(tr.collect(T0 + td(hours=2)), [])  # each fire once
        self.assertEqual(tr.ticket(1).tier, 3)
        self.assertTrue(tr.metric(1, 0, T0 + td(hours=2)).breached)

    def test_pause_and_reply(self):
        tr = self.tracker
        tr.created(7, T0, priority="urgent")
        tr.status(7, T0 + td(minutes=10), "pending")
        m = tr.metric(7, "first_response", T0 + td(hours=1))
        self.assertTrue(m.paused)
        self.assertIsNone(m.due)
        self.assertEqual(m.elapsed, td(minutes=10))
        tr.status(7, T0 + td(hours=1), "open")
        tr.agent_reply(7, T0 + td(hours=1, minutes=5))
        m = tr.metric(7, "first_response", T0 + td(hours=2))
        self.assertTrue(m.met)
        self.assertFalse(m.active)
        tr.customer_message(7, T0 + td(hours=2))
        tr.solved(7, T0 + td(hours=3))
        self.assertTrue(tr.ticket(7).solved)
        tr.reopened(7, T0 + td(hours=4))
        self.assertFalse(tr.ticket(7).solved)

    def test_policy_follows_priority(self):
        tr = self.tracker
        tr.created(2, T0)  # normal: the default policy
        self.assertEqual(tr.ticket(2).policy, "standard")
        self.assertEqual(tr.metric(2, "first_response", T0).due, T0 + td(hours=5))  # 09-13
        tr.priority(2, T0 + td(minutes=1), "urgent")
        self.assertEqual(tr.ticket(2).policy, "urgent")
        tr.policy(2, T0 + td(minutes=2), "standard")
        self.assertEqual(tr.ticket(2).policy, "standard")
        tr.policy(2, T0 + td(minutes=3), None)
        self.assertEqual(tr.ticket(2).policy, "urgent")
        tr.created(3, T0, priority="low", tier=2, policy="urgent")
        self.assertEqual((tr.ticket(3).tier, tr.ticket(3).policy), (2, "urgent"))
        self.assertEqual(len(tr), 2)
        self.assertGreater(tr.memory, 0)
        tr.remove(3)
        self.assertEqual(len(tr), 1)

    def test_errors_leave_state(self):
        tr = self.tracker
        tr.created(1, T0)
        with self.assertRaises(triage.StateError):
            tr.agent_reply(1, T0 - td(seconds=1))  # out of order
        with self.assertRaises(triage.NotFoundError):
            tr.agent_reply(99, T0)
        with self.assertRaises(triage.TriageError):
            tr.created(4, T0, policy="no-such-policy")
        with self.assertRaises(ValueError):
            tr.created(-1, T0)
        with self.assertRaises(TypeError):
            tr.created("T-1", T0)
        with self.assertRaises(ValueError):
            tr.created(5, dt.datetime(2026, 3, 2))
        with self.assertRaises(triage.StateError):
            tr.add_policy(triage.SlaPolicy("late"))  # after the first event
        self.assertEqual(len(tr), 1)
        tr.created(2 ** 64 - 1, T0)
        self.assertEqual(tr.ticket(2 ** 64 - 1).policy, "standard")
        self.assertIsNotNone(tr.next_fire())

    def test_snapshot_round_trip(self):
        tr = self.tracker
        tr.created(1, T0, priority="urgent")
        tr.created(2, T0 + td(minutes=5))
        tr.collect(T0 + td(minutes=25))
        saved = tr.save()
        self.assertIsInstance(saved, bytes)
        with triage.SlaTracker([self.urgent, self.standard], default="standard",
                               by_priority={"urgent": "urgent"}) as other:
            other.restore(saved)
            self.assertEqual(other.save(), saved)
            self.assertEqual(other.collect(T0 + td(days=10)), tr.collect(T0 + td(days=10)))
            damaged = bytearray(saved)
            damaged[len(damaged) // 2] ^= 0xFF
            with self.assertRaises(triage.CorruptError):
                other.restore(bytes(damaged))
        with triage.SlaTracker([self.urgent]) as different:
            with self.assertRaises(triage.StateError):
                different.restore(saved)

    def test_no_pending(self):
        with triage.SlaTracker() as tr:
            self.assertIsNone(tr.next_fire())
            self.assertEqual(tr.collect(T0), [])
            self.assertEqual(len(tr), 0)
        with self.assertRaises(triage.ClosedError):
            tr.collect(T0)


if __name__ == "__main__":
    unittest.main()
