"""The speech estimate (used before synthesis) stays close to real speech."""

from __future__ import annotations

import pytest

from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.files.render import gather
from kindaudio.script import load_practice
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.timing import estimate_speech_seconds

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["affectionate-breathing", "compassionate-breathing", "compassionate-body-scan"])
@pytest.mark.parametrize("rate", [110, 125, 140, 170])  # eSpeak speaks no slower than about 103 words a minute
def test_the_estimate_of_a_practice_is_within_four_percent(session_clips: ClipProvider, name: str, rate: int) -> None:
    practice = load_practice(shipped_practices_dir() / f"{name}.md")
    clips = gather(session_clips.prepare(practice, session_clips.settings_for(practice, rate=rate)))
    real = sum(clips[s.id].seconds for s in practice.sentences)
    estimated = sum(estimate_speech_seconds(s.text, rate) for s in practice.sentences)
    assert estimated == pytest.approx(real, rel=0.04)


def test_single_sentences_are_estimated_within_two_seconds(session_clips: ClipProvider) -> None:
    practice = load_practice(shipped_practices_dir() / "compassionate-body-scan.md")
    clips = gather(session_clips.prepare(practice, session_clips.settings_for(practice)))
    misses = [(s.text, clips[s.id].seconds, estimate_speech_seconds(s.text, practice.pace.rate))
              for s in practice.unique_sentences()
              if abs(clips[s.id].seconds - estimate_speech_seconds(s.text, practice.pace.rate)) > 2.0]
    assert misses == []
