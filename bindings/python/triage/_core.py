"""Shared plumbing: the loaded library, text conversion, error raising and
the lifetime guard of C objects."""
from __future__ import annotations

import ctypes
import threading
import time
from typing import Any, Callable, Optional, TypeVar, Union

from . import _ffi
from ._lib import load_library
from .errors import ERR_STATE, ClosedError, StateError, TriageError, UnsupportedError, error_class

LIB, LIBRARY_PATH = load_library()
C = _ffi.bind(LIB, LIBRARY_PATH)

_string_at = ctypes.string_at

Text = Union[str, bytes, bytearray, memoryview]
_C = TypeVar("_C", bound="Closeable")


def encode(value: Text, what: str = "text") -> bytes:
    """Text for the library: str is UTF-8 (lone surrogates from
    ``surrogateescape`` decoding go back to their original bytes; any other
    lone surrogate is written as its own invalid sequence), bytes-like
    objects are passed as they are."""
    if isinstance(value, str):
        try:
            return value.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError("%s must be str or bytes, not %s" % (what, type(value).__name__))


def decode(data: bytes) -> str:
    """Library text for Python: UTF-8, invalid bytes kept as lone surrogates
    (``surrogateescape``), so ``encode(decode(b)) == b``."""
    return data.decode("utf-8", "surrogateescape")


def cstr(address: Optional[int]) -> Optional[str]:
    """A NUL-terminated C string at ``address`` (None for NULL)."""
    if not address:
        return None
    return _string_at(address).decode("utf-8", "surrogateescape")


def strerror(code: int) -> str:
    """The library's text for a status code."""
    return cstr(C.triage_strerror(code)) or "unknown status"


def fail(code: int, message: Optional[str] = None, **where) -> TriageError:
    """An exception for a status code (to raise)."""
    text = strerror(code)
    if message:
        text = "%s: %s" % (message, text)
    return error_class(code)(code, text, **where)


def check(code: int, message: Optional[str] = None) -> int:
    """Returns non-negative codes, raises for negative ones."""
    if code < 0:
        raise fail(code, message)
    return code


def require(group: str, feature: str) -> None:
    """Raises UnsupportedError when the library lacks a group of functions."""
    if not C.groups.get(group):
        raise UnsupportedError(-15, "%s needs a libtriage with the %s API (loaded: %s)"
                               % (feature, group, LIBRARY_PATH))


class Guard:
    """Owns one C object and keeps it alive while calls use it.

    ``enter()``/``leave()`` bracket a call that only reads the object (any
    number of threads at once); ``exclusive()`` brackets a call that changes
    it (waits for the readers, keeps new ones out); ``close()`` marks it
    closed, waits for the calls in progress, then frees it.  Any use after
    close raises :class:`ClosedError`.  The guard never refers to its Python
    owner, so ``weakref.finalize(owner, guard.close)`` can free it.

    The hot path is one plain lock taken twice per call; waiting (rare: a
    change or a close while calls run) polls, which keeps that path free of
    condition variables.
    """

    __slots__ = ("ptr", "_release", "_what", "_lock", "_users", "_closed")

    def __init__(self, ptr: int, release: Callable[[int], None], what: str):
        self.ptr = ptr
        self._release = release
        self._what = what
        self._lock = threading.Lock()
        self._users = 0
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def closed_error(self) -> ClosedError:
        return ClosedError(ERR_STATE, "%s is closed" % self._what)

    def enter(self) -> int:
        with self._lock:
            if self._closed:
                raise self.closed_error()
            self._users += 1
            return self.ptr

    def leave(self) -> None:
        with self._lock:
            self._users -= 1

    def _acquire_idle(self, deadline: Optional[float]) -> bool:
        """Takes the lock once no call is in progress (False: timed out)."""
        delay = 0.0001
        while True:
            self._lock.acquire()
            if self._users == 0:
                return True
            self._lock.release()
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.01)

    def exclusive(self) -> "_Exclusive":
        return _Exclusive(self)

    def close(self, timeout: Optional[float] = None) -> bool:
        """Frees the C object once no call uses it; True when freed.  With a
        timeout (used at interpreter exit, where a daemon thread may be stuck
        in a call) the object is leaked rather than freed under a caller."""
        with self._lock:
            self._closed = True
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._acquire_idle(deadline):
            return False
        try:
            ptr, self.ptr = self.ptr, None
        finally:
            self._lock.release()
        if ptr:
            self._release(ptr)
        return True


class _Exclusive:
    __slots__ = ("_guard",)

    def __init__(self, guard: Guard):
        self._guard = guard

    def __enter__(self) -> int:
        g = self._guard
        g._acquire_idle(None)
        if g._closed:
            g._lock.release()
            raise g.closed_error()
        return g.ptr

    def __exit__(self, *exc: Any) -> None:
        self._guard._lock.release()


class BorrowedGuard:
    """The guard of a C object owned by another one (a calendar or policy
    of a ruleset): it lives as long as its owner, calls enter the owner's
    guard, and it cannot be changed or freed on its own."""

    __slots__ = ("ptr", "_owner", "_what")

    def __init__(self, ptr: int, owner: Guard, what: str):
        self.ptr = ptr
        self._owner = owner
        self._what = what

    @property
    def closed(self) -> bool:
        return self._owner.closed

    def closed_error(self) -> ClosedError:
        return ClosedError(ERR_STATE, "%s is closed (its rules were closed)" % self._what)

    def enter(self) -> int:
        try:
            self._owner.enter()
        except ClosedError:
            raise self.closed_error() from None
        return self.ptr

    def leave(self) -> None:
        self._owner.leave()

    def exclusive(self) -> "Any":
        raise StateError(ERR_STATE, "%s belongs to its rules and cannot be changed "
                                    "(copy it first)" % self._what)

    def close(self, timeout: Optional[float] = None) -> bool:
        return True  # the owner frees it


class Closeable:
    """close(), closed and the context-manager protocol of an object that
    owns a C object through ``self._guard`` and ``self._finalizer`` (which
    frees it at garbage collection or interpreter exit)."""

    __slots__ = ()  # subclasses with __slots__ keep them
    _guard: Any
    _finalizer: Any

    @property
    def closed(self) -> bool:
        return bool(self._guard.closed)

    def close(self) -> None:
        """Waits for calls in progress, then frees the C side; idempotent.
        Any later use raises ClosedError."""
        self._guard.close()
        self._finalizer.detach()

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
