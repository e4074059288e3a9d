"""Synthesis in worker processes: parallel, and a stuck or dead engine never stalls the caller."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from kindaudio.audio.tts.engine import SpeechSettings, TtsError
from kindaudio.audio.tts.pool import SynthesisPool, default_worker_count
from kindaudio.common.errors import UserInputError

SETTINGS = SpeechSettings("gmw/en-us", 120)
WAIT = 60  # seconds a result may take at most; never reached when things work


@pytest.fixture
def pool() -> Iterator[SynthesisPool]:
    with SynthesisPool() as synthesis:
        yield synthesis


def test_work_is_spread_over_processes_using_every_core(pool: SynthesisPool) -> None:
    assert pool.worker_count == default_worker_count() == (os.cpu_count() or 1)
    # Every worker up first: on a loaded machine one could otherwise speak all 24 before another starts.
    assert pool.wait_for_workers(WAIT)
    assert pool.stats.workers_started == pool.worker_count
    pool.submit("One to start the workers.", SETTINGS).result(timeout=WAIT)
    futures = [pool.submit(f"This is sentence number {n}, spoken slowly.", SETTINGS) for n in range(24)]
    results = [future.result(timeout=WAIT) for future in futures]
    assert all(len(result.pcm) > 22050 for result in results)
    assert pool.stats.synthesized == 25
    assert len(pool.stats.pids) == pool.worker_count
    assert os.getpid() not in pool.stats.pids


def test_workers_start_only_when_there_is_work() -> None:
    with SynthesisPool() as idle:
        assert idle.stats.workers_started == 0


def test_a_hung_worker_is_killed_and_the_sentence_made_by_a_new_one() -> None:
    with SynthesisPool(workers=1, job_timeout=1.0) as pool:
        pool.describe()  # the worker is up
        (stuck,) = pool.stats.pids
        os.kill(stuck, signal.SIGSTOP)  # the engine stops answering, as a hung one would
        speech = pool.submit("Still here, after all.", SETTINGS).result(timeout=WAIT)
        assert len(speech.pcm) > 0
        assert pool.stats.restarts == 1
        assert len(pool.stats.pids) == 2 and stuck in pool.stats.pids
        with pytest.raises(ProcessLookupError):
            os.kill(stuck, 0)  # the hung process is gone


def test_a_worker_that_dies_mid_sentence_is_replaced() -> None:
    with SynthesisPool(workers=1, job_timeout=30.0) as pool:
        pool.describe()
        (doomed,) = pool.stats.pids
        os.kill(doomed, signal.SIGSTOP)
        future = pool.submit("A sentence its worker never finishes.", SETTINGS)
        os.kill(doomed, signal.SIGKILL)
        assert len(future.result(timeout=WAIT).pcm) > 0
        assert pool.stats.restarts == 1


def test_a_worker_that_died_between_sentences_is_replaced_and_counted() -> None:
    with SynthesisPool(workers=1) as pool:
        pool.describe()
        (gone,) = pool.stats.pids
        os.kill(gone, signal.SIGKILL)
        assert len(pool.submit("Another sentence, for a new worker.", SETTINGS).result(timeout=WAIT).pcm) > 0
        assert pool.stats.restarts == 1
        assert pool.stats.workers_started == 2 and gone in pool.stats.pids


def test_an_engine_that_cannot_start_fails_every_job_with_its_reason() -> None:
    with SynthesisPool("kindaudio.no_such_module:Engine", workers=2) as pool:
        first = pool.submit("Hello.", SETTINGS)
        with pytest.raises(TtsError, match="could not start.*ModuleNotFoundError"):
            first.result(timeout=WAIT)
        with pytest.raises(TtsError, match="could not start"):
            pool.submit("Hello again.", SETTINGS).result(timeout=WAIT)


def test_waiting_for_workers_that_cannot_start_ends_at_once_with_no() -> None:
    with SynthesisPool("kindaudio.no_such_module:Engine", workers=2) as pool:
        assert pool.wait_for_workers(WAIT) is False
        assert pool.stats.workers_started == 0


def test_bad_input_stays_bad_input_across_the_process_boundary(pool: SynthesisPool) -> None:
    with pytest.raises(UserInputError, match="no voice 'nope'"):
        pool.submit("Hello.", SpeechSettings("nope", 120)).result(timeout=WAIT)


def test_jobs_still_waiting_when_the_pool_closes_are_cancelled() -> None:
    pool = SynthesisPool(workers=1)
    futures = [pool.submit(f"Sentence {n} of many, each one a little longer than the last.", SETTINGS)
               for n in range(40)]
    pool.close()
    assert any(future.cancelled() for future in futures)
    assert all(future.done() for future in futures)
    with pytest.raises(RuntimeError, match="closed"):
        pool.submit("Too late.", SETTINGS)


def test_a_sentence_that_hangs_beside_others_in_one_worker_costs_them_nothing() -> None:
    """Piper's worker speaks several sentences at once: when one hangs, the worker is killed, and the
    sentences it was speaking alongside are asked again of the new worker (not counted against them)."""
    from kindaudio.audio.tts.piper_engine import PiperJob
    from kindaudio.audio.tts.piper_voices import JOE, _pinned_files
    from tests.audio.slow_engine import HangingPiperEngine

    files = _pinned_files(JOE)
    assert files is not None
    job = PiperJob(str(files[0]), str(files[1]), JOE.model_sha256, JOE.config_sha256, 1.2, 0.0, 0.0)
    with SynthesisPool("tests.audio.slow_engine:HangingPiperEngine", workers=1, threads=2, job_timeout=4.0,
                       per_character=0.0) as pool:
        pool.call("warm", job).result(timeout=WAIT)
        stuck = pool.submit(HangingPiperEngine.stuck_text, job)
        fine = [pool.submit(f"Sentence {n}, said in full.", job) for n in range(3)]
        assert all(len(future.result(timeout=WAIT).pcm) > 22050 for future in fine)
        with pytest.raises(TtsError, match="the speech engine hung twice on: 'This sentence never comes.'"):
            stuck.result(timeout=WAIT)
        assert pool.stats.restarts == 2 and pool.stats.synthesized == 3
        # The first worker and the one that replaced it; another starts only when there is work again.
        assert len(pool.stats.pids) == 2
