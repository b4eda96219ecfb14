"""Routing: decisions, ticket conventions, text, explanation, the CLI."""
import json
import subprocess
import unittest

import triage

from .support import EXAMPLE_RULES, RULES, example_tickets, find_cli


class RouteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = triage.Rules.from_string(RULES, name="test.yaml")

    @classmethod
    def tearDownClass(cls):
        cls.rules.close()

    def test_decision_fields(self):
        d = self.rules.route(subject="Invoice", body="I was charged twice, see INV-123456")
        self.assertIsInstance(d, triage.Decision)
        self.assertEqual(d.category, "billing")
        self.assertEqual(d.queue, "billing")
        self.assertEqual(d.priority, "normal")
        self.assertEqual(d.tier, 1)
        # invoice 3 * subject weight 2 + charged twice 5 + regex 2
        self.assertEqual(d.scores, {"billing": 13, "outage": 0})
        self.assertEqual(list(d.scores), list(self.rules.categories))
        self.assertEqual((d.tags, d.rules, d.flags, d.sla, d.hits), ([], [], [], None, []))
        self.assertEqual(d.rules_hash, self.rules.source_hash.hex())
        self.assertEqual(len(d.rules_hash), 64)

    def test_no_category(self):
        d = self.rules.route(subject="hello", body="just saying hi")
        self.assertIsNone(d.category)
        self.assertEqual(d.queue, "general")
        self.assertEqual(d.flags, ["no_category"])

    def test_route_rules_set_everything(self):
        d = self.rules.route(subject="Outage", body="everything is down, outage")
        self.assertEqual(d.category, "outage")
        self.assertEqual((d.priority, d.tier, d.tags, d.sla), ("urgent", 2, ["outage"], "urgent"))
        self.assertEqual(d.rules, ["outage-urgent"])
        self.assertEqual(d.queue, "incident")

    def test_dict_kwargs_and_ticket_agree(self):
        fields = {"subject": "Invoice", "body": "charged twice", "customer": {"vip": True}}
        a = self.rules.route(fields)
        b = self.rules.route(**fields)
        c = self.rules.route({"subject": "Invoice"}, body="charged twice", customer={"vip": True})
        with triage.Ticket(fields) as t:
            d = self.rules.route(t)
        self.assertEqual(a, b)
        self.assertEqual(a, c)
        self.assertEqual(a, d)
        self.assertEqual(a.rules, ["vip"])
        self.assertEqual(a.priority, "high")
        with self.assertRaises(TypeError):
            self.rules.route(triage.Ticket(), subject="x")

    def test_nested_fields_are_dotted(self):
        d = self.rules.route(subject="x", customer={"plan": "enterprise", "vip": "true"})
        self.assertEqual(d.rules, ["vip", "enterprise"])
        self.assertEqual(d.tier, 2)
        d = self.rules.route({"subject": "x", "customer.plan": "enterprise"})
        self.assertEqual(d.rules, ["enterprise"])

    def test_lists_are_multi_valued(self):
        d = self.rules.route(subject="x", labels=["a", "billing-hold", "b"])
        self.assertEqual(d.queue, "holds")
        t = triage.Ticket(labels=["a", "billing-hold"], nested=[{"k": "v"}, {"k": "w"}])
        self.assertEqual(t.value_count("labels"), 2)
        self.assertEqual(t.values("labels"), [b"a", b"billing-hold"])
        self.assertEqual(t.values("nested.k"), [b"v", b"w"])
        self.assertEqual(t.value("labels", 1), b"billing-hold")
        with self.assertRaises(triage.NotFoundError):
            t.value("labels", 2)
        self.assertEqual(t.value_count("absent"), 0)

    def test_numbers_and_booleans_as_json_text(self):
        t = triage.Ticket(a=True, b=False, c=42, d=-7, e=2.5, f=2.0, g=0.1, h=1e16, i=None,
                          j=2 ** 70)
        self.assertEqual(t.values("a"), [b"true"])
        self.assertEqual(t.values("b"), [b"false"])
        self.assertEqual(t.values("c"), [b"42"])
        self.assertEqual(t.values("d"), [b"-7"])
        self.assertEqual(t.values("e"), [b"2.5"])
        self.assertEqual(t.values("f"), [b"2.0"])
        self.assertEqual(t.values("g"), [b"0.1"])
        self.assertEqual(t.values("h"), [b"1e+16"])
        self.assertEqual(t.values("i"), [])
        self.assertEqual(t.values("j"), [str(2 ** 70).encode()])
        d = self.rules.route(subject="x", amount=2.5, customer={"vip": True})
        self.assertIn("big", d.tags)
        self.assertIn("vip", d.rules)

    def test_bad_values(self):
        with self.assertRaises(TypeError) as cm:
            self.rules.route(subject=object())
        self.assertIn("subject", str(cm.exception))
        with self.assertRaises(TypeError):
            self.rules.route({1: "x"})
        with self.assertRaises(TypeError):
            self.rules.route(["not", "a", "mapping"])
        with self.assertRaises(triage.ArgumentError):
            self.rules.route({"": "empty field name"})

    def test_route_conditions_contains_and_match(self):
        d = self.rules.route(subject="x", body="A REFUND   please, ORD-991", channel="chat")
        self.assertEqual(d.tags, ["refund-chat", "has-order"])
        d = self.rules.route(subject="x", body="a refund please", channel="email")
        self.assertEqual(d.tags, [])

    def test_explain_hits_in_bytes(self):
        body = "Ünïcode first: charged  twice and INV-654321"
        d = self.rules.route(subject="invoice", body=body, explain=True)
        self.assertTrue(d.hits)
        for h in d.hits:
            self.assertIsInstance(h, triage.Hit)
            self.assertIn(h.category, self.rules.categories)
        by_term = {h.term: h for h in d.hits}
        h = by_term["charged twice"]
        self.assertEqual((h.field, h.value_index, h.weight), ("body", 0, 5))
        raw = body.encode()
        self.assertEqual(raw[h.offset:h.offset + h.length], "charged  twice".encode())
        self.assertEqual(by_term["invoice"].field, "subject")
        self.assertEqual(by_term["invoice"].weight, 6)
        self.assertEqual(self.rules.route(subject="invoice", body=body).hits, [])
        as_dict = d.to_dict()
        self.assertEqual(len(as_dict["hits"]), len(d.hits))
        self.assertNotIn("hits", self.rules.route(subject="x").to_dict())

    def test_hits_in_multi_valued_fields(self):
        d = self.rules.route({"subject": ["hello", "invoice"]}, explain=True)
        (h,) = [h for h in d.hits if h.term == "invoice"]
        self.assertEqual((h.value_index, h.offset, h.length), (1, 0, 7))

    def test_nul_bytes_survive(self):
        value = b"before\0after invoice\0 charged twice"
        t = triage.Ticket(body=value)
        self.assertEqual(t.values("body"), [value])
        d = self.rules.route(body=value, explain=True)
        self.assertEqual(d.scores["billing"], 8)
        offsets = sorted(h.offset for h in d.hits)
        self.assertEqual(offsets, [value.index(b"invoice"), value.index(b"charged")])
        d2 = self.rules.route(body=value.decode())
        self.assertEqual(d2.scores, d.scores)
        # field names with NUL bytes are plain bytes too
        t = triage.Ticket({b"a\0b": "x"})
        self.assertEqual(t.values(b"a\0b"), [b"x"])
        self.assertEqual(t.values("a"), [])

    def test_invalid_utf8_flagged(self):
        d = self.rules.route(subject=b"invoice \xff\xfe", body="charged twice")
        self.assertIn("invalid_utf8", d.flags)
        self.assertEqual(d.category, "billing")
        self.assertEqual(d.scores["billing"], 11)

    def test_invalid_utf8_strict(self):
        with self.assertRaises(triage.ValidationError) as cm:
            self.rules.route(subject="ok", body=b"bad \xc3\x28", strict=True)
        e = cm.exception
        self.assertEqual(e.code, triage.ERR_UTF8)
        self.assertIn("'body'", e.message)
        with self.assertRaises(triage.ValidationError):
            self.rules.route(triage.Ticket(body=b"\xed\xa0\x80"), strict=True)
        d = self.rules.route(subject="invoice", strict=True)
        self.assertEqual(d.flags, [])
        # The rules object is fine after the error.
        self.assertEqual(self.rules.route(subject="invoice").category, "billing")

    def test_surrogateescape_round_trip(self):
        raw = b"caf\xe9 invoice"
        text = raw.decode("utf-8", "surrogateescape")
        self.assertEqual(triage.Ticket(body=text).values("body"), [raw])
        d = self.rules.route(body=text)
        self.assertEqual(d.flags, ["invalid_utf8"])
        # A lone surrogate that did not come from surrogateescape is not an error.
        self.assertIn("invalid_utf8", self.rules.route(body="x\ud800y").flags)

    def test_route_many(self):
        tickets = [{"subject": "invoice"}, {"subject": "outage", "body": "down"},
                   triage.Ticket(subject="hello")]
        many = self.rules.route_many(tickets, explain=True)
        one = [self.rules.route(t, explain=True) for t in tickets]
        self.assertEqual(many, one)
        self.assertEqual(self.rules.route_many([]), [])

    def test_scores_without_the_bulk_getter(self):
        """A library without triage_decision_scores: one call per category."""
        from triage import rules as rules_module
        probe = {"subject": "invoice outage", "body": "down, charged twice"}
        expected = self.rules.route(probe)
        saved = rules_module._scores
        rules_module._scores = None
        try:
            self.assertEqual(self.rules.route(probe), expected)
        finally:
            rules_module._scores = saved

    def test_decision_is_a_snapshot(self):
        a = self.rules.route(subject="invoice")
        b = self.rules.route(subject="outage", body="down")
        self.assertEqual(a.category, "billing")
        self.assertEqual(b.category, "outage")
        a.scores["billing"] = 0
        self.assertEqual(self.rules.route(subject="invoice").scores["billing"], 6)


class ExampleTicketsTest(unittest.TestCase):
    """The bundled rules and tickets, routed from Python and by the CLI."""

    def test_same_decisions_as_cli(self):
        cli = find_cli()
        if not cli:
            self.skipTest("the triage CLI was not found beside TRIAGE_LIBRARY")
        p = subprocess.run([cli, "route", "--rules", EXAMPLE_RULES, "--explain"],
                           input="".join(json.dumps(t) + "\n" for t in example_tickets()),
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        expected = [json.loads(line) for line in p.stdout.splitlines()]
        with triage.Rules.from_file(EXAMPLE_RULES) as rules:
            got = [rules.route(t, explain=True) for t in example_tickets()]
        self.assertEqual(len(got), len(expected))
        keys = ("category", "queue", "priority", "tier", "scores", "rules", "tags", "flags",
                "hits", "rules_hash")
        for d, e in zip(got, expected):
            mine = d.to_dict(explain=True)
            self.assertEqual({k: mine[k] for k in keys}, {k: e[k] for k in keys}, e.get("id"))

    def test_queues_mostly_right(self):
        from .support import EXAMPLE_TICKETS
        with open(EXAMPLE_TICKETS) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        with triage.Rules.from_file(EXAMPLE_RULES) as rules:
            right = sum(rules.route(subject=r["subject"], body=r["body"]).queue
                        == r["label_queue"] for r in rows)
        self.assertGreater(right / len(rows), 0.5)


if __name__ == "__main__":
    unittest.main()
