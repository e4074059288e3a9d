"""The audio package's front door: the names the window, the command line, packs and the desktop use.

`from kindaudio.audio import Player` works for every name the package lists,
importing the package alone loads none of the audio machinery, and the faces
of the app come in through this door (or kindaudio.audio.tts for voices), not
through the rooms behind it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kindaudio
import kindaudio.audio as audio

PACKAGE = Path(kindaudio.__file__).parent
FACES = ("ui", "cli", "pack", "desktop")


@pytest.mark.parametrize("name", audio.__all__)
def test_every_listed_name_is_found_where_the_package_says(name: str) -> None:
    assert getattr(audio, name) is not None


def test_an_unknown_name_is_an_attribute_error_so_submodules_still_import() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        audio.Nothing  # noqa: B018 - the attribute access is the test
    from kindaudio.audio import portaudio  # a module, found by the import system after the miss

    assert portaudio.__name__ == "kindaudio.audio.portaudio"


def test_importing_the_package_loads_no_audio_machinery() -> None:
    code = ("import sys, kindaudio.audio\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy', 'sounddevice', 'soundfile')"
            " or m.startswith('kindaudio.audio.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_faces_of_the_app_use_the_front_door() -> None:
    behind = []
    for face in FACES:
        for path in sorted((PACKAGE / face).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kindaudio.audio."):
                    if not node.module.startswith("kindaudio.audio.tts"):
                        behind.append(f"{path.relative_to(PACKAGE)}: {node.module}")
    assert behind == []
