"""The two speech engines as the rendering process sees them: their voices, each sentence's job, their workers.

A sentence's job is the engine's own parameters, made from what was asked
(SpeechSettings: a voice, a heard rate, a volume) and the voice's
calibration; it is what the worker is sent and, with the engine's name and
version, what the clip cache keys the sentence by. So every parameter that
shapes the sound is in the key, and nothing else is.

Workers and their time limits differ by engine (measured on 2 cores):
- eSpeak NG speaks about 1000 times faster than real time and 22 MB a worker:
  one process per core, one sentence each;
- Piper speaks about 10 s of speech per second of a core, and a worker holds
  150 MB of model and, the voice prepared (its decoder run in windows:
  piper_windows.py), about 90 MB more for each sentence it speaks at once,
  whatever its length: one process speaking a sentence per core, at most two
  (rendering the 45-minute body scan peaks at about 500 MB for all processes,
  the worker at 423 MB; it was 612 MB when a long sentence was decoded whole),
  its time limit 30 s plus 0.1 s a character (its slowest sentences take
  about 7 ms of work a character; the first also loads the voice, 0.5-3 s).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from kindaudio.audio.tts.engine import ESPEAK, PIPER, EngineInfo, SpeechSettings, TtsError, Voice
from kindaudio.audio.tts.piper_engine import PiperJob, engine_info
from kindaudio.audio.tts.piper_prepare import find_prepared, prepare_in_background
from kindaudio.audio.tts.piper_voices import Measured, PiperVoiceFiles, PiperVoices, find_piper_voices
from kindaudio.audio.tts.pool import ESPEAK_FACTORY, SynthesisPool, default_worker_count
from kindaudio.audio.tts.rate import espeak_rate, piper_length_scale
from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.paths import AppPaths, ensure_dir

PIPER_FACTORY = "kindaudio.audio.tts.piper_engine:PiperEngine"
FACTORIES = {PIPER: PIPER_FACTORY, ESPEAK: ESPEAK_FACTORY}
PIPER_MAX_THREADS = 2
PIPER_JOB_TIMEOUT_SECONDS = 30.0
PIPER_JOB_TIMEOUT_PER_CHARACTER = 0.1
DESCRIPTION_PREFIX = "voices-espeak-"  # the cache folder's record of eSpeak's voices, per engine version


def new_pool(engine: str, factory: str | None = None) -> SynthesisPool:
    """A pool of workers laid out for the engine (see the module's docstring)."""
    if engine == PIPER:
        return SynthesisPool(factory or PIPER_FACTORY, workers=1,
                             threads=min(default_worker_count(), PIPER_MAX_THREADS),
                             job_timeout=PIPER_JOB_TIMEOUT_SECONDS, per_character=PIPER_JOB_TIMEOUT_PER_CHARACTER)
    return SynthesisPool(factory or ESPEAK_FACTORY)


def cache_fields(engine: str, job: Any) -> dict[str, Any]:
    """The job's part of a sentence's cache key: every parameter that shapes the sound."""
    if engine == PIPER:
        fields: dict[str, Any] = job.cache_fields()
        return fields
    return {"voice": job.voice, "rate": job.rate, "volume": job.volume}


class EspeakVoices:
    """eSpeak NG's voices: listed by a worker once per engine version, then remembered in the cache folder.

    Listing means starting eSpeak (about 0.3 s), so the answer is kept under
    the engine's identity (its versions, known without starting it).
    """

    def __init__(self, cache_folder: Path, pool: Callable[[], SynthesisPool], factory: str = ESPEAK_FACTORY) -> None:
        self.cache_folder, self.pool, self.factory = cache_folder, pool, factory

    def describe(self) -> tuple[EngineInfo, tuple[Voice, ...]]:
        # With no description kept at all (a first use), the engine will have to
        # describe itself: its workers start now, while its identity is worked out.
        early = None if any(self.cache_folder.glob(f"{DESCRIPTION_PREFIX}*.json")) else self.pool().describe_later()
        identity = engine_identity(self.factory)
        record = self.cache_folder / f"{DESCRIPTION_PREFIX}{re.sub(r'[^A-Za-z0-9.-]+', '_', identity)}.json"
        try:
            stored = json.loads(record.read_text(encoding="utf-8"))
            return EngineInfo(**stored["info"]), tuple(Voice(**{**v, "languages": tuple(v["languages"])})
                                                       for v in stored["voices"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        future: Future[tuple[EngineInfo, list[Voice]]] = early or self.pool().describe_later()
        info, voices = future.result()
        ensure_dir(self.cache_folder)
        write_text_atomic(record, json.dumps({"info": info._asdict(), "voices": [v._asdict() for v in voices]},
                                             indent=1))
        return info, tuple(voices)

    @staticmethod
    def job(voice: Voice, settings: SpeechSettings) -> SpeechSettings:
        """eSpeak's own terms: its name for the voice, and the rate that is heard as the rate asked."""
        return SpeechSettings(voice.native or voice.id.partition(":")[2], espeak_rate(settings.rate),
                              settings.volume)


def engine_identity(engine_factory: str) -> str:
    """Which engine and version a worker factory makes, without starting it."""
    import importlib

    module_name, _, class_name = engine_factory.partition(":")
    try:
        engine_class: Any = getattr(importlib.import_module(module_name), class_name)
        return str(engine_class.identity())
    except (ImportError, AttributeError) as exc:
        raise TtsError(f"the speech engine {engine_factory} is not available ({type(exc).__name__}: {exc})") from exc


class PiperVoicesHere:
    """Piper's voices on this machine (found once per provider: files are listed and checked, nothing started)."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._found: PiperVoices | None = None

    def found(self) -> PiperVoices:
        if self._found is None:
            self._found = find_piper_voices(self.paths)
        return self._found

    def forget(self) -> None:
        """Look again next time (a voice was added or removed)."""
        self._found = None

    def describe(self) -> tuple[EngineInfo, tuple[Voice, ...]]:
        return engine_info(), tuple(files.voice for files in self.found().voices)

    def files(self, voice: Voice) -> PiperVoiceFiles:
        for files in self.found().voices:
            if files.voice.id == voice.id:
                return files
        raise TtsError(f"the voice {voice.id} is not installed here")

    def job(self, voice: Voice, settings: SpeechSettings) -> PiperJob:
        """The sentence's job, with the voice's prepared model when there is one (else one is begun)."""
        files = self.files(voice)
        prepared = find_prepared(self.paths.cache, files.model_sha256)
        if prepared is None:
            prepare_in_background(files.model, files.model_sha256, self.paths.cache)
        return PiperJob(str(files.model), str(files.config), files.model_sha256, files.config_sha256,
                        piper_length_scale(settings.rate, files.pace), volume=settings.volume,
                        prepared=None if prepared is None else str(prepared.record),
                        prepared_sha256=None if prepared is None else prepared.sha256)


def measure_piper_voice(model: Path, config: Path, model_sha256: str, config_sha256: str) -> Measured:
    """Load a voice being added in a speech worker, speak with it, and measure its pace."""
    with SynthesisPool(PIPER_FACTORY, workers=1, threads=1) as pool:
        measured: Measured = pool.call("measure", PiperJob(str(model), str(config), model_sha256, config_sha256,
                                                           1.0)).result()
    return measured
