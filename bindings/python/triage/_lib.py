"""Finding and loading the libtriage shared library.

Search order (the first that loads wins):

1. the path in the environment variable ``TRIAGE_LIBRARY`` (when it is set
   and does not load, the search stops there: an explicit choice is never
   silently replaced by another library);
2. a copy beside this package: ``triage/libtriage.so.1`` or ``triage/libtriage.so``;
3. the installed library by its SONAME, ``libtriage.so.1``, through the
   dynamic loader's usual search (``LD_LIBRARY_PATH``, ``ld.so.cache``).

When none loads, :class:`LibraryNotFoundError` lists every place tried and
why it failed.  The loaded library must have major version 1.
"""
from __future__ import annotations

import ctypes
import os
from typing import List, Optional, Tuple

__all__ = ["LibraryNotFoundError", "load_library", "SONAME", "REQUIRED_MAJOR"]

SONAME = "libtriage.so.1"
REQUIRED_MAJOR = 1
_BESIDE = ("libtriage.so.1", "libtriage.so")


class LibraryNotFoundError(ImportError):
    """No usable libtriage was found; ``tried`` lists (place, reason) pairs."""

    def __init__(self, message: str, tried: List[Tuple[str, str]]):
        super().__init__(message)
        self.tried = tried


def _candidates() -> List[Tuple[str, str]]:
    """(description, path or name) in search order."""
    out = []
    env = os.environ.get("TRIAGE_LIBRARY")
    if env:
        out.append(("$TRIAGE_LIBRARY", env))
    here = os.path.dirname(os.path.abspath(__file__))
    for name in _BESIDE:
        out.append(("beside the package", os.path.join(here, name)))
    out.append(("installed SONAME", SONAME))
    return out


def _check_version(lib: ctypes.CDLL) -> Optional[str]:
    """None when the library is usable, else why not."""
    try:
        fn = lib.triage_version_number
    except AttributeError:
        return "no triage_version_number symbol (not libtriage?)"
    fn.argtypes = []
    fn.restype = ctypes.c_uint
    number = fn()
    if number // 10000 != REQUIRED_MAJOR:
        return "version %d.%d.%d, these bindings need major version %d" % (
            number // 10000, number // 100 % 100, number % 100, REQUIRED_MAJOR)
    return None


def load_library() -> Tuple[ctypes.CDLL, str]:
    """Loads libtriage; returns (library, where it came from)."""
    tried: List[Tuple[str, str]] = []
    for how, where in _candidates():
        if os.sep in where and not os.path.exists(where):
            tried.append(("%s: %s" % (how, where), "no such file"))
        else:
            try:
                lib = ctypes.CDLL(where)
            except OSError as e:
                tried.append(("%s: %s" % (how, where), str(e)))
            else:
                problem = _check_version(lib)
                if problem is None:
                    return lib, where
                tried.append(("%s: %s" % (how, where), problem))
        # An explicit TRIAGE_LIBRARY that does not load is an error, not a
        # hint: falling back silently would test or run the wrong library.
        if how == "$TRIAGE_LIBRARY":
            break
    lines = "\n".join("  - %s (%s)" % (place, why) for place, why in tried)
    raise LibraryNotFoundError(
        "libtriage could not be loaded; tried, in order:\n%s\n"
        "Set TRIAGE_LIBRARY to the path of libtriage.so, or install libtriage." % lines,
        tried)
