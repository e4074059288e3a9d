"""Speech engines in worker processes.

Synthesis runs in separate processes so that a stuck engine cannot freeze the
app: each job has a time limit, and a worker that misses it (or dies) is killed,
started again, and the job tried once more. Workers are started with 'spawn'
(pyttsx3 hangs in children forked from a parent that used it) and there is one
more worker than cores, because pyttsx3's eSpeak driver idles about 10 ms per
sentence in a polling loop; an extra worker keeps both cores busy meanwhile.

This module must stay light: worker processes import it, and they should start
fast and small (no numpy, no scipy).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from kindaudio.audio.tts.engine import EngineInfo, Speech, SpeechSettings, TtsError, Voice
from kindaudio.errors import UserInputError

log = logging.getLogger(__name__)

DEFAULT_ENGINE = "kindaudio.audio.tts.pyttsx3_engine:Pyttsx3Engine"
START_TIMEOUT_SECONDS = 60.0
JOB_TIMEOUT_SECONDS = 20.0
JOB_TIMEOUT_PER_CHARACTER = 0.02
ATTEMPTS = 2


def default_worker_count() -> int:
    return (os.cpu_count() or 1) + 1


@dataclass
class PoolStats:
    synthesized: int = 0
    restarts: int = 0
    workers_started: int = 0
    pids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Job:
    text: str
    settings: SpeechSettings
    future: Future[Speech]


class _Hung(Exception):
    pass


class _Worker:
    """One worker process and its end of the pipe, driven by one parent thread."""

    def __init__(self, pool: SynthesisPool) -> None:
        self.pool = pool
        self.process: multiprocessing.process.BaseProcess | None = None
        self.conn: multiprocessing.connection.Connection | None = None

    def ensure_started(self) -> multiprocessing.connection.Connection:
        if self.process is not None and self.process.is_alive() and self.conn is not None:
            return self.conn
        self.stop()
        parent_end, child_end = self.pool.context.Pipe()
        process = self.pool.context.Process(
            target=_worker_main, args=(child_end, self.pool.engine_factory), daemon=True,
            name="kindaudio-tts",
        )
        process.start()
        child_end.close()
        self.process, self.conn = process, parent_end
        if not parent_end.poll(START_TIMEOUT_SECONDS):
            self.stop()
            raise TtsError(f"the speech engine did not start within {START_TIMEOUT_SECONDS:.0f} s")
        try:
            reply = parent_end.recv()
        except EOFError:
            self.stop()
            raise TtsError("the speech engine's process ended while starting") from None
        if reply[0] == "failed":
            self.stop()
            raise TtsError(reply[1], hint=reply[2])
        _, info, voices, pid = reply
        self.pool._worker_ready(info, voices, pid)
        return parent_end

    def stop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.close()
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)
        self.process, self.conn = None, None

    def close(self) -> None:
        if self.conn is not None and self.process is not None and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(timeout=2)
        self.stop()


class SynthesisPool:
    """Synthesises sentences in worker processes; results arrive as Futures.

    Workers start on the first job, so work that finds everything in the cache
    starts no process at all.
    """

    def __init__(self, engine_factory: str = DEFAULT_ENGINE, workers: int | None = None,
                 job_timeout: float = JOB_TIMEOUT_SECONDS) -> None:
        self.engine_factory = engine_factory
        self.worker_count = workers or default_worker_count()
        self.job_timeout = job_timeout
        self.context = multiprocessing.get_context("spawn")
        self.stats = PoolStats()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._info: EngineInfo | None = None
        self._voices: list[Voice] | None = None
        self._broken: TtsError | None = None
        self._closed = False

    def submit(self, text: str, settings: SpeechSettings) -> Future[Speech]:
        future: Future[Speech] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the synthesis pool is closed")
            if self._broken is not None:
                future.set_exception(self._broken)
                return future
            self._start_threads()
        self._jobs.put(_Job(text, settings, future))
        return future

    def describe(self) -> tuple[EngineInfo, list[Voice]]:
        """Engine name, version and voices, as a worker reports them (starts workers)."""
        with self._lock:
            self._start_threads()
            while self._info is None and self._broken is None:
                self._ready.wait()
            if self._broken is not None:
                raise self._broken
            assert self._info is not None and self._voices is not None
            return self._info, self._voices

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        # Jobs not yet started are cancelled; each worker finishes the one it has.
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job.future.cancel()
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> SynthesisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start_threads(self) -> None:
        if self._threads:
            return
        for index in range(self.worker_count):
            worker = _Worker(self)
            thread = threading.Thread(target=self._serve, args=(worker,), daemon=True,
                                      name=f"kindaudio-tts-{index}")
            self._workers.append(worker)
            self._threads.append(thread)
            thread.start()

    def _worker_ready(self, info: EngineInfo, voices: list[Voice], pid: int) -> None:
        with self._lock:
            self.stats.workers_started += 1
            self.stats.pids.add(pid)
            if self._info is None:
                self._info, self._voices = info, voices
                self._ready.notify_all()

    def _fail_everything(self, error: TtsError) -> None:
        with self._lock:
            self._broken = error
            self._ready.notify_all()

    def _serve(self, worker: _Worker) -> None:
        try:
            if self._broken is None:
                try:
                    worker.ensure_started()
                except TtsError as exc:
                    self._fail_everything(exc)
            while (job := self._jobs.get()) is not None:
                if job.future.set_running_or_notify_cancel():
                    self._run(worker, job)
        finally:
            worker.close()

    def _run(self, worker: _Worker, job: _Job) -> None:
        timeout = self.job_timeout + JOB_TIMEOUT_PER_CHARACTER * len(job.text)
        for attempt in range(1, ATTEMPTS + 1):
            if self._broken is not None:
                job.future.set_exception(self._broken)
                return
            try:
                conn = worker.ensure_started()
                conn.send((job.text, job.settings))
                if not conn.poll(timeout):
                    raise _Hung
                reply = conn.recv()
            except TtsError as exc:
                self._fail_everything(exc)
                job.future.set_exception(exc)
                return
            except (_Hung, EOFError, OSError) as exc:
                hung = isinstance(exc, _Hung)
                log.warning("speech worker %s (attempt %d of %d); restarting it",
                            f"gave no answer within {timeout:.0f} s" if hung else "died", attempt, ATTEMPTS)
                worker.stop()
                with self._lock:
                    self.stats.restarts += 1
                if attempt == ATTEMPTS:
                    job.future.set_exception(TtsError(
                        f"the speech engine {'hung' if hung else 'crashed'} twice on: {job.text[:80]!r}"))
                continue
            kind = reply[0]
            if kind == "ok":
                with self._lock:
                    self.stats.synthesized += 1
                job.future.set_result(Speech(reply[1], reply[2]))
            elif kind == "bad-input":
                job.future.set_exception(UserInputError(reply[1]))
            else:
                job.future.set_exception(TtsError(f"the speech engine failed: {reply[1]}"))
            return


def _worker_main(conn: multiprocessing.connection.Connection, engine_factory: str) -> None:
    """The worker process: build the engine once, then synthesise on request."""
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout = io.StringIO()  # engines print ("Audio saved to ...")
    try:
        module_name, _, class_name = engine_factory.partition(":")
        engine: Any = getattr(importlib.import_module(module_name), class_name)()
    except TtsError as exc:
        conn.send(("failed", exc.message, exc.hint))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which explains it
        conn.send(("failed", f"the speech engine could not start ({type(exc).__name__}: {exc})", None))
        return
    conn.send(("ready", engine.info(), engine.voices(), os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        text, settings = job
        try:
            speech = engine.synthesize(text, settings)
        except UserInputError as exc:
            conn.send(("bad-input", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        else:
            conn.send(("ok", speech.pcm, speech.rate))
        sys.stdout = io.StringIO()
