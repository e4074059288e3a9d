"""Prepared clips for a practice's sentences: recorded, cached, or synthesised.

For each distinct sentence, in order: a recording when one exists (and may be
used), else the clip cache, else synthesis in the worker pool. Synthesised and
recorded audio is levelled once and stored, so the next render of the same
text with the same voice synthesises nothing. Results are Futures, ready in
practice order as far as the workers allow, so playback can start with the
first sentence.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kindaudio.audio.cache import ClipCache, cache_key
from kindaudio.audio.clip import ClipInfo, ClipOrigin
from kindaudio.audio.levelling import SilentClipError, prepare_speech
from kindaudio.audio.recordings import find_recordings, prepare_recording, recording_fingerprint
from kindaudio.audio.tts.engine import EngineInfo, Speech, SpeechSettings, TtsError, Voice, check_voice, default_voice
from kindaudio.audio.tts.pool import DEFAULT_ENGINE, SynthesisPool
from kindaudio.errors import UserInputError
from kindaudio.paths import AppPaths
from kindaudio.script.model import Practice, Sentence

log = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 60, 400


@functools.cache
def describe_engine(engine_factory: str = DEFAULT_ENGINE) -> tuple[EngineInfo, tuple[Voice, ...]]:
    """The engine's name, version and voices (asked once per process)."""
    module_name, _, class_name = engine_factory.partition(":")
    engine_class: Any = getattr(importlib.import_module(module_name), class_name)
    info, voices = engine_class.describe()
    return info, tuple(voices)


@dataclass
class ClipStats:
    cached: int = 0
    synthesized: int = 0
    recorded: int = 0


class ClipProvider:
    """Turns sentences into prepared clips; owns the synthesis pool it starts."""

    def __init__(self, paths: AppPaths, cache: ClipCache | None = None,
                 engine_factory: str = DEFAULT_ENGINE,
                 pool_factory: Callable[[], SynthesisPool] | None = None,
                 bundled_recordings: Path | None = None) -> None:
        self.paths = paths
        self.bundled_recordings = bundled_recordings
        self.cache = cache or ClipCache(paths.clip_cache)
        self.engine_factory = engine_factory
        self._pool_factory = pool_factory or (lambda: SynthesisPool(engine_factory))
        self._pool: SynthesisPool | None = None
        self._recording_threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kindaudio-rec")
        self._lock = threading.Lock()
        self.stats = ClipStats()

    @property
    def pool(self) -> SynthesisPool:
        with self._lock:
            if self._pool is None:
                self._pool = self._pool_factory()
            return self._pool

    def engine(self) -> tuple[EngineInfo, tuple[Voice, ...]]:
        return describe_engine(self.engine_factory)

    def settings_for(self, practice: Practice, voice: str | None = None, rate: int | None = None,
                     volume: float = 1.0) -> SpeechSettings:
        """Speech settings for a practice: the given ones checked, the rest defaulted."""
        _, voices = self.engine()
        chosen = check_voice(voice, list(voices)) if voice else default_voice(list(voices))
        speaking_rate = practice.pace.rate if rate is None else rate
        if not MIN_RATE <= speaking_rate <= MAX_RATE:
            raise UserInputError(f"a speaking rate of {speaking_rate} is outside {MIN_RATE}..{MAX_RATE}")
        if not 0.0 < volume <= 1.0:
            raise UserInputError(f"volume {volume} is outside 0..1")
        return SpeechSettings(chosen.id, speaking_rate, volume)

    def prepare(self, practice: Practice, settings: SpeechSettings, *, use_recordings: bool = True,
                on_ready: Callable[[Sentence, ClipInfo], None] | None = None) -> dict[str, Future[ClipInfo]]:
        """sentence id -> Future of its clip, for every distinct sentence, in order."""
        info, _ = self.engine()
        recordings = find_recordings(self.paths, practice.id, self.bundled_recordings) if use_recordings else {}
        futures: dict[str, Future[ClipInfo]] = {}
        for sentence in practice.unique_sentences():
            if sentence.id in recordings:
                future = self._recording_threads.submit(self._recorded, recordings[sentence.id])
            else:
                future = self._spoken(sentence, settings, info)
            if on_ready is not None:
                future.add_done_callback(functools.partial(_notify, on_ready, sentence))
            futures[sentence.id] = future
        return futures

    def _spoken(self, sentence: Sentence, settings: SpeechSettings, info: EngineInfo) -> Future[ClipInfo]:
        key = cache_key({"kind": "tts", "text": sentence.text, "voice": settings.voice, "rate": settings.rate,
                         "volume": settings.volume, "engine": info.name, "engine_version": info.version})
        result: Future[ClipInfo] = Future()
        found = self.cache.lookup(key, ClipOrigin.TTS)
        if found is not None:
            self._count("cached")
            result.set_result(found)
            return result
        speech = self.pool.submit(sentence.text, settings)
        speech.add_done_callback(functools.partial(self._store_speech, key, sentence, result))
        # Nobody waits for this clip any more: do not synthesise it.
        result.add_done_callback(lambda done: speech.cancel() if done.cancelled() else None)
        return result

    def _store_speech(self, key: str, sentence: Sentence, result: Future[ClipInfo], speech: Future[Speech]) -> None:
        """Runs in the pool's thread as each sentence arrives: level, store, hand on."""
        if speech.cancelled() or result.done():
            result.cancel()
            return
        try:
            spoken = speech.result()
            samples = np.frombuffer(spoken.pcm, dtype="<i2")
            clip = self.cache.store(key, prepare_speech(samples, spoken.rate), ClipOrigin.TTS)
        except SilentClipError as exc:
            _settle(result, error=TtsError(f"the speech engine produced no sound for {sentence.text[:80]!r} ({exc})"))
            return
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the clip
            _settle(result, error=exc)
            return
        self._count("synthesized")
        _settle(result, value=clip)

    def _recorded(self, path: Path) -> ClipInfo:
        key = cache_key({"kind": "recording", "sha256": recording_fingerprint(path)})
        found = self.cache.lookup(key, ClipOrigin.RECORDING)
        if found is None:
            found = self.cache.store(key, prepare_recording(path), ClipOrigin.RECORDING)
        self._count("recorded")
        return found

    def _count(self, what: str) -> None:
        with self._lock:
            setattr(self.stats, what, getattr(self.stats, what) + 1)

    def close(self) -> None:
        self._recording_threads.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def __enter__(self) -> ClipProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _settle(future: Future[ClipInfo], value: ClipInfo | None = None, error: BaseException | None = None) -> None:
    """Give the future its outcome, unless its waiter has cancelled it meanwhile."""
    with contextlib.suppress(InvalidStateError):
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)  # type: ignore[arg-type]


def _notify(callback: Callable[[Sentence, ClipInfo], None], sentence: Sentence, future: Future[ClipInfo]) -> None:
    if not future.cancelled() and future.exception() is None:
        callback(sentence, future.result())
