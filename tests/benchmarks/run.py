"""`make bench`: what rendering costs, measured as ratios within one run.

1. Cold render of Compassionate Body Scan at 20 min (empty cache) against the
   espeak-ng command line synthesising the same sentences with the same voice
   and rate in one process (target <= 1.5, aim <= 1.0).
2. Warm render (full cache) against the cold render (target <= 0.1).
3. Peak memory rendering the 45-minute body scan to WAV (target <= 200 MB).

Each figure is the median of several runs, every render in a fresh process
with its own KINDAUDIO_HOME. Machines here are shared and noisy: read the
ratios, not the seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = int(os.environ.get("KINDAUDIO_BENCH_RUNS", "5"))
PRACTICE = "compassionate-body-scan"


def render_in_fresh_process(home: Path, minutes: float, again: bool = False) -> dict:
    out = home / "out"
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(HERE / "render_once.py"), PRACTICE, str(minutes), str(out)]
    if again:
        command.append("--again")
    env = {**os.environ, "KINDAUDIO_HOME": str(home)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def espeak_seconds(sentences: list[str], voice: str, rate: int, folder: Path) -> float:
    script = folder / "sentences.txt"
    script.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    begin = time.perf_counter()
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(folder / "espeak.wav"), "-f", str(script)],
                   check=True, capture_output=True)
    return time.perf_counter() - begin


def main() -> None:
    from kindaudio.audio.tts.engine import PREFERRED_VOICES
    from kindaudio.script.library import shipped_practices_dir
    from kindaudio.script.parser import load_practice

    if shutil.which("espeak-ng") is None:
        sys.exit("the espeak-ng command is needed: sudo apt-get install espeak-ng")
    practice = load_practice(shipped_practices_dir() / f"{PRACTICE}.md")
    voice = PREFERRED_VOICES[0]  # what a render picks when the engine has it
    sentences = [s.text for s in practice.unique_sentences()]
    print(f"KindAudio benchmarks: {RUNS} runs each, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{PRACTICE}: {len(sentences)} distinct sentences, voice {voice}, rate {practice.pace.rate}\n")

    with tempfile.TemporaryDirectory(prefix="kindaudio-bench-") as scratch:
        root = Path(scratch)
        espeak = [espeak_seconds(sentences, voice, practice.pace.rate, root) for _ in range(RUNS)]
        cold, cold_known_engine, warm, imports, speech = [], [], [], [], 0.0
        for run in range(RUNS):
            home = root / f"home-{run}"
            report = render_in_fresh_process(home, 20, again=True)
            first, second = report["renders"]
            assert first["synthesized"] == len(sentences) and second["synthesized"] == 0
            cold.append(first["seconds"])
            warm.append(second["seconds"])
            imports.append(report["imports"])
            speech = first["speech_seconds"]
            # A practice never rendered before, on a machine that has rendered before:
            # no clip in the cache, but the engine's description is known.
            known = root / f"known-{run}"
            (known / "cache").mkdir(parents=True)
            for description in (home / "cache").glob("engine-*.json"):
                shutil.copy(description, known / "cache")
            cold_known_engine.append(render_in_fresh_process(known, 20)["renders"][0]["seconds"])
        memory = [render_in_fresh_process(root / f"memory-{run}", 45) for run in range(max(RUNS // 2, 1))]

    e, c, w = statistics.median(espeak), statistics.median(cold), statistics.median(warm)
    print("1. cold render, 20 min, empty cache ÷ espeak-ng command line, same sentences")
    print(f"   espeak-ng: {e:.3f} s for {speech:.0f} s of speech ({speech / e:.0f}x real time)")
    print(f"   KindAudio: {c:.3f} s (synthesis in worker processes, levelling, fitting, mixing, writing "
          f"{20 * 60} s of WAV); imports {statistics.median(imports):.2f} s not counted")
    k = statistics.median(cold_known_engine)
    print(f"   ratio: {c / e:.2f}   (target <= 1.5, aim <= 1.0)")
    print(f"   with the engine already described (only the clip cache empty): {k:.3f} s, ratio {k / e:.2f}\n")
    print("2. warm render (every sentence cached) ÷ cold render")
    print(f"   warm: {w:.3f} s   ratio: {w / c:.3f}   (target <= 0.1)\n")
    main_peak = max(m["peak_mb_main"] for m in memory)
    worker_peak = max(m["peak_mb_largest_worker"] for m in memory)
    print("3. peak memory rendering the 45-minute body scan to WAV (empty cache)")
    print(f"   render process: {main_peak:.0f} MB   (target <= 200 MB)")
    print(f"   each speech worker at most: {worker_peak:.0f} MB")


if __name__ == "__main__":
    main()
