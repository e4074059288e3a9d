"""Memory of a process and its speech workers, as the benchmarks measure it.

Peak RSS "of all processes" is the largest sum of the resident memory of the
process and its workers at any one moment, sampled every 10 ms while the work
runs (the sum of each one's own peak is larger: they do not peak together).
Both are reported.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

SAMPLE_SECONDS = 0.01


def _status_mb(pid: int, field: str) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith(f"{field}:")), f"{field}: 0 kB")
    return int(line.split()[1]) / 1024


def own_peak_mb() -> float:
    """This process's own peak. Not ru_maxrss: Linux keeps, across exec, the peak of the memory a process
    had between fork and exec, which was its parent's (a benchmark that had loaded the natural voice made
    every render it started report 420 MB of its own)."""
    return _status_mb(os.getpid(), "VmHWM")


def worker_peak_mb(pid: int) -> float:
    """A live worker's own peak (its ru_maxrss would include the parent's pages
    it shared between fork and exec)."""
    return _status_mb(pid, "VmHWM")


class TreeSampler:
    """The largest sum of RSS of this process and the workers `pids()` names, sampled until stopped."""

    def __init__(self, pids: Callable[[], Iterable[int]]) -> None:
        self.pids = pids
        self.peak_mb = 0.0
        self.worker_hwm_mb: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            workers = list(self.pids())
            total = _status_mb(me, "VmRSS") + sum(_status_mb(pid, "VmRSS") for pid in workers)
            self.peak_mb = max(self.peak_mb, total)
            for pid in workers:
                self.worker_hwm_mb[pid] = max(self.worker_hwm_mb.get(pid, 0.0), worker_peak_mb(pid))
            self._stop.wait(SAMPLE_SECONDS)


def pool_pids(clips: object) -> list[int]:
    """The speech workers' process ids (all engines) of a ClipProvider."""
    return [pid for pool in clips.started_pools().values() for pid in pool.stats.pids]  # type: ignore[attr-defined]
