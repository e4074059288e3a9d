"""PlayChoices and recordings: they speak by default only when every sentence is recorded, or when asked."""

from __future__ import annotations

import pytest

from kindaudio.audio import RECORDED_VOICE, PlayChoices, journal_voice, recordings_speak
from kindaudio.common.errors import UserInputError


@pytest.mark.parametrize("choices, recorded, total, speak", [
    (PlayChoices(), 1, 56, False),  # one test take does not take over
    (PlayChoices(), 56, 56, True),  # a fully recorded practice speaks in its recorded voice
    (PlayChoices(), 0, 0, False),
    (PlayChoices(use_recordings=True), 1, 56, True),  # asked for: where they exist
    (PlayChoices(use_recordings=False), 56, 56, False),
    (PlayChoices(recorded_only=True), 56, 56, True),
])
def test_recordings_speak_when_complete_or_asked_for(choices: PlayChoices, recorded: int, total: int,
                                                     speak: bool) -> None:
    assert recordings_speak(choices, recorded, total) is speak


def test_the_journal_names_the_recorded_voice_only_when_it_speaks() -> None:
    assert journal_voice(PlayChoices(voice="espeak:gmw/en-us", use_recordings=True)) == RECORDED_VOICE
    assert journal_voice(PlayChoices(voice="espeak:gmw/en-us", use_recordings=False)) == "espeak:gmw/en-us"
    assert journal_voice(PlayChoices(voice="espeak:gmw/en-us", recorded_only=True)) == RECORDED_VOICE


def test_recorded_only_and_no_recordings_contradict() -> None:
    with pytest.raises(UserInputError, match="cannot both be asked for"):
        PlayChoices(use_recordings=False, recorded_only=True).check()
