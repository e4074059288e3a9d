"""The interface every speech engine offers, and the values that cross it.

Two engines speak: Piper (neural voices, the default when one is installed)
and eSpeak NG through pyttsx3 (the fallback, and the only one for most
languages). A voice id names its engine, `piper:en_US-joe-medium` or
`espeak:gmw/en-us`; ids saved before there was more than one engine carry no
prefix and are eSpeak's.

An engine turns one sentence into audio inside a worker process (see pool.py),
so the values here are small and picklable, and audio crosses as 16-bit PCM
bytes. They are NamedTuples rather than dataclasses: the dataclasses module
brings inspect and ast with it, a fifth of a speech worker's start (12 of its
57 ms), and every render starts workers.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

from kindaudio.common.errors import KindAudioError, UserInputError

WORKDIR_ENV = "KINDAUDIO_TTS_WORKDIR"  # a scratch folder the pool gives each worker (and cleans up)

PIPER = "piper"
ESPEAK = "espeak"
ENGINES = (PIPER, ESPEAK)


class Voice(NamedTuple):
    """A voice as people choose it. `id` names the engine; `native` is the engine's own name for it."""

    id: str
    name: str
    languages: tuple[str, ...]
    gender: str | None = None
    engine: str = ESPEAK
    native: str = ""
    neural: bool = False
    quality: str = ""  # Piper's x_low, low, medium or high; "" for eSpeak
    sample_rate: int = 0
    provenance: str = ""  # where it comes from and under which terms, in a line


class SpeechSettings(NamedTuple):
    """How to speak, as asked: a voice id, words per minute as heard, volume 0..1.

    An engine's worker gets its own parameters instead (see engines.py): the
    rate asked is turned into the engine's setting by calibration (rate.py).
    """

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
    """What a speech worker needs from an engine.

    `job` is the engine's own parameters for one sentence (engines.py makes
    them from SpeechSettings); they are also the sentence's cache key.
    """

    def info(self) -> EngineInfo: ...

    def voices(self) -> list[Voice]: ...

    def synthesize(self, text: str, job: Any) -> Speech: ...


def voice_id(engine: str, native: str) -> str:
    return f"{engine}:{native}"


def split_voice_id(voice: str) -> tuple[str, str]:
    """(engine, the engine's own name) for a voice id; an id without an engine is eSpeak's (saved before Piper)."""
    engine, sep, native = voice.partition(":")
    if sep and engine in ENGINES:
        return engine, native
    return ESPEAK, voice


def canonical_voice_id(voice: str) -> str:
    """The id with its engine named: `gmw/en-us` (as settings and journals kept it) is `espeak:gmw/en-us`."""
    return voice_id(*split_voice_id(voice))


def check_voice(wanted: str, voices: list[Voice] | tuple[Voice, ...]) -> Voice:
    """The voice with this id (its engine named or not); engines silently ignore unknown ids, so refuse them here."""
    canonical = canonical_voice_id(wanted)
    for voice in voices:
        if voice.id == canonical:
            return voice
    import difflib

    close = difflib.get_close_matches(canonical, [v.id for v in voices], n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise UserInputError(f"there is no voice '{wanted}'; {hint}`kindaudio voices` lists them")
