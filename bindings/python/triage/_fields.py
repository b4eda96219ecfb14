"""Turning a Python ticket (a dict and keyword arguments) into the
(field name, value) byte pairs the library takes.

The same conventions as the ``triage route`` command-line router's JSON
tickets, so that a dict from ``json.loads`` routes exactly as the JSON line:

- a str value is UTF-8 (see :func:`triage._core.encode`); bytes-like values
  are passed as they are (NUL bytes and invalid UTF-8 included);
- a nested mapping gives dotted names: ``{"customer": {"plan": "pro"}}`` is
  the field ``customer.plan``;
- a list or tuple is a multi-valued field (mappings inside it flatten under
  the list's name);
- ``True``/``False`` are ``true``/``false``, an int its decimal text, a
  float the shortest text that reads back to the same number (``2.0``,
  ``0.1``, ``1e+16``), as the router prints JSON reals;
- ``None`` adds nothing (JSON null).

Anything else is a TypeError naming the field.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, List, Optional, Tuple

from ._core import encode

Pairs = List[Tuple[bytes, bytes]]


def float_text(value: float) -> bytes:
    """The shortest %g text that reads back to ``value``, kept a real."""
    text = "%r" % value
    for precision in range(1, 18):
        text = "%.*g" % (precision, value)
        if float(text) == value:
            break
    if not any(c in text for c in ".eEn"):
        text += ".0"
    return text.encode("ascii")


def _name(key: Any, prefix: Optional[bytes]) -> bytes:
    if isinstance(key, str):
        part = key.encode("utf-8", "surrogateescape")
    elif isinstance(key, (bytes, bytearray)):
        part = bytes(key)
    else:
        raise TypeError("field names must be str or bytes, not %s" % type(key).__name__)
    return part if prefix is None else prefix + b"." + part


def add_value(out: Pairs, name: bytes, value: Any) -> None:
    """Appends the pairs of one (possibly nested or multi-valued) value."""
    if isinstance(value, str):
        out.append((name, encode(value)))
    elif isinstance(value, bytes):
        out.append((name, value))
    elif value is None:
        return
    elif value is True or value is False:
        out.append((name, b"true" if value else b"false"))
    elif isinstance(value, int):
        out.append((name, b"%d" % value))
    elif isinstance(value, float):
        out.append((name, float_text(value)))
    elif isinstance(value, Mapping):
        for key, child in value.items():
            add_value(out, _name(key, name), child)
    elif isinstance(value, (list, tuple)):
        for item in value:
            add_value(out, name, item)
    elif isinstance(value, (bytearray, memoryview)):
        out.append((name, bytes(value)))
    else:
        raise TypeError("field %r: cannot route a %s value (use str, bytes, int, float, "
                        "bool, None, a list or a dict)"
                        % (name.decode("utf-8", "replace"), type(value).__name__))


def _add_items(out: Pairs, items) -> None:
    for key, value in items:
        # Fast path for the common case: a str name with a str value.
        name = key.encode("utf-8", "surrogateescape") if type(key) is str else _name(key, None)
        if type(value) is str:
            try:
                out.append((name, value.encode("utf-8")))
                continue
            except UnicodeEncodeError:
                pass
        add_value(out, name, value)


def flatten(ticket: Any, fields: Mapping) -> Pairs:
    """Pairs for a ticket mapping plus keyword fields (keywords come last)."""
    out: Pairs = []
    if ticket is not None:
        if not isinstance(ticket, Mapping):
            raise TypeError("a ticket is a mapping of field names to values, not %s"
                            % type(ticket).__name__)
        _add_items(out, ticket.items())
    if fields:
        _add_items(out, fields.items())
    return out
