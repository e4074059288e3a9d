"""Keeping freed memory for reuse while audio is prepared.

Levelling a sentence makes a few megabytes of temporary arrays, and the next
sentence makes the same again; a speech worker copies each sentence's audio a
few times on its way out. glibc hands large blocks back to the kernel as soon
as they are freed (and trims the top of its heap), so every sentence faults
its pages in afresh; on a virtual machine a fresh page is dear. Told to keep
freed memory for reuse (mallopt), a cold render takes about 6 % less CPU in
the rendering process (14 paired renders: 0.79 -> 0.74 s of CPU, 0.47 -> 0.43
s of wall time) and as much again in its speech workers (0.82 -> 0.77 s of
CPU; their page faults 8,800 -> 6,300). A process then keeps its high-water
mark rather than shrinking after a render: for a practice, well under the
200 MB a 45-minute render may use.

No numpy here: speech workers import this.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys

log = logging.getLogger(__name__)

_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
_MIB = 1 << 20


@functools.cache
def keep_freed_memory() -> bool:
    """Ask glibc's allocator to keep freed memory (once per process); False where that is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    # Blocks under 32 MB come from the heap (not mapped and unmapped each time),
    # and up to 512 MB freed at the heap's top is kept; the heap grows 64 MB at a time.
    done = all(mallopt(option, value) == 1 for option, value in (
        (_M_MMAP_THRESHOLD, 32 * _MIB), (_M_TRIM_THRESHOLD, 512 * _MIB), (_M_TOP_PAD, 64 * _MIB)))
    log.debug("keeping freed memory for reuse: %s", done)
    return done
