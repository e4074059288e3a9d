"""Render one practice in this fresh process and print what it cost, as JSON.

Run by run.py, never by pytest. Imports are timed apart from the render: they
are the same for every render and say nothing about the pipeline.

    python render_once.py PRACTICE MINUTES OUTPUT_FOLDER [--again] [--voice ID] [--memory]

With --memory a thread samples the memory of this process and its speech
workers every 10 ms (memory.py); it is left out of timed renders, where its
reading of /proc and its turns at the interpreter would be counted.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

started = time.perf_counter()
from kindaudio.audio.choices import PlayChoices  # noqa: E402
from kindaudio.audio.clips.levelling import prepare_speech  # noqa: E402,F401  (loads numpy and scipy)
from kindaudio.audio.clips.provider import ClipProvider  # noqa: E402
from kindaudio.audio.files.render import RenderRequest, render  # noqa: E402
from kindaudio.common.paths import app_paths  # noqa: E402
from kindaudio.script.library import resolve_practice  # noqa: E402
from kindaudio.script.parser import load_practice  # noqa: E402

imports = time.perf_counter() - started

from memory import TreeSampler, own_peak_mb, pool_pids, worker_peak_mb  # noqa: E402


def main() -> None:
    name, minutes, folder = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    voice = sys.argv[sys.argv.index("--voice") + 1] if "--voice" in sys.argv else None
    sampled = "--memory" in sys.argv
    paths = app_paths()
    practice = load_practice(resolve_practice(name, paths))
    renders = []
    peak_all_mb, worker_hwm_mb = 0.0, 0.0
    for run in range(2 if "--again" in sys.argv else 1):
        # Each render writes into an empty folder, so the second does the same
        # work as the first, not also the freeing of the first one's files.
        output = folder / f"render-{run}"
        output.mkdir(parents=True, exist_ok=True)
        begin = time.perf_counter()
        with ClipProvider(paths) as clips, contextlib.ExitStack() as measuring:
            memory = measuring.enter_context(TreeSampler(lambda: pool_pids(clips))) if sampled else None
            result = render(RenderRequest(practice, PlayChoices(minutes=minutes, voice=voice), output=output), clips)
            seconds = time.perf_counter() - begin
            worker_hwm_mb = max([worker_hwm_mb, *map(worker_peak_mb, pool_pids(clips))])
        if memory is not None:
            peak_all_mb = max(peak_all_mb, memory.peak_mb)
        renders.append({"seconds": seconds, "synthesized": result.synthesized, "cached": result.cached,
                        "audio_seconds": result.seconds, "voice": result.voice,
                        "speech_seconds": sum(c.length for c in result.timeline.speech) / 22050})
    print(json.dumps({"imports": imports, "renders": renders,
                      "peak_mb_main": own_peak_mb(),
                      "peak_mb_largest_worker": worker_hwm_mb, "peak_mb_all": peak_all_mb}))


if __name__ == "__main__":
    main()
