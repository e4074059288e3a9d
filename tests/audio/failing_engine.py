"""The real eSpeak NG engine, except that it cannot say one sentence.

Used by the player tests to meet a synthesis failure in the middle of a
practice; the speech workers import it by name, like the real engine.
"""

from __future__ import annotations

from kindaudio.audio.tts.engine import Speech, SpeechSettings, TtsError
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine

UNSAYABLE = "Notice the feet on the floor."


class FailingEngine(Pyttsx3Engine):
    def synthesize(self, text: str, settings: SpeechSettings) -> Speech:
        if text == UNSAYABLE:
            raise TtsError("the voice refused this sentence (a test engine)")
        return super().synthesize(text, settings)
