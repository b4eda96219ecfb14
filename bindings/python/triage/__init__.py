"""libtriage for Python: route customer-support tickets with keyword and
regex rules, through ctypes (no compiler needed).

::

    import triage

    with triage.Rules.from_file("rules.yaml") as rules:
        d = rules.route({"subject": "Charged twice", "body": "..."}, channel="email")
        print(d.category, d.queue, d.priority, d.scores)

See the package README for the library search order, text and thread
conventions, and the error classes.
"""
from __future__ import annotations

from ._core import C as _C, LIBRARY_PATH, cstr as _cstr
from ._lib import LibraryNotFoundError
from .calendar import Calendar
from .sla import FIRE_KINDS, METRICS, Fire, MetricState, SlaPolicy, SlaTracker, TicketState
from .builder import (TERM_ACCENT_INSENSITIVE, TERM_ACCENT_SENSITIVE, TERM_CASE_SENSITIVE,
                      CategoryBuilder, RouteBuilder, RulesBuilder, Term)
from .decision import FLAGS, PRIORITIES, Decision, Hit
from .errors import *  # noqa: F401,F403  (the status codes and exception classes)
from .errors import __all__ as _errors_all
from .explain import CategoryScore, Condition, Explanation, RuleTrace, Word, words
from .integrity import (AUDIT_DECISION, AUDIT_REASONS, AUDIT_RULESET, AUDIT_SLA, AuditReport,
                        AuditVerifier, AuditWriter, Trust, audit_keygen, audit_public_key,
                        pseudonym_keygen, pseudonymize, verify_audit_log)
from .rules import Rules
from .ticket import Ticket

__version__ = "1.0.0"

#: Version of the loaded C library, for example "1.0.0".
library_version: str = _cstr(_C.triage_version_string()) or ""
#: The same as MAJOR * 10000 + MINOR * 100 + PATCH.
library_version_number: int = _C.triage_version_number()
#: Where the C library was loaded from.
library_path: str = LIBRARY_PATH


def strerror(code: int) -> str:
    """The library's text for a status code."""
    return _cstr(_C.triage_strerror(code)) or "unknown status"


def has_feature(name: str) -> bool:
    """Whether the loaded library provides an optional API group:
    "route_bulk", "yaml", "calendar", "sla", "integrity", "integrity_anchor",
    "explain"."""
    return bool(_C.groups.get(name))


__all__ = [
    "Rules", "RulesBuilder", "Calendar", "SlaPolicy", "SlaTracker", "MetricState",
    "TicketState", "Fire", "METRICS", "FIRE_KINDS", "Trust", "AuditWriter", "AuditVerifier",
    "AuditReport", "verify_audit_log", "audit_keygen", "audit_public_key", "pseudonym_keygen",
    "pseudonymize", "Explanation", "CategoryScore", "RuleTrace", "Condition", "Word", "words",
    "AUDIT_DECISION", "AUDIT_RULESET", "AUDIT_SLA", "AUDIT_REASONS", "CategoryBuilder", "RouteBuilder", "Term", "Ticket", "Decision",
    "Hit", "PRIORITIES", "FLAGS", "TERM_ACCENT_INSENSITIVE", "TERM_ACCENT_SENSITIVE",
    "TERM_CASE_SENSITIVE", "LibraryNotFoundError", "library_version", "library_version_number",
    "library_path", "strerror", "has_feature",
] + list(_errors_all)
