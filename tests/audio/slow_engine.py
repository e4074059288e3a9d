"""The real eSpeak NG engine, slow to say one sentence, as on a busy machine.

Used by the player tests to make the player wait for speech: at the start of a
practice, or before a sentence in the middle of it for longer than the
player's ring lasts. The speech workers import the engines by name.
"""

from __future__ import annotations

import threading

from kindaudio.audio.tts.engine import Speech, SpeechSettings
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine

DELAY_SECONDS = 1.5


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
