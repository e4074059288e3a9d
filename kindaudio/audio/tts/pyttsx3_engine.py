"""The real speech engine: pyttsx3 (eSpeak NG on Linux, SAPI5 on Windows,
NSSpeechSynthesizer on macOS).

pyttsx3 2.99 has quirks this class absorbs (each one measured; docs/ARCHITECTURE.md, "Speech"):
- runAndWait() can return before the file is written: wait for the engine's
  'finished-utterance' notification with completed=True, then for the file;
- only the last save_to_file() before a runAndWait() is written: one sentence
  per run;
- an unknown voice id is silently ignored: ids are checked against the list;
- property changes are queued and applied at the next run, and the eSpeak
  driver prints "Audio saved to ..." on stdout: both are handled here;
- eSpeak applies voice and rate changes in its own thread, and the driver
  announces "finished" before it is idle. A run started while eSpeak still
  counts as busy cancels it: the rate change can be lost, and the sentence is
  reported as not completed. So this class waits for eSpeak to be idle, checks
  that the voice and rate it asked for are in effect before every sentence,
  and synthesises a cancelled sentence again;
- getProperty('rate') is unreliable with the eSpeak driver (see
  _current_parameter_reader), so the rate is read from eSpeak directly.
It is meant to run in a worker process of its own (pool.py), which is also why
it talks to the engine from one thread only.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

from kindaudio.audio.tts.engine import (
    ESPEAK,
    WORKDIR_ENV,
    EngineInfo,
    Speech,
    SpeechSettings,
    TtsError,
    Voice,
    check_voice,
    voice_id,
)
from kindaudio.audio.tts.versions import installed_version

log = logging.getLogger(__name__)

PROVENANCE = "eSpeak NG (GPL-3.0-or-later): rule-based speech, made without recordings of anyone"
FILE_WAIT_SECONDS = 10.0
SYNTH_ATTEMPTS = 3
INSTALL_HINT = ("On Debian/Ubuntu install the eSpeak NG library: sudo apt-get install libespeak-ng1 "
                "(`kindaudio check` shows what else is missing)")


class Pyttsx3Engine:
    """One pyttsx3 engine; not thread-safe (use one per process).

    Its jobs are SpeechSettings in eSpeak's own terms: the voice as eSpeak
    names it (`gmw/en-us`; the `espeak:` of KindAudio's ids may be there too)
    and eSpeak's own rate (engines.py turns a heard rate into it).
    """

    def __init__(self) -> None:
        try:
            import pyttsx3

            from kindaudio.audio.tts.espeak_driver import driver_name

            self._engine = pyttsx3.init(driver_name())
        except Exception as exc:
            raise TtsError(f"the speech engine could not start ({type(exc).__name__}: {exc})",
                           hint=INSTALL_HINT) from exc
        self._finished = threading.Event()
        self._completed = False
        self._engine.connect("finished-utterance", self._on_finished)
        given = os.environ.get(WORKDIR_ENV)
        self._owns_workdir = not given
        self._workdir = Path(given) if given else Path(tempfile.mkdtemp(prefix="kindaudio-tts-"))
        self._target = self._workdir / "sentence.wav"
        self._voices: list[Voice] | None = None
        self._applied: SpeechSettings | None = None
        self._espeak = _espeak_module(self._engine)
        self._espeak_current = _current_parameter_reader(self._espeak)
        # KindAudio's synchronous eSpeak driver keeps each utterance's samples:
        # no file round trip. Any other driver writes the file save_to_file asks for.
        driver = _driver_of(self._engine)
        self._in_memory = driver if getattr(driver, "sample_rate", 0) else None

    def _on_finished(self, name: str | None, completed: bool) -> None:
        self._completed = completed
        self._finished.set()

    def info(self) -> EngineInfo:
        return EngineInfo("pyttsx3", f"{_pyttsx3_version()}/{_driver_version(self._engine)}")

    @staticmethod
    def identity() -> str:
        """Which engine and version this is, without starting it (about 40 ms).

        Starting eSpeak to list its voices takes about 0.3 s; knowing the
        versions lets a description stored earlier be trusted instead.
        """
        version = _pyttsx3_version()
        try:
            from pyttsx3.drivers import _espeak

            return f"pyttsx3-{version}-espeak-ng-{_espeak.Info(None).decode()}"
        except Exception:  # noqa: BLE001 - another driver (SAPI5, NSSpeechSynthesizer) or no eSpeak
            import platform

            return f"pyttsx3-{version}-{platform.system().lower()}-{platform.release()}"

    def voices(self) -> list[Voice]:
        if self._voices is None:
            found = []
            for voice in self._engine.getProperty("voices"):
                languages = tuple(
                    lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang)
                    for lang in (voice.languages or ())
                )
                native = str(voice.id)
                found.append(Voice(voice_id(ESPEAK, native), str(voice.name), languages, voice.gender, ESPEAK, native,
                                   provenance=PROVENANCE))
            self._voices = found
        return self._voices

    def synthesize(self, text: str, settings: SpeechSettings) -> Speech:
        if settings.voice.startswith(f"{ESPEAK}:"):
            settings = settings._replace(voice=settings.voice[len(ESPEAK) + 1:])
        if not text.strip():
            raise TtsError("nothing to say: the sentence is empty")
        for attempt in range(1, SYNTH_ATTEMPTS + 1):
            self._apply(settings)
            completed = self._run(text)
            if completed and self._in_memory is not None:
                if not self._in_memory.spoken:
                    raise TtsError(f"the speech engine made no audio for {text[:60]!r}")
                return Speech(self._in_memory.spoken, self._in_memory.sample_rate)
            if completed:
                return _read_wav(self._target, text)
            log.debug("eSpeak cancelled a sentence of %d characters (attempt %d); trying again", len(text), attempt)
        raise TtsError(f"the speech engine kept stopping before finishing: {text[:60]!r}")

    def _run(self, text: str) -> bool:
        """One sentence through say (kept in memory) or save_to_file, then runAndWait; True when it completed."""
        self._finished.clear()
        self._completed = False
        if self._in_memory is not None:
            self._engine.say(text)
        else:
            with contextlib.suppress(FileNotFoundError):
                self._target.unlink()
            self._engine.save_to_file(text, str(self._target))
        with contextlib.redirect_stdout(io.StringIO()):
            self._engine.runAndWait()
        finished = self._finished.wait(FILE_WAIT_SECONDS)
        self._wait_until_idle()
        if not finished:
            raise TtsError(f"the speech engine gave no sign of finishing: {text[:60]!r}")
        return self._completed

    def _apply(self, settings: SpeechSettings) -> None:
        """Make `settings` the ones in effect, and check that they are."""
        if settings == self._applied and self._in_effect(settings):
            return
        self._applied = None
        deadline = time.monotonic() + FILE_WAIT_SECONDS
        while True:
            self._engine.setProperty("voice", settings.voice)
            self._engine.setProperty("rate", settings.rate)
            self._engine.setProperty("volume", settings.volume)
            if self._engine.isBusy():
                # The engine queued the changes instead of making them: a run applies them.
                with contextlib.redirect_stdout(io.StringIO()):
                    self._engine.runAndWait()
            settle = time.monotonic() + 1.0
            while not self._in_effect(settings) and time.monotonic() < settle:
                time.sleep(0.001)
            self._wait_until_idle()
            if self._in_effect(settings):
                self._applied = settings
                return
            # Listing voices reads every voice file (about 0.3 s), so it is done
            # only now, to tell an unknown voice (which eSpeak ignores) from a slow one.
            check_voice(settings.voice, self.voices())
            if time.monotonic() > deadline:
                raise TtsError(f"the speech engine did not take voice {settings.voice} at rate {settings.rate}")

    def _in_effect(self, settings: SpeechSettings) -> bool:
        return self._engine.getProperty("voice") == settings.voice and self._current_rate() == settings.rate

    def _current_rate(self) -> int:
        if self._espeak_current is not None:
            return int(self._espeak_current(self._espeak.RATE, 1))
        return int(self._engine.getProperty("rate"))

    def _wait_until_idle(self) -> None:
        deadline = time.monotonic() + FILE_WAIT_SECONDS
        while (self._engine.isBusy() or self._driver_playing()) and time.monotonic() < deadline:
            time.sleep(0.0005)

    def _driver_playing(self) -> bool:
        """eSpeak still working in its own thread (a run started now would cancel it)."""
        return self._espeak is not None and bool(self._espeak.IsPlaying())

    def close(self) -> None:
        if self._owns_workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)


def _read_wav(path: Path, text: str) -> Speech:
    """The file the engine wrote, waiting briefly if it is still being written."""
    deadline = time.monotonic() + FILE_WAIT_SECONDS
    while True:
        try:
            with wave.open(str(path), "rb") as wav:
                if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                    raise TtsError(f"the speech engine wrote {wav.getnchannels()} channel(s) of "
                                   f"{8 * wav.getsampwidth()}-bit audio; expected mono 16-bit")
                frames = wav.readframes(wav.getnframes())
                rate = wav.getframerate()
            if frames:
                return Speech(frames, rate)
        except (FileNotFoundError, EOFError, wave.Error):
            pass
        if time.monotonic() > deadline:
            raise TtsError(f"the speech engine wrote no audio for {text[:60]!r}")
        time.sleep(0.005)


def _driver_of(engine: object) -> Any:
    """The driver pyttsx3's engine speaks through (its proxy holds it), or None."""
    return getattr(getattr(engine, "proxy", None), "_driver", None)


def _espeak_module(engine: object) -> Any:
    """pyttsx3's ctypes binding of eSpeak NG when that is the driver in use, else None."""
    from pyttsx3.drivers.espeak import EspeakDriver

    if not isinstance(_driver_of(engine), EspeakDriver):
        return None
    from pyttsx3.drivers import _espeak

    return _espeak


def _current_parameter_reader(espeak: Any) -> Any:
    """espeak_GetParameter(parameter, current) bound with both of its arguments.

    pyttsx3 2.99 declares it with one, so the C function reads garbage for
    `current` and getProperty('rate') flips between the rate in use and
    eSpeak's default (175).
    """
    if espeak is None:
        return None
    import ctypes

    function = espeak.dll.espeak_GetParameter
    function.restype = ctypes.c_int
    function.argtypes = [ctypes.c_int, ctypes.c_int]
    return function


def _pyttsx3_version() -> str:
    """pyttsx3 has no __version__; its installed metadata says (versions.py reads it cheaply)."""
    return installed_version("pyttsx3", "pyttsx3") or "unknown"


def _driver_version(engine: object) -> str:
    """eSpeak NG's version when that is the driver; the driver's name otherwise."""
    try:
        from pyttsx3.drivers import _espeak

        return f"espeak-ng-{_espeak.Info(None).decode()}"
    except Exception:  # noqa: BLE001 - not the eSpeak driver, or an unusual build
        return type(_driver_of(engine) or engine).__name__
