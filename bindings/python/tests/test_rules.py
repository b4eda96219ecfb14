"""Loading rules: files, strings, introspection and every kind of error."""
import os
import pathlib
import tempfile
import unittest

import triage

from .support import EXAMPLE_RULES, RULES


class LoadTest(unittest.TestCase):
    def test_from_file(self):
        with triage.Rules.from_file(EXAMPLE_RULES) as rules:
            self.assertEqual(rules.name, "bank-support")
            self.assertEqual(len(rules.categories), 12)
            self.assertIn("lost_or_stolen", rules.categories)
            self.assertGreater(len(rules.routes), 0)
            self.assertGreater(rules.memory, 1000)
            self.assertEqual(len(rules.source_hash), 32)
            self.assertNotEqual(rules.source_hash, bytes(32))

    def test_from_file_pathlike_and_bytes(self):
        a = triage.Rules.from_file(pathlib.Path(EXAMPLE_RULES))
        b = triage.Rules.from_file(os.fsencode(EXAMPLE_RULES))
        self.assertEqual(a.source_hash, b.source_hash)
        self.assertEqual(a.categories, b.categories)

    def test_from_string_str_and_bytes(self):
        a = triage.Rules.from_string(RULES)
        b = triage.Rules.from_string(RULES.encode())
        self.assertEqual(a.name, "test-rules")
        self.assertEqual(a.categories, ("billing", "outage"))
        self.assertEqual(a.routes[:2], ("outage-urgent", "vip"))
        self.assertEqual(a.source_hash, b.source_hash)
        self.assertEqual(a.category_index("outage"), 1)
        self.assertEqual(a.category_index(b"billing"), 0)
        with self.assertRaises(triage.NotFoundError) as cm:
            a.category_index("nope")
        self.assertEqual(cm.exception.code, triage.ERR_NOT_FOUND)

    def test_repr(self):
        r = triage.Rules.from_string(RULES)
        self.assertIn("test-rules", repr(r))
        r.close()
        self.assertIn("closed", repr(r))

    def test_rules_cannot_be_made_directly(self):
        with self.assertRaises(TypeError):
            triage.Rules()


class RulesErrorTest(unittest.TestCase):
    def load(self, text, name="bad.yaml"):
        with self.assertRaises(triage.TriageError) as cm:
            triage.Rules.from_string(text, name=name)
        return cm.exception

    def test_every_error_with_location(self):
        e = self.load("triage: 1\ncategories:\n  - name: a\n    keyword: {x: 1}\n"
                      "  - name: a\n    keywords: {y: 1}\n")
        self.assertIsInstance(e, triage.RulesError)
        self.assertEqual(e.code, triage.ERR_RULES)
        self.assertEqual((e.file, e.line, e.column), ("bad.yaml", 4, 5))
        self.assertIn("did you mean 'keywords'", e.message)
        self.assertEqual(len(e.errors), 2)
        self.assertEqual(e.errors[1].code, triage.ERR_EXISTS)
        self.assertEqual((e.errors[1].file, e.errors[1].line), ("bad.yaml", 5))
        text = str(e)
        self.assertTrue(text.startswith("bad.yaml:4:5: unknown key 'keyword'"), text)
        self.assertIn("bad.yaml:5:", text.splitlines()[1])

    def test_syntax_error(self):
        e = self.load("triage: 1\ncategories: [\n")
        self.assertIsInstance(e, triage.RulesSyntaxError)
        self.assertEqual(e.code, triage.ERR_SYNTAX)
        self.assertEqual(e.file, "bad.yaml")
        self.assertGreater(e.line, 0)

    def test_regex_error(self):
        e = self.load("triage: 1\ncategories:\n  - name: a\n    regex:\n"
                      "      - {pattern: '(', weight: 1}\n")
        self.assertIsInstance(e, triage.RegexError)
        self.assertEqual((e.line, e.column), (5, 19))
        self.assertIn("parenthesis", e.message)

    def test_undefined_category(self):
        e = self.load("triage: 1\nroutes:\n  - name: r\n    when: {category: [nope]}\n"
                      "    set: {queue: q}\n")
        self.assertIs(type(e), triage.RulesError)
        self.assertIn("'nope'", e.message)

    def test_unsupported_version(self):
        e = self.load("triage: 2\n")
        self.assertIsInstance(e, triage.UnsupportedError)

    def test_default_name(self):
        e = self.load("triage: 1\nfoo: 1\n", name=None)
        self.assertIn(e.file, (None, "<rules>"))

    def test_invalid_utf8_rules(self):
        e = self.load(b"triage: 1\nname: \xff\xfe\n")
        self.assertEqual(e.code, triage.ERR_UTF8)
        self.assertIsInstance(e, triage.ValidationError)

    def test_missing_file(self):
        with self.assertRaises(triage.TriageIOError) as cm:
            triage.Rules.from_file("/nonexistent/rules.yaml")
        self.assertEqual(cm.exception.code, triage.ERR_IO)
        self.assertIn("/nonexistent/rules.yaml", str(cm.exception))

    def test_file_errors_name_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rules.yaml")
            with open(path, "w") as f:
                f.write("triage: 1\ncategories:\n  - name: x\n    keywords: {a: many}\n")
            with self.assertRaises(triage.RulesError) as cm:
                triage.Rules.from_file(path)
        self.assertEqual(cm.exception.file, path)
        self.assertEqual(cm.exception.line, 4)

    def test_nul_in_path_refused(self):
        with self.assertRaises(ValueError):
            triage.Rules.from_file("rules\0.yaml")
        with self.assertRaises(ValueError):
            triage.Rules.from_string(RULES, name="a\0b")


if __name__ == "__main__":
    unittest.main()
