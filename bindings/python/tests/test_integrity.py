"""Signed rules, the audit log and pseudonyms."""
import hashlib
import os
import shutil
import tempfile
import unittest

import triage

from .support import SOURCE_DIR

FIXTURES = os.path.join(SOURCE_DIR, "tests", "data", "integrity")


def fixture(name):
    return os.path.join(FIXTURES, name)


def read(name, mode="r"):
    with open(fixture(name), mode) as f:
        return f.read()


@unittest.skipUnless(triage.has_feature("integrity"), "library without integrity")
class SignedRulesTest(unittest.TestCase):
    def setUp(self):
        if not os.path.exists(fixture("key.pub")):
            self.skipTest("integrity fixtures missing")
        self.trust = triage.Trust([read("key.pub")])

    def tearDown(self):
        self.trust.close()

    def test_verify_data(self):
        data = read("data.txt", "rb")
        comment = self.trust.verify(data, read("data.txt.minisig"))
        self.assertIsInstance(comment, str)
        self.assertEqual(len(self.trust), 1)
        self.assertEqual(self.trust.verify(data, read("data.txt.legacy.minisig").encode()),
                         self.trust.verify_file(fixture("data.txt"),
                                                fixture("data.txt.legacy.minisig")))
        self.assertEqual(self.trust.verify_file(fixture("data.txt")), comment)

    def test_bad_signatures(self):
        data = read("data.txt", "rb")
        with self.assertRaises(triage.SignatureError) as cm:
            self.trust.verify(data + b"x", read("data.txt.minisig"))
        self.assertEqual(cm.exception.code, triage.ERR_SIGNATURE)
        self.assertTrue(cm.exception.message)
        with self.assertRaises(triage.SignatureError):
            self.trust.verify(data, read("data.txt.other.minisig"))  # untrusted key
        with self.assertRaises(triage.SignatureError):
            self.trust.verify(data, "untrusted comment: x\nnot base64\n")
        with self.assertRaises(triage.SignatureError):
            self.trust.add_key("RWQ-not-a-key")
        with self.assertRaises(triage.StateError):
            triage.Trust().verify(data, read("data.txt.minisig"))  # no key

    def test_key_files(self):
        t = triage.Trust(key_files=[fixture("key.pub"), fixture("other.pub")])
        self.assertEqual(len(t), 2)
        self.trust.verify(read("data.txt", "rb"), read("data.txt.minisig"))
        with self.assertRaises(triage.TriageIOError):
            t.add_key_file("/nonexistent.pub")
        t.close()

    def test_signed_rules(self):
        rules = triage.Rules.from_signed_file(fixture("rules.yaml"), self.trust)
        raw = read("rules.yaml", "rb")
        self.assertEqual(rules.source_hash, hashlib.blake2b(raw, digest_size=32).digest())
        self.assertTrue(rules.categories)
        legacy = triage.Rules.from_signed_file(fixture("rules.yaml"), self.trust,
                                               fixture("rules.yaml.legacy.minisig"))
        self.assertEqual(legacy.source_hash, rules.source_hash)

    def test_signed_rules_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rules.yaml")
            with open(path, "wb") as f:
                f.write(read("rules.yaml", "rb") + b"\n# changed\n")
            shutil.copy(fixture("rules.yaml.minisig"), path + ".minisig")
            with self.assertRaises(triage.SignatureError) as cm:
                triage.Rules.from_signed_file(path, self.trust)
            self.assertEqual(cm.exception.errors[0].file, path)
            os.unlink(path + ".minisig")
            with self.assertRaises(triage.SignatureError):
                triage.Rules.from_signed_file(path, self.trust)  # no signature file


@unittest.skipUnless(triage.has_feature("integrity"), "library without integrity")
class AuditLogTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.public, cls.secret = triage.audit_keygen()

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "audit.log")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, n=5, interval=2):
        with triage.AuditWriter(self.path, secret_key=self.secret, interval=interval) as w:
            for i in range(n):
                w.append("decision %d" % i)
            w.append(b"\0binary\xff", kind=200)
            w.checkpoint()
            anchor = w.last_checkpoint
            count = w.count
        return anchor, count

    def test_keys(self):
        self.assertTrue(self.public.startswith("untrusted comment:"))
        self.assertEqual(triage.audit_public_key(self.secret), self.public)
        with self.assertRaises(triage.TriageError):
            triage.audit_public_key("not a key")
        # The audit public key is a minisign key: Trust accepts it.
        self.assertEqual(len(triage.Trust([self.public])), 1)

    def test_write_and_verify(self):
        anchor, count = self.write()
        self.assertIn("checkpoint", anchor)
        report = triage.verify_audit_log(self.path, keys=[self.public], anchor=anchor)
        self.assertTrue(report)
        self.assertEqual((report.ok, report.reason), (True, "ok"))
        # close wrote no checkpoint: nothing was added since the explicit one
        self.assertEqual(report.entries, count)
        self.assertGreaterEqual(report.checkpoints, 3)
        self.assertEqual(report.unsealed, 0)
        if triage.has_feature("integrity_anchor"):
            self.assertEqual(report.last_checkpoint, anchor)
        with open(self.path, "rb") as f:
            data = f.read()
        self.assertEqual(triage.verify_audit_log(data, keys=[self.public]).entries,
                         report.entries)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            self.assertTrue(triage.verify_audit_log(fd, keys=[self.public]))
        finally:
            os.close(fd)

    def test_tampering_found(self):
        self.write()
        with open(self.path, "rb") as f:
            data = bytearray(f.read())
        changed = bytearray(data)
        i = data.index(b"decision 3")
        changed[i + 9] ^= 1
        report = triage.verify_audit_log(bytes(changed), keys=[self.public])
        self.assertFalse(report)
        self.assertEqual(report.reason, "changed")
        self.assertGreater(report.index, 0)
        self.assertLessEqual(report.offset, i)
        self.assertTrue(report.message)
        with self.assertRaises(triage.TriageIOError):
            triage.verify_audit_log(os.path.join(self.dir, "missing.log"))

    def test_cut_found_with_anchor(self):
        anchor, _ = self.write()
        with triage.AuditWriter(self.path, secret_key=self.secret) as w:
            w.append("later")
            w.checkpoint()
            late_anchor = w.last_checkpoint
        with open(self.path, "rb") as f:
            data = f.read()
        cut = data[:len(data) // 2]
        report = triage.verify_audit_log(cut, keys=[self.public], anchor=late_anchor)
        self.assertFalse(report.ok)
        self.assertIn(report.reason, ("cut", "torn_tail", "removed"))
        with triage.AuditVerifier([self.public]) as v:
            v.set_anchor(anchor)
            self.assertTrue(v.verify(self.path))
            v.set_anchor(None)
            self.assertTrue(v.verify(data))

    def test_reopen_continues_and_torn_tail(self):
        _, count = self.write()
        with open(self.path, "ab") as f:
            f.write(b"\x01\x02\x03")  # a torn frame, as a crash leaves it
        report = triage.verify_audit_log(self.path, keys=[self.public])
        self.assertTrue(report.ok)
        self.assertEqual(report.reason, "torn_tail")
        w = triage.AuditWriter(self.path, secret_key=self.secret)
        self.assertEqual(w.torn_bytes, 3)
        self.assertEqual(w.count, count)
        w.append("after the crash")
        w.close()
        w.close()
        with self.assertRaises(triage.ClosedError):
            w.append("x")
        self.assertEqual(triage.verify_audit_log(self.path, keys=[self.public]).reason, "ok")

    def test_writer_errors(self):
        with self.assertRaises(triage.TriageError):
            triage.AuditWriter(self.path, secret_key="garbage")
        with self.assertRaises(ValueError):
            triage.AuditWriter(secret_key=self.secret, sync="sometimes")
        w = triage.AuditWriter(secret_key=self.secret, sync="record")
        with self.assertRaises(triage.StateError):
            w.append("not open")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            w.open_fd(fd)
            w.append("via fd", kind=triage.AUDIT_SLA)
            w.finish()
        finally:
            os.close(fd)
        w.close()
        self.assertTrue(triage.verify_audit_log(self.path, keys=[self.public]))


@unittest.skipUnless(triage.has_feature("integrity"), "library without integrity")
class PseudonymTest(unittest.TestCase):
    def test_pseudonyms(self):
        key = triage.pseudonym_keygen()
        self.assertEqual(len(key), 32)
        self.assertNotEqual(key, triage.pseudonym_keygen())
        a = triage.pseudonymize(key, "ana@example.com")
        self.assertEqual(len(a), 32)
        self.assertTrue(all(c in "0123456789abcdef" for c in a))
        self.assertEqual(a, triage.pseudonymize(key, b"ana@example.com"))
        self.assertNotEqual(a, triage.pseudonymize(key, "Ana@Example.com"))
        self.assertEqual(triage.pseudonymize(key, " Ana@Example.com ", email=True),
                         triage.pseudonymize(key, "ana@example.com", email=True))
        self.assertEqual(len(triage.pseudonymize(key, "x", base64url=True)), 22)
        self.assertNotEqual(a, triage.pseudonymize(triage.pseudonym_keygen(), "ana@example.com"))
        self.assertEqual(triage.pseudonymize(key, "a\0b"), triage.pseudonymize(key, b"a\0b"))
        self.assertNotEqual(triage.pseudonymize(key, "a\0b"), triage.pseudonymize(key, "a"))
        with self.assertRaises(ValueError):
            triage.pseudonymize(b"short", "x")


if __name__ == "__main__":
    unittest.main()
