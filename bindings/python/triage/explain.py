"""Why a ticket was routed as it was (:meth:`triage.Rules.explain`), and the
words the matcher sees (:func:`words`)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from . import _ffi
from ._core import C, Text, cstr, encode, fail, require
from .decision import Decision

__all__ = ["Explanation", "CategoryScore", "RuleTrace", "Condition", "Word", "words"]

_KINDS = ("category", "score", "field", "contains", "match")
_OUTCOMES = ("fired", "not_matched", "not_reached")
_CMPS = ("<", "<=", "==", "!=", ">=", ">")


def _name(table, fn, value: int) -> str:
    if 0 <= value < len(table):
        return table[value]
    return cstr(fn(value)) or str(value)


@dataclass(frozen=True)
class CategoryScore:
    """A category's score against its threshold; ``reached``: score >= threshold."""
    name: str
    score: int
    threshold: int
    reached: bool


@dataclass(frozen=True)
class Condition:
    """One condition of a route rule, evaluated for this ticket.

    ``kind``: "category", "score", "field", "contains" or "match".
    ``subject``: the field (or, for "score", the category) it looks at.
    ``operands``: the category names, accepted values, phrase or pattern as
    written.  For "score": ``comparison`` ("<", ">=", ...), ``number`` and the
    category's ``actual`` score.
    """
    kind: str
    holds: bool
    reason: str
    subject: Optional[str]
    operands: Tuple[str, ...]
    comparison: Optional[str] = None
    number: Optional[int] = None
    actual: Optional[int] = None


@dataclass(frozen=True)
class RuleTrace:
    """A route rule: ``outcome`` is "fired", "not_matched" or "not_reached"
    (an earlier rule that fired stopped evaluation); ``stops``: the rule
    stops evaluation when it fires."""
    name: str
    outcome: str
    stops: bool
    conditions: Tuple[Condition, ...]


@dataclass
class Explanation:
    """The decision (with its hits), every category's score against its
    threshold, and every route rule with each condition's reason."""
    decision: Decision
    categories: List[CategoryScore] = field(default_factory=list)
    rules: List[RuleTrace] = field(default_factory=list)

    def __str__(self) -> str:
        d = self.decision
        lines = ["category %s, queue %s, priority %s, tier %d" % (
            d.category, d.queue, d.priority, d.tier)]
        for c in self.categories:
            lines.append("  %-24s %6d / %-6d%s" % (c.name, c.score, c.threshold,
                                                  "  reached" if c.reached else ""))
        for r in self.rules:
            lines.append("rule %s: %s" % (r.name, r.outcome))
            for cond in r.conditions:
                lines.append("  [%s] %s" % ("x" if cond.holds else " ", cond.reason))
        return "\n".join(lines)


def read_explanation(e: int, decision: Decision) -> Explanation:
    """Copies a C explanation into Python objects (its strings live only
    until the next explain on it)."""
    ref = ctypes.byref
    name, reason = ctypes.c_void_p(), ctypes.c_void_p()
    score, threshold, number, actual = (ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64(),
                                        ctypes.c_int64())
    reached, outcome, stops, kind, holds, cmp = (ctypes.c_int(), ctypes.c_int(), ctypes.c_int(),
                                                 ctypes.c_int(), ctypes.c_int(), ctypes.c_int())
    nconds = ctypes.c_size_t()
    out = Explanation(decision)
    for i in range(C.triage_explanation_category_count(e)):
        if C.triage_explanation_category(e, i, ref(name), ref(score), ref(threshold),
                                         ref(reached)) == 0:
            out.categories.append(CategoryScore(cstr(name.value) or "", score.value,
                                                threshold.value, bool(reached.value)))
    for r in range(C.triage_explanation_rule_count(e)):
        if C.triage_explanation_rule(e, r, ref(name), ref(outcome), ref(nconds), ref(stops)):
            continue
        conds = []
        for c in range(nconds.value):
            if C.triage_explanation_condition(e, r, c, ref(kind), ref(holds), ref(reason)):
                continue
            operands = tuple(cstr(C.triage_explanation_condition_operand(e, r, c, k)) or ""
                             for k in range(C.triage_explanation_condition_operand_count(e, r, c)))
            comparison = num = act = None
            if C.triage_explanation_condition_score(e, r, c, ref(cmp), ref(number),
                                                    ref(actual)) == 0:
                comparison = _name(_CMPS, C.triage_cmp_name, cmp.value)
                num, act = number.value, actual.value
            conds.append(Condition(_name(_KINDS, C.triage_condition_kind_name, kind.value),
                                   bool(holds.value), cstr(reason.value) or "",
                                   cstr(C.triage_explanation_condition_subject(e, r, c)),
                                   operands, comparison, num, act))
        out.rules.append(RuleTrace(cstr(name.value) or "",
                                   _name(_OUTCOMES, C.triage_rule_outcome_name, outcome.value),
                                   bool(stops.value), tuple(conds)))
    return out


@dataclass(frozen=True)
class Word:
    """A word as the matcher sees it: case-folded (and accent-stripped on
    request), its byte offset in the UTF-8 text, and the text between it and
    the previous word."""
    word: str
    offset: int
    separator: str


def words(text: Text, accent_insensitive: bool = False) -> List[Word]:
    """The words of a text as keywords match them (to write or debug rules):
    a keyword made of these words, joined by their separators, matches."""
    require("explain", "words")
    raw = encode(text, "text")
    out: List[Word] = []
    errors: List[BaseException] = []

    def on_word(word, wlen, sep, slen, offset, _user):
        try:
            out.append(Word(ctypes.string_at(word, wlen).decode("utf-8", "surrogateescape"),
                            offset,
                            ctypes.string_at(sep, slen).decode("utf-8", "surrogateescape")
                            if slen else ""))
            return 0
        except BaseException as e:  # never let an exception cross the C frame
            errors.append(e)
            return 1

    callback = _ffi.WORD_FN(on_word)
    rc = C.triage_words(None, raw, len(raw), 1 if accent_insensitive else 0, callback, None)
    if errors:
        raise errors[0]
    if rc < 0:
        raise fail(rc, "words")
    return out
