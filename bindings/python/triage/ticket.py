"""A reusable ticket held on the C side (optional: ``Rules.route`` also takes
a plain dict)."""
from __future__ import annotations

import ctypes
import weakref
from typing import Any, List, Mapping, Optional

from ._core import C, check, Closeable, encode, fail, Guard, Text
from ._fields import Pairs, add_value, flatten
from .errors import ERR_NOT_FOUND, NotFoundError, TriageMemoryError

__all__ = ["Ticket"]


def add_pairs(ticket: int, pairs: Pairs) -> None:
    """Adds (name, value) pairs to a C ticket; raises naming the field."""
    add = C.triage_ticket_add
    for name, value in pairs:
        rc = add(ticket, name, len(name), value, len(value))
        if rc:
            raise fail(rc, "field %r" % name.decode("utf-8", "surrogateescape"))


class Ticket(Closeable):
    """Named fields, each with one or more values, kept on the C side.

    Build it once and route it with several rulesets, or inspect exactly
    what a dict becomes::

        t = triage.Ticket({"subject": "Hi", "customer": {"plan": "pro"}}, tags=["a", "b"])
        t.values("customer.plan")   # [b'pro']
        t.values("tags")            # [b'a', b'b']

    The conventions for values are those of ``Rules.route`` (nested dicts
    give dotted names, lists give several values, numbers and booleans their
    JSON text).  A ticket may be routed by many threads at once; changing it
    waits for routes in progress.
    """

    __slots__ = ("_guard", "_finalizer", "__weakref__")

    def __init__(self, fields: Optional[Mapping[Any, Any]] = None, /, **more: Any):
        ptr = C.triage_ticket_create(None)
        if not ptr:
            raise TriageMemoryError(-1, "cannot create a ticket")
        self._guard = Guard(ptr, C.triage_ticket_free, "ticket")
        self._finalizer = weakref.finalize(self, self._guard.close, 5.0)
        if fields is not None or more:
            self.update(fields, **more)

    def add(self, field: Text, value: Any) -> "Ticket":
        """Adds a value (or the values of a list, or the fields of a dict
        under ``field.``) to a field; adding to a field that has a value makes
        it multi-valued."""
        name = encode(field, "field name")
        pairs: Pairs = []
        add_value(pairs, name, value)
        with self._guard.exclusive() as t:
            add_pairs(t, pairs)
        return self

    def update(self, fields: Optional[Mapping[Any, Any]] = None, /, **more: Any) -> "Ticket":
        """Adds every field of a mapping and of the keyword arguments."""
        pairs = flatten(fields, more)
        with self._guard.exclusive() as t:
            add_pairs(t, pairs)
        return self

    def clear(self) -> None:
        """Removes every field."""
        with self._guard.exclusive() as t:
            C.triage_ticket_clear(t)

    def value_count(self, field: Text) -> int:
        """How many values the field has (0 when absent)."""
        name = encode(field, "field name")
        t = self._guard.enter()
        try:
            return C.triage_ticket_value_count(t, name, len(name))
        finally:
            self._guard.leave()

    def values(self, field: Text) -> List[bytes]:
        """The field's values, exactly as stored (bytes)."""
        name = encode(field, "field name")
        out: List[bytes] = []
        ptr = ctypes.c_void_p()
        size = ctypes.c_size_t()
        t = self._guard.enter()
        try:
            n = C.triage_ticket_value_count(t, name, len(name))
            for i in range(n):
                check(C.triage_ticket_value(t, name, len(name), i, ctypes.byref(ptr),
                                            ctypes.byref(size)))
                out.append(ctypes.string_at(ptr.value, size.value) if size.value else b"")
        finally:
            self._guard.leave()
        return out

    def value(self, field: Text, index: int = 0) -> bytes:
        """One value of a field; NotFoundError when there is no such value."""
        name = encode(field, "field name")
        ptr = ctypes.c_void_p()
        size = ctypes.c_size_t()
        t = self._guard.enter()
        try:
            rc = C.triage_ticket_value(t, name, len(name), index, ctypes.byref(ptr),
                                       ctypes.byref(size))
            if rc == ERR_NOT_FOUND:
                raise NotFoundError(rc, "ticket has no value %d for field %r" % (index, field))
            check(rc)
            return ctypes.string_at(ptr.value, size.value) if size.value else b""
        finally:
            self._guard.leave()

    # ---- lifetime ----
    def __repr__(self) -> str:
        return "<triage.Ticket%s>" % (" closed" if self.closed else "")
