"""Explanations, decision differences and the words the matcher sees."""
import unicodedata
import unittest

import triage

from .support import RULES


@unittest.skipUnless(triage.has_feature("explain"), "library without explanations")
class ExplainTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = triage.Rules.from_string(RULES)

    def test_explanation(self):
        ticket = {"subject": "Outage", "body": "all down, outage", "channel": "chat"}
        e = self.rules.explain(ticket)
        self.assertIsInstance(e, triage.Explanation)
        self.assertEqual(e.decision, self.rules.route(ticket, explain=True))
        self.assertEqual([c.name for c in e.categories], list(self.rules.categories))
        outage = e.categories[1]
        self.assertEqual((outage.score, outage.threshold, outage.reached), (11, 3, True))
        self.assertEqual([r.name for r in e.rules], list(self.rules.routes))
        first = e.rules[0]
        self.assertEqual((first.name, first.outcome, first.stops), ("outage-urgent", "fired", True))
        kinds = [c.kind for c in first.conditions]
        self.assertEqual(kinds, ["category", "score"])
        self.assertTrue(all(c.holds for c in first.conditions))
        score = first.conditions[1]
        self.assertEqual((score.subject, score.comparison, score.number, score.actual),
                         ("outage", ">=", 8, 11))
        self.assertEqual(first.conditions[0].operands, ("outage",))
        # Later rules were not reached, but their conditions were evaluated.
        chat = [r for r in e.rules if r.name == "chat-refund"][0]
        self.assertEqual(chat.outcome, "not_reached")
        self.assertEqual([c.holds for c in chat.conditions], [True, False])
        self.assertEqual(chat.conditions[0].subject, "channel")
        self.assertTrue(all(c.reason for r in e.rules for c in r.conditions))
        self.assertIn("rule outage-urgent: fired", str(e))

    def test_explain_ticket_object_and_strict(self):
        t = triage.Ticket(subject="invoice")
        self.assertEqual(self.rules.explain(t).decision.category, "billing")
        with self.assertRaises(triage.ValidationError):
            self.rules.explain(body=b"\xff", strict=True)
        self.assertIn("invalid_utf8", self.rules.explain(body=b"\xff").decision.flags)
        closed = triage.Rules.from_string(RULES)
        closed.close()
        with self.assertRaises(triage.ClosedError):
            closed.explain(subject="x")

    def test_differences(self):
        a = self.rules.route(subject="invoice", customer={"vip": "true"})
        b = self.rules.route(subject="outage", body="down outage")
        self.assertEqual(a.differences(a), [])
        self.assertEqual(a.differences(b), ["category", "queue", "priority", "tier", "tags",
                                            "sla"])
        c = self.rules.route(subject="x", body="refund please ORD-1", channel="chat")
        d = triage.Decision(c.category, c.queue, c.priority, c.tier, {}, list(reversed(c.tags)),
                            [], [], c.sla, [], c.rules_hash)
        self.assertEqual(c.differences(d), [])

    def test_words(self):
        ws = triage.words("Café  au-lait, ÉTÉ 2024")
        # Folded words may come back decomposed (e + combining accent).
        self.assertEqual([unicodedata.normalize("NFC", w.word) for w in ws],
                         ["café", "au", "lait", "été", "2024"])
        self.assertEqual([w.separator for w in ws], ["", "  ", "-", ", ", " "])
        self.assertEqual(ws[1].offset, len("Café  ".encode()))
        folded = triage.words("Straße CAFÉ", accent_insensitive=True)
        self.assertEqual([w.word for w in folded], ["strasse", "cafe"])
        self.assertEqual(triage.words(""), [])
        self.assertEqual([w.word for w in triage.words(b"a\0b")], ["a", "b"])


if __name__ == "__main__":
    unittest.main()
