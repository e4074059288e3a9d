"""KindAudio installed from its wheel works anywhere: outside the source tree, from another folder.

The sdist is built from a copy of the source tree, offline, and the wheel is
built from the unpacked sdist, as pip does for an sdist (so both are
checked: the sdist carries everything the wheel needs). It is installed into
a fresh virtual environment outside the source tree, and that environment's
own `kindaudio` is run from an empty folder with PYTHONPATH unset and a
temporary KINDAUDIO_HOME: it lists every shipped practice and template,
renders a practice with the eSpeak voice, writes a PDF report after a
check-in, opens the window offscreen (quitting by itself once the Library
has its cards: KINDAUDIO_TEST_QUIT_WHEN_READY) and registers itself with the
desktop.

Where the fresh environment's dependencies come from: installing them from
PyPI would download hundreds of megabytes (PySide6, numpy, scipy,
onnxruntime) at every run, and `pip install --no-index --find-links` needs
wheels of every dependency, which this machine does not keep (pip wheel would
download them too). So the wheel is installed with --no-deps, and then one
.pth file appends the project venv's site-packages to the fresh venv's path.
A path named in a .pth file is added as it is, without processing that
folder's own .pth files, so the project's editable install (its
__editable__ .pth and finder) does not come along: the only kindaudio the
fresh venv can import is the wheel's, which the test asserts
(kindaudio.__file__ is inside the fresh venv). That the wheel declares what
it needs is checked too: every Requires-Dist of the installed wheel is met by
the packages the fresh venv sees.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import soundfile

from kindaudio.common.paths import APP_ID
from tests.test_package_data import MIN_SETUPTOOLS, NOT_SOURCE, _setuptools_version

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "kindaudio" / "data" / "practices"
VOICE = "espeak:gmw/en-us"


@dataclass(frozen=True)
class Installed:
    venv: Path
    kindaudio: Path  # the fresh venv's console script
    python: Path
    elsewhere: Path  # an empty folder to run from
    env: dict[str, str]
    wheel: Path
    sdist: Path

    def run(self, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.kindaudio), *args], capture_output=True, text=True, timeout=600,
                              cwd=self.elsewhere, env={**self.env, **(extra or {})}, stdin=subprocess.DEVNULL)

    def python_code(self, code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.python), "-c", code], capture_output=True, text=True, timeout=600,
                              cwd=self.elsewhere, env=self.env, stdin=subprocess.DEVNULL)


def _build(work: Path) -> tuple[Path, Path, Path]:
    """The sdist from a copy of the tree, and two wheels: from the tree, and from the unpacked sdist."""
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    sdist_code = ("import sys; from setuptools import build_meta; "
                  "print(build_meta.build_sdist(sys.argv[1]))")
    built = subprocess.run([sys.executable, "-c", sdist_code, str(work / "sdist")], cwd=source,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    sdist = work / "sdist" / built.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    [unpacked] = (work / "unpacked").iterdir()
    wheels = []
    for name, tree in (("from-tree", source), ("from-sdist", unpacked)):
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
             "--disable-pip-version-check", "--quiet", "-w", str(work / name), str(tree)],
            capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        [wheel] = (work / name).glob("kindaudio-*.whl")
        wheels.append(wheel)
    return sdist, wheels[0], wheels[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    if _setuptools_version() < MIN_SETUPTOOLS:
        pytest.fail("setuptools 77 or newer is needed to build the wheel; `make setup` installs it")
    work = tmp_path_factory.mktemp("installed-wheel")
    sdist, tree_wheel, wheel = _build(work)
    with zipfile.ZipFile(tree_wheel) as a, zipfile.ZipFile(wheel) as b:
        assert sorted(a.namelist()) == sorted(b.namelist()), "the sdist leaves out files the wheel needs"

    fresh = work / "fresh-venv"
    venv.create(fresh, with_pip=False, symlinks=True)
    python = fresh / "bin" / "python"
    # The project's pip installs into the fresh venv (--python), so the fresh venv needs no pip of its own.
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                             "--no-index", "--disable-pip-version-check", "--quiet", str(wheel)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    dependencies = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "zz_kindaudio_test_dependencies.pth").write_text("".join(f"{path}\n" for path in dependencies))

    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "KINDAUDIO_VOICE", "PYTHONSTARTUP")}
    env.update(PATH=f"{fresh / 'bin'}{os.pathsep}{env.get('PATH', '')}", KINDAUDIO_HOME=str(work / "home"),
               XDG_DATA_HOME=str(work / "xdg-data"))
    return Installed(fresh, fresh / "bin" / "kindaudio", python, elsewhere, env, wheel, sdist)


def shipped_ids(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.md") if path.name != "README.md")


@pytest.mark.slow
def test_the_fresh_venv_imports_only_the_wheels_kindaudio(installed: Installed) -> None:
    result = installed.python_code("import json, sys, kindaudio; print(kindaudio.__file__); print(json.dumps(sys.path))")
    assert result.returncode == 0, result.stderr
    location = Path(result.stdout.splitlines()[0])
    assert location.is_relative_to(installed.venv), location
    assert not location.is_relative_to(ROOT)
    # The source tree is nowhere on the path (the project's venv may live inside it: its site-packages may be).
    on_path = [Path(entry) for entry in json.loads(result.stdout.splitlines()[1]) if entry]
    assert [entry for entry in on_path if entry in (ROOT, ROOT / "kindaudio")] == []


@pytest.mark.slow
def test_the_wheels_declared_dependencies_are_what_it_runs_with(installed: Installed) -> None:
    code = """
from importlib.metadata import distribution, version
from packaging.requirements import Requirement
requires = [Requirement(text) for text in distribution("kindaudio").requires or []]
core = [r for r in requires if r.marker is None or r.marker.evaluate({"extra": ""})]
assert len(core) >= 10, core
unmet = [f"{r} (found {version(r.name)})" for r in core if not r.specifier.contains(version(r.name), prereleases=True)]
print("unmet:", unmet)
"""
    result = installed.python_code(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unmet: []"


@pytest.mark.slow
def test_both_archives_carry_the_licence(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        assert any(name.endswith(".dist-info/licenses/LICENSE") for name in wheel.namelist())
    with tarfile.open(installed.sdist) as sdist:
        names = sdist.getnames()
    assert any(name.endswith("/LICENSE") and name.count("/") == 1 for name in names)
    assert any(name.endswith(f"kindaudio/data/desktop/{APP_ID}.desktop") for name in names)


@pytest.mark.slow
def test_the_installed_command_lists_every_shipped_practice_and_template(installed: Installed) -> None:
    listed = installed.run("list")
    assert listed.returncode == 0, listed.stderr
    ids = shipped_ids(SHIPPED)
    assert len(ids) >= 4
    rows = [line.split()[0] for line in listed.stdout.splitlines()[1:] if line.strip()]
    assert sorted(rows) == ids
    assert all(line.rstrip().endswith("shipped") for line in listed.stdout.splitlines()[1:] if line.strip())

    templates = installed.run("new")
    assert templates.returncode == 0, templates.stderr
    for template in shipped_ids(SHIPPED / "templates"):
        assert re.search(rf"^{re.escape(template)}\s", templates.stdout, re.MULTILINE), template

    checked = installed.run("check")  # its audio-output line says NO here (no sound card); the rest must be ok
    assert re.search(rf"^ok\s+practices\s+{len(ids)} shipped", checked.stdout, re.MULTILINE), checked.stdout


@pytest.mark.slow
def test_the_installed_command_renders_a_practice(installed: Installed) -> None:
    out = installed.elsewhere / "breathing.wav"
    result = installed.run("render", "affectionate-breathing", "--minutes", "8", "--voice", VOICE, "-o", str(out))
    assert result.returncode == 0, result.stderr
    info = soundfile.info(str(out))
    assert abs(info.duration - 8 * 60) < 1.0


@pytest.mark.slow
def test_the_installed_command_writes_a_pdf_report_after_a_check_in(installed: Installed) -> None:
    checked_in = installed.run("checkin", "--valence", "2", "--feeling", "calm")
    assert checked_in.returncode == 0, checked_in.stderr
    report = installed.elsewhere / "report.pdf"
    result = installed.run("export", "--format", "pdf", "--from", date.today().isoformat(), "-o", str(report))
    assert result.returncode == 0, result.stderr
    data = report.read_bytes()
    assert data.startswith(b"%PDF-") and b"/FontFile2" in data  # the shipped TrueType font is embedded
    assert len(data) > 5_000


@pytest.mark.slow
def test_the_installed_window_starts_offscreen_and_quits_by_itself(installed: Installed) -> None:
    result = installed.run(extra={"QT_QPA_PLATFORM": "offscreen", "KINDAUDIO_TEST_QUIT_WHEN_READY": "1"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr


@pytest.mark.slow
def test_the_installed_command_puts_itself_in_the_desktops_menu(installed: Installed) -> None:
    result = installed.run("install-desktop")
    assert result.returncode == 0, result.stderr
    entry = Path(installed.env["XDG_DATA_HOME"]) / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={installed.kindaudio} %F" in entry.read_text(encoding="utf-8").splitlines()
