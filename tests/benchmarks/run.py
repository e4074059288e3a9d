"""`make bench`: what rendering costs, measured as ratios within one run.

1. Cold render of Compassionate Body Scan at 20 min (empty cache) against the
   espeak-ng command line synthesising the same sentences with the same voice
   and rate in one process (target <= 1.5, aim <= 1.0).
2. Warm render (full cache) against the cold render (target <= 0.1).
3. Peak memory rendering the 45-minute body scan to WAV (target <= 200 MB).

These are the basic voice's (eSpeak NG) figures; `run.py voice` gives the
natural voice's and whole processes' (voice_bench.py).

Each figure is the median of several runs, every render in a fresh process
with its own KINDAUDIO_HOME. Machines here are shared and noisy: read the
ratios, not the seconds. A ratio is taken run by run, between neighbours (an
espeak-ng run just before each cold render; the warm render just after it in
the same process), and its median given with its spread.
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


BASIC_VOICE = {"KINDAUDIO_VOICE": "espeak:gmw/en-us"}  # these figures are eSpeak's (voice_bench.py: Piper's)


def render_in_fresh_process(home: Path, minutes: float, again: bool = False, memory: bool = False) -> dict:
    out = home / "out"
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(HERE / "render_once.py"), PRACTICE, str(minutes), str(out)]
    if again:
        command.append("--again")
    if memory:
        command.append("--memory")
    env = {**os.environ, "KINDAUDIO_HOME": str(home), **BASIC_VOICE}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def espeak_seconds(sentences: list[str], voice: str, rate: int, folder: Path) -> float:
    script = folder / "sentences.txt"
    script.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    begin = time.perf_counter()
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(folder / "espeak.wav"), "-f", str(script)],
                   check=True, capture_output=True)
    return time.perf_counter() - begin


def rendering() -> None:
    """The render figures (issue 2)."""
    from kindaudio.audio.tts.rate import espeak_rate
    from kindaudio.script.library import shipped_practices_dir
    from kindaudio.script.parser import load_practice

    if shutil.which("espeak-ng") is None:
        sys.exit("the espeak-ng command is needed: sudo apt-get install espeak-ng")
    practice = load_practice(shipped_practices_dir() / f"{PRACTICE}.md")
    voice = "gmw/en-us"  # the basic voice a render picks
    rate = espeak_rate(practice.pace.rate)  # what eSpeak is given for the practice's rate as heard
    sentences = [s.text for s in practice.unique_sentences()]
    print(f"KindAudio benchmarks: {RUNS} runs each, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{PRACTICE}: {len(sentences)} distinct sentences, voice {voice}, rate {practice.pace.rate} as heard "
          f"(eSpeak's {rate})\n")

    with tempfile.TemporaryDirectory(prefix="kindaudio-bench-") as scratch:
        root = Path(scratch)
        espeak, cold, cold_known_engine, warm, imports, speech = [], [], [], [], [], 0.0
        for run in range(RUNS):
            # Each render is paired with an espeak-ng run just before it: the
            # machine's speed drifts over a benchmark, and a ratio of
            # neighbours is not moved by that.
            espeak.append(espeak_seconds(sentences, voice, rate, root))
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
            for description in (home / "cache").glob("voices-espeak-*.json"):
                shutil.copy(description, known / "cache")
            cold_known_engine.append(render_in_fresh_process(known, 20)["renders"][0]["seconds"])
        memory = [render_in_fresh_process(root / f"memory-{run}", 45, memory=True) for run in range(max(RUNS // 2, 1))]

    e, c, w = statistics.median(espeak), statistics.median(cold), statistics.median(warm)
    k = statistics.median(cold_known_engine)

    def paired(numerators: list[float], denominators: list[float]) -> str:
        """The median of each run's own ratio, and the spread of those ratios."""
        ratios = sorted(n / d for n, d in zip(numerators, denominators, strict=True))
        return f"{statistics.median(ratios):.3f} (runs {ratios[0]:.3f}..{ratios[-1]:.3f})"

    print("1. cold render, 20 min, empty cache ÷ espeak-ng command line, same sentences")
    print(f"   espeak-ng: {e:.3f} s for {speech:.0f} s of speech ({speech / e:.0f}x real time)")
    print(f"   KindAudio: {c:.3f} s (synthesis in worker processes, levelling, fitting, mixing, writing "
          f"{20 * 60} s of WAV); imports {statistics.median(imports):.2f} s not counted")
    print(f"   ratio, run by run: {paired(cold, espeak)}   (target <= 1.5, aim <= 1.0); of the medians: {c / e:.2f}")
    print(f"   with the engine already described (only the clip cache empty): {k:.3f} s, "
          f"ratio {paired(cold_known_engine, espeak)}\n")
    print("2. warm render (every sentence cached) ÷ cold render, each pair in one process")
    print(f"   warm: {w:.3f} s   ratio, run by run: {paired(warm, cold)}   (target <= 0.1); of the medians: "
          f"{w / c:.3f}\n")
    main_peak = max(m["peak_mb_main"] for m in memory)
    worker_peak = max(m["peak_mb_largest_worker"] for m in memory)
    print("3. peak memory rendering the 45-minute body scan to WAV (empty cache)")
    print(f"   render process: {main_peak:.0f} MB   (target <= 200 MB)")
    print(f"   each speech worker at most: {worker_peak:.0f} MB; all processes at one moment "
          f"{max(m['peak_mb_all'] for m in memory):.0f} MB\n")


ALSA = HERE.parent / "alsa"
PLAY_SPEED = float(os.environ.get("KINDAUDIO_BENCH_PLAY_SPEED", "1"))  # 1 = real time


def play_in_fresh_process(home: Path, practice: str, minutes: float, mode: str, audio_out: str) -> dict:
    env = {**os.environ, "KINDAUDIO_HOME": str(home), "KINDAUDIO_TEST_AUDIO_OUT": audio_out,
           "ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{ALSA / 'asound.conf'}", **BASIC_VOICE}
    command = [sys.executable, str(HERE / "play_once.py"), practice, str(minutes), mode]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def playback() -> None:
    """Playback figures (issue 3): the sound card is ALSA's file plugin (tests/alsa)."""
    with tempfile.TemporaryDirectory(prefix="kindaudio-bench-play-") as scratch:
        root = Path(scratch)
        # Once, untimed: the engine describes itself (as on an app's first use ever).
        play_in_fresh_process(root / "first-use", "affectionate-breathing", 8, "first-audio", str(root / "first.raw"))
        described = sorted((root / "first-use" / "cache").glob("voices-espeak-*.json"))
        first: dict[str, list[float]] = {"affectionate-breathing": [], "compassionate-body-scan": []}
        for run in range(RUNS):
            for practice, minutes in (("affectionate-breathing", 8), ("compassionate-body-scan", 45)):
                home = root / f"{practice}-{run}"
                # The engine's description is known; the clip cache is empty.
                (home / "cache").mkdir(parents=True)
                for description in described:
                    shutil.copy(description, home / "cache")
                report = play_in_fresh_process(home, practice, minutes, "first-audio", str(root / "first.raw"))
                first[practice].append(report["first_speech"])
        short, long = (statistics.median(first[p]) for p in first)
        print("4. time to first audio, cold clip cache: play() to the first callback that delivers speech")
        print("   (the device takes blocks as fast as they come, so the 1 s of silence before the first")
        print("   words passes at once: this is the time to make and play the first sentence)")
        print(f"   affectionate breathing, 8 min: {short * 1000:.0f} ms   (target <= 300 ms)")
        print(f"   compassionate body scan, 45 min: {long * 1000:.0f} ms   ratio to 8 min: {long / short:.2f}"
              "   (target <= 1.2)\n")

        pace = f"|{sys.executable} {ALSA / 'pace.py'} {int(22050 * 2 * PLAY_SPEED)} {root / 'whole.raw'}"
        whole = play_in_fresh_process(root / "whole", "affectionate-breathing", 8, "whole", pace)
        block = whole["block_seconds"]
        print(f"5. a whole practice (affectionate breathing, 8 min, cold clip cache) at {PLAY_SPEED:g}x real time")
        print(f"   longest time inside the audio callback: {whole['longest_callback'] * 1e3:.2f} ms over "
              f"{whole['callbacks']} callbacks = {whole['longest_callback'] / block:.1%} of a "
              f"{block * 1e3:.0f} ms block   (target <= 10 %)")
        print(f"   underruns: {whole['underruns']}   (target 0); silence held waiting for speech: "
              f"{whole['holds']} blocks; played {whole['length']:.1f} s in {whole['wall']:.1f} s")


def started_in(kind: str, display: str) -> float:
    """Seconds from starting a fresh process to its window being shown and responsive."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    # As installed: Python keeps the compiled modules (a developer's shell may say
    # not to, and every start would then compile KindAudio afresh). The untimed
    # first start writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    begin = time.perf_counter()
    with subprocess.Popen([sys.executable, str(HERE / "start_window.py"), kind], stdout=subprocess.PIPE,
                          text=True, env=env) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        seconds = time.perf_counter() - begin
        process.wait(60)
    assert line.strip() == "ready", f"{kind} window did not start"
    return seconds


def window() -> None:
    """The window's figures (issue 4), on a virtual screen (Xvfb)."""
    sys.path.insert(0, str(HERE.parents[1]))
    from tests.xserver import virtual_screen

    with tempfile.TemporaryDirectory(prefix="kindaudio-bench-window-") as scratch, virtual_screen() as display:
        root = Path(scratch)
        os.environ["KINDAUDIO_HOME"] = str(root / "home")
        started_in("app", display)  # once, untimed: folders made, files in the page cache
        bare, app = [], []
        for _ in range(max(RUNS, 3)):
            bare.append(started_in("bare", display))
            app.append(started_in("app", display))
        b, a = statistics.median(bare), statistics.median(app)
        print("6. from process start to the Library shown and responsive (its cards loaded)")
        print(f"   bare PySide6 window: {b * 1000:.0f} ms   KindAudio: {a * 1000:.0f} ms   ratio: {a / b:.2f}"
              "   (target <= 2.0)\n")

        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KINDAUDIO_HOME": str(root / "play"),
               "KINDAUDIO_TEST_AUDIO_OUT": f"|{sys.executable} {ALSA / 'pace.py'} {22050 * 2} {root / 'app.raw'}",
               "ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{ALSA / 'asound.conf'}", **BASIC_VOICE}
        result = subprocess.run([sys.executable, str(HERE / "play_in_app.py")], capture_output=True, text=True,
                                env=env, check=True)
        report = json.loads(result.stdout.strip().splitlines()[-1])
        print("7. peak memory playing the 45-minute body scan in the window (basic voice, empty clip cache, real time)")
        print(f"   app process: {report['peak_mb_app']:.0f} MB   (target <= 300 MB); each speech worker at most "
              f"{report['peak_mb_largest_worker']:.0f} MB; all processes {report['peak_mb_all']:.0f} MB")
        failed = f"; FAILED: {report['failed']}" if "failed" in report else ""
        print(f"   played to {report.get('position', 0):.0f} s: all speech made by {report.get('complete_at', 0):.0f} s"
              f"; underruns {report.get('underruns')}{failed}")


def journal() -> None:
    """The journal's figures (issue 5): Progress at 1,000 and at 10,000 sessions, and the query plans."""
    from journal_bench import journal_progress

    print()
    journal_progress()


def writing() -> None:
    """The Journal page's figures (issue 16): opening and searching at 1k/500 and 10k/5k sessions/entries."""
    from writing_bench import writing as writing_figures

    print()
    writing_figures()


def natural_voice() -> None:
    """The natural voice's figures, and whole processes with both engines (issue 12): voice_bench.py."""
    from voice_bench import voice

    print()
    voice()


PARTS = {"render": rendering, "playback": playback, "window": window, "journal": journal, "writing": writing,
         "voice": natural_voice}

if __name__ == "__main__":
    # `run.py` runs every part; `run.py render window` only those.
    unknown = [name for name in sys.argv[1:] if name not in PARTS]
    if unknown:
        sys.exit(f"unknown part(s) {', '.join(unknown)}; the parts are {', '.join(PARTS)}")
    # Bytecode first, as an installed KindAudio has it: where writing bytecode is
    # switched off (PYTHONDONTWRITEBYTECODE), every speech worker would otherwise
    # compile its modules at each start (13 ms of its 60).
    import compileall

    import kindaudio

    compileall.compile_dir(Path(kindaudio.__file__).parent, quiet=1)
    for name in sys.argv[1:] or list(PARTS):
        PARTS[name]()
