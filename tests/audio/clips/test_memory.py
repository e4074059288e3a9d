"""Freed memory is kept for the next sentence rather than faulted in afresh."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROGRAM = """
import resource, sys
import numpy as np
from kindaudio.audio.clips.memory import keep_freed_memory
if sys.argv[1] == "keep":
    assert keep_freed_memory()

def sentence():  # a long sentence's temporaries: ten arrays of 4 MB alive at once, then freed
    arrays = [np.ones(500_000) for _ in range(10)]
    del arrays

sentence()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    sentence()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _page_faults(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator is what is tuned")
def test_memory_freed_by_one_sentence_is_reused_by_the_next() -> None:
    given_back = _page_faults("default")
    kept = _page_faults("keep")
    assert given_back > 5 * 5000  # 40 MB is about 10,000 pages, faulted in again each time
    assert kept < given_back / 10
