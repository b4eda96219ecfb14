"""What routing decided: :class:`Decision` and its explanation :class:`Hit`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["Decision", "Hit", "PRIORITIES", "FLAGS"]

#: Priority names, lowest first (TRIAGE_PRIORITY_LOW .. URGENT).
PRIORITIES: Tuple[str, ...] = ("low", "normal", "high", "urgent")
#: Decision flag names the library knows.
FLAGS: Tuple[str, ...] = ("invalid_utf8", "regex_budget", "no_category")


@dataclass(frozen=True)
class Hit:
    """One keyword or regex hit (``route(..., explain=True)`` only).

    ``offset`` and ``length`` are **bytes** in the UTF-8 value of the field
    as it was given (``value_index`` says which value of a multi-valued
    field): ``value.encode()[hit.offset:hit.offset + hit.length]`` is the
    matched text.  ``weight`` is the term's weight times the field weight.
    """
    category: str
    term: str
    field: str
    value_index: int
    offset: int
    length: int
    weight: int


@dataclass
class Decision:
    """The result of routing one ticket (a snapshot: plain Python values).

    ``category`` is None when no category reached its threshold (then
    ``flags`` holds ``"no_category"``).  ``priority`` is one of
    :data:`PRIORITIES`.  ``scores`` maps every category, in the ruleset's
    order, to its score.  ``rules`` names the route rules that fired, in
    order.  ``flags`` lists :data:`FLAGS` names.  ``sla`` is the SLA policy
    a route rule set, or None.  ``hits`` is empty unless routed with
    ``explain=True``.  ``rules_hash`` is the BLAKE2b-256 of the rules source,
    in hex (the rules the decision came from, for audit logs).  Names are
    decoded from UTF-8 with ``surrogateescape``.
    """
    __slots__ = ("category", "queue", "priority", "tier", "scores", "tags", "rules", "flags",
                 "sla", "hits", "rules_hash")
    category: Optional[str]
    queue: Optional[str]
    priority: str
    tier: int
    scores: Dict[str, int]
    tags: List[str]
    rules: List[str]
    flags: List[str]
    sla: Optional[str]
    hits: List[Hit]
    rules_hash: str

    def differences(self, other: "Decision") -> List[str]:
        """The fields in which two decisions differ, possibly from different
        rulesets: "category", "queue", "priority", "tier", "tags" (as sets:
        order does not matter), "sla".  The semantics of
        ``triage_decision_compare``, done on the Python snapshots."""
        out = []
        for name in ("category", "queue", "priority", "tier"):
            if getattr(self, name) != getattr(other, name):
                out.append(name)
        if set(self.tags) != set(other.tags):
            out.append("tags")
        if self.sla != other.sla:
            out.append("sla")
        return out

    def to_dict(self, explain: Optional[bool] = None) -> Dict[str, Any]:
        """The decision as the ``triage route`` JSON object (without ``id``
        and ``rules_hash``); ``hits`` is included when ``explain`` is true,
        or by default when there are hits."""
        out: Dict[str, Any] = {
            "category": self.category, "queue": self.queue, "priority": self.priority,
            "tier": self.tier, "scores": dict(self.scores), "rules": list(self.rules),
            "tags": list(self.tags), "flags": list(self.flags), "sla": self.sla,
            "rules_hash": self.rules_hash,
        }
        if explain or (explain is None and self.hits):
            out["hits"] = [
                {"category": h.category, "term": h.term, "field": h.field,
                 "value_index": h.value_index, "offset": h.offset, "length": h.length,
                 "weight": h.weight} for h in self.hits]
        return out
