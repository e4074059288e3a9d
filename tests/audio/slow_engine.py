"""The real eSpeak NG engine, slow to say one sentence, as on a busy machine.

Used by the player tests to make the player wait for speech: at the start of a
practice, or before a sentence in the middle of it for longer than the
player's ring lasts. The speech workers import the engines by name.
"""

from __future__ import annotations

import threading

from kindaudio.audio.tts.engine import Speech, SpeechSettings
from kindaudio.audio.tts.piper_engine import PiperEngine, PiperJob
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine

DELAY_SECONDS = 1.5
PIPER_DELAY_SECONDS = 0.8


class SlowEngine(Pyttsx3Engine):
    """Slow on the second sentence of the player tests' practice."""

    slow_text = "Let the breath be just as it is."

    def synthesize(self, text: str, settings: SpeechSettings) -> Speech:
        if text == self.slow_text:
            threading.Event().wait(DELAY_SECONDS)  # a slow engine, not a test waiting
        return super().synthesize(text, settings)


class SlowStartEngine(SlowEngine):
    """Slow on the first sentence."""

    slow_text = "Welcome to this short practice."


class SlowPiperEngine(PiperEngine):
    """The natural voice, slow on the second sentence: with a neural engine on a busy machine, holds happen."""

    slow_text = SlowEngine.slow_text

    def synthesize(self, text: str, job: PiperJob) -> Speech:
        if text == self.slow_text:
            threading.Event().wait(PIPER_DELAY_SECONDS)  # a slow engine, not a test waiting
        return super().synthesize(text, job)


class HangingPiperEngine(PiperEngine):
    """The natural voice, stuck for good on one sentence (as a hung engine would be)."""

    stuck_text = "This sentence never comes."

    def synthesize(self, text: str, job: PiperJob) -> Speech:
        if text == self.stuck_text:
            threading.Event().wait()  # hung, until the pool kills the worker
        return super().synthesize(text, job)
