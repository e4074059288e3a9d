"""`kindaudio` run on a hostile input in a process bounded in memory and time.

A regression of a hardening fix (issue 17) would take all memory or run for
minutes; bounded, it fails the test instead of hanging the machine or CI. The
timeout is generous (the fixed cases take about a second), not a speed claim.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

MEMORY_LIMIT = 1_500_000_000  # bytes of address space: the fixed cases need about a fifth of this
TIME_LIMIT = 120  # seconds; the unfixed cases took 23 s (memory bomb) to well over 600 s


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def bounded_kindaudio(*args: str | bytes) -> subprocess.CompletedProcess[str]:
    """`kindaudio ARGS` under the memory and time limits; bytes arguments are passed as they are."""
    return subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True,
                          errors="backslashreplace", timeout=TIME_LIMIT, stdin=subprocess.DEVNULL,
                          preexec_fn=_limit_memory, env=dict(os.environ))
