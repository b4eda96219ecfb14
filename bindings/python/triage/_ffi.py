"""The one table of every C function these bindings call.

Each entry gives the function's result type and argument types, exactly as
declared in include/triage/*.h.  Conventions:

- opaque objects (triage_builder *, triage_ruleset *, ...) are ``c_void_p``;
- text going in is ``c_char_p`` with an explicit length argument beside it,
  so a Python ``bytes`` object is passed without copying and NUL bytes
  survive;
- C strings coming out are declared ``c_void_p`` (an address), not
  ``c_char_p``: the bindings read them with ``ctypes.string_at`` and cache
  the strings that live as long as a ruleset by address.

The GIL: functions that do real work (routing, compiling, loading, file
reads, calendar arithmetic) are listed in ``RELEASE_GIL`` and called through
``ctypes.CDLL``, which releases the GIL for the call, so threads route in
parallel.  Every other function (getters, adds, counts: a few nanoseconds of
C) is called through ``ctypes.PyDLL``, which keeps the GIL: releasing and
re-taking it around each tiny call would cost more than the call and hand
the GIL to other threads twenty times per decision.

Functions are grouped by the header that declares them.  The core groups
must be present; the others (added by later versions of the library) are
bound when the loaded library has them, and the Python features that need
them raise :class:`triage.UnsupportedError` otherwise.
"""
from __future__ import annotations

import ctypes
from ctypes import POINTER, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint, c_uint64, c_void_p
from typing import Dict, Iterable, Tuple

P = c_void_p          # an opaque object
TEXT = c_char_p       # text in (with a length beside it)
CSTR = c_void_p       # a C string out (address; NULL is None)
Z = c_size_t

# (name, result type, argument types)
Signature = Tuple[str, object, Tuple[object, ...]]

COMMON: Tuple[Signature, ...] = (
    ("triage_version_number", c_uint, ()),
    ("triage_version_string", CSTR, ()),
    ("triage_strerror", CSTR, (c_int,)),
)

RULES: Tuple[Signature, ...] = (
    ("triage_priority_name", CSTR, (c_int,)),
    ("triage_priority_from_name", c_int, (TEXT, Z)),
    ("triage_builder_create", P, (P,)),
    ("triage_builder_free", None, (P,)),
    ("triage_builder_set_location", c_int, (P, TEXT, c_uint, c_uint)),
    ("triage_builder_error_count", Z, (P,)),
    ("triage_builder_error", c_int,
     (P, Z, POINTER(c_void_p), POINTER(c_uint), POINTER(c_uint), POINTER(c_void_p))),
    ("triage_builder_add_error", c_int, (P, c_int, TEXT, c_uint, c_uint, TEXT)),
    ("triage_builder_set_name", c_int, (P, TEXT, Z)),
    ("triage_builder_set_default_queue", c_int, (P, TEXT, Z)),
    ("triage_builder_set_min_score", c_int, (P, c_int64)),
    ("triage_builder_set_accent_insensitive", c_int, (P, c_int)),
    ("triage_builder_set_field_weight", c_int, (P, TEXT, Z, c_int64)),
    ("triage_builder_set_regex_budget", c_int, (P, c_uint64)),
    ("triage_builder_set_source_hash", c_int, (P, TEXT)),
    ("triage_builder_add_category", c_int, (P, TEXT, Z)),
    ("triage_builder_category_set_queue", c_int, (P, c_int, TEXT, Z)),
    ("triage_builder_category_set_min_score", c_int, (P, c_int, c_int64)),
    ("triage_builder_add_keyword", c_int, (P, c_int, TEXT, Z, c_int64)),
    ("triage_builder_add_regex", c_int, (P, c_int, TEXT, Z, c_int64)),
    ("triage_builder_term_add_field", c_int, (P, c_int, TEXT, Z)),
    ("triage_builder_term_set_flags", c_int, (P, c_int, c_uint)),
    ("triage_builder_add_route", c_int, (P, TEXT, Z)),
    ("triage_builder_route_when_category", c_int, (P, c_int, TEXT, Z)),
    ("triage_builder_route_when_score", c_int, (P, c_int, TEXT, Z, c_int, c_int64)),
    ("triage_builder_route_when_field", c_int, (P, c_int, TEXT, Z, TEXT, Z)),
    ("triage_builder_route_when_contains", c_int, (P, c_int, TEXT, Z, TEXT, Z)),
    ("triage_builder_route_when_match", c_int, (P, c_int, TEXT, Z, TEXT, Z)),
    ("triage_builder_route_set_queue", c_int, (P, c_int, TEXT, Z)),
    ("triage_builder_route_set_priority", c_int, (P, c_int, c_int)),
    ("triage_builder_route_set_tier", c_int, (P, c_int, c_int)),
    ("triage_builder_route_add_tag", c_int, (P, c_int, TEXT, Z)),
    ("triage_builder_route_set_sla", c_int, (P, c_int, TEXT, Z)),
    ("triage_builder_route_set_stop", c_int, (P, c_int, c_int)),
    ("triage_builder_compile", c_int, (P, POINTER(c_void_p))),
    ("triage_ruleset_free", None, (P,)),
    ("triage_ruleset_name", CSTR, (P,)),
    ("triage_ruleset_category_count", Z, (P,)),
    ("triage_ruleset_category_name", CSTR, (P, Z)),
    ("triage_ruleset_category_index", c_int, (P, TEXT, Z)),
    ("triage_ruleset_route_count", Z, (P,)),
    ("triage_ruleset_route_name", CSTR, (P, Z)),
    ("triage_ruleset_term_count", Z, (P,)),
    ("triage_ruleset_memory", Z, (P,)),
    ("triage_ruleset_source_hash", c_void_p, (P,)),
)

YAML: Tuple[Signature, ...] = (
    ("triage_builder_load_file", c_int, (P, TEXT)),
    ("triage_builder_load_yaml", c_int, (P, TEXT, Z, TEXT)),
)

ROUTE: Tuple[Signature, ...] = (
    ("triage_ticket_create", P, (P,)),
    ("triage_ticket_free", None, (P,)),
    ("triage_ticket_clear", None, (P,)),
    ("triage_ticket_add", c_int, (P, TEXT, Z, TEXT, Z)),
    ("triage_ticket_value_count", Z, (P, TEXT, Z)),
    ("triage_ticket_value", c_int, (P, TEXT, Z, Z, POINTER(c_void_p), POINTER(c_size_t))),
    ("triage_scratch_create", P, (P,)),
    ("triage_scratch_free", None, (P,)),
    ("triage_decision_create", P, (P,)),
    ("triage_decision_free", None, (P,)),
    ("triage_route", c_int, (P, P, P, c_uint, P)),
    ("triage_flag_name", CSTR, (c_uint,)),
    ("triage_decision_category", CSTR, (P,)),
    ("triage_decision_category_index", c_int, (P,)),
    ("triage_decision_queue", CSTR, (P,)),
    ("triage_decision_priority", c_int, (P,)),
    ("triage_decision_tier", c_int, (P,)),
    ("triage_decision_sla", CSTR, (P,)),
    ("triage_decision_flags", c_uint, (P,)),
    ("triage_decision_score_count", Z, (P,)),
    ("triage_decision_score", c_int64, (P, Z)),
    ("triage_decision_tag_count", Z, (P,)),
    ("triage_decision_tag", CSTR, (P, Z)),
    ("triage_decision_rule_count", Z, (P,)),
    ("triage_decision_rule", CSTR, (P, Z)),
    ("triage_decision_hit_count", Z, (P,)),
    ("triage_decision_hit", c_int,
     (P, Z, POINTER(c_size_t), POINTER(c_void_p), POINTER(c_void_p), POINTER(c_size_t),
      POINTER(c_size_t), POINTER(c_size_t), POINTER(c_int64))),
)

# Newer additions to route.h, bound when present (the bindings fall back to
# the per-item getters otherwise).
ROUTE_BULK: Tuple[Signature, ...] = (
    # The array goes in as its address (an int): cheaper than an array object.
    ("triage_decision_scores", Z, (P, c_void_p, Z)),
)

CALENDAR: Tuple[Signature, ...] = (
    ("triage_calendar_create", P, (P,)),
    ("triage_calendar_free", None, (P,)),
    ("triage_calendar_clone", P, (P,)),
    ("triage_calendar_set_zoneinfo_dir", c_int, (P, TEXT)),
    ("triage_calendar_set_zone", c_int, (P, TEXT, Z)),
    ("triage_calendar_set_zone_tzif", c_int, (P, TEXT, Z, TEXT, Z)),
    ("triage_calendar_zone", CSTR, (P,)),
    ("triage_calendar_add_interval", c_int, (P, c_int, c_int32, c_int32)),
    ("triage_calendar_clear_intervals", c_int, (P,)),
    ("triage_calendar_set_24x7", c_int, (P,)),
    ("triage_calendar_add_holiday", c_int, (P, c_int, c_int, c_int)),
    ("triage_calendar_due", c_int, (P, c_int64, c_int64, POINTER(c_int64), Z, POINTER(c_int64))),
    ("triage_calendar_elapsed", c_int,
     (P, c_int64, c_int64, POINTER(c_int64), Z, POINTER(c_int64))),
    ("triage_calendar_is_open", c_int, (P, c_int64, POINTER(c_int))),
    ("triage_calendar_utc_offset", c_int, (P, c_int64, POINTER(c_int32))),
    ("triage_calendar_local_instant", c_int,
     (P, c_int, c_int, c_int, c_int32, POINTER(c_int64))),
)

U64 = c_uint64

SLA: Tuple[Signature, ...] = (
    ("triage_metric_name", CSTR, (c_int,)),
    ("triage_metric_from_name", c_int, (TEXT, Z)),
    ("triage_sla_policy_create", P, (P, TEXT, Z)),
    ("triage_sla_policy_free", None, (P,)),
    ("triage_sla_policy_name", CSTR, (P,)),
    ("triage_sla_policy_set_calendar", c_int, (P, P)),
    ("triage_sla_policy_set_target", c_int, (P, c_int, c_int64, c_uint)),
    ("triage_sla_policy_add_pause_status", c_int, (P, TEXT, Z)),
    ("triage_sla_policy_add_warning", c_int, (P, ctypes.c_double)),
    ("triage_sla_policy_add_escalation", c_int, (P, c_int64, c_int, c_int)),
    ("triage_tracker_create", P, (P,)),
    ("triage_tracker_free", None, (P,)),
    ("triage_tracker_add_policy", c_int, (P, P)),
    ("triage_tracker_set_priority_policy", c_int, (P, c_int, TEXT, Z)),
    ("triage_tracker_set_default_policy", c_int, (P, TEXT, Z)),
    ("triage_tracker_created", c_int, (P, U64, c_int64, c_int, c_int, TEXT, Z)),
    ("triage_tracker_customer_message", c_int, (P, U64, c_int64)),
    ("triage_tracker_agent_reply", c_int, (P, U64, c_int64)),
    ("triage_tracker_status", c_int, (P, U64, c_int64, TEXT, Z)),
    ("triage_tracker_priority", c_int, (P, U64, c_int64, c_int)),
    ("triage_tracker_policy", c_int, (P, U64, c_int64, TEXT, Z)),
    ("triage_tracker_solved", c_int, (P, U64, c_int64)),
    ("triage_tracker_reopened", c_int, (P, U64, c_int64)),
    ("triage_tracker_remove", c_int, (P, U64)),
    ("triage_tracker_metric", c_int,
     (P, U64, c_int, c_int64, POINTER(c_int64), POINTER(c_int64), POINTER(c_int64),
      POINTER(c_uint))),
    ("triage_tracker_ticket", c_int,
     (P, U64, POINTER(c_int), POINTER(c_int), POINTER(c_void_p), POINTER(c_int))),
    ("triage_tracker_ticket_count", Z, (P,)),
    ("triage_tracker_memory", Z, (P,)),
    ("triage_fire_kind_name", CSTR, (c_int,)),
    ("triage_tracker_next_fire", c_int, (P, POINTER(c_int64))),
    ("triage_tracker_collect", c_int, (P, c_int64, POINTER(c_size_t))),
    ("triage_tracker_fire", c_int,
     (P, Z, POINTER(U64), POINTER(c_int64), POINTER(c_int), POINTER(c_int),
      POINTER(ctypes.c_uint32), POINTER(c_int64), POINTER(c_int), POINTER(c_int))),
    ("triage_tracker_snapshot_size", c_int, (P, POINTER(c_size_t))),
    ("triage_tracker_save", c_int, (P, c_void_p, Z, POINTER(c_size_t))),
    ("triage_tracker_restore", c_int, (P, c_void_p, Z)),
)

# Calendars and SLA policies carried by a ruleset, and their newer helpers.
RULES_SLA: Tuple[Signature, ...] = (
    ("triage_sla_policy_add_escalation_level", c_int, (P, c_int64, c_uint, c_int, c_int)),
    ("triage_sla_policy_due", c_int, (P, c_int, c_int64, POINTER(c_int64))),
    ("triage_builder_set_zoneinfo_dir", c_int, (P, TEXT)),
    ("triage_builder_add_calendar", c_int, (P, TEXT, Z, P)),
    ("triage_builder_add_sla_policy", c_int, (P, P, TEXT, Z)),
    ("triage_builder_set_sla_default", c_int, (P, TEXT, Z)),
    ("triage_builder_set_sla_priority_policy", c_int, (P, c_int, TEXT, Z)),
    ("triage_ruleset_calendar_count", Z, (P,)),
    ("triage_ruleset_calendar_name", CSTR, (P, Z)),
    ("triage_ruleset_calendar", P, (P, TEXT, Z)),
    ("triage_ruleset_sla_policy_count", Z, (P,)),
    ("triage_ruleset_sla_policy", P, (P, Z)),
    ("triage_ruleset_sla_policy_find", P, (P, TEXT, Z)),
    ("triage_ruleset_sla_policy_choose", P, (P, TEXT, c_int)),
    ("triage_tracker_add_ruleset", c_int, (P, P)),
)

INTEGRITY: Tuple[Signature, ...] = (
    ("triage_trust_create", P, (P,)),
    ("triage_trust_free", None, (P,)),
    ("triage_trust_add_key", c_int, (P, TEXT, Z)),
    ("triage_trust_add_key_file", c_int, (P, TEXT)),
    ("triage_trust_key_count", Z, (P,)),
    ("triage_trust_verify", c_int, (P, TEXT, Z, TEXT, Z)),
    ("triage_trust_verify_file", c_int, (P, TEXT, TEXT)),
    ("triage_trust_error", CSTR, (P,)),
    ("triage_trust_trusted_comment", CSTR, (P,)),
    ("triage_builder_load_signed_file", c_int, (P, P, TEXT, TEXT)),
    ("triage_audit_keygen", c_int, (c_void_p, Z, c_void_p, Z)),
    ("triage_audit_public_key", c_int, (TEXT, Z, c_void_p, Z)),
    ("triage_audit_writer_create", P, (P,)),
    ("triage_audit_writer_free", None, (P,)),
    ("triage_audit_writer_set_key", c_int, (P, TEXT, Z)),
    ("triage_audit_writer_set_interval", c_int, (P, U64)),
    ("triage_audit_writer_set_sync", c_int, (P, c_int)),
    ("triage_audit_writer_open", c_int, (P, TEXT)),
    ("triage_audit_writer_open_fd", c_int, (P, c_int)),
    ("triage_audit_writer_append", c_int, (P, c_uint, TEXT, Z)),
    ("triage_audit_writer_checkpoint", c_int, (P,)),
    ("triage_audit_writer_close", c_int, (P,)),
    ("triage_audit_writer_count", U64, (P,)),
    ("triage_audit_writer_torn_bytes", U64, (P,)),
    ("triage_audit_writer_last_checkpoint", CSTR, (P,)),
    ("triage_audit_writer_error", CSTR, (P,)),
    ("triage_audit_reason_name", CSTR, (c_int,)),
    ("triage_audit_verifier_create", P, (P,)),
    ("triage_audit_verifier_free", None, (P,)),
    ("triage_audit_verifier_add_key", c_int, (P, TEXT, Z)),
    ("triage_audit_verifier_set_anchor", c_int, (P, TEXT, Z)),
    ("triage_audit_verify", c_int, (P, TEXT)),
    ("triage_audit_verify_fd", c_int, (P, c_int)),
    ("triage_audit_verify_buffer", c_int, (P, TEXT, Z)),
    ("triage_audit_verifier_reason", c_int, (P,)),
    ("triage_audit_verifier_index", U64, (P,)),
    ("triage_audit_verifier_offset", U64, (P,)),
    ("triage_audit_verifier_message", CSTR, (P,)),
    ("triage_audit_verifier_entries", U64, (P,)),
    ("triage_audit_verifier_checkpoints", U64, (P,)),
    ("triage_audit_verifier_unsealed", U64, (P,)),
    ("triage_pseudonym_keygen", c_int, (c_void_p,)),
    ("triage_pseudonymize", c_int, (TEXT, TEXT, Z, c_uint, c_void_p, Z)),
)

INTEGRITY_ANCHOR: Tuple[Signature, ...] = (
    ("triage_audit_verifier_last_checkpoint", CSTR, (P,)),
)

# triage_words calls back into Python once per word.
WORD_FN = ctypes.CFUNCTYPE(c_int, c_void_p, Z, c_void_p, Z, Z, c_void_p)

EXPLAIN: Tuple[Signature, ...] = (
    ("triage_condition_kind_name", CSTR, (c_int,)),
    ("triage_cmp_name", CSTR, (c_int,)),
    ("triage_rule_outcome_name", CSTR, (c_int,)),
    ("triage_explanation_create", P, (P,)),
    ("triage_explanation_free", None, (P,)),
    ("triage_explain", c_int, (P, P, P, c_uint, P)),
    ("triage_explanation_decision", P, (P,)),
    ("triage_explanation_category_count", Z, (P,)),
    ("triage_explanation_category", c_int,
     (P, Z, POINTER(c_void_p), POINTER(c_int64), POINTER(c_int64), POINTER(c_int))),
    ("triage_explanation_rule_count", Z, (P,)),
    ("triage_explanation_rule", c_int,
     (P, Z, POINTER(c_void_p), POINTER(c_int), POINTER(c_size_t), POINTER(c_int))),
    ("triage_explanation_condition", c_int,
     (P, Z, Z, POINTER(c_int), POINTER(c_int), POINTER(c_void_p))),
    ("triage_explanation_condition_subject", CSTR, (P, Z, Z)),
    ("triage_explanation_condition_operand_count", Z, (P, Z, Z)),
    ("triage_explanation_condition_operand", CSTR, (P, Z, Z, Z)),
    ("triage_explanation_condition_score", c_int,
     (P, Z, Z, POINTER(c_int), POINTER(c_int64), POINTER(c_int64))),
    ("triage_words", c_int, (P, TEXT, Z, c_uint, WORD_FN, c_void_p)),
)

# Called without the GIL (the rest keep it; see the module docstring).
RELEASE_GIL = frozenset({
    "triage_builder_compile", "triage_builder_load_file", "triage_builder_load_yaml",
    "triage_route", "triage_scratch_create",
    "triage_calendar_set_zone", "triage_calendar_set_zone_tzif", "triage_calendar_due",
    "triage_calendar_elapsed", "triage_calendar_local_instant",
    "triage_sla_policy_set_calendar", "triage_tracker_add_policy", "triage_tracker_created",
    "triage_tracker_customer_message", "triage_tracker_agent_reply", "triage_tracker_status",
    "triage_tracker_priority", "triage_tracker_policy", "triage_tracker_solved",
    "triage_tracker_reopened", "triage_tracker_metric", "triage_tracker_next_fire",
    "triage_tracker_collect", "triage_tracker_save", "triage_tracker_restore",
    "triage_tracker_snapshot_size", "triage_tracker_add_ruleset", "triage_sla_policy_due",
    "triage_trust_add_key_file", "triage_trust_verify", "triage_trust_verify_file",
    "triage_builder_load_signed_file", "triage_audit_keygen", "triage_audit_writer_open",
    "triage_audit_writer_open_fd", "triage_audit_writer_append",
    "triage_audit_writer_checkpoint", "triage_audit_writer_close", "triage_audit_verify",
    "triage_audit_verify_fd", "triage_audit_verify_buffer", "triage_pseudonym_keygen",
    "triage_pseudonymize", "triage_explain",
})

# Groups that must all be present, and groups bound when present.
REQUIRED = {"common": COMMON, "rules": RULES, "route": ROUTE}
OPTIONAL = {"route_bulk": ROUTE_BULK, "yaml": YAML, "calendar": CALENDAR, "sla": SLA, "rules_sla": RULES_SLA,
            "integrity": INTEGRITY,
            "integrity_anchor": INTEGRITY_ANCHOR, "explain": EXPLAIN}


class Functions:
    """The bound C functions as attributes (``C.triage_route(...)``) plus
    ``groups``: the names of the optional groups the library provides."""

    def __init__(self) -> None:
        self.groups: Dict[str, bool] = {}


def _bind_group(libs: Tuple[ctypes.CDLL, ctypes.PyDLL], out: Functions,
                table: Iterable[Signature]) -> bool:
    fns = []
    for name, restype, argtypes in table:
        try:
            fn = getattr(libs[0] if name in RELEASE_GIL else libs[1], name)
        except AttributeError:
            return False
        fn.restype = restype
        fn.argtypes = list(argtypes)
        fns.append((name, fn))
    for name, fn in fns:
        setattr(out, name, fn)
    return True


def bind(lib: ctypes.CDLL, path: str) -> Functions:
    """Declares every signature on the library loaded from ``path``; raises
    ImportError when a required function is missing."""
    out = Functions()
    libs = (lib, ctypes.PyDLL(path))
    for group, table in REQUIRED.items():
        if not _bind_group(libs, out, table):
            missing = [n for n, _, _ in table if not hasattr(lib, n)]
            raise ImportError("libtriage lacks required functions: %s" % ", ".join(missing))
        out.groups[group] = True
    for group, table in OPTIONAL.items():
        out.groups[group] = _bind_group(libs, out, table)
    return out


def all_signatures() -> Tuple[Signature, ...]:
    """Every signature in the table (for tests and documentation)."""
    sigs: Tuple[Signature, ...] = ()
    for table in list(REQUIRED.values()) + list(OPTIONAL.values()):
        sigs += table
    return sigs
