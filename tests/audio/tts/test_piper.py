"""The natural voice: Piper's en_US-joe-medium in a speech worker, for real.

One worker process speaks a sentence per core through one loaded model; the
model is refused unless its bytes are the pinned ones; every parameter that
shapes a sentence is in its cache key.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from concurrent.futures import wait
from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.clips.provider import ClipProvider, speech_key
from kindaudio.audio.tts.engine import PIPER, EngineInfo, TtsError
from kindaudio.audio.tts.engines import PIPER_FACTORY, PIPER_MAX_THREADS, new_pool
from kindaudio.audio.tts.piper_engine import PiperJob, engine_info
from kindaudio.audio.tts.piper_voices import JOE, _pinned_files
from kindaudio.audio.tts.pool import SynthesisPool
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths

WAIT = 120
TEXT = "You might let your shoulders soften, just a little."


@pytest.fixture(scope="module")
def joe_files() -> tuple[Path, Path]:
    found = _pinned_files(JOE)
    assert found is not None, "the voice extra is installed by make test"
    return found


def job(files: tuple[Path, Path], **changes: object) -> PiperJob:
    model, config = files
    made = PiperJob(str(model), str(config), JOE.model_sha256, JOE.config_sha256, 1.5, 0.0, 0.0)
    return made._replace(**changes)


@pytest.fixture(scope="module")
def pool() -> Iterator[SynthesisPool]:
    with new_pool(PIPER) as workers:
        yield workers


def samples(speech: object) -> np.ndarray:
    return np.frombuffer(speech.pcm, dtype="<i2")  # type: ignore[attr-defined]


def test_one_worker_process_speaks_a_sentence_per_core(pool: SynthesisPool, joe_files: tuple[Path, Path]) -> None:
    assert (pool.worker_count, pool.threads) == (1, min(os.cpu_count() or 1, PIPER_MAX_THREADS))
    futures = [pool.submit(f"{TEXT} This is line {n}.", job(joe_files)) for n in range(4)]
    done, _ = wait(futures, timeout=WAIT)
    speeches = [future.result() for future in futures]
    assert len(done) == 4
    assert all(speech.rate == 22050 for speech in speeches)
    assert all(len(speech.pcm) / 2 / speech.rate > 2.0 for speech in speeches)  # about 4 s each
    assert len(pool.stats.pids) == 1 and os.getpid() not in pool.stats.pids  # the model is loaded once


def test_without_noise_a_sentence_is_the_same_sample_for_sample(pool: SynthesisPool,
                                                                 joe_files: tuple[Path, Path]) -> None:
    first = pool.submit(TEXT, job(joe_files)).result(timeout=WAIT)
    again = pool.submit(TEXT, job(joe_files)).result(timeout=WAIT)
    assert first.pcm == again.pcm
    # Not normalised by Piper (KindAudio levels each clip itself): its peak is the model's own.
    assert 0.1 < np.abs(samples(first)).max() / 32767 < 0.95


def test_a_larger_length_scale_speaks_more_slowly(pool: SynthesisPool, joe_files: tuple[Path, Path]) -> None:
    quick = pool.submit(TEXT, job(joe_files, length_scale=1.0)).result(timeout=WAIT)
    slow = pool.submit(TEXT, job(joe_files, length_scale=2.0)).result(timeout=WAIT)
    assert 1.5 < len(slow.pcm) / len(quick.pcm) < 2.2


def test_a_line_piper_reads_as_two_sentences_comes_back_as_one_clip(pool: SynthesisPool,
                                                                    joe_files: tuple[Path, Path]) -> None:
    one = pool.submit("Breathe in.", job(joe_files)).result(timeout=WAIT)
    two = pool.submit("Breathe in. Breathe out.", job(joe_files)).result(timeout=WAIT)
    assert len(two.pcm) > 1.7 * len(one.pcm)


def test_a_model_that_is_not_the_pinned_one_is_refused_by_the_worker(
        pool: SynthesisPool, joe_files: tuple[Path, Path], tmp_path: Path) -> None:
    model, config = joe_files
    tampered = tmp_path / model.name
    shutil.copyfile(model, tampered)
    with tampered.open("r+b") as handle:  # one byte flipped, deep inside the weights
        handle.seek(30_000_000)
        byte = handle.read(1)
        handle.seek(30_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(TtsError, match=f"the voice is refused: {tampered} is not the file it was checked as"):
        pool.submit(TEXT, job(joe_files, model=str(tampered))).result(timeout=WAIT)


def test_an_empty_sentence_is_refused(pool: SynthesisPool, joe_files: tuple[Path, Path]) -> None:
    with pytest.raises(TtsError, match="nothing to say"):
        pool.submit("   ", job(joe_files)).result(timeout=WAIT)


def test_a_model_that_onnxruntime_cannot_load_is_bad_input(joe_files: tuple[Path, Path], tmp_path: Path) -> None:
    from kindaudio.audio.tts.piper_voices import file_sha256

    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"this is not an onnx model")
    with SynthesisPool(PIPER_FACTORY, workers=1) as single:
        future = single.submit(TEXT, job(joe_files, model=str(broken), model_sha256=file_sha256(broken)))
        with pytest.raises(UserInputError, match=f"{broken}: the voice could not be loaded"):
            future.result(timeout=WAIT)


def test_the_cache_key_changes_with_every_parameter_that_shapes_the_sound(joe_files: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    base = job(joe_files)
    info = engine_info()
    key = speech_key(TEXT, PIPER, base, info)
    changed = [base._replace(length_scale=1.6), base._replace(noise_scale=0.5), base._replace(noise_w_scale=0.5),
               base._replace(noise_scale=None), base._replace(volume=0.5), base._replace(model_sha256="0" * 64),
               base._replace(config_sha256="0" * 64)]
    keys = {speech_key(TEXT, PIPER, other, info) for other in changed}
    assert key not in keys and len(keys) == len(changed)
    assert speech_key(TEXT + " ", PIPER, base, info) != key
    assert speech_key(TEXT, PIPER, base, EngineInfo(info.name, info.version + "-next")) != key
    # Where the files happen to be is not part of it: a moved data folder keeps its clips.
    assert speech_key(TEXT, PIPER, base._replace(model=str(tmp_path / "elsewhere.onnx"),
                                                 config=str(tmp_path / "elsewhere.onnx.json")), info) == key


def test_the_cache_key_changes_with_how_the_session_computes(joe_files: tuple[Path, Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Clips made before a change to the session's setup (say, denormals flushed) are made again."""
    from kindaudio.audio.tts import piper_engine

    base, info = job(joe_files), engine_info()
    key = speech_key(TEXT, PIPER, base, info)
    monkeypatch.setattr(piper_engine, "SESSION_SETUP", "all-optimisations")
    assert speech_key(TEXT, PIPER, base, info) != key


def test_the_engine_names_its_versions_without_being_imported() -> None:
    import importlib.metadata

    info = engine_info()
    assert info == EngineInfo("piper", f"piper-tts-{importlib.metadata.version('piper-tts')}/"
                                       f"onnxruntime-{importlib.metadata.version('onnxruntime')}")


def test_sentences_with_the_natural_voice_are_cached_like_any_other(paths: AppPaths, piper_clips: ClipProvider,
                                                                    write_practice) -> None:  # type: ignore[no-untyped-def]
    from kindaudio.audio.files.render import gather
    from kindaudio.script import load_practice

    practice = load_practice(write_practice("Welcome.\n\nLet the breath be easy.\n"))
    settings = piper_clips.settings_for(practice, voice="piper:en_US-joe-medium", rate=130)
    made = gather(piper_clips.prepare(practice, settings))
    assert piper_clips.stats.by_engine["piper"] >= 2
    with ClipProvider(piper_clips.paths) as again:
        cached = gather(again.prepare(practice, again.settings_for(practice, voice="piper:en_US-joe-medium",
                                                                   rate=130)))
        assert again.stats.cached == 2 and again.started_pools() == {}
    assert all(np.array_equal(made[key].samples, cached[key].samples) for key in made)


def test_closing_a_worker_busy_in_every_place_ends_it_once_and_starts_nothing(joe_files: tuple[Path, Path]) -> None:
    with new_pool(PIPER) as pool:
        futures = [pool.submit(f"{TEXT} Number {n}.", job(joe_files)) for n in range(6)]
        futures[0].result(timeout=WAIT)
    assert (pool.stats.restarts, pool.stats.workers_started) == (0, 1)
    assert all(future.done() for future in futures)  # made, or cancelled before it began
