"""Building rules without YAML: a mirror of the C builder API.

Errors in the items you add are collected, as the C builder does, and all
of them are raised together by :meth:`RulesBuilder.compile` (a
:class:`triage.RulesError` or subclass whose ``errors`` lists each one with
the location set by :meth:`RulesBuilder.set_location`).  Misuse that the C
builder does not record (a wrong type, an unknown priority or comparison)
raises at once.

::

    b = triage.RulesBuilder("acme", default_queue="general", min_score=3,
                            field_weights={"subject": 2})
    billing = b.category("billing", queue="billing")
    billing.keyword("invoice", 3)
    billing.keyword("charged twice", 5, fields=["subject", "body"])
    billing.regex(r"\\bINV-\\d{6}\\b", 2, case_sensitive=True)
    b.route("vip", field={"customer.vip": "true"}, priority="high", tags=["vip"])
    rules = b.compile()
"""
from __future__ import annotations

import ctypes
import weakref
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from ._core import C, Closeable, cstr, encode, fail, Guard, require, Text
from .errors import ERR_NOMEM, ErrorDetail, TriageError, TriageMemoryError, error_class
from .rules import PathLike, Rules, c_path

__all__ = ["RulesBuilder", "CategoryBuilder", "RouteBuilder", "Term",
           "TERM_ACCENT_INSENSITIVE", "TERM_ACCENT_SENSITIVE", "TERM_CASE_SENSITIVE"]

TERM_ACCENT_INSENSITIVE = 0x1
TERM_ACCENT_SENSITIVE = 0x2
TERM_CASE_SENSITIVE = 0x4

_CMP = {"<": 0, "<=": 1, "==": 2, "=": 2, "!=": 3, ">=": 4, ">": 5}

Score = Union[int, str, Tuple[str, int]]


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    return value


def _cstring(value: Optional[Text], what: str) -> Optional[bytes]:
    """A NUL-terminated C string argument (no length beside it)."""
    if value is None:
        return None
    raw = encode(value, what)
    if b"\0" in raw:
        raise ValueError("%s may not contain NUL bytes" % what)
    return raw


def parse_score(spec: Score) -> Tuple[int, int]:
    """(comparison, value) from ``">= 8"``, ``(">=", 8)`` or ``8`` (">= 8")."""
    if isinstance(spec, tuple):
        op, value = spec
    elif isinstance(spec, str):
        text = spec.strip()
        op = text[:2] if text[:2] in _CMP else text[:1]
        if op not in _CMP:
            raise ValueError("score condition %r needs one of < <= == != >= >" % spec)
        try:
            value = int(text[len(op):].strip())
        except ValueError:
            raise ValueError("score condition %r needs an integer after %s" % (spec, op))
    else:
        op, value = ">=", spec
    if op not in _CMP:
        raise ValueError("unknown comparison %r (use < <= == != >= >)" % (op,))
    return _CMP[op], _int(value, "score")


def priority_value(priority: Union[str, int]) -> int:
    """The C priority for a name ("low", "normal", "high", "urgent") or int."""
    if isinstance(priority, str):
        raw = priority.encode("utf-8", "surrogateescape")
        value = C.triage_priority_from_name(raw, len(raw))
        if value < 0:
            raise ValueError("unknown priority %r (use low, normal, high or urgent)" % priority)
        return value
    return _int(priority, "priority")


def _names(value: Union[Text, Iterable[Text]]) -> List[Text]:
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        return [value]
    return list(value)


class RulesBuilder(Closeable):
    """Collects categories, terms and route rules, then compiles them."""

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, name: Optional[Text] = None, *, default_queue: Optional[Text] = None,
                 min_score: Optional[int] = None, accent_insensitive: Optional[bool] = None,
                 field_weights: Optional[Mapping[Text, int]] = None,
                 regex_budget: Optional[int] = None):
        ptr = C.triage_builder_create(None)
        if not ptr:
            raise TriageMemoryError(ERR_NOMEM, "cannot create a rules builder")
        self._guard = Guard(ptr, C.triage_builder_free, "rules builder")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        if name is not None:
            self.set_name(name)
        if default_queue is not None:
            self.set_default_queue(default_queue)
        if min_score is not None:
            self.set_min_score(min_score)
        if accent_insensitive is not None:
            self.set_accent_insensitive(accent_insensitive)
        for field, weight in (field_weights or {}).items():
            self.set_field_weight(field, weight)
        if regex_budget is not None:
            self.set_regex_budget(regex_budget)

    # ---- calling the C builder ----
    def _call(self, fn, *args: Any) -> int:
        """Calls a builder function; returns its result (an index or 0).

        A failure the builder recorded returns the negative status (the
        error waits for compile()); one it did not record raises now."""
        with self._guard.exclusive() as b:
            before = C.triage_builder_error_count(b)
            rc = fn(b, *args)
            if rc >= 0 or C.triage_builder_error_count(b) > before:
                return rc
        raise fail(rc, fn.__name__)

    def _text_call(self, fn, *head: Any, text: Text, what: str) -> int:
        raw = encode(text, what)
        return self._call(fn, *head, raw, len(raw))

    # ---- ruleset-wide settings ----
    def set_location(self, file: Optional[Text] = None, line: int = 0,
                     column: int = 0) -> "RulesBuilder":
        """Location attached to the items added next and to their errors
        (a host's own reference, for example ``"db:rule/42"``)."""
        self._call(C.triage_builder_set_location, _cstring(file, "file"), _int(line, "line"),
                   _int(column, "column"))
        return self

    def set_name(self, name: Text) -> "RulesBuilder":
        self._text_call(C.triage_builder_set_name, text=name, what="name")
        return self

    def set_default_queue(self, queue: Text) -> "RulesBuilder":
        self._text_call(C.triage_builder_set_default_queue, text=queue, what="queue")
        return self

    def set_min_score(self, min_score: int) -> "RulesBuilder":
        self._call(C.triage_builder_set_min_score, _int(min_score, "min_score"))
        return self

    def set_accent_insensitive(self, on: bool = True) -> "RulesBuilder":
        self._call(C.triage_builder_set_accent_insensitive, 1 if on else 0)
        return self

    def set_field_weight(self, field: Text, weight: int) -> "RulesBuilder":
        raw = encode(field, "field")
        self._call(C.triage_builder_set_field_weight, raw, len(raw), _int(weight, "weight"))
        return self

    def set_regex_budget(self, budget: int) -> "RulesBuilder":
        budget = _int(budget, "regex budget")
        if budget <= 0:
            raise ValueError("the regex budget must be positive")
        self._call(C.triage_builder_set_regex_budget, budget)
        return self

    def set_source_hash(self, digest: bytes) -> "RulesBuilder":
        """Stores a 32-byte BLAKE2b-256 hash of the rules source."""
        if not isinstance(digest, (bytes, bytearray)) or len(digest) != 32:
            raise ValueError("the source hash is 32 bytes")
        self._call(C.triage_builder_set_source_hash, bytes(digest))
        return self

    # ---- calendars and SLA policies carried by the rules ----
    def set_zoneinfo_dir(self, directory: Optional[str]) -> "RulesBuilder":
        """Directory the loader reads time zones from (None: the default)."""
        require("rules_sla", "set_zoneinfo_dir")
        self._call(C.triage_builder_set_zoneinfo_dir, _cstring(directory, "directory"))
        return self

    def add_calendar(self, name: Text, calendar: Any) -> "RulesBuilder":
        """Adds a copy of a :class:`triage.Calendar` under a name."""
        require("rules_sla", "add_calendar")
        raw = encode(name, "calendar name")
        cal = calendar._guard.enter()
        try:
            self._call(C.triage_builder_add_calendar, raw, len(raw), cal)
        finally:
            calendar._guard.leave()
        return self

    def add_sla_policy(self, policy: Any, calendar: Optional[Text] = None) -> "RulesBuilder":
        """Adds a copy of a :class:`triage.SlaPolicy`; ``calendar`` names a
        calendar of these rules for its business time (None: its own)."""
        require("rules_sla", "add_sla_policy")
        raw = None if calendar is None else encode(calendar, "calendar name")
        p = policy._guard.enter()
        try:
            self._call(C.triage_builder_add_sla_policy, p, raw, len(raw) if raw else 0)
        finally:
            policy._guard.leave()
        return self

    def set_sla_default(self, policy: Text) -> "RulesBuilder":
        require("rules_sla", "set_sla_default")
        self._text_call(C.triage_builder_set_sla_default, text=policy, what="policy")
        return self

    def set_sla_priority_policy(self, priority: Union[str, int], policy: Text) -> "RulesBuilder":
        require("rules_sla", "set_sla_priority_policy")
        self._text_call(C.triage_builder_set_sla_priority_policy, priority_value(priority),
                        text=policy, what="policy")
        return self

    # ---- categories ----
    def category(self, name: Text, *, queue: Optional[Text] = None,
                 min_score: Optional[int] = None, keywords: Optional[Mapping[Text, int]] = None,
                 regexes: Optional[Iterable[Any]] = None) -> "CategoryBuilder":
        """Adds a category (declaration order breaks ties).  ``keywords``
        maps term to weight; ``regexes`` holds ``(pattern, weight)`` pairs
        or dicts with pattern, weight, fields, case_sensitive."""
        index = self._text_call(C.triage_builder_add_category, text=name, what="category")
        cat = CategoryBuilder(self, index, name)
        if queue is not None:
            cat.set_queue(queue)
        if min_score is not None:
            cat.set_min_score(min_score)
        for term, weight in (keywords or {}).items():
            cat.keyword(term, weight)
        for spec in regexes or ():
            if isinstance(spec, Mapping):
                cat.regex(**spec)
            else:
                cat.regex(*spec)
        return cat

    # ---- route rules ----
    def route(self, name: Text, *, category: Optional[Union[Text, Iterable[Optional[Text]]]] = None,
              score: Optional[Mapping[Text, Union[Score, Sequence[Score]]]] = None,
              field: Optional[Mapping[Text, Union[Text, Iterable[Text]]]] = None,
              contains: Optional[Mapping[Text, Text]] = None,
              match: Optional[Mapping[Text, Text]] = None, queue: Optional[Text] = None,
              priority: Optional[Union[str, int]] = None, tier: Optional[int] = None,
              tags: Optional[Union[Text, Iterable[Text]]] = None, sla: Optional[Text] = None,
              stop: bool = False) -> "RouteBuilder":
        """Adds a route rule (rules run in order).  The keyword arguments
        are the YAML ``when``/``set`` keys: ``category`` (names; None or ""
        means no category won), ``score`` ({category: ">= 8"} or a list of
        such), ``field`` ({field: value or values}), ``contains`` and
        ``match`` ({field: text}); then ``queue``, ``priority``, ``tier``,
        ``tags``, ``sla`` and ``stop``."""
        index = self._text_call(C.triage_builder_add_route, text=name, what="route")
        r = RouteBuilder(self, index, name)
        if category is not None:
            r.when_category(*[c if c is not None else "" for c in
                              (_names(category) if category is not None else [])])
        for cat, specs in (score or {}).items():
            for spec in (specs if isinstance(specs, list) else [specs]):
                cmp, value = parse_score(spec)
                r._when_score(cat, cmp, value)
        for fname, values in (field or {}).items():
            r.when_field(fname, *_names(values))
        for fname, phrase in (contains or {}).items():
            r.when_contains(fname, phrase)
        for fname, pattern in (match or {}).items():
            r.when_match(fname, pattern)
        if queue is not None:
            r.set_queue(queue)
        if priority is not None:
            r.set_priority(priority)
        if tier is not None:
            r.set_tier(tier)
        if tags is not None:
            r.add_tag(*_names(tags))
        if sla is not None:
            r.set_sla(sla)
        if stop:
            r.set_stop(True)
        return r

    # ---- loaders and errors ----
    def load_yaml(self, text: Text, name: Optional[Text] = None) -> "RulesBuilder":
        """Feeds YAML rules text to this builder; raises on any error (the
        builder then holds a partial load: close it, do not compile)."""
        require("yaml", "loading YAML rules")
        raw = encode(text, "rules text")
        cname = _cstring(name, "name")
        with self._guard.exclusive() as b:
            rc = C.triage_builder_load_yaml(b, raw, len(raw), cname)
        if rc:
            raise self._error(rc)
        return self

    def load_file(self, path: PathLike) -> "RulesBuilder":
        """Feeds a YAML rules file to this builder; raises on any error."""
        require("yaml", "loading YAML rules")
        raw = c_path(path)
        with self._guard.exclusive() as b:
            rc = C.triage_builder_load_file(b, raw)
        if rc:
            raise self._error(rc)
        return self

    def load_signed_file(self, path: PathLike, trust: Any,
                         sig_path: Optional[PathLike] = None) -> "RulesBuilder":
        """Reads a rules file once, verifies it against its minisign signature
        (default ``path + ".minisig"``) with a :class:`triage.Trust`, and only
        then loads those very bytes; raises SignatureError when it does not
        verify (nothing is loaded)."""
        require("integrity", "signed rules")
        raw = c_path(path)
        sig = None if sig_path is None else c_path(sig_path)
        t = trust._guard.enter()
        try:
            with self._guard.exclusive() as b:
                rc = C.triage_builder_load_signed_file(b, t, raw, sig)
        finally:
            trust._guard.leave()
        if rc:
            raise self._error(rc)
        return self

    def add_error(self, code: int, message: Text, file: Optional[Text] = None, line: int = 0,
                  column: int = 0) -> "RulesBuilder":
        """Records an error found by your own front end, reported like the
        builder's (compile then fails).  ``code`` is a negative status."""
        code = _int(code, "code")
        if code >= 0:
            raise ValueError("an error code is negative (triage.ERR_RULES, ...)")
        self._call(C.triage_builder_add_error, code, _cstring(file, "file"), _int(line, "line"),
                   _int(column, "column"), _cstring(message, "message"))
        return self

    @property
    def errors(self) -> List[ErrorDetail]:
        """Every error collected so far, in order."""
        with self._guard.exclusive() as b:
            return _collect(b)

    def _error(self, code: int) -> TriageError:
        with self._guard.exclusive() as b:
            details = _collect(b)
        if not details:
            return fail(code)
        first = details[0]
        return error_class(code)(code, first.message, first.file, first.line, first.column,
                                 details)

    def compile(self) -> Rules:
        """Checks every reference and compiles.  Raises with every error the
        builder collected; on success the builder may be reused."""
        out = ctypes.c_void_p()
        with self._guard.exclusive() as b:
            rc = C.triage_builder_compile(b, ctypes.byref(out))
        if rc:
            raise self._error(rc)
        return Rules._adopt(out.value)

    # ---- lifetime ----

def _collect(b: int) -> List[ErrorDetail]:
    out = []
    file, message = ctypes.c_void_p(), ctypes.c_void_p()
    line, column = ctypes.c_uint(), ctypes.c_uint()
    ref = ctypes.byref
    for i in range(C.triage_builder_error_count(b)):
        code = C.triage_builder_error(b, i, ref(file), ref(line), ref(column), ref(message))
        out.append(ErrorDetail(code, cstr(message.value) or "", cstr(file.value), line.value,
                               column.value))
    return out


class Term:
    """A keyword or regex of a category (index -1: adding it failed)."""
    __slots__ = ("_builder", "index")

    def __init__(self, builder: RulesBuilder, index: int):
        self._builder = builder
        self.index = index if index >= 0 else -1

    def add_field(self, *fields: Text) -> "Term":
        """Restricts the term to fields (default: subject and body)."""
        for f in fields:
            if self.index >= 0:
                self._builder._text_call(C.triage_builder_term_add_field, self.index, text=f,
                                         what="field")
        return self

    def set_flags(self, flags: int) -> "Term":
        """TERM_ACCENT_INSENSITIVE, TERM_ACCENT_SENSITIVE, TERM_CASE_SENSITIVE."""
        if self.index >= 0:
            self._builder._call(C.triage_builder_term_set_flags, self.index, _int(flags, "flags"))
        return self


class CategoryBuilder:
    """A category being built (index -1: adding it failed, see errors)."""
    __slots__ = ("_builder", "index", "name")

    def __init__(self, builder: RulesBuilder, index: int, name: Text):
        self._builder = builder
        self.index = index if index >= 0 else -1
        self.name = name

    def set_queue(self, queue: Text) -> "CategoryBuilder":
        if self.index >= 0:
            self._builder._text_call(C.triage_builder_category_set_queue, self.index, text=queue,
                                     what="queue")
        return self

    def set_min_score(self, min_score: int) -> "CategoryBuilder":
        if self.index >= 0:
            self._builder._call(C.triage_builder_category_set_min_score, self.index,
                                _int(min_score, "min_score"))
        return self

    def keyword(self, term: Text, weight: int, *, fields: Optional[Iterable[Text]] = None,
                accent_insensitive: Optional[bool] = None) -> Term:
        """Adds a keyword or phrase with its weight (negative allowed)."""
        flags = 0
        if accent_insensitive is not None:
            flags = TERM_ACCENT_INSENSITIVE if accent_insensitive else TERM_ACCENT_SENSITIVE
        return self._add(C.triage_builder_add_keyword, term, weight, fields, flags, "keyword")

    def keywords(self, terms: Mapping[Text, int]) -> "CategoryBuilder":
        """Adds several keywords: {term: weight}."""
        for term, weight in terms.items():
            self.keyword(term, weight)
        return self

    def regex(self, pattern: Text, weight: int, *, fields: Optional[Iterable[Text]] = None,
              case_sensitive: bool = False) -> Term:
        """Adds a PCRE2 regex (caseless unless case_sensitive) with its weight."""
        return self._add(C.triage_builder_add_regex, pattern, weight, fields,
                         TERM_CASE_SENSITIVE if case_sensitive else 0, "regex")

    def _add(self, fn, text: Text, weight: int, fields, flags: int, what: str) -> Term:
        weight = _int(weight, "weight")
        if self.index < 0:
            return Term(self._builder, -1)
        raw = encode(text, what)
        index = self._builder._call(fn, self.index, raw, len(raw), weight)
        term = Term(self._builder, index)
        if fields is not None:
            term.add_field(*_names(fields))
        if flags:
            term.set_flags(flags)
        return term


class RouteBuilder:
    """A route rule being built; every method returns the rule (chainable)."""
    __slots__ = ("_builder", "index", "name")

    def __init__(self, builder: RulesBuilder, index: int, name: Text):
        self._builder = builder
        self.index = index if index >= 0 else -1
        self.name = name

    def _text(self, fn, text: Text, what: str) -> "RouteBuilder":
        if self.index >= 0:
            self._builder._text_call(fn, self.index, text=text, what=what)
        return self

    def _pair(self, fn, field: Text, text: Text, what: str) -> "RouteBuilder":
        if self.index >= 0:
            f = encode(field, "field")
            v = encode(text, what)
            self._builder._call(fn, self.index, f, len(f), v, len(v))
        return self

    def when_category(self, *names: Optional[Text]) -> "RouteBuilder":
        """The winning category is one of these ("" or None: no category)."""
        for name in names:
            self._text(C.triage_builder_route_when_category, "" if name is None else name,
                       "category")
        return self

    def when_score(self, category: Text, comparison: Union[str, int], value: int) -> "RouteBuilder":
        """A category's score compares with a value: ``when_score("outage", ">=", 8)``."""
        cmp = _CMP.get(comparison) if isinstance(comparison, str) else _int(comparison, "cmp")
        if cmp is None:
            raise ValueError("unknown comparison %r (use < <= == != >= >)" % (comparison,))
        return self._when_score(category, cmp, _int(value, "score"))

    def _when_score(self, category: Text, cmp: int, value: int) -> "RouteBuilder":
        if self.index >= 0:
            raw = encode(category, "category")
            self._builder._call(C.triage_builder_route_when_score, self.index, raw, len(raw), cmp,
                                value)
        return self

    def when_field(self, field: Text, *values: Text) -> "RouteBuilder":
        """The field has one of these values."""
        for v in values:
            self._pair(C.triage_builder_route_when_field, field, v, "value")
        return self

    def when_contains(self, field: Text, phrase: Text) -> "RouteBuilder":
        """The field contains the word or phrase (keyword semantics)."""
        return self._pair(C.triage_builder_route_when_contains, field, phrase, "phrase")

    def when_match(self, field: Text, pattern: Text) -> "RouteBuilder":
        """The field matches the regex (caseless)."""
        return self._pair(C.triage_builder_route_when_match, field, pattern, "pattern")

    def set_queue(self, queue: Text) -> "RouteBuilder":
        return self._text(C.triage_builder_route_set_queue, queue, "queue")

    def set_priority(self, priority: Union[str, int]) -> "RouteBuilder":
        value = priority_value(priority)
        if self.index >= 0:
            self._builder._call(C.triage_builder_route_set_priority, self.index, value)
        return self

    def set_tier(self, tier: int) -> "RouteBuilder":
        tier = _int(tier, "tier")
        if self.index >= 0:
            self._builder._call(C.triage_builder_route_set_tier, self.index, tier)
        return self

    def add_tag(self, *tags: Text) -> "RouteBuilder":
        for tag in tags:
            self._text(C.triage_builder_route_add_tag, tag, "tag")
        return self

    def set_sla(self, policy: Text) -> "RouteBuilder":
        return self._text(C.triage_builder_route_set_sla, policy, "SLA policy")

    def set_stop(self, stop: bool = True) -> "RouteBuilder":
        if self.index >= 0:
            self._builder._call(C.triage_builder_route_set_stop, self.index, 1 if stop else 0)
        return self
