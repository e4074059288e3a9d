"""The real eSpeak NG engine, slow to say the first words, as on a busy machine.

Used by the player tests to hold silence for longer than the player's ring
lasts before a sentence; the speech workers import it by name.
"""

from __future__ import annotations

import threading

from kindaudio.audio.tts.engine import Speech, SpeechSettings
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine

SLOW_TEXT = "Welcome to this short practice."
DELAY_SECONDS = 1.5


class SlowEngine(Pyttsx3Engine):
    def synthesize(self, text: str, settings: SpeechSettings) -> Speech:
        if text == SLOW_TEXT:
            threading.Event().wait(DELAY_SECONDS)  # a slow engine, not a test waiting
        return super().synthesize(text, settings)
