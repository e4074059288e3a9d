"""An installed copy has its own files: the wheel carries everything under kindaudio/data/ and the licence.

The wheel is built offline (no index, no build isolation) from a copy of the
source tree, so a stale build/ folder left by an earlier build cannot lend it
files that pyproject.toml no longer declares.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kindaudio"
# PEP 639's `license-files`; older setuptools cannot read pyproject.toml's `license` at all.
MIN_SETUPTOOLS = (77,)
NOT_SOURCE = shutil.ignore_patterns(".*", "__pycache__", "*.pyc", "build", "dist", "*.egg-info", "tests",
                                    "bench-results")


def _setuptools_version() -> tuple[int, ...]:
    import setuptools

    return tuple(int(part) for part in setuptools.__version__.split(".")[:2] if part.isdigit())


def shipped_source_files() -> list[str]:
    """Every file that must be in the wheel as it is: all of kindaudio/data/, and any non-Python file elsewhere."""
    found = []
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(ROOT)
        if (not path.is_file() or "__pycache__" in relative.parts
                or any(part.startswith(".") for part in relative.parts)):
            continue
        if relative.parts[:2] == ("kindaudio", "data") or path.suffix not in (".py", ".pyc"):
            found.append(relative.as_posix())
    return sorted(found)


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    if _setuptools_version() < MIN_SETUPTOOLS:
        pytest.fail(f"setuptools {'.'.join(map(str, MIN_SETUPTOOLS))} or newer is needed to build the wheel; "
                    "`make setup` (or pip install -e '.[test]') installs it")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "--quiet", "-w", str(work / "out"), str(source)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    [wheel] = (work / "out").glob("kindaudio-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_source_tree_has_shipped_files_to_check() -> None:
    files = shipped_source_files()
    assert "kindaudio/data/palettes.json" in files
    assert "kindaudio/data/practices/README.md" in files
    assert "kindaudio/data/fonts/DejaVuSans.ttf" in files
    assert len([f for f in files if f.startswith("kindaudio/data/practices/templates/")]) >= 4


@pytest.mark.slow
def test_the_wheel_holds_every_shipped_file(wheel_names: list[str]) -> None:
    missing = sorted(set(shipped_source_files()) - set(wheel_names))
    assert not missing, f"pyproject.toml's [tool.setuptools.package-data] leaves these out: {missing}"


@pytest.mark.slow
def test_the_wheel_holds_the_licence(wheel_names: list[str]) -> None:
    licences = [name for name in wheel_names if name.endswith(".dist-info/licenses/LICENSE")]
    assert len(licences) == 1
