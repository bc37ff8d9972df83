"""Keeping freed memory in the process while a big table is cleaned (Linux with glibc only).

Cleaning a million-row register makes and drops thousands of arrays of 8 MB. glibc's malloc
hands each one back to the system and asks for it again, so that the kernel zeroes the pages
anew every time: a third of the time went to that (``sys`` time 2,4 s of 6,7 s in one
measurement). :func:`keep_freed_memory` asks glibc to keep up to 1 GiB of freed memory for the
next arrays instead. It changes no result. Elsewhere (Windows, macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

#: mallopt() parameters (glibc's malloc.h) and the values set: arrays up to 32 MiB (the largest
#: glibc accepts) come from the heap, whose freed top is kept up to 1 GiB and grown 256 MiB at a time.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
SETTINGS = ((_M_MMAP_THRESHOLD, 32 * 2**20), (_M_TRIM_THRESHOLD, 2**30), (_M_TOP_PAD, 256 * 2**20))

_done = False


def keep_freed_memory() -> bool:
    """Tune glibc's malloc once per process (see the module docstring); whether it was tuned.

    >>> keep_freed_memory() in (True, False)
    True
    """
    global _done
    if _done or not sys.platform.startswith("linux"):
        return _done
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    _done = all(mallopt(param, value) == 1 for param, value in SETTINGS)
    return _done
