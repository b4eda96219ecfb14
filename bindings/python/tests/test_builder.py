"""Rules built without YAML, mirroring the C builder."""
import dataclasses
import unittest

import triage

from .support import RULES

PROBES = [
    {"subject": "Invoice", "body": "charged twice INV-123456"},
    {"subject": "outage", "body": "all down, outage"},
    {"subject": "x", "customer": {"vip": "true", "plan": "enterprise"}},
    {"subject": "x", "body": "a refund please ORD-1", "channel": "chat"},
    {"subject": "newsletter invoice", "labels": ["billing-hold"], "amount": 2.5},
    {"subject": "hello"},
]


def build_test_rules():
    b = triage.RulesBuilder("test-rules", default_queue="general", min_score=3,
                            field_weights={"subject": 2, "body": 1})
    billing = b.category("billing", queue="billing",
                         keywords={"invoice": 3, "charged twice": 5, "newsletter": -4})
    billing.regex(r"\bINV-\d{6}\b", 2)
    b.category("outage", queue="incident").keywords({"down": 3, "outage": 4})
    b.route("outage-urgent", category=["outage"], score={"outage": ">= 8"}, priority="urgent",
            tier=2, tags=["outage"], sla="urgent", stop=True)
    b.route("vip", field={"customer.vip": ["true"]}, priority="high", tags="vip")
    b.route("enterprise").when_field("customer.plan", "enterprise").set_tier(2)
    (b.route("chat-refund").when_field("channel", "chat")
     .when_contains("body", "refund please").add_tag("refund-chat"))
    b.route("order-number", match={"body": r"ORD-\d+"}, tags=["has-order"])
    b.route("labelled", field={"labels": "billing-hold"}, queue="holds")
    b.route("big-amount", field={"amount": "2.5"}, tags=["big"])
    return b


class BuilderTest(unittest.TestCase):
    def test_same_decisions_as_yaml(self):
        with build_test_rules() as b:
            built = b.compile()
        from_yaml = triage.Rules.from_string(RULES)
        self.assertEqual(built.categories, from_yaml.categories)
        self.assertEqual(built.routes, from_yaml.routes)
        self.assertEqual(built.name, "test-rules")
        for probe in PROBES:
            a = built.route(probe, explain=True)
            b = from_yaml.route(probe, explain=True)
            # Only the rules hash differs: built rules have no source text.
            self.assertEqual(a.rules_hash, "00" * 32)
            self.assertEqual(dataclasses.replace(a, rules_hash=b.rules_hash), b, probe)
        self.assertEqual(built.source_hash, bytes(32))

    def test_builder_reuse_after_compile(self):
        b = build_test_rules()
        first = b.compile()
        b.category("extra", keywords={"zebra": 5})
        second = b.compile()
        self.assertEqual(len(first.categories), 2)
        self.assertEqual(second.categories[-1], "extra")
        self.assertEqual(second.route(subject="zebra").category, "extra")
        b.close()
        self.assertEqual(first.route(subject="invoice").category, "billing")

    def test_category_threshold_and_stop(self):
        b = triage.RulesBuilder(min_score=1, field_weights={"subject": 2})
        b.category("low", keywords={"a": 1})
        b.category("high", min_score=5, keywords={"b": 4}).set_queue("hq")
        b.route("first", tags=["first"]).set_stop(True)
        b.route("never", tags=["never"])
        b.route("other").set_stop(False)
        rules = b.compile()
        d = rules.route(body="a b")
        self.assertEqual(d.category, "low")  # high scored 4 < its own threshold 5
        self.assertEqual(d.scores, {"low": 1, "high": 4})
        self.assertEqual((d.rules, d.tags), (["first"], ["first"]))
        d = rules.route(subject="b b", body="b")  # a term counts once, at its best field
        self.assertEqual((d.category, d.queue, d.scores["high"]), ("high", "hq", 8))

    def test_build_shortcut(self):
        b = triage.Rules.build("x", default_queue="q")
        self.assertIsInstance(b, triage.RulesBuilder)
        b.category("c", keywords={"word": 1})
        rules = b.compile()
        d = rules.route(subject="word")
        self.assertEqual((d.category, d.queue), ("c", "c"))  # a category's queue: its name
        self.assertEqual(rules.route(subject="other").queue, "q")
        self.assertEqual(rules.name, "x")

    def test_term_options(self):
        b = triage.RulesBuilder(accent_insensitive=False, min_score=1)
        c = b.category("c")
        t = c.keyword("café", 1, accent_insensitive=True)
        self.assertIsInstance(t, triage.Term)
        self.assertGreaterEqual(t.index, 0)
        c.keyword("subject only", 5, fields=["subject"])
        c.regex("ABC", 2, case_sensitive=True, fields="code")
        b.set_regex_budget(1000000)
        rules = b.compile()
        self.assertEqual(rules.route(body="cafe").scores["c"], 1)
        self.assertEqual(rules.route(body="subject only").scores["c"], 0)
        self.assertEqual(rules.route(subject="subject only").scores["c"], 5)
        self.assertEqual(rules.route(code="abc").scores["c"], 0)
        self.assertEqual(rules.route(code="ABC").scores["c"], 2)
        t.set_flags(triage.TERM_ACCENT_SENSITIVE)
        with self.assertRaises(triage.ArgumentError):
            t.set_flags(triage.TERM_ACCENT_INSENSITIVE | triage.TERM_ACCENT_SENSITIVE)

    def test_score_conditions(self):
        b = triage.RulesBuilder(min_score=100, field_weights={"subject": 2})
        b.category("a", keywords={"x": 3})
        b.route("ge3", score={"a": ">=3"}, tags=["ge3"])
        b.route("range", score={"a": [">= 1", "< 3"]}, tags=["range"])
        b.route("eq6", tags=["eq6"]).when_score("a", "==", 6)
        b.route("bare", score={"a": 6}, tags=["bare"])
        b.route("tuple", score={"a": ("!=", 0)}, tags=["nonzero"])
        b.route("none", category=[None], tags=["no-category"])
        rules = b.compile()
        self.assertEqual(rules.route(subject="x").tags, ["ge3", "eq6", "bare", "nonzero",
                                                          "no-category"])
        self.assertEqual(rules.route(body="x").tags, ["ge3", "nonzero", "no-category"])
        self.assertEqual(rules.route(body="y").tags, ["no-category"])
        b2 = triage.RulesBuilder(min_score=100)
        b2.category("a", keywords={"x": 1, "y": 1})
        b2.route("range", score={"a": [">= 1", "< 3"]}, tags=["range"])
        rules2 = b2.compile()
        self.assertEqual(rules2.route(body="x y").tags, ["range"])
        self.assertEqual(rules2.route(subject="x y", body="x").tags, ["range"])
        self.assertEqual(rules2.route(body="z").tags, [])
        with self.assertRaises(ValueError):
            b.route("bad", score={"a": "about 3"})
        with self.assertRaises(ValueError):
            b.route("bad2").when_score("a", "=>", 3)
        with self.assertRaises(ValueError):
            b.route("bad3", priority="asap")

    def test_priorities(self):
        b = triage.RulesBuilder()
        b.category("a", keywords={"x": 3})
        for i, name in enumerate(triage.PRIORITIES):
            b.route("p%d" % i, field={"p": name}, priority=name)
        b.route("int", field={"p": "int"}, priority=3)
        rules = b.compile()
        for name in triage.PRIORITIES:
            self.assertEqual(rules.route(p=name).priority, name)
        self.assertEqual(rules.route(p="int").priority, "urgent")
        self.assertEqual(rules.route(p="none").priority, "normal")

    def test_errors_collected_with_locations(self):
        b = triage.RulesBuilder()
        b.set_location("db:categories", 10, 2)
        b.category("")                      # RULES: empty name
        cat = b.category("ok")
        b.set_location("db:terms", 11, 4)
        cat.keyword("w", 10 ** 9)           # RANGE: weight
        cat.regex("(unclosed", 1)           # REGEX at compile
        dup = b.category("ok")              # EXISTS
        self.assertEqual(dup.index, -1)
        dup.keyword("ignored", 1)           # no-op on a failed category
        b.set_location(None)
        b.route("r", category="undefined")  # RULES at compile
        self.assertEqual(len(b.errors), 3)
        with self.assertRaises(triage.RulesError) as cm:
            b.compile()
        e = cm.exception
        # Errors found while adding stop compile before it checks references
        # and compiles regexes; all of them are listed.
        self.assertEqual([x.code for x in e.errors],
                         [triage.ERR_RULES, triage.ERR_RANGE, triage.ERR_EXISTS])
        first = e.errors[0]
        self.assertEqual((first.file, first.line, first.column), ("db:categories", 10, 2))
        self.assertEqual((e.file, e.line, e.column), ("db:categories", 10, 2))
        self.assertEqual((e.errors[1].file, e.errors[1].line, e.errors[1].column),
                         ("db:terms", 11, 4))
        self.assertTrue(str(e).startswith("db:categories:10:2: "))
        self.assertEqual(len(str(e).splitlines()), len(e.errors))

    def test_compile_errors_with_locations(self):
        b = triage.RulesBuilder()
        b.set_location("db:terms", 11, 4)
        b.category("ok").regex("(unclosed", 1)
        b.set_location("db:routes", 20, 1)
        b.route("r", category="undefined")
        self.assertEqual(b.errors, [])
        with self.assertRaises(triage.RulesError) as cm:
            b.compile()
        e = cm.exception
        where = {x.code: (x.file, x.line, x.column) for x in e.errors}
        self.assertEqual(where.get(triage.ERR_RULES), ("db:routes", 20, 1))
        if triage.ERR_REGEX in where:
            self.assertEqual(where[triage.ERR_REGEX], ("db:terms", 11, 4))
        b2 = triage.RulesBuilder()
        b2.set_location("db:terms", 11, 4)
        b2.category("ok").regex("(unclosed", 1)
        with self.assertRaises(triage.RegexError) as cm:
            b2.compile()
        self.assertEqual((cm.exception.file, cm.exception.line, cm.exception.column),
                         ("db:terms", 11, 4))

    def test_add_error(self):
        b = triage.RulesBuilder()
        b.category("a", keywords={"x": 1})
        b.add_error(triage.ERR_RULES, "my front end says no", "mine.cfg", 3, 1)
        with self.assertRaises(triage.RulesError) as cm:
            b.compile()
        self.assertEqual(str(cm.exception), "mine.cfg:3:1: my front end says no")
        with self.assertRaises(ValueError):
            b.add_error(0, "not an error")

    def test_set_source_hash_and_settings(self):
        b = triage.RulesBuilder()
        b.set_name("n").set_default_queue("q").set_min_score(2).set_accent_insensitive(True)
        b.set_field_weight("subject", 3).set_source_hash(bytes(range(32)))
        b.category("a", keywords={"cafe": 1})
        rules = b.compile()
        self.assertEqual(rules.source_hash, bytes(range(32)))
        self.assertEqual(rules.route(subject="café").scores["a"], 3)
        with self.assertRaises(ValueError):
            b.set_source_hash(b"short")
        with self.assertRaises(ValueError):
            b.set_regex_budget(0)
        with self.assertRaises(TypeError):
            b.set_min_score("3")

    def test_load_yaml_into_builder_then_extend(self):
        b = triage.RulesBuilder()
        b.load_yaml(RULES, "base.yaml")
        b.category("extra", keywords={"zebra": 5})
        rules = b.compile()
        self.assertEqual(rules.categories, ("billing", "outage", "extra"))
        with self.assertRaises(triage.RulesSyntaxError):
            triage.RulesBuilder().load_yaml("triage: [", "x.yaml")

    def test_route_with_bad_regex_condition(self):
        b = triage.RulesBuilder()
        b.category("a", keywords={"x": 1})
        b.route("r", match={"body": "(["})
        with self.assertRaises(triage.RegexError):
            b.compile()


if __name__ == "__main__":
    unittest.main()
