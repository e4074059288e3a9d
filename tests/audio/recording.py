"""Shared by the tests of recording a voice: a practice to record, a take, and a recording as a kept take leaves it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from kindaudio.audio.capture.recorder import Recorder
from kindaudio.audio.clips.takes import Take, recording_path
from kindaudio.common.paths import AppPaths
from tests.audio.microphone import RATE

WAIT = 120  # seconds; never reached when things work
PRACTICE_ID = "test-practice"

BODY = """## Arriving
Welcome to this short practice.
You might let the breath be just as it is.
[pause 2s..2m]
## Resting
Notice the feet on the floor.
That is all, for now.
"""
FRONT = "title: Recorded practice\nlengths: [1]\npace: {sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}"


def record(rec: Recorder, seconds: float) -> Take:
    """A take of at least `seconds` of sound."""
    rec.start()
    assert rec.wait_for_seconds(seconds, WAIT)
    return rec.stop()


def write_recording(paths: AppPaths, practice_id: str, sentence_id: str, samples: np.ndarray) -> Path:
    """A recording as an earlier take left it: 16-bit FLAC in the person's folder."""
    target = recording_path(paths, practice_id, sentence_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(target), samples, RATE, subtype="PCM_16", format="FLAC")
    return target


def no_engine(*_engine: str) -> object:
    raise AssertionError("the speech engine was started")
