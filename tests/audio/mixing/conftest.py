"""A short practice mixed from real speech: three sentences between bells that ring on under the voice."""

from __future__ import annotations

import numpy as np
import pytest

from kindaudio.audio.clips.clip import ClipInfo, ClipOrigin
from kindaudio.audio.clips.levelling import prepare_speech
from kindaudio.audio.mixing.timeline import Timeline, fit_timeline, length_range
from kindaudio.script import load_practice

BODY = """[bell]
First sentence here. Second one follows.

[pause 1s]
Third sentence, after a short pause.
[bell 2]
"""


@pytest.fixture
def mixed(write_practice, speech: tuple[np.ndarray, int]) -> tuple[Timeline, dict[str, ClipInfo]]:  # type: ignore[no-untyped-def]
    """The short practice at its shortest, each sentence a different stretch of one real sentence's speech."""
    practice = load_practice(write_practice(BODY))
    samples, rate = speech
    clips = {}
    for index, sentence in enumerate(practice.unique_sentences()):
        part = samples[index * 5000: index * 5000 + 30000]
        clips[sentence.id] = ClipInfo(prepare_speech(part, rate), ClipOrigin.TTS)
    lengths = {k: v.n_samples for k, v in clips.items()}
    timeline = fit_timeline(practice, lengths, length_range(practice, lengths).shortest)
    return timeline, clips
