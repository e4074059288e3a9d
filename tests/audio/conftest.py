"""Real speech for the audio tests (eSpeak NG through pyttsx3, in this process), and the test card's microphone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.capture.recorder import Recorder
from kindaudio.audio.tts.engine import SpeechSettings
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine
from tests.audio.microphone import Microphone, listening_microphone

SENTENCE = ("You might let yourself settle into a position that feels supportive, "
            "and notice the breath moving in the body, just as it is.")


@pytest.fixture(scope="session")
def engine() -> Iterator[Pyttsx3Engine]:
    tts = Pyttsx3Engine()
    yield tts
    tts.close()


@pytest.fixture(scope="session")
def speech(engine: Pyttsx3Engine) -> tuple[np.ndarray, int]:
    """One real synthesised sentence: int16 samples and their rate."""
    spoken = engine.synthesize(SENTENCE, SpeechSettings("gmw/en-us", 120))
    return np.frombuffer(spoken.pcm, dtype="<i2").copy(), spoken.rate


def true_peak_db(samples: np.ndarray) -> float:
    """Reference true peak: 8x oversampling with scipy's polyphase resampler."""
    from scipy.signal import resample_poly

    return float(20 * np.log10(np.abs(resample_poly(np.asarray(samples, dtype=np.float64), 8, 1)).max()))


def reference_loudness(samples: np.ndarray, rate: int = 22050) -> float:
    import pyloudnorm

    return float(pyloudnorm.Meter(rate).integrated_loudness(np.asarray(samples, dtype=np.float64)))


@pytest.fixture
def microphone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Microphone]:
    """The test sound card's microphone: silent until a test feeds it (tests/audio/microphone.py)."""
    yield from listening_microphone(tmp_path, monkeypatch)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    yield rec
    rec.cancel()
