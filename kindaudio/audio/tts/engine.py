"""The interface every speech engine offers, and the values that cross it.

An engine lists its voices and turns one sentence into audio. It runs inside a
worker process (see pool.py), so the values here are small and picklable, and
audio crosses as 16-bit PCM bytes. They are NamedTuples rather than
dataclasses: the dataclasses module brings inspect and ast with it, a fifth of
a speech worker's start (12 of its 57 ms), and every render starts two.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from kindaudio.errors import KindAudioError, UserInputError


class Voice(NamedTuple):
    id: str
    name: str
    languages: tuple[str, ...]
    gender: str | None = None


class SpeechSettings(NamedTuple):
    """How to speak: voice id, rate (the engine's words per minute), volume 0..1."""

    voice: str
    rate: int
    volume: float = 1.0


class EngineInfo(NamedTuple):
    """Name and version: part of every cache key, so a new engine re-synthesises."""

    name: str
    version: str


class Speech(NamedTuple):
    """One synthesised sentence: mono 16-bit PCM."""

    pcm: bytes
    rate: int


class TtsError(KindAudioError):
    """The speech engine failed, is missing, or was asked for something it lacks."""


class TtsEngine(Protocol):
    """What KindAudio needs from a speech engine."""

    @staticmethod
    def identity() -> str:
        """Engine and version, cheaply, without starting the engine."""
        ...

    def info(self) -> EngineInfo: ...

    def voices(self) -> list[Voice]: ...

    def synthesize(self, text: str, settings: SpeechSettings) -> Speech: ...


PREFERRED_VOICES = ("gmw/en-us", "gmw/en", "gmw/en-gb-x-rp", "en-us", "en")


def default_voice(voices: list[Voice]) -> Voice:
    """A calm English voice when there is one, else the first voice."""
    by_id = {voice.id: voice for voice in voices}
    for wanted in PREFERRED_VOICES:
        if wanted in by_id:
            return by_id[wanted]
    for voice in voices:
        if any(language.startswith("en") for language in voice.languages):
            return voice
    if not voices:
        raise TtsError("the speech engine offers no voices")
    return voices[0]


def check_voice(voice_id: str, voices: list[Voice]) -> Voice:
    """The voice with this id; engines silently ignore unknown ids, so refuse them here."""
    for voice in voices:
        if voice.id == voice_id:
            return voice
    import difflib

    close = difflib.get_close_matches(voice_id, [v.id for v in voices], n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise UserInputError(f"there is no voice '{voice_id}'; {hint}`kindaudio voices` lists them")
