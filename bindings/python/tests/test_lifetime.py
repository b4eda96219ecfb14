"""Closing, context managers, garbage collection and interpreter exit."""
import gc
import os
import subprocess
import sys
import unittest
import weakref

import triage

from .support import RULES


class LifetimeTest(unittest.TestCase):
    def test_rules_use_after_close(self):
        rules = triage.Rules.from_string(RULES)
        rules.route(subject="invoice")
        rules.close()
        rules.close()  # idempotent
        self.assertTrue(rules.closed)
        for call in (lambda: rules.route(subject="x"), lambda: rules.route_many([{}]),
                     lambda: rules.route(triage.Ticket(subject="x")), lambda: rules.name,
                     lambda: rules.categories, lambda: rules.routes, lambda: rules.memory,
                     lambda: rules.source_hash, lambda: rules.category_index("billing")):
            with self.assertRaises(triage.ClosedError) as cm:
                call()
            self.assertEqual(cm.exception.code, triage.ERR_STATE)
            self.assertIsInstance(cm.exception, ValueError)

    def test_context_managers(self):
        with triage.Rules.from_string(RULES) as rules:
            self.assertFalse(rules.closed)
        self.assertTrue(rules.closed)
        with triage.Ticket(subject="x") as t:
            pass
        with self.assertRaises(triage.ClosedError):
            t.values("subject")
        with self.assertRaises(triage.ClosedError):
            t.add("body", "y")
        with self.assertRaises(triage.ClosedError):
            t.clear()
        with triage.RulesBuilder() as b:
            b.category("a", keywords={"x": 1})
        with self.assertRaises(triage.ClosedError):
            b.compile()
        with self.assertRaises(triage.ClosedError):
            b.category("b")
        with self.assertRaises(triage.ClosedError):
            b.errors
        with triage.Calendar.always() as cal:
            pass
        with self.assertRaises(triage.ClosedError):
            cal.due(0, 60)
        with self.assertRaises(triage.ClosedError):
            cal.add_holiday("2026-01-01")
        self.assertIn("closed", repr(cal))

    def test_rules_outlive_builder_and_ticket_outlives_rules(self):
        b = triage.RulesBuilder()
        b.category("a", keywords={"x": 3})
        rules = b.compile()
        b.close()
        t = triage.Ticket(subject="x")
        self.assertEqual(rules.route(t).category, "a")
        rules.close()
        self.assertEqual(t.values("subject"), [b"x"])
        t.close()

    def test_garbage_collection_frees(self):
        rules = triage.Rules.from_string(RULES)
        rules.route(subject="x")
        ref = weakref.ref(rules)
        finalizer = rules._finalizer
        self.assertTrue(finalizer.alive)
        del rules
        gc.collect()
        self.assertIsNone(ref())
        self.assertFalse(finalizer.alive)

    def test_ticket_clear_and_update(self):
        t = triage.Ticket(subject="a")
        t.update({"body": "b"}, channel="chat")
        t.add("tags", ["x", "y"])
        self.assertEqual(t.values("tags"), [b"x", b"y"])
        t.clear()
        self.assertEqual(t.value_count("subject"), 0)
        self.assertIn("Ticket", repr(t))

    def test_interpreter_exit_with_live_objects(self):
        """Objects still alive (and one in use by a daemon thread) at exit:
        the process ends cleanly."""
        code = r"""
import threading, triage
rules = triage.Rules.from_string(open(r'%s').read())
t = triage.Ticket(subject='invoice')
cal = triage.Calendar.always()
b = triage.RulesBuilder(); b.category('x')
def spin():
    while True:
        rules.route(subject='invoice charged twice')
threading.Thread(target=spin, daemon=True).start()
rules.route(t)
print('done')
"""
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(RULES)
        try:
            here = os.path.dirname(os.path.dirname(os.path.abspath(triage.__file__)))
            p = subprocess.run([sys.executable, "-c", code % f.name], cwd=here,
                               capture_output=True, text=True, timeout=60)
        finally:
            os.unlink(f.name)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), "done")


if __name__ == "__main__":
    unittest.main()
