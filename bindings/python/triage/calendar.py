"""Business calendars: business time between instants and due instants.

Instants going in are timezone-aware :class:`datetime.datetime` objects (a
naive datetime is refused: it names no instant) or ints of Unix seconds;
the library works in whole seconds, so microseconds are dropped (rounded
down).  Instants coming out are aware datetimes in UTC
(``d.astimezone(ZoneInfo(...))`` shows them in a local zone).  Durations
are :class:`datetime.timedelta` (or ints of seconds going in).

The conventions (half-open intervals in local wall time, ``24:00``, DST,
holidays, pauses, the due rule) are those of include/triage/sla.h and the
project README ("SLA timers").
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import re
import weakref
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple, Union

from ._core import BorrowedGuard, C, Closeable, cstr, encode, fail, Guard, require, Text
from .errors import ERR_NOMEM, RangeError, TriageMemoryError

__all__ = ["Calendar", "Instant", "Duration", "to_unix", "from_unix", "WEEKDAYS"]

UTC = _dt.timezone.utc
EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)
TIME_MIN = -62135596800
TIME_MAX = 253402300799
DAY = 86400
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Instant = Union[_dt.datetime, int]
Duration = Union[_dt.timedelta, int]
TimeOfDay = Union[str, _dt.time, int, _dt.timedelta]


def to_unix(t: Instant, what: str = "instant") -> int:
    """Unix seconds for an aware datetime (or an int, returned as is)."""
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError("%s %s is a naive datetime: give it a tzinfo (for example "
                             "datetime.timezone.utc)" % (what, t.isoformat()))
        try:
            return (t - EPOCH) // _dt.timedelta(seconds=1)
        except OverflowError:
            raise RangeError(-10, "%s %s is out of range" % (what, t.isoformat()))
    if isinstance(t, int) and not isinstance(t, bool):
        return t
    raise TypeError("%s must be an aware datetime or int seconds, not %s"
                    % (what, type(t).__name__))


def from_unix(seconds: int) -> _dt.datetime:
    """An aware UTC datetime for Unix seconds."""
    return EPOCH + _dt.timedelta(seconds=seconds)


def _seconds(d: Duration, what: str) -> int:
    if isinstance(d, _dt.timedelta):
        return d // _dt.timedelta(seconds=1)
    if isinstance(d, int) and not isinstance(d, bool):
        return d
    raise TypeError("%s must be a timedelta or int seconds, not %s" % (what, type(d).__name__))


def _pauses(pauses: Iterable[Tuple[Instant, Instant]]):
    flat = []
    for pair in pauses:
        a, b = pair
        flat.append(to_unix(a, "pause start"))
        flat.append(to_unix(b, "pause end"))
    if not flat:
        return None, 0
    return (ctypes.c_int64 * len(flat))(*flat), len(flat) // 2


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def second_of_day(t: TimeOfDay) -> int:
    """Seconds of the local day for "HH:MM[:SS]" ("24:00" is 86400), a
    datetime.time, a timedelta or an int."""
    if isinstance(t, str):
        m = _CLOCK.match(t)
        if not m:
            raise ValueError("time of day %r is not HH:MM" % t)
        h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if mi > 59 or s > 59 or h > 24 or (h == 24 and (mi or s)):
            raise ValueError("time of day %r is out of range (00:00 to 24:00)" % t)
        return h * 3600 + mi * 60 + s
    if isinstance(t, _dt.time):
        return t.hour * 3600 + t.minute * 60 + t.second
    if isinstance(t, _dt.timedelta):
        return t // _dt.timedelta(seconds=1)
    if isinstance(t, int) and not isinstance(t, bool):
        return t
    raise TypeError("a time of day is 'HH:MM', a datetime.time, a timedelta or int seconds")


def _weekdays(spec: Union[str, int]) -> Sequence[int]:
    """0..6 for "mon", "mon-fri" (wrapping: "fri-mon"), "daily" or an int."""
    if isinstance(spec, int) and not isinstance(spec, bool):
        if not 0 <= spec <= 6:
            raise ValueError("weekday %d is not 0 (Monday) .. 6 (Sunday)" % spec)
        return [spec]
    text = str(spec).strip().lower()
    if text in ("daily", "every day", "mon-sun"):
        return list(range(7))
    parts = [p.strip()[:3] for p in text.split("-")]
    if len(parts) not in (1, 2) or any(p not in WEEKDAYS for p in parts):
        raise ValueError("weekday %r is not mon..sun or a range like mon-fri" % spec)
    first = WEEKDAYS.index(parts[0])
    last = WEEKDAYS.index(parts[-1])
    return [(first + i) % 7 for i in range((last - first) % 7 + 1)]


def _intervals(spec: Any) -> Sequence[Tuple[int, int]]:
    """[(open, close)] from "09:00-17:00", a list of those, or pairs."""
    if isinstance(spec, str):
        out = []
        for part in spec.split(","):
            if "-" not in part:
                raise ValueError("interval %r is not HH:MM-HH:MM" % part.strip())
            a, b = part.split("-", 1)
            out.append((second_of_day(a), second_of_day(b)))
        return out
    if isinstance(spec, tuple) and len(spec) == 2 and not isinstance(spec[0], (str, tuple)):
        return [(second_of_day(spec[0]), second_of_day(spec[1]))]
    out = []
    for item in spec:
        out.extend(_intervals(item))
    return out


class Calendar(Closeable):
    """Weekly open hours in an IANA time zone, with holidays.

    ::

        cal = triage.Calendar("Europe/Berlin",
                              hours={"mon-fri": ["09:00-12:30", "13:30-17:00"],
                                     "sat": "10:00-14:00"},
                              holidays=[date(2026, 12, 25)])
        due = cal.due(created, timedelta(hours=4))
        spent = cal.elapsed(created, replied, pauses=[(paused_at, resumed_at)])

    ``hours="24x7"`` (or :meth:`always`) is open all the time.  The zone is
    read from the system's zone database (``zoneinfo_dir`` to use another)
    or from TZif bytes you pass as ``tzif``.  Any number of threads may
    compute with one calendar at once; changing it waits for them.
    """

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, zone: Optional[Text] = None,
                 hours: Union[None, str, Mapping[Union[str, int], Any]] = None,
                 holidays: Iterable[Union[_dt.date, str]] = (), *,
                 zoneinfo_dir: Optional[str] = None, tzif: Optional[bytes] = None):
        require("calendar", "Calendar")
        if tzif is not None and zone is None:
            raise ValueError("tzif bytes need a zone name")
        ptr = C.triage_calendar_create(None)
        if not ptr:
            raise TriageMemoryError(ERR_NOMEM, "cannot create a calendar")
        self._adopt(ptr)
        if zoneinfo_dir is not None:
            self.set_zoneinfo_dir(zoneinfo_dir)
        if zone is not None:
            self.set_zone(zone, tzif=tzif)
        if hours is not None:
            self.add_hours(hours)
        for day in holidays:
            self.add_holiday(day)

    def _adopt(self, ptr: int) -> None:
        self._guard = Guard(ptr, C.triage_calendar_free, "calendar")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)

    @classmethod
    def always(cls, zone: Optional[Text] = None) -> "Calendar":
        """A 24x7 calendar (holidays may still be added)."""
        return cls(zone, hours="24x7")

    @classmethod
    def _borrow(cls, ptr: int, owner: Any, what: str) -> "Calendar":
        """A read-only view of a calendar that a ruleset owns."""
        cal = object.__new__(cls)
        cal._guard = BorrowedGuard(ptr, owner, what)
        cal._finalizer = weakref.finalize(cal, lambda: None)
        return cal

    def copy(self) -> "Calendar":
        """An independent deep copy (also of a read-only calendar of rules)."""
        cal = self._guard.enter()
        try:
            ptr = C.triage_calendar_clone(cal)
        finally:
            self._guard.leave()
        if not ptr:
            raise TriageMemoryError(ERR_NOMEM, "cannot copy a calendar")
        other = object.__new__(Calendar)
        other._adopt(ptr)
        return other

    # ---- settings ----
    def _change(self, fn, *args: Any, what: str) -> None:
        with self._guard.exclusive() as cal:
            rc = fn(cal, *args)
        if rc:
            raise fail(rc, what)

    def set_zoneinfo_dir(self, directory: Optional[str]) -> None:
        """Directory the next set_zone reads (None: the compiled-in default)."""
        raw = None if directory is None else encode(directory, "directory")
        if raw is not None and b"\0" in raw:
            raise ValueError("a directory may not contain NUL bytes")
        self._change(C.triage_calendar_set_zoneinfo_dir, raw, what="zoneinfo directory")

    def set_zone(self, name: Text, tzif: Optional[bytes] = None) -> None:
        """Sets the IANA time zone, from the zone database or from TZif bytes.
        TimezoneError when unknown or unreadable (the zone is unchanged)."""
        raw = encode(name, "zone")
        if tzif is None:
            self._change(C.triage_calendar_set_zone, raw, len(raw), what="zone %r" % (name,))
        else:
            data = bytes(tzif)
            self._change(C.triage_calendar_set_zone_tzif, raw, len(raw), data, len(data),
                         what="zone %r" % (name,))

    @property
    def zone(self) -> str:
        """The zone's name ("UTC" by default)."""
        cal = self._guard.enter()
        try:
            return cstr(C.triage_calendar_zone(cal)) or ""
        finally:
            self._guard.leave()

    def add_interval(self, weekday: Union[int, str], open: TimeOfDay, close: TimeOfDay) -> None:
        """Adds [open, close) on a weekday (0 = Monday or "mon"; a range
        like "mon-fri" adds to each day)."""
        a, b = second_of_day(open), second_of_day(close)
        for day in _weekdays(weekday):
            self._change(C.triage_calendar_add_interval, day, a, b,
                         what="interval %s %d-%d" % (WEEKDAYS[day], a, b))

    def add_hours(self, hours: Union[str, Mapping[Union[str, int], Any]]) -> None:
        """Adds open hours as in the rules file: ``"24x7"`` or
        ``{"mon-fri": ["09:00-12:30", "13:30-17:00"], "sat": "10:00-14:00"}``."""
        if isinstance(hours, str):
            if hours.strip().lower() != "24x7":
                raise ValueError("hours %r: use '24x7' or a mapping of days to intervals" % hours)
            self.set_24x7()
            return
        for days, spec in hours.items():
            for a, b in _intervals(spec):
                self.add_interval(days, a, b)

    def clear_intervals(self) -> None:
        """Removes every interval (and the 24x7 setting)."""
        self._change(C.triage_calendar_clear_intervals, what="clear intervals")

    def set_24x7(self) -> None:
        """Open every day 00:00-24:00 (replaces the intervals)."""
        self._change(C.triage_calendar_set_24x7, what="24x7")

    def add_holiday(self, day: Union[_dt.date, str]) -> None:
        """A local date without business hours (a date or "YYYY-MM-DD")."""
        if isinstance(day, str):
            day = _dt.date.fromisoformat(day.strip())
        if isinstance(day, _dt.datetime):
            day = day.date()
        if not isinstance(day, _dt.date):
            raise TypeError("a holiday is a datetime.date or 'YYYY-MM-DD'")
        self._change(C.triage_calendar_add_holiday, day.year, day.month, day.day,
                     what="holiday %s" % day.isoformat())

    # ---- arithmetic (any number of threads at once) ----
    def _query(self, fn, *args: Any, what: str) -> None:
        cal = self._guard.enter()
        try:
            rc = fn(cal, *args)
        finally:
            self._guard.leave()
        if rc:
            raise fail(rc, what)

    def due(self, start: Instant, budget: Duration,
            pauses: Iterable[Tuple[Instant, Instant]] = ()) -> _dt.datetime:
        """The first business instant T >= start with elapsed(start, T) =
        budget (aware UTC).  RangeError when there is none before year 10000
        (a calendar without open hours)."""
        s = to_unix(start, "start")
        b = _seconds(budget, "budget")
        if b < 0:
            raise ValueError("a budget is not negative")
        arr, n = _pauses(pauses)
        out = ctypes.c_int64()
        self._query(C.triage_calendar_due, s, b, arr, n, ctypes.byref(out), what="due")
        return from_unix(out.value)

    def elapsed(self, a: Instant, b: Instant,
                pauses: Iterable[Tuple[Instant, Instant]] = ()) -> _dt.timedelta:
        """Business time in [a, b) outside the pauses (zero when b <= a)."""
        x, y = to_unix(a, "a"), to_unix(b, "b")
        arr, n = _pauses(pauses)
        out = ctypes.c_int64()
        self._query(C.triage_calendar_elapsed, x, y, arr, n, ctypes.byref(out), what="elapsed")
        return _dt.timedelta(seconds=out.value)

    def is_open(self, t: Instant) -> bool:
        """Whether t is inside open hours (pauses do not apply)."""
        out = ctypes.c_int()
        self._query(C.triage_calendar_is_open, to_unix(t), ctypes.byref(out), what="is_open")
        return bool(out.value)

    def utc_offset(self, t: Instant) -> _dt.timedelta:
        """The zone's UTC offset at t (east positive)."""
        out = ctypes.c_int32()
        self._query(C.triage_calendar_utc_offset, to_unix(t), ctypes.byref(out),
                    what="utc_offset")
        return _dt.timedelta(seconds=out.value)

    def local_instant(self, day: Union[_dt.date, str], time_of_day: TimeOfDay) -> _dt.datetime:
        """The instant of a local wall time on a local date (aware UTC):
        a repeated time means its earlier instant, a skipped one is read
        with the offset before the change."""
        if isinstance(day, str):
            day = _dt.date.fromisoformat(day.strip())
        out = ctypes.c_int64()
        self._query(C.triage_calendar_local_instant, day.year, day.month, day.day,
                    second_of_day(time_of_day), ctypes.byref(out), what="local_instant")
        return from_unix(out.value)

    # ---- lifetime ----
    def __repr__(self) -> str:
        return "<triage.Calendar %s>" % ("closed" if self.closed else repr(self.zone))
