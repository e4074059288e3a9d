"""Speech engines in worker processes.

Synthesis runs in separate processes so that a stuck engine cannot freeze the
app: each job has a time limit, and a worker that misses it (or dies) is killed,
started again, and the job tried once more. Each worker is a fresh interpreter
(`python -m kindaudio.audio.tts.worker`): nothing is forked from a parent that
may already have used pyttsx3 (forked children hang), and unlike
multiprocessing's spawn, the worker does not import the parent's main script,
so it stays small and quick to start whatever program hosts KindAudio.
There is one worker per core: synthesis is CPU-bound (see espeak_driver.py),
and more workers than cores only contend with each other and with levelling
(measured: 2 workers 0.80 s, 3 workers 0.94 s for a 20-minute body scan on 2
cores).

This module stays light (no numpy, no scipy): it is imported by every program
that synthesises, before any audio work.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kindaudio
from kindaudio.audio.tts import protocol
from kindaudio.audio.tts.engine import EngineInfo, Speech, SpeechSettings, TtsError, Voice
from kindaudio.audio.tts.pyttsx3_engine import WORKDIR_ENV
from kindaudio.errors import UserInputError

log = logging.getLogger(__name__)

DEFAULT_ENGINE = "kindaudio.audio.tts.pyttsx3_engine:Pyttsx3Engine"

START_TIMEOUT_SECONDS = 60.0
JOB_TIMEOUT_SECONDS = 20.0
JOB_TIMEOUT_PER_CHARACTER = 0.02
ATTEMPTS = 2
_EOF = ("eof",)
_DESCRIBE = "describe"  # a job asking for the engine's name, version and voices


def default_worker_count() -> int:
    return os.cpu_count() or 1


@dataclass
class PoolStats:
    synthesized: int = 0
    restarts: int = 0
    workers_started: int = 0
    pids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Job:
    """A sentence to synthesise, or (describe=True) a request for the engine's description."""

    text: str
    settings: SpeechSettings | None
    future: Future[Any]
    describe: bool = False

    @property
    def request(self) -> Any:
        return _DESCRIBE if self.describe else (self.text, self.settings)


class _Hung(Exception):
    pass


class _Worker:
    """One worker process, driven by one thread of the pool; a second thread reads its answers."""

    def __init__(self, pool: SynthesisPool) -> None:
        self.pool = pool
        self.process: subprocess.Popen[bytes] | None = None
        self.answers: queue.Queue[Any] = queue.Queue()
        self.scratch: Path | None = None  # the worker's files; it may be killed, so the pool cleans up

    def ensure_started(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                return
            # It died between jobs (or before it was handed this one): that is a restart too.
            log.warning("speech worker %d ended on its own (exit %s); starting a new one",
                        self.process.pid, self.process.returncode)
            self.pool._worker_restarted()
        self.stop()
        env = dict(os.environ)
        package_root = str(Path(kindaudio.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.scratch = Path(tempfile.mkdtemp(prefix="kindaudio-tts-"))
        env[WORKDIR_ENV] = str(self.scratch)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kindaudio.audio.tts.worker", self.pool.engine_factory],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=None if log.isEnabledFor(logging.DEBUG) else subprocess.DEVNULL,
            env=env, start_new_session=False,
        )
        self.answers = queue.Queue()
        threading.Thread(target=self._read, args=(self.process, self.answers), daemon=True,
                         name="kindaudio-tts-reader").start()
        try:
            reply = self.answers.get(timeout=START_TIMEOUT_SECONDS)
        except queue.Empty:
            self.stop()
            raise TtsError(f"the speech engine did not start within {START_TIMEOUT_SECONDS:.0f} s") from None
        if reply == _EOF:
            self.stop()
            raise TtsError("the speech engine's process ended while starting")
        if reply[0] == "failed":
            self.stop()
            raise TtsError(reply[1], hint=reply[2])
        self.pool._worker_ready(reply[1])

    @staticmethod
    def _read(process: subprocess.Popen[bytes], answers: queue.Queue[Any]) -> None:
        assert process.stdout is not None
        try:
            while True:
                answers.put(protocol.receive(process.stdout))
        except (EOFError, OSError, ValueError):
            answers.put(_EOF)

    def ask(self, request: Any, timeout: float) -> Any:
        """Send a request; the answer, or _Hung / EOFError."""
        self.ensure_started()
        assert self.process is not None and self.process.stdin is not None
        try:
            protocol.send(self.process.stdin, request)
        except (BrokenPipeError, OSError) as exc:
            raise EOFError(str(exc)) from exc
        try:
            reply = self.answers.get(timeout=timeout)
        except queue.Empty:
            raise _Hung from None
        if reply == _EOF:
            raise EOFError("the speech worker ended")
        return reply

    def stop(self) -> None:
        """End the worker now. Between sentences it holds nothing worth keeping,
        and a kill spares the 50 ms an interpreter takes to wind down."""
        process, self.process = self.process, None
        scratch, self.scratch = self.scratch, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


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
        self.stats = PoolStats()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._broken: TtsError | None = None
        self._closed = False

    def submit(self, text: str, settings: SpeechSettings) -> Future[Speech]:
        return self._enqueue(_Job(text, settings, Future()))

    def describe(self) -> tuple[EngineInfo, list[Voice]]:
        """Engine name, version and voices, as a worker reports them (starts workers)."""
        info, voices = self.describe_later().result()
        return info, voices

    def describe_later(self) -> Future[tuple[EngineInfo, list[Voice]]]:
        """describe(), answered in a Future: the workers start at once."""
        return self._enqueue(_Job("", None, Future(), describe=True))

    def _enqueue(self, job: _Job) -> Future[Any]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the synthesis pool is closed")
            if self._broken is not None:
                job.future.set_exception(self._broken)
                return job.future
            self._start_threads()
        self._jobs.put(job)
        return job.future

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

    def _worker_ready(self, pid: int) -> None:
        with self._lock:
            self.stats.workers_started += 1
            self.stats.pids.add(pid)

    def _worker_restarted(self) -> None:
        with self._lock:
            self.stats.restarts += 1

    def _fail_everything(self, error: TtsError) -> None:
        with self._lock:
            self._broken = error

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
            worker.stop()

    def _run(self, worker: _Worker, job: _Job) -> None:
        timeout = self.job_timeout + JOB_TIMEOUT_PER_CHARACTER * len(job.text)
        for attempt in range(1, ATTEMPTS + 1):
            if self._broken is not None:
                job.future.set_exception(self._broken)
                return
            try:
                reply = worker.ask(job.request, timeout)
            except TtsError as exc:
                self._fail_everything(exc)
                job.future.set_exception(exc)
                return
            except (_Hung, EOFError) as exc:
                hung = isinstance(exc, _Hung)
                log.warning("speech worker %s (attempt %d of %d); restarting it",
                            f"gave no answer within {timeout:.0f} s" if hung else "died", attempt, ATTEMPTS)
                worker.stop()
                self._worker_restarted()
                if attempt == ATTEMPTS:
                    job.future.set_exception(TtsError(
                        f"the speech engine {'hung' if hung else 'crashed'} twice on: {job.text[:80]!r}"))
                continue
            kind = reply[0]
            if kind == "described":
                job.future.set_result((reply[1], reply[2]))
            elif kind == "ok":
                with self._lock:
                    self.stats.synthesized += 1
                job.future.set_result(Speech(reply[1], reply[2]))
            elif kind == "bad-input":
                job.future.set_exception(UserInputError(reply[1]))
            else:
                job.future.set_exception(TtsError(f"the speech engine failed: {reply[1]}"))
            return
