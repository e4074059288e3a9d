"""Render one practice in this fresh process and print what it cost, as JSON.

Run by run.py, never by pytest. Imports are timed apart from the render: they
are the same for every render and say nothing about the pipeline.

    python render_once.py PRACTICE MINUTES OUTPUT_FOLDER [--again]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

started = time.perf_counter()
from kindaudio.audio.clips import ClipProvider  # noqa: E402
from kindaudio.audio.levelling import prepare_speech  # noqa: E402,F401  (loads numpy and scipy)
from kindaudio.audio.render import RenderRequest, render  # noqa: E402
from kindaudio.paths import app_paths  # noqa: E402
from kindaudio.script.library import resolve_practice  # noqa: E402
from kindaudio.script.parser import load_practice  # noqa: E402

import scipy.ndimage  # noqa: E402,F401
import scipy.signal  # noqa: E402,F401

imports = time.perf_counter() - started


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def worker_peak_mb(pid: int) -> float:
    """A live worker's own peak (its ru_maxrss would include the parent's pages
    it shared between fork and exec)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1]) / 1024


def main() -> None:
    name, minutes, folder = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    paths = app_paths()
    practice = load_practice(resolve_practice(name, paths))
    renders = []
    largest_worker_mb = 0.0
    for run in range(2 if "--again" in sys.argv else 1):
        # Each render writes into an empty folder, so the second does the same
        # work as the first, not also the freeing of the first one's files.
        output = folder / f"render-{run}"
        output.mkdir(parents=True, exist_ok=True)
        begin = time.perf_counter()
        with ClipProvider(paths) as clips:
            result = render(RenderRequest(practice, minutes=minutes, output=output), clips)
            if clips._pool is not None:
                largest_worker_mb = max([largest_worker_mb, *map(worker_peak_mb, clips._pool.stats.pids)])
        renders.append({"seconds": time.perf_counter() - begin, "synthesized": result.synthesized,
                        "cached": result.cached, "audio_seconds": result.seconds,
                        "speech_seconds": sum(c.length for c in result.timeline.speech) / 22050})
    print(json.dumps({"imports": imports, "renders": renders, "peak_mb_main": _peak_mb(resource.RUSAGE_SELF),
                      "peak_mb_largest_worker": largest_worker_mb}))


if __name__ == "__main__":
    main()
