"""Every engine's voices in one list, and which of them speaks when nobody has chosen.

Natural (neural) voices come first, the best quality first; the basic eSpeak
NG voices follow. Lists shown to people offer the basic voices of English and
of the system's own language, with every language a toggle away: eSpeak has
131 voices, Klingon and Lojban among them.
"""

from __future__ import annotations

import locale
import logging
import os
from typing import NamedTuple

from kindaudio.audio.tts.engine import EngineInfo, TtsError, Voice, check_voice

log = logging.getLogger(__name__)

VOICE_ENV = "KINDAUDIO_VOICE"  # the voice when none is chosen, before the automatic choice
PREFERRED_BASIC = ("espeak:gmw/en-us", "espeak:gmw/en", "espeak:gmw/en-gb-x-rp", "espeak:en-us", "espeak:en")
QUALITY_RANK = {"high": 0, "medium": 1, "low": 2, "x_low": 3}


class VoiceList(NamedTuple):
    """The voices of every engine that can speak here, and what keeps others from speaking."""

    voices: tuple[Voice, ...]
    engines: dict[str, EngineInfo]
    problems: tuple[str, ...] = ()  # voices refused (a model that is not the pinned one), engines that failed
    natural_missing: str | None = None  # how to get a natural voice, when no neural voice is installed

    def find(self, wanted: str) -> Voice:
        return check_voice(wanted, self.voices)

    def default(self) -> Voice:
        return default_voice(self.voices)

    @property
    def neural(self) -> tuple[Voice, ...]:
        return tuple(voice for voice in self.voices if voice.neural)

    @property
    def basic(self) -> tuple[Voice, ...]:
        return tuple(voice for voice in self.voices if not voice.neural)


def ordered(voices: list[Voice] | tuple[Voice, ...]) -> tuple[Voice, ...]:
    """Natural voices first (best quality, then English, then by name), then basic ones by name."""
    return tuple(sorted(voices, key=lambda v: (not v.neural, QUALITY_RANK.get(v.quality, 9) if v.neural else 0,
                                                not speaks(v, "en"), v.name.casefold(), v.id)))


def speaks(voice: Voice, language: str) -> bool:
    """The voice speaks `language` ("en", "de-ch"), any variety of it."""
    wanted = language.lower().replace("_", "-")
    return any(code == wanted or code.startswith(f"{wanted}-") for code in
               (lang.lower().replace("_", "-") for lang in voice.languages))


def system_language() -> str:
    """The language the system speaks to its user ("en", "de"), from the locale; "en" when unknown."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(".")[0].split("_")[0].lower() or "en"
    code = locale.getlocale()[0] or ""
    return code.split("_")[0].lower() or "en"


def shown_basic(voices: tuple[Voice, ...], all_languages: bool = False) -> tuple[Voice, ...]:
    """The basic voices a list offers: English and the system's language, or all of them."""
    basic = [voice for voice in voices if not voice.neural]
    if all_languages:
        return tuple(basic)
    languages = {"en", system_language()}
    return tuple(voice for voice in basic if any(speaks(voice, language) for language in languages))


def default_voice(voices: tuple[Voice, ...] | list[Voice]) -> Voice:
    """The voice that speaks when none is chosen.

    KINDAUDIO_VOICE when it names an installed voice; else the best natural
    English voice; else a calm English eSpeak voice; else the first there is.
    """
    chosen = os.environ.get(VOICE_ENV)
    if chosen:
        try:
            return check_voice(chosen, voices)
        except Exception as exc:  # noqa: BLE001 - said, and the automatic choice is made instead
            log.warning("%s=%s is not a voice here (%s); choosing one", VOICE_ENV, chosen, exc)
    neural_english = [voice for voice in ordered(voices) if voice.neural and speaks(voice, "en")]
    if neural_english:
        return neural_english[0]
    by_id = {voice.id: voice for voice in voices}
    for wanted in PREFERRED_BASIC:
        if wanted in by_id:
            return by_id[wanted]
    for voice in voices:
        if speaks(voice, "en"):
            return voice
    if not voices:
        raise TtsError("no speech engine offers any voice",
                       hint="`kindaudio check` says what is missing and how to install it")
    return voices[0]


def describe_voice(voice: Voice) -> str:
    """One line for a list: name, language, and for a natural voice its quality and sample rate."""
    languages = ", ".join(voice.languages)
    if voice.neural:
        details = [part for part in (languages, voice.quality.replace("_", " ") + " quality" if voice.quality else "",
                                     f"{voice.sample_rate / 1000:g} kHz" if voice.sample_rate else "") if part]
        return f"{voice.name} (natural) · {' · '.join(details)}"
    return f"{voice.name} · {languages}" if languages else voice.name

