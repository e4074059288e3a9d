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
import json
import re
import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kindaudio.atomicfile import write_text_atomic
from kindaudio.audio.bell import BELL_DESIGN, bell_audio
from kindaudio.audio.cache import ClipCache, cache_key
from kindaudio.audio.clip import ClipInfo, ClipOrigin
from kindaudio.audio.levelling import SilentClipError, prepare_speech
from kindaudio.audio.memory import keep_freed_memory
from kindaudio.audio.recordings import find_recordings, prepare_recording, recording_fingerprint
from kindaudio.audio.tts.engine import EngineInfo, Speech, SpeechSettings, TtsError, Voice, check_voice, default_voice
from kindaudio.audio.tts.pool import DEFAULT_ENGINE, SynthesisPool
from kindaudio.errors import UserInputError
from kindaudio.paths import AppPaths, ensure_dir
from kindaudio.script.model import Bell, Practice, Sentence

log = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 60, 400


def engine_identity(engine_factory: str) -> str:
    module_name, _, class_name = engine_factory.partition(":")
    try:
        engine_class: Any = getattr(importlib.import_module(module_name), class_name)
        return str(engine_class.identity())
    except (ImportError, AttributeError) as exc:
        raise TtsError(f"the speech engine {engine_factory} is not available ({type(exc).__name__}: {exc})") from exc


def describe_engine(cache_folder: Path, pool: Callable[[], SynthesisPool],
                    engine_factory: str = DEFAULT_ENGINE) -> tuple[EngineInfo, tuple[Voice, ...]]:
    """The engine's name, version and voices.

    Listing voices means starting the engine (about 0.3 s), so it is done by a
    speech worker, and the answer is kept in the cache folder under the
    engine's identity (its versions) for next time.
    """
    # With no description kept at all (a first use), the engine will have to
    # describe itself: its workers start now, while its identity is worked out.
    early = None if any(cache_folder.glob("engine-*.json")) else pool().describe_later()
    identity = engine_identity(engine_factory)
    record = cache_folder / f"engine-{re.sub(r'[^A-Za-z0-9.-]+', '_', identity)}.json"
    try:
        stored = json.loads(record.read_text(encoding="utf-8"))
        return EngineInfo(**stored["info"]), tuple(Voice(v["id"], v["name"], tuple(v["languages"]), v["gender"])
                                                   for v in stored["voices"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    info, voices = (early or pool().describe_later()).result()
    ensure_dir(cache_folder)
    write_text_atomic(record, json.dumps({"info": info._asdict(), "voices": [v._asdict() for v in voices]}, indent=1))
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
        keep_freed_memory()
        self.paths = paths
        self.bundled_recordings = bundled_recordings
        self.cache = cache or ClipCache(paths.clip_cache)
        self.engine_factory = engine_factory
        self._pool_factory = pool_factory or (lambda: SynthesisPool(engine_factory))
        self._pool: SynthesisPool | None = None
        # Levelling runs here, not in the pool's threads, so each speech worker
        # gets its next sentence while the last one is being levelled. One
        # thread: levelling holds the GIL for much of its work, so a second
        # thread only adds contention.
        self._levelling = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kindaudio-level")
        self._lock = threading.Lock()
        self._engine: tuple[EngineInfo, tuple[Voice, ...]] | None = None
        self._bells: dict[int, Future[ClipInfo]] = {}
        self.stats = ClipStats()

    @property
    def pool(self) -> SynthesisPool:
        with self._lock:
            if self._pool is None:
                self._pool = self._pool_factory()
            return self._pool

    def engine(self) -> tuple[EngineInfo, tuple[Voice, ...]]:
        if self._engine is None:
            self._engine = describe_engine(self.paths.cache, lambda: self.pool, self.engine_factory)
        return self._engine

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
        self.prepare_bells(practice)
        recordings = find_recordings(self.paths, practice.id, self.bundled_recordings) if use_recordings else {}
        futures: dict[str, Future[ClipInfo]] = {}
        for sentence in practice.unique_sentences():
            future = self._sentence(sentence, settings, recordings)
            if on_ready is not None:
                future.add_done_callback(functools.partial(_notify, on_ready, sentence))
            futures[sentence.id] = future
        return futures

    def prepare_sentence(self, practice: Practice, sentence: Sentence, settings: SpeechSettings, *,
                         use_recordings: bool = True) -> Future[ClipInfo]:
        """One sentence's clip (hearing a single line in a preview), cached like any other."""
        recordings = find_recordings(self.paths, practice.id, self.bundled_recordings) if use_recordings else {}
        return self._sentence(sentence, settings, recordings)

    def _sentence(self, sentence: Sentence, settings: SpeechSettings, recordings: dict[str, Path]) -> Future[ClipInfo]:
        if sentence.id in recordings:
            return self._levelling.submit(self._recorded, recordings[sentence.id])
        return self._spoken(sentence, settings, self.engine()[0])

    def prepare_bells(self, practice: Practice) -> None:
        """Start making the practice's bells (idempotent).

        Call it before anything waits on the speech engine: the bells then
        take the levelling thread while the speech workers start, rather than
        holding up the first sentences.
        """
        for strikes in sorted({item.strikes for section in practice.sections for item in section.items
                               if isinstance(item, Bell)}):
            self._bell(strikes)

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
        speech.add_done_callback(lambda done: self._level_later(key, sentence, result, done))
        # Nobody waits for this clip any more: do not synthesise it.
        result.add_done_callback(lambda done: speech.cancel() if done.cancelled() else None)
        return result

    def _level_later(self, key: str, sentence: Sentence, result: Future[ClipInfo], speech: Future[Speech]) -> None:
        try:
            self._levelling.submit(self._store_speech, key, sentence, result, speech)
        except RuntimeError:  # closed meanwhile: nobody is waiting any more
            result.cancel()

    def _store_speech(self, key: str, sentence: Sentence, result: Future[ClipInfo], speech: Future[Speech]) -> None:
        """As each sentence arrives: level it, store it, hand it on."""
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

    def bell(self, strikes: int) -> ClipInfo:
        """The bell's clip, from the cache (it is made once, like speech)."""
        return self._bell(strikes).result()

    def _bell(self, strikes: int) -> Future[ClipInfo]:
        with self._lock:
            if strikes not in self._bells:
                self._bells[strikes] = self._levelling.submit(self._make_bell, strikes)
            return self._bells[strikes]

    def _make_bell(self, strikes: int) -> ClipInfo:
        key = cache_key({"kind": "bell", "strikes": strikes, "design": BELL_DESIGN})
        found = self.cache.lookup(key, ClipOrigin.BELL)
        return found if found is not None else self.cache.store(key, bell_audio(strikes), ClipOrigin.BELL)

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
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
        self._levelling.shutdown(wait=True, cancel_futures=True)

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
