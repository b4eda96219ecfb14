"""Compiled rules (:class:`Rules`) and routing."""
from __future__ import annotations

import ctypes
import os
import weakref
from itertools import repeat
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from ._core import C, Closeable, cstr, encode, fail, Guard, require, Text
from ._fields import flatten
from .decision import PRIORITIES, Decision, Hit
from .errors import ERR_UTF8, NotFoundError, TriageError, TriageMemoryError, ValidationError
from .ticket import Ticket, add_pairs

__all__ = ["Rules"]

# Bound once: the routing path calls these for every ticket.
_ticket_clear = C.triage_ticket_clear
_ticket_add = C.triage_ticket_add
_route = C.triage_route
_score = C.triage_decision_score
_scores = getattr(C, "triage_decision_scores", None)
_tag_count = C.triage_decision_tag_count
_tag = C.triage_decision_tag
_rule_count = C.triage_decision_rule_count
_rule = C.triage_decision_rule
_flags = C.triage_decision_flags
_category_index = C.triage_decision_category_index
_queue = C.triage_decision_queue
_priority = C.triage_decision_priority
_tier = C.triage_decision_tier
_sla = C.triage_decision_sla

ROUTE_EXPLAIN = 0x1
ROUTE_STRICT_UTF8 = 0x2

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def c_path(path: PathLike) -> bytes:
    """A file system path as the bytes the C library opens."""
    raw = os.fsencode(path)
    if b"\0" in raw:
        raise ValueError("a path may not contain NUL bytes")
    return raw


class _Worker:
    """One concurrent call's working set: a ticket, a scratch, a decision
    and an array the scores are copied into."""
    __slots__ = ("ticket", "scratch", "decision", "scores", "scores_at", "explanation")

    def __init__(self, ruleset: int):
        n = C.triage_ruleset_category_count(ruleset)
        self.scores = (ctypes.c_int64 * max(n, 1))()
        self.scores_at = ctypes.addressof(self.scores)
        self.explanation = None  # created on the first explain()
        self.ticket = C.triage_ticket_create(None)
        self.scratch = C.triage_scratch_create(ruleset)
        self.decision = C.triage_decision_create(ruleset)
        if not (self.ticket and self.scratch and self.decision):
            self.free()
            raise TriageMemoryError(-1, "cannot create routing scratch space")

    def free(self) -> None:
        if self.explanation:
            C.triage_explanation_free(self.explanation)
        C.triage_decision_free(self.decision)
        C.triage_scratch_free(self.scratch)
        C.triage_ticket_free(self.ticket)
        self.ticket = self.scratch = self.decision = None


def _release_ruleset(pool: List[_Worker]):
    def release(ruleset: int) -> None:
        # Scratches and decisions point into the ruleset: free them first.
        while pool:
            pool.pop().free()
        C.triage_ruleset_free(ruleset)
    return release


class Rules(Closeable):
    """Compiled, immutable routing rules.

    Create with :meth:`from_file`, :meth:`from_string` or :meth:`build`.
    One ``Rules`` serves any number of threads at once: each concurrent
    call borrows its own scratch space from an internal pool (as many as
    calls ever ran at the same time), and the C routing runs without the
    GIL.  ``close()`` (or the ``with`` block, or garbage collection, or
    interpreter exit) waits for routes in progress and frees the C side;
    any use afterwards raises :class:`triage.ClosedError`.
    """

    __slots__ = ("_guard", "_pool", "_finalizer", "_strings", "_categories", "_name",
                 "_routes", "_rules_hash", "__weakref__")

    def __init__(self) -> None:
        raise TypeError("use Rules.from_file(), Rules.from_string() or Rules.build()")

    @classmethod
    def _adopt(cls, ruleset: int) -> "Rules":
        self = object.__new__(cls)
        self._pool: List[_Worker] = []
        self._guard = Guard(ruleset, _release_ruleset(self._pool), "rules")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        # Strings the ruleset owns, by address: they live as long as it.
        self._strings: Dict[int, str] = {}
        n = C.triage_ruleset_category_count(ruleset)
        self._categories = tuple(cstr(C.triage_ruleset_category_name(ruleset, i)) or ""
                                 for i in range(n))
        self._routes = tuple(cstr(C.triage_ruleset_route_name(ruleset, i)) or ""
                             for i in range(C.triage_ruleset_route_count(ruleset)))
        self._name = cstr(C.triage_ruleset_name(ruleset))
        # Every decision names its rules (triage_decision_rules_hash is this).
        self._rules_hash = ctypes.string_at(C.triage_ruleset_source_hash(ruleset), 32).hex()
        return self

    # ---- loading ----
    @classmethod
    def from_file(cls, path: PathLike) -> "Rules":
        """Loads and compiles a YAML rules file.  Errors raise a
        :class:`triage.RulesError` (or a subclass by kind) whose ``errors``
        lists every problem with file, line and column."""
        from .builder import RulesBuilder
        with RulesBuilder() as b:
            b.load_file(path)
            return b.compile()

    @classmethod
    def from_signed_file(cls, path: PathLike, trust: Any,
                         sig_path: Optional[PathLike] = None) -> "Rules":
        """Loads a rules file only if its minisign signature (default
        ``path + ".minisig"``) verifies with a key of ``trust`` (a
        :class:`triage.Trust`); SignatureError otherwise.  The bytes verified
        are the bytes loaded, and ``source_hash`` is their BLAKE2b-256."""
        from .builder import RulesBuilder
        with RulesBuilder() as b:
            b.load_signed_file(path, trust, sig_path)
            return b.compile()

    @classmethod
    def from_string(cls, yaml_text: Text, name: Optional[str] = None) -> "Rules":
        """Loads and compiles rules from YAML text (str or bytes); ``name``
        is the file name used in error locations (default ``<rules>``)."""
        from .builder import RulesBuilder
        with RulesBuilder() as b:
            b.load_yaml(yaml_text, name)
            return b.compile()

    @staticmethod
    def build(name: Optional[str] = None, **options: Any):
        """A :class:`triage.RulesBuilder` (rules without YAML); ``options``
        are its keyword arguments (default_queue, min_score, ...)."""
        from .builder import RulesBuilder
        return RulesBuilder(name, **options)

    # ---- introspection ----
    @property
    def name(self) -> Optional[str]:
        """The ruleset's name (None when it has none)."""
        self._check_open()
        return self._name

    @property
    def categories(self) -> Tuple[str, ...]:
        """Category names in declaration order (the order of ``scores``)."""
        self._check_open()
        return self._categories

    @property
    def routes(self) -> Tuple[str, ...]:
        """Route rule names in evaluation order."""
        self._check_open()
        return self._routes

    def category_index(self, name: Text) -> int:
        """The index of a category; NotFoundError when there is none."""
        raw = encode(name, "category")
        rs = self._guard.enter()
        try:
            rc = C.triage_ruleset_category_index(rs, raw, len(raw))
        finally:
            self._guard.leave()
        if rc < 0:
            if rc == -7:
                raise NotFoundError(rc, "no category %r" % (name,))
            raise fail(rc)
        return rc

    @property
    def memory(self) -> int:
        """Bytes held by the compiled ruleset."""
        rs = self._guard.enter()
        try:
            return C.triage_ruleset_memory(rs)
        finally:
            self._guard.leave()

    @property
    def source_hash(self) -> bytes:
        """BLAKE2b-256 of the rules source (32 zero bytes without a source)."""
        rs = self._guard.enter()
        try:
            return ctypes.string_at(C.triage_ruleset_source_hash(rs), 32)
        finally:
            self._guard.leave()

    # ---- calendars and SLA policies of the rules ----
    @property
    def calendars(self) -> Dict[str, Any]:
        """The rules' calendars by name, as read-only :class:`triage.Calendar`
        views that live as long as the rules (``copy()`` one to change it)."""
        from .calendar import Calendar
        require("rules_sla", "Rules.calendars")
        rs = self._guard.enter()
        try:
            out = {}
            for i in range(C.triage_ruleset_calendar_count(rs)):
                name = cstr(C.triage_ruleset_calendar_name(rs, i)) or ""
                raw = name.encode("utf-8", "surrogateescape")
                ptr = C.triage_ruleset_calendar(rs, raw, len(raw))
                if ptr:
                    out[name] = Calendar._borrow(ptr, self._guard, "calendar %r" % name)
            return out
        finally:
            self._guard.leave()

    @property
    def sla_policies(self) -> Dict[str, Any]:
        """The rules' SLA policies by name (read-only :class:`triage.SlaPolicy`
        views that live as long as the rules)."""
        require("rules_sla", "Rules.sla_policies")
        rs = self._guard.enter()
        try:
            ptrs = [C.triage_ruleset_sla_policy(rs, i)
                    for i in range(C.triage_ruleset_sla_policy_count(rs))]
            return {p.name: p for p in (self._policy(ptr) for ptr in ptrs if ptr)}
        finally:
            self._guard.leave()

    def _policy(self, ptr: int) -> Any:
        from .sla import SlaPolicy
        return SlaPolicy._borrow(ptr, self._guard, "SLA policy of the rules")

    def sla_policy(self, name: Text) -> Any:
        """A policy of the rules by name; NotFoundError when there is none."""
        require("rules_sla", "Rules.sla_policy")
        raw = encode(name, "policy")
        rs = self._guard.enter()
        try:
            ptr = C.triage_ruleset_sla_policy_find(rs, raw, len(raw))
        finally:
            self._guard.leave()
        if not ptr:
            raise NotFoundError(-7, "the rules have no SLA policy %r" % (name,))
        return self._policy(ptr)

    def sla_policy_for(self, decision: Decision) -> Optional[Any]:
        """The policy that applies to a decision: the one a route rule named,
        else the one for its priority, else the default; None if none."""
        require("rules_sla", "Rules.sla_policy_for")
        named = None if decision.sla is None else decision.sla.encode("utf-8",
                                                                      "surrogateescape")
        if named is not None and b"\0" in named:
            raise ValueError("a policy name may not contain NUL bytes")
        rs = self._guard.enter()
        try:
            ptr = C.triage_ruleset_sla_policy_choose(rs, named,
                                                     PRIORITIES.index(decision.priority))
        finally:
            self._guard.leave()
        return self._policy(ptr) if ptr else None

    # ---- routing ----
    def route(self, ticket: Any = None, /, *, explain: bool = False, strict: bool = False,
              **fields: Any) -> Decision:
        """Routes one ticket and returns its :class:`Decision`.

        The ticket is a mapping (for example a ``json.loads`` result), a
        :class:`triage.Ticket`, keyword fields, or a mapping plus keyword
        fields (``rules.route(ticket, channel="chat")``); fields named
        ``explain`` or ``strict`` must go in the mapping.  ``explain=True``
        records every hit; ``strict=True`` raises :class:`ValidationError`
        for invalid UTF-8 instead of reading it as U+FFFD and flagging the
        decision ``invalid_utf8``.
        """
        flags = (ROUTE_EXPLAIN if explain else 0) | (ROUTE_STRICT_UTF8 if strict else 0)
        if isinstance(ticket, Ticket):
            if fields:
                raise TypeError("give either a Ticket or fields, not both")
            return self._route_ticket(ticket, flags)
        pairs = flatten(ticket, fields)
        # The hot path: Guard.enter()/leave() inlined, functions bound once.
        guard = self._guard
        with guard._lock:
            if guard._closed:
                raise guard.closed_error()
            guard._users += 1
        try:
            rs = guard.ptr
            pool = self._pool
            try:
                w = pool.pop()
            except IndexError:
                w = _Worker(rs)
            try:
                t = w.ticket
                _ticket_clear(t)
                for name, value in pairs:
                    rc = _ticket_add(t, name, len(name), value, len(value))
                    if rc:
                        raise fail(rc, "field %r" % name.decode("utf-8", "surrogateescape"))
                d = w.decision
                rc = _route(rs, w.scratch, t, flags, d)
                if rc:
                    raise _route_error(rc, pairs)
                return self._read(d, explain, w)
            finally:
                pool.append(w)
        finally:
            with guard._lock:
                guard._users -= 1

    def explain(self, ticket: Any = None, /, *, strict: bool = False,
                **fields: Any) -> "Explanation":
        """Routes a ticket and explains the decision: every category's score
        against its threshold, and every route rule in order with each of its
        conditions evaluated (all of them, so near misses show) and a short
        reason.  The same report as ``triage explain``."""
        from .explain import read_explanation
        require("explain", "Rules.explain")
        flags = ROUTE_STRICT_UTF8 if strict else 0
        pairs = None if isinstance(ticket, Ticket) else flatten(ticket, fields)
        guard = self._guard
        rs = guard.enter()
        try:
            pool = self._pool
            try:
                w = pool.pop()
            except IndexError:
                w = _Worker(rs)
            try:
                if w.explanation is None:
                    w.explanation = C.triage_explanation_create(rs)
                    if not w.explanation:
                        raise TriageMemoryError(-1, "cannot create an explanation")
                if pairs is None:
                    t = ticket._guard.enter()
                    try:
                        rc = C.triage_explain(rs, w.scratch, t, flags, w.explanation)
                    finally:
                        ticket._guard.leave()
                else:
                    C.triage_ticket_clear(w.ticket)
                    add_pairs(w.ticket, pairs)
                    rc = C.triage_explain(rs, w.scratch, w.ticket, flags, w.explanation)
                if rc:
                    raise _route_error(rc, pairs)
                e = w.explanation
                decision = self._read(C.triage_explanation_decision(e), True, w)
                return read_explanation(e, decision)
            finally:
                pool.append(w)
        finally:
            guard.leave()

    def route_many(self, tickets: Iterable[Any], *, explain: bool = False,
                   strict: bool = False) -> List[Decision]:
        """Routes several tickets (mappings or Tickets) in order; the same
        as ``[rules.route(t) for t in tickets]`` with less overhead."""
        flags = (ROUTE_EXPLAIN if explain else 0) | (ROUTE_STRICT_UTF8 if strict else 0)
        out: List[Decision] = []
        guard = self._guard
        rs = guard.enter()
        try:
            pool = self._pool
            try:
                w = pool.pop()
            except IndexError:
                w = _Worker(rs)
            try:
                t, scratch, d = w.ticket, w.scratch, w.decision
                read = self._read
                append = out.append
                for ticket in tickets:
                    if isinstance(ticket, Ticket):
                        append(self._route_ticket(ticket, flags))
                        continue
                    pairs = flatten(ticket, {})
                    _ticket_clear(t)
                    for name, value in pairs:
                        rc = _ticket_add(t, name, len(name), value, len(value))
                        if rc:
                            raise fail(rc, "field %r" % name.decode("utf-8", "surrogateescape"))
                    rc = _route(rs, scratch, t, flags, d)
                    if rc:
                        raise _route_error(rc, pairs)
                    append(read(d, explain, w))
            finally:
                pool.append(w)
        finally:
            guard.leave()
        return out

    def _route_ticket(self, ticket: Ticket, flags: int) -> Decision:
        guard = self._guard
        rs = guard.enter()
        try:
            t = ticket._guard.enter()
            try:
                pool = self._pool
                try:
                    w = pool.pop()
                except IndexError:
                    w = _Worker(rs)
                try:
                    return self._run(rs, w, t, flags, None)
                finally:
                    pool.append(w)
            finally:
                ticket._guard.leave()
        finally:
            guard.leave()

    def _run(self, rs: int, w: _Worker, ticket: int, flags: int, pairs) -> Decision:
        d = w.decision
        rc = _route(rs, w.scratch, ticket, flags, d)
        if rc:
            raise _route_error(rc, pairs)
        return self._read(d, flags & ROUTE_EXPLAIN, w)

    def _text(self, address: Optional[int]) -> Optional[str]:
        """A ruleset-owned string, decoded once per ruleset."""
        if not address:
            return None
        s = self._strings.get(address)
        if s is None:
            s = cstr(address)
            self._strings[address] = s
        return s

    def _read(self, d: int, explain: Any, w: _Worker) -> Decision:
        strings = self._strings
        text = self._text
        cats = self._categories
        n = len(cats)
        if _scores is not None:  # one call for every score
            _scores(d, w.scores_at, n)
            scores = dict(zip(cats, w.scores[:n]))
        else:
            scores = dict(zip(cats, map(_score, repeat(d, n), range(n))))
        ntags = _tag_count(d)
        tags = [text(_tag(d, i)) for i in range(ntags)] if ntags else []
        nrules = _rule_count(d)
        rules = [text(_rule(d, i)) for i in range(nrules)] if nrules else []
        bits = _flags(d)
        index = _category_index(d)
        q = _queue(d)
        queue = strings.get(q) or text(q)
        sla = _sla(d)
        return Decision(cats[index] if index >= 0 else None, queue, PRIORITIES[_priority(d)],
                        _tier(d), scores, tags, rules, _flag_names(bits) if bits else [],
                        text(sla) if sla else None, self._hits(d) if explain else [],
                        self._rules_hash)

    def _hits(self, d: int) -> List[Hit]:
        out: List[Hit] = []
        category, value_index = ctypes.c_size_t(), ctypes.c_size_t()
        offset, length = ctypes.c_size_t(), ctypes.c_size_t()
        term, field = ctypes.c_void_p(), ctypes.c_void_p()
        weight = ctypes.c_int64()
        ref = ctypes.byref
        for i in range(C.triage_decision_hit_count(d)):
            if C.triage_decision_hit(d, i, ref(category), ref(term), ref(field), ref(value_index),
                                     ref(offset), ref(length), ref(weight)):
                continue
            out.append(Hit(self._categories[category.value], self._text(term.value) or "",
                           self._text(field.value) or "", value_index.value, offset.value,
                           length.value, weight.value))
        return out

    # ---- lifetime ----
    def _check_open(self) -> None:
        if self._guard.closed:
            raise self._guard.closed_error()

    def __repr__(self) -> str:
        if self.closed:
            return "<triage.Rules closed>"
        return "<triage.Rules %r: %d categories, %d routes>" % (
            self._name, len(self._categories), len(self._routes))


_FLAG_CACHE: Dict[int, List[str]] = {}


def _flag_names(bits: int) -> List[str]:
    names = _FLAG_CACHE.get(bits)
    if names is None:
        names = []
        bit = 1
        while bit <= bits:
            if bits & bit:
                name = cstr(C.triage_flag_name(bit))
                names.append(name if name else "flag_0x%x" % bit)
            bit <<= 1
        _FLAG_CACHE[bits] = names
    return list(names)


def _route_error(rc: int, pairs) -> TriageError:
    if rc == ERR_UTF8:
        return ValidationError(rc, _utf8_message(pairs))
    return fail(rc, "route")


def _utf8_message(pairs) -> str:
    """Names the first field with invalid UTF-8, when we know the fields."""
    for name, value in pairs or ():
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as e:
            return "field %r is not valid UTF-8 (byte %d); strict mode refuses it" % (
                name.decode("utf-8", "surrogateescape"), e.start)
    return "the ticket is not valid UTF-8; strict mode refuses it"
