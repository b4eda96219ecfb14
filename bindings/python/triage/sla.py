"""SLA policies and the SLA tracker.

A :class:`SlaPolicy` sets targets per metric (first response, next
response, periodic update, resolution), the business calendar they count
in, the statuses that pause them, warnings and escalations.  An
:class:`SlaTracker` holds the timers of many tickets: feed it ticket events
(with their time: the library never reads a clock), ask it when the next
warning or breach is due, and collect what fired.  Its state saves to bytes
and restores exactly.

Instants in are aware datetimes or int Unix seconds; instants out are aware
UTC datetimes; durations are timedeltas (or int seconds going in).  Ticket
ids are ints in 0 .. 2**64-1 (use a dict if yours are strings).  A tracker
belongs to one thread at a time in C; here its calls are serialised, so a
tracker may be shared, and a policy may be shared freely.
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import weakref
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Union

from ._core import BorrowedGuard, C, Closeable, cstr, encode, fail, Guard, require, Text
from .builder import priority_value
from .calendar import Calendar, Duration, Instant, from_unix, to_unix, _seconds
from .decision import PRIORITIES
from .errors import ERR_NOMEM, ERR_NOT_FOUND, TriageMemoryError

__all__ = ["SlaPolicy", "SlaTracker", "MetricState", "TicketState", "Fire", "METRICS",
           "FIRE_KINDS"]

#: Metric names, in the order of their C values.
METRICS = ("first_response", "next_response", "periodic_update", "resolution")
#: Fire kinds: a warning (a fraction of a target used), a breach, an escalation.
FIRE_KINDS = ("warning", "breach", "escalation")
TIME_NONE = -(2 ** 63)
TARGET_CALENDAR_TIME = 0x1
SLA_ACTIVE, SLA_PAUSED, SLA_MET, SLA_BREACHED = 0x1, 0x2, 0x4, 0x8


def metric_value(metric: Union[str, int]) -> int:
    if isinstance(metric, str):
        raw = metric.encode()
        value = C.triage_metric_from_name(raw, len(raw))
        if value < 0:
            raise ValueError("unknown metric %r (use %s)" % (metric, ", ".join(METRICS)))
        return value
    if isinstance(metric, bool) or not isinstance(metric, int):
        raise TypeError("a metric is a name or an int")
    return metric


def _ticket_id(ticket: int) -> int:
    if isinstance(ticket, bool) or not isinstance(ticket, int):
        raise TypeError("ticket ids are ints (0 .. 2**64-1), not %s" % type(ticket).__name__)
    if not 0 <= ticket < 2 ** 64:
        raise ValueError("ticket id %d is not in 0 .. 2**64-1" % ticket)
    return ticket


@dataclass(frozen=True)
class MetricState:
    """One timer of a ticket at an instant."""
    metric: str
    due: Optional[_dt.datetime]    # None unless the timer runs
    elapsed: _dt.timedelta         # counted time of the current (or last) cycle
    remaining: _dt.timedelta       # target - elapsed (negative when overdue)
    active: bool                   # counting or paused
    paused: bool
    met: bool                      # the last finished cycle was met
    breached: bool                 # the current or last cycle is breached


@dataclass(frozen=True)
class TicketState:
    priority: str
    tier: int
    policy: Optional[str]
    solved: bool


@dataclass(frozen=True)
class Fire:
    """A warning, breach or escalation taken by :meth:`SlaTracker.collect`.
    ``level``: the warning's fraction (0.75), the escalation level (1, 2,
    ...), 0 for a breach.  ``tier`` and ``priority`` are the ticket's after
    the fire."""
    ticket: int
    at: _dt.datetime
    kind: str
    metric: str
    level: Union[float, int]
    due: _dt.datetime
    tier: int
    priority: str


class SlaPolicy(Closeable):
    """Targets and rules for one SLA policy::

        urgent = triage.SlaPolicy("urgent", calendar=always,
                                  first_response=timedelta(minutes=30),
                                  resolution=timedelta(hours=8),
                                  pause_on=["pending"], warn_at=[0.75],
                                  escalate=[{"after": 0, "tier": 1},
                                            {"after": timedelta(hours=1), "tier": 1,
                                             "priority": "urgent"}])

    Targets count business time in ``calendar`` (none: calendar time), except
    the metrics named in ``calendar_time``.
    """

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, name: Text, *, calendar: Optional[Calendar] = None,
                 first_response: Optional[Duration] = None,
                 next_response: Optional[Duration] = None,
                 periodic_update: Optional[Duration] = None,
                 resolution: Optional[Duration] = None,
                 calendar_time: Iterable[str] = (), pause_on: Iterable[Text] = (),
                 warn_at: Iterable[float] = (), escalate: Iterable[Mapping[str, Any]] = ()):
        require("sla", "SlaPolicy")
        raw = encode(name, "policy name")
        ptr = C.triage_sla_policy_create(None, raw, len(raw))
        if not ptr:
            raise fail(-2, "SLA policy %r (a name of 1 to 255 bytes)" % (name,))
        self._guard = Guard(ptr, C.triage_sla_policy_free, "SLA policy")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        if calendar is not None:
            self.set_calendar(calendar)
        plain = set(calendar_time)
        for metric, target in (("first_response", first_response),
                               ("next_response", next_response),
                               ("periodic_update", periodic_update), ("resolution", resolution)):
            if target is not None:
                self.set_target(metric, target, calendar_time=metric in plain)
        for status in pause_on:
            self.add_pause_status(status)
        for fraction in warn_at:
            self.add_warning(fraction)
        for level in escalate:
            self.add_escalation(**level)

    @classmethod
    def _borrow(cls, ptr: int, owner: Any, what: str) -> "SlaPolicy":
        """A read-only view of a policy that a ruleset owns."""
        p = object.__new__(cls)
        p._guard = BorrowedGuard(ptr, owner, what)
        p._finalizer = weakref.finalize(p, lambda: None)
        return p

    def _change(self, fn, *args: Any, what: str) -> None:
        with self._guard.exclusive() as p:
            rc = fn(p, *args)
        if rc:
            raise fail(rc, what)

    @property
    def name(self) -> str:
        p = self._guard.enter()
        try:
            return cstr(C.triage_sla_policy_name(p)) or ""
        finally:
            self._guard.leave()

    def set_calendar(self, calendar: Optional[Calendar]) -> None:
        """The business calendar (copied: later changes to it do not count)."""
        if calendar is None:
            self._change(C.triage_sla_policy_set_calendar, None, what="calendar")
            return
        cal = calendar._guard.enter()
        try:
            self._change(C.triage_sla_policy_set_calendar, cal, what="calendar")
        finally:
            calendar._guard.leave()

    def set_target(self, metric: Union[str, int], target: Duration,
                   calendar_time: bool = False) -> None:
        """A metric's target (0 < target <= 100 years)."""
        self._change(C.triage_sla_policy_set_target, metric_value(metric),
                     _seconds(target, "target"), TARGET_CALENDAR_TIME if calendar_time else 0,
                     what="target %s" % (metric,))

    def add_pause_status(self, status: Text) -> None:
        """Timers stop while the ticket's status is this one."""
        raw = encode(status, "status")
        self._change(C.triage_sla_policy_add_pause_status, raw, len(raw),
                     what="pause status %r" % (status,))

    def add_warning(self, fraction: float) -> None:
        """A warning when this fraction (0 < f < 1) of a target is used."""
        self._change(C.triage_sla_policy_add_warning, float(fraction),
                     what="warning %r" % (fraction,))

    def add_escalation(self, after: Duration = 0, tier: int = 0,
                       priority: Optional[Union[str, int]] = None, *, set_tier: bool = False,
                       raise_priority: bool = False) -> None:
        """A level fired once per breached timer, ``after`` the breach:
        raises the tier by ``tier`` steps (to ``tier`` with set_tier=True)
        and the priority to ``priority`` if higher (by ``priority`` steps, an
        int 1..3, with raise_priority=True).  Never lowers either."""
        after_s = _seconds(after, "after")
        if set_tier or raise_priority:
            require("rules_sla", "set_tier and raise_priority")
            flags = (0x1 if set_tier else 0) | (0x2 if raise_priority else 0)
            if raise_priority:
                steps = -1 if priority is None else int(priority)
            else:
                steps = -1 if priority is None else priority_value(priority)
            self._change(C.triage_sla_policy_add_escalation_level, after_s, flags, int(tier),
                         steps, what="escalation")
            return
        self._change(C.triage_sla_policy_add_escalation, after_s, int(tier),
                     -1 if priority is None else priority_value(priority), what="escalation")

    def due(self, metric: Union[str, int], start: Instant) -> Optional[_dt.datetime]:
        """When a metric's target falls due from ``start``, counted like the
        target (None when the policy does not time the metric)."""
        require("rules_sla", "SlaPolicy.due")
        out = ctypes.c_int64()
        p = self._guard.enter()
        try:
            rc = C.triage_sla_policy_due(p, metric_value(metric), to_unix(start, "start"),
                                         ctypes.byref(out))
        finally:
            self._guard.leave()
        if rc == ERR_NOT_FOUND:
            return None
        if rc:
            raise fail(rc, "due %s" % (metric,))
        return from_unix(out.value)

    def __repr__(self) -> str:
        return "<triage.SlaPolicy %s>" % ("closed" if self.closed else repr(self.name))


class SlaTracker(Closeable):
    """The SLA timers of many tickets::

        tracker = triage.SlaTracker([urgent, standard], default="standard",
                                    by_priority={"urgent": "urgent"})
        tracker.created(1001, created_at, priority="high")
        tracker.agent_reply(1001, replied_at)
        when = tracker.next_fire()            # set one timer for this
        for fire in tracker.collect(now):     # warnings, breaches, escalations
            ...

    Policies are copied in and must all be added before the first event.
    Events of one ticket come in time order; an event out of order is a
    StateError, an unknown ticket a NotFoundError, and nothing changes.
    """

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, policies: Iterable[SlaPolicy] = (), *, default: Optional[Text] = None,
                 by_priority: Optional[Mapping[Union[str, int], Text]] = None,
                 rules: Any = None):
        require("sla", "SlaTracker")
        ptr = C.triage_tracker_create(None)
        if not ptr:
            raise TriageMemoryError(ERR_NOMEM, "cannot create an SLA tracker")
        self._guard = Guard(ptr, C.triage_tracker_free, "SLA tracker")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        if rules is not None:
            self.add_rules(rules)
        for p in policies:
            self.add_policy(p)
        if default is not None:
            self.set_default_policy(default)
        for priority, name in (by_priority or {}).items():
            self.set_priority_policy(priority, name)

    def _call(self, fn, *args: Any, what: str) -> None:
        with self._guard.exclusive() as t:
            rc = fn(t, *args)
        if rc:
            raise fail(rc, what)

    # ---- setup ----
    def add_policy(self, policy: SlaPolicy) -> None:
        """Adds a copy of a policy (names are unique)."""
        p = policy._guard.enter()
        try:
            self._call(C.triage_tracker_add_policy, p, what="policy %r" % policy.name)
        finally:
            policy._guard.leave()

    def add_rules(self, rules: Any) -> None:
        """Adds every SLA policy of a :class:`triage.Rules` (from its ``sla``
        section), with its default and per-priority choices."""
        require("rules_sla", "SlaTracker.add_rules")
        rs = rules._guard.enter()
        try:
            self._call(C.triage_tracker_add_ruleset, rs, what="rules")
        finally:
            rules._guard.leave()

    def set_priority_policy(self, priority: Union[str, int], policy: Text) -> None:
        """The policy of tickets of this priority whose creation names none."""
        raw = encode(policy, "policy")
        self._call(C.triage_tracker_set_priority_policy, priority_value(priority), raw, len(raw),
                   what="policy %r for priority %s" % (policy, priority))

    def set_default_policy(self, policy: Text) -> None:
        raw = encode(policy, "policy")
        self._call(C.triage_tracker_set_default_policy, raw, len(raw),
                   what="default policy %r" % (policy,))

    # ---- events ----
    def created(self, ticket: int, at: Instant, priority: Union[str, int] = "normal",
                tier: int = 1, policy: Optional[Text] = None) -> None:
        """A new ticket; without ``policy`` it follows its priority."""
        raw = None if policy is None else encode(policy, "policy")
        self._call(C.triage_tracker_created, _ticket_id(ticket), to_unix(at, "at"),
                   priority_value(priority), int(tier), raw, len(raw) if raw else 0,
                   what="ticket %d created" % ticket)

    def customer_message(self, ticket: int, at: Instant) -> None:
        self._call(C.triage_tracker_customer_message, _ticket_id(ticket), to_unix(at, "at"),
                   what="ticket %d customer message" % ticket)

    def agent_reply(self, ticket: int, at: Instant) -> None:
        self._call(C.triage_tracker_agent_reply, _ticket_id(ticket), to_unix(at, "at"),
                   what="ticket %d agent reply" % ticket)

    def status(self, ticket: int, at: Instant, status: Text) -> None:
        """The ticket's status changed (a pause status stops its timers)."""
        raw = encode(status, "status")
        self._call(C.triage_tracker_status, _ticket_id(ticket), to_unix(at, "at"), raw,
                   len(raw), what="ticket %d status %r" % (ticket, status))

    def priority(self, ticket: int, at: Instant, priority: Union[str, int]) -> None:
        self._call(C.triage_tracker_priority, _ticket_id(ticket), to_unix(at, "at"),
                   priority_value(priority), what="ticket %d priority" % ticket)

    def policy(self, ticket: int, at: Instant, policy: Optional[Text]) -> None:
        """An explicit policy (None: back to the priority-driven choice)."""
        raw = None if policy is None else encode(policy, "policy")
        self._call(C.triage_tracker_policy, _ticket_id(ticket), to_unix(at, "at"), raw,
                   len(raw) if raw else 0, what="ticket %d policy %r" % (ticket, policy))

    def solved(self, ticket: int, at: Instant) -> None:
        self._call(C.triage_tracker_solved, _ticket_id(ticket), to_unix(at, "at"),
                   what="ticket %d solved" % ticket)

    def reopened(self, ticket: int, at: Instant) -> None:
        self._call(C.triage_tracker_reopened, _ticket_id(ticket), to_unix(at, "at"),
                   what="ticket %d reopened" % ticket)

    def remove(self, ticket: int) -> None:
        """Forgets a ticket and its pending fires."""
        self._call(C.triage_tracker_remove, _ticket_id(ticket), what="ticket %d" % ticket)

    # ---- queries ----
    def metric(self, ticket: int, metric: Union[str, int], now: Instant) -> MetricState:
        """A ticket's timer for a metric at instant ``now``."""
        m = metric_value(metric)
        due, elapsed, remaining = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64()
        flags = ctypes.c_uint()
        ref = ctypes.byref
        self._call(C.triage_tracker_metric, _ticket_id(ticket), m, to_unix(now, "now"),
                   ref(due), ref(elapsed), ref(remaining), ref(flags),
                   what="ticket %d metric %s" % (ticket, metric))
        f = flags.value
        return MetricState(METRICS[m] if 0 <= m < len(METRICS) else str(m),
                           None if due.value == TIME_NONE else from_unix(due.value),
                           _dt.timedelta(seconds=elapsed.value),
                           _dt.timedelta(seconds=remaining.value), bool(f & SLA_ACTIVE),
                           bool(f & SLA_PAUSED), bool(f & SLA_MET), bool(f & SLA_BREACHED))

    def ticket(self, ticket: int) -> TicketState:
        """A ticket's priority, tier, policy and whether it is solved."""
        priority, tier, solved = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        policy = ctypes.c_void_p()
        ref = ctypes.byref
        with self._guard.exclusive() as t:
            rc = C.triage_tracker_ticket(t, _ticket_id(ticket), ref(priority), ref(tier),
                                         ref(policy), ref(solved))
            name = cstr(policy.value) if rc == 0 else None
        if rc:
            raise fail(rc, "ticket %d" % ticket)
        return TicketState(PRIORITIES[priority.value], tier.value, name, bool(solved.value))

    def __len__(self) -> int:
        t = self._guard.enter()
        try:
            return C.triage_tracker_ticket_count(t)
        finally:
            self._guard.leave()

    @property
    def memory(self) -> int:
        """Bytes held by the tracker."""
        t = self._guard.enter()
        try:
            return C.triage_tracker_memory(t)
        finally:
            self._guard.leave()

    def next_fire(self) -> Optional[_dt.datetime]:
        """When something will fire next (None: nothing pending)."""
        at = ctypes.c_int64()
        with self._guard.exclusive() as t:
            rc = C.triage_tracker_next_fire(t, ctypes.byref(at))
        if rc == ERR_NOT_FOUND:
            return None
        if rc:
            raise fail(rc, "next_fire")
        return from_unix(at.value)

    def collect(self, up_to: Instant) -> List[Fire]:
        """Takes every warning, breach and escalation due at or before
        ``up_to``, in time order, each once over the tracker's life."""
        out: List[Fire] = []
        count = ctypes.c_size_t()
        tid, at, due = ctypes.c_uint64(), ctypes.c_int64(), ctypes.c_int64()
        kind, metric, tier, priority = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        level = ctypes.c_uint32()
        ref = ctypes.byref
        with self._guard.exclusive() as t:
            rc = C.triage_tracker_collect(t, to_unix(up_to, "up_to"), ref(count))
            if rc:
                raise fail(rc, "collect")
            for i in range(count.value):
                rc = C.triage_tracker_fire(t, i, ref(tid), ref(at), ref(kind), ref(metric),
                                           ref(level), ref(due), ref(tier), ref(priority))
                if rc:
                    raise fail(rc, "fire %d" % i)
                k = FIRE_KINDS[kind.value] if 0 <= kind.value < 3 else str(kind.value)
                lvl: Union[float, int] = (level.value / 1e6 if k == "warning" else level.value)
                out.append(Fire(tid.value, from_unix(at.value), k,
                                METRICS[metric.value] if 0 <= metric.value < 4 else
                                str(metric.value), lvl, from_unix(due.value), tier.value,
                                PRIORITIES[priority.value]))
        return out

    # ---- snapshots ----
    def save(self) -> bytes:
        """The tracker's state as bytes (versioned, checksummed)."""
        size, written = ctypes.c_size_t(), ctypes.c_size_t()
        with self._guard.exclusive() as t:
            rc = C.triage_tracker_snapshot_size(t, ctypes.byref(size))
            if rc:
                raise fail(rc, "snapshot size")
            buf = ctypes.create_string_buffer(size.value or 1)
            rc = C.triage_tracker_save(t, buf, size.value, ctypes.byref(written))
        if rc:
            raise fail(rc, "save")
        return buf.raw[:written.value]

    def restore(self, data: bytes) -> None:
        """Restores a saved state; this tracker must hold the same policies
        (StateError otherwise).  CorruptError for damaged bytes; on any error
        the tracker is unchanged."""
        raw = bytes(data)
        self._call(C.triage_tracker_restore, raw, len(raw), what="restore")

    # ---- lifetime ----
