"""How fast the bundle starts, beside the same KindAudio run by Python: `kindaudio list`, and the window.

    python tests/benchmarks/bundle_start.py [RUNS]     (after `make bundle`)

Each figure is the median of RUNS fresh processes (default 7), after one
untimed run of each to fill the page cache and write the folders. `list` is
timed to its exit; the window (offscreen, --debug) from the start of the
process to the line saying the Library has its cards, when a person sees the
practices. Python runs this source tree's kindaudio with its bytecode written
(PYTHONDONTWRITEBYTECODE is removed), as an install has it. Also prints the
bundle's size on disk.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "dist" / "kindaudio" / "kindaudio"
READY = "library: "


def timed_list(command: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    subprocess.run([*command, "list"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def timed_window(command: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    with subprocess.Popen([*command, "--debug"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        for line in process.stderr:
            if READY in line:
                seconds = time.perf_counter() - begin
                break
        else:
            raise RuntimeError("the window did not show its library")
        process.send_signal(signal.SIGTERM)
        process.wait(60)
    return seconds


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    if not PROGRAM.is_file():
        print("no bundle: run `make bundle` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="kindaudio-bench-bundle-") as scratch:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update(KINDAUDIO_HOME=str(Path(scratch) / "home"), QT_QPA_PLATFORM="offscreen")
        commands = {"bundle": [str(PROGRAM)], "python": [sys.executable, "-m", "kindaudio"]}
        for name, measure in (("kindaudio list", timed_list), ("window to its library", timed_window)):
            figures = {}
            for kind, command in commands.items():
                measure(command, env)  # untimed
                figures[kind] = statistics.median(measure(command, env) for _ in range(runs))
            print(f"{name}: bundle {figures['bundle']:.2f} s, python {figures['python']:.2f} s, "
                  f"ratio {figures['bundle'] / figures['python']:.2f} (median of {runs})")
    size = sum(path.stat().st_size for path in PROGRAM.parent.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"bundle size: {size / 1e6:.0f} MB in {PROGRAM.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
