"""Exceptions: every failing C call becomes a :class:`TriageError`.

The class is chosen by the status code; every error carries ``code`` (the C
status, a negative int), ``message``, and the source location ``file``,
``line`` and ``column`` when there is one (``None``/0 otherwise).  Errors
that come from a rules builder or loader also carry ``errors``: every error
the builder collected, as :class:`ErrorDetail` items, in order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Tuple, Type

__all__ = [
    "OK", "ERR_NOMEM", "ERR_ARGUMENT", "ERR_SYNTAX", "ERR_RULES", "ERR_REGEX", "ERR_UTF8",
    "ERR_NOT_FOUND", "ERR_LIMIT", "ERR_IO", "ERR_RANGE", "ERR_STATE", "ERR_TIMEZONE",
    "ERR_SIGNATURE", "ERR_CORRUPT", "ERR_UNSUPPORTED", "ERR_EXISTS",
    "ErrorDetail", "TriageError", "TriageMemoryError", "ArgumentError", "RulesError",
    "RulesSyntaxError", "RegexError", "DuplicateError", "ValidationError", "NotFoundError",
    "LimitError", "TriageIOError", "RangeError", "StateError", "ClosedError", "TimezoneError",
    "SignatureError", "CorruptError", "UnsupportedError", "error_class",
]

# Status codes, as in include/triage/common.h (frozen values).
OK = 0
ERR_NOMEM = -1
ERR_ARGUMENT = -2
ERR_SYNTAX = -3
ERR_RULES = -4
ERR_REGEX = -5
ERR_UTF8 = -6
ERR_NOT_FOUND = -7
ERR_LIMIT = -8
ERR_IO = -9
ERR_RANGE = -10
ERR_STATE = -11
ERR_TIMEZONE = -12
ERR_SIGNATURE = -13
ERR_CORRUPT = -14
ERR_UNSUPPORTED = -15
ERR_EXISTS = -16


@dataclass(frozen=True)
class ErrorDetail:
    """One error collected by a rules builder or loader."""
    code: int
    message: str
    file: Optional[str] = None
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return _located(self.message, self.file, self.line, self.column)


def _located(message: str, file: Optional[str], line: int, column: int) -> str:
    if not file and not line:
        return message
    where = file or "<rules>"
    if line:
        where += ":%d" % line
        if column:
            where += ":%d" % column
    return "%s: %s" % (where, message)


class TriageError(Exception):
    """Base class of every libtriage error.

    ``str(error)`` is ``file:line:column: message`` when the error has a
    location; with several collected errors the others follow, one a line.
    """

    code: int
    message: str
    file: Optional[str]
    line: int
    column: int
    errors: Tuple[ErrorDetail, ...]

    def __init__(self, code: int, message: str, file: Optional[str] = None, line: int = 0,
                 column: int = 0, errors: Sequence[ErrorDetail] = ()):
        super().__init__(code, message, file, line, column, tuple(errors))
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.errors = tuple(errors)

    def __str__(self) -> str:
        first = _located(self.message, self.file, self.line, self.column)
        rest = [str(e) for e in self.errors[1:]]
        if not rest:
            return first
        return "\n".join([first] + ["  " + r for r in rest])


class TriageMemoryError(TriageError, MemoryError):
    """The library could not allocate memory (ERR_NOMEM)."""


class ArgumentError(TriageError, ValueError):
    """A bad argument reached the library (ERR_ARGUMENT)."""


class RulesError(TriageError):
    """Rules are invalid (ERR_RULES); base of the other rules errors."""


class RulesSyntaxError(RulesError):
    """Rules text is not well-formed or a value has the wrong type (ERR_SYNTAX)."""


class RegexError(RulesError):
    """A regular expression does not compile or is refused (ERR_REGEX)."""


class DuplicateError(RulesError):
    """A name is defined twice (ERR_EXISTS)."""


class ValidationError(TriageError, ValueError):
    """Invalid UTF-8 where strict mode forbids it (ERR_UTF8)."""


class NotFoundError(TriageError, LookupError):
    """No such name, index, ticket or file (ERR_NOT_FOUND)."""


class LimitError(TriageError):
    """A size, depth or count limit was exceeded (ERR_LIMIT)."""


class TriageIOError(TriageError):
    """Reading or writing a file failed (ERR_IO)."""


class RangeError(TriageError, ValueError):
    """A number or time is out of range (ERR_RANGE)."""


class StateError(TriageError):
    """The call is not valid now (ERR_STATE)."""


class ClosedError(StateError, ValueError):
    """The object was closed; its C side is gone (code ERR_STATE)."""


class TimezoneError(TriageError):
    """Unknown or unreadable time zone (ERR_TIMEZONE)."""


class SignatureError(TriageError):
    """A signature is missing, malformed or does not verify (ERR_SIGNATURE)."""


class CorruptError(TriageError):
    """Saved state or a log is damaged or truncated (ERR_CORRUPT)."""


class UnsupportedError(TriageError):
    """A format version or feature this build does not support (ERR_UNSUPPORTED)."""


_BY_CODE: Dict[int, Type[TriageError]] = {
    ERR_NOMEM: TriageMemoryError,
    ERR_ARGUMENT: ArgumentError,
    ERR_SYNTAX: RulesSyntaxError,
    ERR_RULES: RulesError,
    ERR_REGEX: RegexError,
    ERR_UTF8: ValidationError,
    ERR_NOT_FOUND: NotFoundError,
    ERR_LIMIT: LimitError,
    ERR_IO: TriageIOError,
    ERR_RANGE: RangeError,
    ERR_STATE: StateError,
    ERR_TIMEZONE: TimezoneError,
    ERR_SIGNATURE: SignatureError,
    ERR_CORRUPT: CorruptError,
    ERR_UNSUPPORTED: UnsupportedError,
    ERR_EXISTS: DuplicateError,
}


def error_class(code: int) -> Type[TriageError]:
    """The exception class for a status code (TriageError when unknown)."""
    return _BY_CODE.get(code, TriageError)
