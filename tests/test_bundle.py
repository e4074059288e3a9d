"""The bundle (`make bundle`): a folder app that runs where no Python can be found.

Builds dist/kindaudio/ with PyInstaller (packaging/build_bundle.py; reused
when nothing that goes into it has changed), then runs the bundled program
as a person would, from a folder of its own, with a bare environment (no
venv, no PYTHONPATH, PATH only /usr/bin:/bin), and, where mount namespaces
are available (root, or unprivileged user namespaces), with this machine's
Python installs and KindAudio's source hidden behind empty folders: it lists
the practices, renders with eSpeak NG and with the natural voice (Piper), and
opens the window offscreen and on an X screen (Xvfb).
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import soundfile

from kindaudio import __version__

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "packaging" / "build_bundle.py"
PROGRAM = ROOT / "dist" / "kindaudio" / "kindaudio"
WAIT = 300  # seconds for the window to show its library: never reached when things work
SHIPPED = ["affectionate-breathing", "compassionate-body-scan", "compassionate-breathing", "silent-timer"]
SHORT = """---
title: Short bundle check
lengths: [1]
---
## Arriving
Welcome to this short practice, made only for checking that the bundle speaks.
[pause 2s..50s]
You can rest here for a moment, and stop whenever you like.
[bell]
"""

Command = Callable[..., dict[str, Any]]  # the bundled program's arguments -> subprocess's keyword arguments

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),  # the first run builds the bundle: about a minute on 2 idle cores
    pytest.mark.skipif(sys.platform != "linux", reason="the bundle is built and tested on Linux"),
]


@pytest.fixture(scope="module")
def program() -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is needed to build the bundle: pip install -e '.[bundle]' (make test installs it)")
    built = subprocess.run([sys.executable, str(BUILD)], capture_output=True, text=True, timeout=1800, cwd=ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    assert PROGRAM.is_file() and os.access(PROGRAM, os.X_OK)
    return PROGRAM


def python_installs() -> list[Path]:
    """Folders where this machine's Python lives: the standard library, the venv, site-packages, our source."""
    found = {Path(sysconfig.get_paths()[name]) for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    if sys.prefix != sys.base_prefix:
        found.add(Path(sys.prefix))  # the venv
    found.update(Path(p) for p in ("/usr/lib", "/usr/local/lib") for p in Path(p).glob("python3*"))
    found.add(ROOT / "kindaudio")
    folders = {path.resolve() for path in found if path.is_dir()}
    return sorted(path for path in folders if not any(other in path.parents for other in folders))  # outermost


@pytest.fixture(scope="module")
def hide_python(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A command prefix that runs its command with every Python install hidden; [] where that cannot be done."""
    empty = tmp_path_factory.mktemp("empty")
    mounts = " && ".join(f"mount --bind '{empty}' '{folder}'" for folder in python_installs())
    prefix = ["unshare", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    wrapper = [*prefix, "sh", "-c", f'{mounts} && exec "$0" "$@"']
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run([*wrapper, "sh", "-c", f"ls -A '{ROOT / 'kindaudio'}' | wc -l"], capture_output=True,
                           text=True, timeout=60)
    if probe.returncode != 0 or probe.stdout.strip() != "0":
        return []  # no mount namespaces here: the bare environment alone keeps Python out of reach
    return wrapper


@pytest.fixture
def run_bundled(program: Path, hide_python: list[str], tmp_path: Path) -> Command:
    """run_bundled(*args, extra=env) -> subprocess arguments for the bundled program: own folder, bare environment."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "person"), "LANG": "C.UTF-8",
            "KINDAUDIO_HOME": str(tmp_path / "kindaudio-home"), "QT_QPA_PLATFORM": "offscreen"}

    def command(*args: str, extra: dict[str, str] | None = None) -> dict[str, Any]:
        return {"args": [*hide_python, str(program), *args], "cwd": work, "env": {**base, **(extra or {})}}

    return command


def run(arguments: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(**arguments, capture_output=True, text=True, timeout=600)


def test_the_bundle_lists_the_shipped_practices(run_bundled: Command) -> None:
    listed = run(run_bundled("list"))
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()[1:]] == SHIPPED
    version = run(run_bundled("--version"))
    assert version.stdout == f"kindaudio {__version__}\n"


def test_python_is_out_of_reach_of_the_bundled_program(hide_python: list[str], run_bundled: Command) -> None:
    if not hide_python:
        pytest.skip("no mount namespaces here to hide Python with (the other tests run in a bare environment)")
    look = 'ls -A "$1" | wc -l; python3 -c 1 2>/dev/null && echo "python runs" || echo "no python"'
    seen = run({**run_bundled(), "args": [*hide_python, "sh", "-c", look, "sh", str(ROOT / "kindaudio")]})
    assert seen.stdout.split("\n")[:2] == ["0", "no python"], seen.stdout + seen.stderr  # our source is empty too


def test_the_bundle_renders_with_the_basic_voice(run_bundled: Command, tmp_path: Path) -> None:
    out = tmp_path / "breathing.wav"
    rendered = run(run_bundled("render", "affectionate-breathing", "--minutes", "8",
                               "--voice", "espeak:gmw/en-us", "-o", str(out)))
    assert rendered.returncode == 0, rendered.stderr
    assert "a basic voice (espeak:gmw/en-us)" in rendered.stdout
    info = soundfile.info(str(out))
    assert abs(info.duration - 8 * 60) < 1
    audio, _ = soundfile.read(str(out), frames=int(60 * info.samplerate), start=0)
    assert abs(audio).max() > 0.05  # speech, not silence


def test_the_bundle_renders_with_the_natural_voice(run_bundled: Command, tmp_path: Path) -> None:
    practice = tmp_path / "short.md"
    practice.write_text(SHORT, encoding="utf-8")
    out = tmp_path / "short.wav"
    rendered = run(run_bundled("render", str(practice), "--minutes", "1",
                               "--voice", "piper:en_US-joe-medium", "-o", str(out)))
    assert rendered.returncode == 0, rendered.stderr
    assert "a natural voice (piper:en_US-joe-medium)" in rendered.stdout
    info = soundfile.info(str(out))
    assert abs(info.duration - 60) < 1
    audio, _ = soundfile.read(str(out))
    assert abs(audio).max() > 0.05


class Window:
    """The bundled program's window, running; its stderr read line by line as it comes."""

    def __init__(self, arguments: dict[str, Any]) -> None:
        self.process = subprocess.Popen(**arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def stop(self) -> None:
        """End it as a session's end would (SIGTERM); its speech workers end when their pipe closes."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        self.reader.join(60)
        assert self.process.stderr is not None
        self.process.stderr.close()


def start_window(arguments: dict[str, Any], *waited_for: str) -> tuple[Window, list[str]]:
    """Start the bundled window with --debug; return once stderr has shown each line part in `waited_for`."""
    window = Window(arguments)
    lines = window.lines
    seen: list[str] = []
    missing = list(waited_for)
    while missing:
        try:
            line = lines.get(timeout=WAIT)
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        missing = [part for part in missing if not any(part in earlier for earlier in seen)]
    if missing:
        window.stop()
        pytest.fail(f"the bundled window never said {missing}; it said:\n{''.join(seen)}")
    return window, seen


def test_the_bundled_window_opens_offscreen_and_warms_its_voice(run_bundled: Command, tmp_path: Path) -> None:
    process, said = start_window(run_bundled("--debug"),
                                 "library: 4 cards", "journal open at", "speech warmed: piper:en_US-joe-medium")
    try:
        assert not [line for line in said if "Traceback" in line or line.startswith(("ERROR", "CRITICAL"))]
    finally:
        process.stop()
    log = tmp_path / "kindaudio-home" / "state" / "kindaudio.log"
    assert "library: 4 cards" in log.read_text(encoding="utf-8")  # --debug wrote the same lines to the log
    assert log.stat().st_mode & 0o777 == 0o600


def test_the_bundled_window_draws_on_an_x_screen(run_bundled: Command, tmp_path: Path) -> None:
    from tests.xserver import virtual_screen

    shots = Path(os.environ.get("KINDAUDIO_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / "bundle-window-xcb.png"
    with virtual_screen() as display:
        process, _ = start_window(run_bundled("--debug", extra={"QT_QPA_PLATFORM": "xcb",
                                                                "DISPLAY": display}),
                                  "library: 4 cards")
        try:
            # The X screen itself, grabbed by another program (this Python's Qt), as a screenshot tool would.
            grab = ("import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); "
                    "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)")
            grabbed = subprocess.run([sys.executable, "-c", grab, str(shot)], capture_output=True, text=True,
                                     timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display})
            assert grabbed.returncode == 0, grabbed.stderr
        finally:
            process.stop()
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
    assert len(colours) > 20  # the window's cards and words, not an empty screen
