"""Integrity: signed rules (minisign), the tamper-evident audit log, and
pseudonyms for customer identifiers (all cryptography is libsodium's).

Keys and signatures are texts (the content of minisign ``.pub`` and
``.minisig`` files); data and payloads are bytes (a str is UTF-8 encoded).
"""
from __future__ import annotations

import ctypes
import weakref
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Tuple, Union

from ._core import C, Closeable, cstr, encode, fail, Guard, require, Text
from .errors import ERR_NOMEM, ERR_SIGNATURE, TriageError, TriageMemoryError, error_class
from .rules import PathLike, c_path

__all__ = ["Trust", "AuditWriter", "AuditVerifier", "AuditReport", "verify_audit_log",
           "audit_keygen", "audit_public_key", "pseudonym_keygen", "pseudonymize",
           "AUDIT_DECISION", "AUDIT_RULESET", "AUDIT_SLA", "AUDIT_REASONS"]

AUDIT_DECISION = 1
AUDIT_RULESET = 2
AUDIT_SLA = 3
AUDIT_REASONS = ("ok", "torn_tail", "bad_header", "changed", "removed", "reordered",
                 "duplicated", "inserted", "cut", "bad_checkpoint")
_SYNC = {"none": 0, "record": 1, "checkpoint": 2}
KEY_TEXT_MAX = 256
PSEUDONYM_KEY_BYTES = 32
PSEUDONYM_MAX = 33


def _opt_path(path: Optional[PathLike]) -> Optional[bytes]:
    return None if path is None else c_path(path)


def _detailed(code: int, message: Optional[str], what: str) -> TriageError:
    """An exception with the object's own message (which says what and
    where) when it has one, else the status text."""
    if message:
        return error_class(code)(code, message)
    return fail(code, what)


class Trust(Closeable):
    """Public keys trusted for signed rules::

        trust = triage.Trust(key_files=["rules.pub"])
        rules = triage.Rules.from_signed_file("rules.yaml", trust)

    Verification raises :class:`triage.SignatureError` saying what is wrong.
    A Trust serialises its calls (the C object records its last message).
    """

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, keys: Iterable[Text] = (), key_files: Iterable[PathLike] = ()):
        require("integrity", "Trust")
        ptr = C.triage_trust_create(None)
        if not ptr:
            raise TriageMemoryError(ERR_NOMEM, "cannot create a trust object")
        self._guard = Guard(ptr, C.triage_trust_free, "trust")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        for k in keys:
            self.add_key(k)
        for f in key_files:
            self.add_key_file(f)

    def _call(self, fn, *args: Any, what: str) -> str:
        """Calls fn; returns the trusted comment on success, raises with
        the trust object's message on failure."""
        with self._guard.exclusive() as t:
            rc = fn(t, *args)
            message = cstr(C.triage_trust_error(t)) if rc else None
            comment = cstr(C.triage_trust_trusted_comment(t)) if not rc else ""
        if rc:
            raise _detailed(rc, message, what)
        return comment or ""

    def add_key(self, text: Text) -> None:
        """Adds a public key (a minisign .pub file's text, or its key line)."""
        raw = encode(text, "key")
        self._call(C.triage_trust_add_key, raw, len(raw), what="public key")

    def add_key_file(self, path: PathLike) -> None:
        """Adds the key of a minisign .pub file."""
        self._call(C.triage_trust_add_key_file, c_path(path), what="key file %s" % (path,))

    def __len__(self) -> int:
        t = self._guard.enter()
        try:
            return C.triage_trust_key_count(t)
        finally:
            self._guard.leave()

    def verify(self, data: Union[bytes, str], signature: Text) -> str:
        """Verifies data against a .minisig text; returns its trusted comment."""
        raw = encode(data, "data")
        sig = encode(signature, "signature")
        return self._call(C.triage_trust_verify, raw, len(raw), sig, len(sig),
                          what="signature")

    def verify_file(self, path: PathLike, sig_path: Optional[PathLike] = None) -> str:
        """Verifies a file against its signature (default ``path + ".minisig"``);
        returns the trusted comment."""
        return self._call(C.triage_trust_verify_file, c_path(path), _opt_path(sig_path),
                          what="signature of %s" % (path,))


def audit_keygen() -> Tuple[str, str]:
    """A new (public key text, secret key text) pair for signing checkpoints."""
    require("integrity", "audit_keygen")
    pub = ctypes.create_string_buffer(KEY_TEXT_MAX)
    sec = ctypes.create_string_buffer(KEY_TEXT_MAX)
    rc = C.triage_audit_keygen(pub, KEY_TEXT_MAX, sec, KEY_TEXT_MAX)
    if rc:
        raise fail(rc, "audit_keygen")
    out = (pub.value.decode("ascii"), sec.value.decode("ascii"))
    ctypes.memset(sec, 0, KEY_TEXT_MAX)
    return out


def audit_public_key(secret_text: Text) -> str:
    """The public key text for a secret key text."""
    require("integrity", "audit_public_key")
    raw = encode(secret_text, "secret key")
    pub = ctypes.create_string_buffer(KEY_TEXT_MAX)
    rc = C.triage_audit_public_key(raw, len(raw), pub, KEY_TEXT_MAX)
    if rc:
        raise fail(rc, "secret key")
    return pub.value.decode("ascii")


def _close_and_free_writer(w: int) -> None:
    C.triage_audit_writer_close(w)  # final checkpoint when open; harmless otherwise
    C.triage_audit_writer_free(w)


class AuditWriter(Closeable):
    """Appends records to an audit log, chained and checkpointed::

        with triage.AuditWriter("audit.log", secret_key=secret) as log:
            log.append(json.dumps(decision.to_dict()))      # kind AUDIT_DECISION
            anchor = log.last_checkpoint

    ``close()`` (or the end of the ``with`` block, or garbage collection)
    writes a final signed checkpoint and closes the file.  One writer per log
    at a time; calls on one writer are serialised.
    """

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, path: Optional[PathLike] = None, *, secret_key: Text,
                 interval: Optional[int] = None, sync: str = "none", fd: Optional[int] = None):
        require("integrity", "AuditWriter")
        ptr = C.triage_audit_writer_create(None)
        if not ptr:
            raise TriageMemoryError(ERR_NOMEM, "cannot create an audit writer")
        self._guard = Guard(ptr, _close_and_free_writer, "audit writer")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        raw = encode(secret_key, "secret key")
        self._call(C.triage_audit_writer_set_key, raw, len(raw), what="secret key")
        if interval is not None:
            self._call(C.triage_audit_writer_set_interval, int(interval), what="interval")
        if sync not in _SYNC:
            raise ValueError("sync is one of %s" % ", ".join(_SYNC))
        self._call(C.triage_audit_writer_set_sync, _SYNC[sync], what="sync")
        if path is not None and fd is not None:
            raise TypeError("give a path or an fd, not both")
        if path is not None:
            self.open(path)
        elif fd is not None:
            self.open_fd(fd)

    def _call(self, fn, *args: Any, what: str) -> None:
        with self._guard.exclusive() as w:
            rc = fn(w, *args)
            message = cstr(C.triage_audit_writer_error(w)) if rc else None
        if rc:
            raise _detailed(rc, message, what)

    def open(self, path: PathLike) -> None:
        """Opens (creating, mode 0600) or reopens a log; a reopened log is
        verified first and a torn tail cut off."""
        self._call(C.triage_audit_writer_open, c_path(path), what="open %s" % (path,))

    def open_fd(self, fd: int) -> None:
        """The same over a descriptor open for reading and writing (kept open)."""
        self._call(C.triage_audit_writer_open_fd, int(fd), what="open fd %d" % fd)

    def append(self, payload: Union[bytes, str], kind: int = AUDIT_DECISION) -> None:
        """Appends one record (kind 1..255; 16 and up are yours)."""
        raw = encode(payload, "payload")
        self._call(C.triage_audit_writer_append, int(kind), raw, len(raw), what="append")

    def checkpoint(self) -> None:
        """Writes a signed checkpoint now."""
        self._call(C.triage_audit_writer_checkpoint, what="checkpoint")

    def finish(self) -> None:
        """Writes the final checkpoint and closes the file, keeping the
        writer for another open()."""
        self._call(C.triage_audit_writer_close, what="close")

    def _get(self, fn):
        w = self._guard.enter()
        try:
            return fn(w)
        finally:
            self._guard.leave()

    @property
    def count(self) -> int:
        """Entries (records and checkpoints) in the log."""
        return self._get(C.triage_audit_writer_count)

    @property
    def torn_bytes(self) -> int:
        """Bytes of a torn tail removed when the log was opened."""
        return self._get(C.triage_audit_writer_torn_bytes)

    @property
    def last_checkpoint(self) -> str:
        """The last checkpoint line ("" if none): keep it elsewhere as an anchor."""
        with self._guard.exclusive() as w:
            return cstr(C.triage_audit_writer_last_checkpoint(w)) or ""


@dataclass(frozen=True)
class AuditReport:
    """The result of verifying an audit log.  ``ok`` is true when intact
    (``reason`` "ok" or "torn_tail"); otherwise ``reason`` says how it was
    damaged and ``index``/``offset`` where (the first bad entry).
    ``last_checkpoint`` is the last intact checkpoint line (keep it as the
    anchor of the next verification)."""
    ok: bool
    reason: str
    index: int
    offset: int
    message: str
    entries: int
    checkpoints: int
    unsealed: int
    last_checkpoint: str = ""  # the last intact checkpoint line: a new anchor

    def __bool__(self) -> bool:
        return self.ok


class AuditVerifier(Closeable):
    """Verifies audit logs against trusted public keys and an optional anchor
    (a checkpoint line kept outside the log, proving it was not cut)."""

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, keys: Iterable[Text] = (), anchor: Optional[Text] = None):
        require("integrity", "AuditVerifier")
        ptr = C.triage_audit_verifier_create(None)
        if not ptr:
            raise TriageMemoryError(ERR_NOMEM, "cannot create an audit verifier")
        self._guard = Guard(ptr, C.triage_audit_verifier_free, "audit verifier")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        for k in keys:
            self.add_key(k)
        if anchor is not None:
            self.set_anchor(anchor)

    def _call(self, fn, *args: Any, what: str) -> None:
        with self._guard.exclusive() as v:
            rc = fn(v, *args)
            message = cstr(C.triage_audit_verifier_message(v)) if rc else None
        if rc:
            raise _detailed(rc, message, what)

    def add_key(self, text: Text) -> None:
        raw = encode(text, "key")
        self._call(C.triage_audit_verifier_add_key, raw, len(raw), what="public key")

    def set_anchor(self, line: Optional[Text]) -> None:
        """The anchor checkpoint line (None or "" removes it)."""
        raw = b"" if line is None else encode(line, "anchor")
        self._call(C.triage_audit_verifier_set_anchor, raw, len(raw), what="anchor")

    def verify(self, source: Union[PathLike, bytes, bytearray, memoryview, int]) -> AuditReport:
        """Verifies a log given as a path, its bytes, or a file descriptor.
        Damage is reported in the result (``ok`` false); only an unreadable
        file (TriageIOError) or memory exhaustion raises."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            fn, args = C.triage_audit_verify_buffer, (data, len(data))
        elif isinstance(source, int) and not isinstance(source, bool):
            fn, args = C.triage_audit_verify_fd, (source,)
        else:
            fn, args = C.triage_audit_verify, (c_path(source),)
        with self._guard.exclusive() as v:
            rc = fn(v, *args)
            reason = C.triage_audit_verifier_reason(v)
            report = AuditReport(
                rc == 0, cstr(C.triage_audit_reason_name(reason)) or str(reason),
                C.triage_audit_verifier_index(v), C.triage_audit_verifier_offset(v),
                cstr(C.triage_audit_verifier_message(v)) or "",
                C.triage_audit_verifier_entries(v), C.triage_audit_verifier_checkpoints(v),
                C.triage_audit_verifier_unsealed(v), _last_checkpoint(v))
        if rc and rc not in (-14, ERR_SIGNATURE):  # CORRUPT and SIGNATURE are findings
            raise _detailed(rc, report.message, "verify")
        return report


def _last_checkpoint(v: int) -> str:
    fn = getattr(C, "triage_audit_verifier_last_checkpoint", None)
    return (cstr(fn(v)) or "") if fn else ""


def verify_audit_log(source: Union[PathLike, bytes, int], keys: Iterable[Text] = (),
                     anchor: Optional[Text] = None) -> AuditReport:
    """Verifies one audit log (see :meth:`AuditVerifier.verify`)."""
    with AuditVerifier(keys, anchor) as v:
        return v.verify(source)


def pseudonym_keygen() -> bytes:
    """A new random 32-byte pseudonym key (store it: lose it and new
    pseudonyms no longer match old ones)."""
    require("integrity", "pseudonym_keygen")
    key = ctypes.create_string_buffer(PSEUDONYM_KEY_BYTES)
    rc = C.triage_pseudonym_keygen(key)
    if rc:
        raise fail(rc, "pseudonym_keygen")
    return key.raw


def pseudonymize(key: bytes, identifier: Text, *, email: bool = False,
                 base64url: bool = False) -> str:
    """The keyed pseudonym of an identifier: 32 hex digits (or 22 base64url
    characters).  ``email=True`` trims white space and lower-cases ASCII
    first, so that Ana@Example.com and ana@example.com match."""
    require("integrity", "pseudonymize")
    if not isinstance(key, (bytes, bytearray)) or len(key) != PSEUDONYM_KEY_BYTES:
        raise ValueError("a pseudonym key is %d bytes" % PSEUDONYM_KEY_BYTES)
    raw = encode(identifier, "identifier")
    out = ctypes.create_string_buffer(PSEUDONYM_MAX)
    flags = (0x1 if base64url else 0) | (0x2 if email else 0)
    rc = C.triage_pseudonymize(bytes(key), raw, len(raw), flags, out, PSEUDONYM_MAX)
    if rc:
        raise fail(rc, "pseudonymize")
    return out.value.decode("ascii")
