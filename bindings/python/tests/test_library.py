"""Loading the library, the signature table, status codes."""
import ctypes
import os
import re
import subprocess
import sys
import unittest

import triage
from triage import _ffi, _lib
from triage._core import C

from .support import INCLUDE_DIR

# Public C functions the bindings deliberately do not bind, and why.
NOT_BOUND = {
    # A Python allocator would be a ctypes callback called with the GIL
    # released from inside routing: slow and fragile, and Python gains nothing.
    "triage_allocator_create", "triage_allocator_free",
}
NOT_BOUND |= {
    # Python decisions are snapshots without a C decision behind them:
    # Decision.differences() compares them with the same semantics.
    "triage_decision_compare", "triage_diff_name",
    # The same for every decision of a ruleset: Decision.rules_hash carries
    # Rules.source_hash, read once.
    "triage_decision_rules_hash",
}
NOT_BOUND_PREFIXES = ()


def header_functions():
    """{name: [argument texts]} for every TRIAGE_API declaration."""
    out = {}
    for name in sorted(os.listdir(INCLUDE_DIR)):
        if not name.endswith(".h"):
            continue
        with open(os.path.join(INCLUDE_DIR, name), encoding="utf-8") as f:
            text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
        for m in re.finditer(r"TRIAGE_API\s+[^;(]*?\b(triage_\w+)\s*\(([^)]*)\)\s*;", text):
            args = [a.strip() for a in m.group(2).split(",")]
            out[m.group(1)] = [] if args == ["void"] else args
    return out


class LibraryTest(unittest.TestCase):
    def test_version(self):
        self.assertEqual(triage.library_version_number // 10000, 1)
        major, minor, patch = (int(x) for x in triage.library_version.split("."))
        self.assertEqual(triage.library_version_number, major * 10000 + minor * 100 + patch)
        self.assertTrue(os.path.basename(triage.library_path).startswith("libtriage"))

    def test_library_from_environment(self):
        env = os.environ.get("TRIAGE_LIBRARY")
        if env:
            self.assertEqual(triage.library_path, env)

    def test_missing_library_lists_every_place(self):
        env = dict(os.environ, TRIAGE_LIBRARY="/nonexistent/libtriage.so")
        code = "import triage"
        p = subprocess.run([sys.executable, "-c", code], env=env, cwd=os.path.dirname(
            os.path.dirname(os.path.abspath(triage.__file__))), capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("LibraryNotFoundError", p.stderr)
        self.assertIn("/nonexistent/libtriage.so", p.stderr)
        self.assertIn("$TRIAGE_LIBRARY", p.stderr)

    def test_search_order(self):
        saved = os.environ.pop("TRIAGE_LIBRARY", None)
        try:
            places = [where for _, where in _lib._candidates()]
        finally:
            if saved is not None:
                os.environ["TRIAGE_LIBRARY"] = saved
        self.assertTrue(places[0].endswith(os.path.join("triage", "libtriage.so.1")))
        self.assertTrue(places[1].endswith(os.path.join("triage", "libtriage.so")))
        self.assertEqual(places[-1], "libtriage.so.1")

    def test_version_check_refuses_other_major(self):
        class Fn:
            def __call__(self):
                return 20301

        class FakeLib:
            triage_version_number = Fn()

        problem = _lib._check_version(FakeLib())
        self.assertIn("2.3.1", problem)
        self.assertIsNone(_lib._check_version(_ffi and triage._core.LIB))
        self.assertIn("not libtriage", _lib._check_version(object()))

    def test_strerror_and_codes(self):
        codes = [getattr(triage, n) for n in dir(triage) if n.startswith("ERR_")]
        self.assertEqual(len(codes), 16)
        for code in codes:
            text = triage.strerror(code)
            self.assertTrue(text and text != "unknown status", code)
            cls = triage.error_class(code)
            self.assertTrue(issubclass(cls, triage.TriageError))
        self.assertEqual(triage.strerror(-999), "unknown status")
        self.assertIs(triage.error_class(-999), triage.TriageError)
        self.assertEqual(triage.strerror(triage.OK), triage.strerror(0))

    def test_error_classes(self):
        self.assertTrue(issubclass(triage.RegexError, triage.RulesError))
        self.assertTrue(issubclass(triage.RulesSyntaxError, triage.RulesError))
        self.assertTrue(issubclass(triage.DuplicateError, triage.RulesError))
        self.assertTrue(issubclass(triage.ValidationError, ValueError))
        self.assertTrue(issubclass(triage.ClosedError, triage.StateError))
        self.assertTrue(issubclass(triage.NotFoundError, LookupError))
        self.assertTrue(issubclass(triage.TriageMemoryError, MemoryError))
        e = triage.RulesError(-4, "bad", "r.yaml", 3, 7)
        self.assertEqual(str(e), "r.yaml:3:7: bad")
        self.assertEqual((e.code, e.message, e.file, e.line, e.column), (-4, "bad", "r.yaml", 3, 7))
        self.assertEqual(str(triage.TriageError(-2, "plain")), "plain")
        import pickle
        again = pickle.loads(pickle.dumps(e))
        self.assertEqual((type(again), str(again)), (type(e), str(e)))

    def test_every_entry_declared(self):
        for name, restype, argtypes in _ffi.all_signatures():
            if not hasattr(C, name):
                continue  # an optional group this library lacks
            fn = getattr(C, name)
            self.assertEqual(fn.restype, restype, name)
            self.assertEqual(list(fn.argtypes), list(argtypes), name)

    def test_table_matches_headers(self):
        headers = header_functions()
        self.assertIn("triage_route", headers)
        pointer_types = (ctypes.c_void_p, ctypes.c_char_p)
        for name, _restype, argtypes in _ffi.all_signatures():
            self.assertIn(name, headers, "%s is not declared in include/triage" % name)
            decl = headers[name]
            self.assertEqual(len(decl), len(argtypes), "%s: argument count" % name)
            for text, t in zip(decl, argtypes):
                is_ptr = "*" in text or "[" in text
                c_is_ptr = t in pointer_types or hasattr(t, "contents") or (
                    isinstance(t, type) and issubclass(t, ctypes._Pointer))
                self.assertEqual(is_ptr, bool(c_is_ptr), "%s: argument %r" % (name, text))

    def test_unbound_functions_are_known(self):
        bound = {n for n, _, _ in _ffi.all_signatures()}
        missing = sorted(n for n in header_functions() if n not in bound and n not in NOT_BOUND
                         and not (NOT_BOUND_PREFIXES and n.startswith(NOT_BOUND_PREFIXES)))
        if missing:
            self.skipTest("C functions without Python bindings yet: %s" % ", ".join(missing))

    def test_gil_released_only_for_real_work(self):
        pythonapi = ctypes._FUNCFLAG_PYTHONAPI
        for name, _, _ in _ffi.all_signatures():
            fn = getattr(C, name, None)
            if fn is None:
                continue
            keeps_gil = bool(fn._flags_ & pythonapi)
            self.assertEqual(keeps_gil, name not in _ffi.RELEASE_GIL, name)
        self.assertFalse(C.triage_route._flags_ & pythonapi)  # threads route in parallel
        self.assertTrue(C.triage_decision_tier._flags_ & pythonapi)

    def test_has_feature(self):
        self.assertTrue(triage.has_feature("yaml"))
        self.assertTrue(triage.has_feature("calendar"))
        self.assertFalse(triage.has_feature("no-such-group"))


if __name__ == "__main__":
    unittest.main()
