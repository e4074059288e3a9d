"""`kindaudio voices`, run as a real process: the voices that can speak here, the default marked."""

from __future__ import annotations

from tests.support.command import EXIT_OK, kindaudio


def test_voices_lists_the_engine_voices_and_marks_the_default() -> None:
    result = kindaudio("voices", "--language", "en")  # the tests' default: KINDAUDIO_VOICE=espeak:gmw/en-us
    assert result.returncode == EXIT_OK
    assert "* espeak:gmw/en-us" in result.stdout
    assert "espeak:gmw/en-gb-x-rp" in result.stdout
    assert "zlw/pl" not in result.stdout
