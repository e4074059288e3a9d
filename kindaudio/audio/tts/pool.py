"""Speech engines in worker processes.

Synthesis runs in separate processes so that a stuck engine cannot freeze the
app: each job has a time limit, and a worker that misses it (or dies) is killed,
started again, and the job tried once more. Each worker is a fresh interpreter
(`python -m kindaudio.audio.tts.worker`): nothing is forked from a parent that
may already have used pyttsx3 (forked children hang), and unlike
multiprocessing's spawn, the worker does not import the parent's main script,
so it stays small and quick to start whatever program hosts KindAudio. (In
the bundle, the bundled program itself is started as the worker: launch.py.)

A pool has `workers` processes, each speaking up to `threads` sentences at
once; one thread of the pool drives each of those places. eSpeak gets one
process per core, one sentence each (its library keeps one voice at a time;
measured: 2 workers 0.80 s, 3 workers 0.94 s for a 20-minute body scan on 2
cores). Piper gets one process with a sentence per core: its 150 MB model is
then loaded once (see piper_engine.py).

This module stays light (no numpy, no scipy): it is imported by every program
that synthesises, before any audio work.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kindaudio
from kindaudio.audio.tts import protocol
from kindaudio.audio.tts.engine import WORKDIR_ENV, EngineInfo, Speech, TtsError, Voice
from kindaudio.audio.tts.launch import worker_command
from kindaudio.common.errors import UserInputError

log = logging.getLogger(__name__)

ESPEAK_FACTORY = "kindaudio.audio.tts.pyttsx3_engine:Pyttsx3Engine"
DEFAULT_ENGINE = ESPEAK_FACTORY

START_TIMEOUT_SECONDS = 60.0
JOB_TIMEOUT_SECONDS = 20.0
JOB_TIMEOUT_PER_CHARACTER = 0.02
CALL_TIMEOUT_SECONDS = 300.0  # warming a voice up, measuring one
ATTEMPTS = 2
_EOF = ("eof",)


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
    """A request for a worker and the Future its answer goes to; `text` names it in messages."""

    request: tuple[Any, ...]
    future: Future[Any]
    timeout: float
    text: str = ""


class _Hung(Exception):
    """No answer in time from the worker of this generation."""


class _Died(Exception):
    """The worker of this generation ended while the job was in it."""


class _Interrupted(Exception):
    """The worker was killed for another place's job that hung: this job is not to blame."""


class _Worker:
    """One worker process, shared by the pool threads that drive its places.

    A reader thread hands each answer to the place that asked, by the number
    the request carried.
    """

    def __init__(self, pool: SynthesisPool) -> None:
        self.pool = pool
        self.process: subprocess.Popen[bytes] | None = None
        self.scratch: Path | None = None  # the worker's files; it may be killed, so the pool cleans up
        self.generation = 0  # which process this is (a new one after each restart)
        self.killed_by_pool: set[int] = set()  # generations ended because one of their jobs hung
        self._starting = threading.Lock()
        self._state = threading.Lock()
        self._writing = threading.Lock()
        self._waiting: dict[int, queue.Queue[Any]] = {}
        self._numbers = itertools.count(1)

    def ensure_started(self) -> int:
        """The running process's generation, starting one if there is none."""
        with self._starting:
            process = self.process
            if process is not None:
                if process.poll() is None:
                    return self.generation
                # It died between jobs (or before it was handed this one): that is a restart too.
                log.warning("speech worker %d ended on its own (exit %s); starting a new one",
                            process.pid, process.returncode)
                self.pool._worker_restarted()
            self._end()
            return self._start()

    def _start(self) -> int:
        env = dict(os.environ)
        package_root = str(Path(kindaudio.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        scratch = Path(tempfile.mkdtemp(prefix="kindaudio-tts-"))
        env[WORKDIR_ENV] = str(scratch)
        process = subprocess.Popen(
            worker_command(self.pool.engine_factory, self.pool.threads),  # python -m ..., or the bundle itself
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=None if log.isEnabledFor(logging.DEBUG) else subprocess.DEVNULL,
            env=env, start_new_session=False,
        )
        started: queue.Queue[Any] = queue.Queue()
        with self._state:
            self.generation += 1
            self.process, self.scratch = process, scratch
            self._waiting = {0: started}
            generation = self.generation
        threading.Thread(target=self._read, args=(process, generation), daemon=True,
                         name="kindaudio-tts-reader").start()
        try:
            reply = started.get(timeout=START_TIMEOUT_SECONDS)
        except queue.Empty:
            self._end()
            raise TtsError(f"the speech engine did not start within {START_TIMEOUT_SECONDS:.0f} s") from None
        if reply == _EOF:
            self._end()
            raise TtsError("the speech engine's process ended while starting")
        if reply[0] == "failed":
            self._end()
            raise TtsError(reply[1], hint=reply[2])
        self.pool._worker_ready(reply[1])
        return generation

    def _read(self, process: subprocess.Popen[bytes], generation: int) -> None:
        assert process.stdout is not None
        try:
            while True:
                number, reply = protocol.receive(process.stdout)
                with self._state:
                    waiting = self._waiting.pop(number, None) if self.generation == generation else None
                if waiting is not None:
                    waiting.put(reply)
        except (EOFError, OSError, ValueError, TypeError):
            with self._state:
                if self.generation == generation:
                    waiting_now, self._waiting = list(self._waiting.values()), {}
                else:
                    waiting_now = []
            for waiting in waiting_now:
                waiting.put(_EOF)

    def ask(self, request: tuple[Any, ...], timeout: float) -> Any:
        """Send a request; the answer, or _Hung / _Died / _Interrupted."""
        generation = self.ensure_started()
        answer: queue.Queue[Any] = queue.Queue()
        with self._state:
            process = self.process
            if process is None or self.generation != generation:
                raise _Interrupted
            number = next(self._numbers)
            self._waiting[number] = answer
        assert process.stdin is not None
        try:
            with self._writing:
                protocol.send(process.stdin, (number, request))
        except (BrokenPipeError, OSError, ValueError) as exc:
            raise _Died(generation) from exc
        try:
            reply = answer.get(timeout=timeout)
        except queue.Empty:
            with self._state:
                self._waiting.pop(number, None)
            raise _Hung(generation) from None
        if reply == _EOF:
            if generation in self.killed_by_pool:
                raise _Interrupted
            raise _Died(generation)
        return reply

    def kill(self, generation: int) -> None:
        """End the process a job hung or died in (unless already replaced); its other jobs are asked again."""
        with self._starting:
            if generation == self.generation and self.process is not None:
                self.killed_by_pool.add(generation)
                self._end()

    def stop(self) -> None:
        with self._starting:
            self._end()

    def _end(self) -> None:
        """End the worker now. Between sentences it holds nothing worth keeping,
        and a kill spares the 50 ms an interpreter takes to wind down."""
        with self._state:
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
    starts no process at all. `job_timeout` and `per_character` set each
    sentence's time limit (the engines' own speeds set them: see engines.py).
    """

    def __init__(self, engine_factory: str = DEFAULT_ENGINE, workers: int | None = None, threads: int = 1,
                 job_timeout: float = JOB_TIMEOUT_SECONDS,
                 per_character: float = JOB_TIMEOUT_PER_CHARACTER) -> None:
        self.engine_factory = engine_factory
        self.worker_count = workers or default_worker_count()
        self.threads = max(threads, 1)
        self.job_timeout = job_timeout
        self.per_character = per_character
        self.stats = PoolStats()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # a worker started, or the pool broke
        self._broken: TtsError | None = None
        self._closed = False

    def submit(self, text: str, job: Any) -> Future[Speech]:
        """Speak one sentence with the engine's parameters `job` (see engines.py)."""
        timeout = self.job_timeout + self.per_character * len(text)
        return self._enqueue(_Job(("speak", text, job), Future(), timeout, text))

    def call(self, method: str, argument: Any, timeout: float = CALL_TIMEOUT_SECONDS) -> Future[Any]:
        """Ask a worker's engine for other work: "warm" (load a voice) or "measure" (a voice being added)."""
        return self._enqueue(_Job(("call", method, argument), Future(), timeout, f"({method})"))

    def describe(self) -> tuple[EngineInfo, list[Voice]]:
        """Engine name, version and voices, as a worker reports them (starts workers)."""
        info, voices = self.describe_later().result()
        return info, voices

    def describe_later(self) -> Future[tuple[EngineInfo, list[Voice]]]:
        """describe(), answered in a Future: the workers start at once."""
        return self._enqueue(_Job(("describe",), Future(), self.job_timeout, "(describe)"))

    def wait_for_workers(self, timeout: float) -> bool:
        """Start every worker and wait until each is up: False if `timeout` passed first or the engine is broken.

        Work submitted afterwards is spread over all of them from its first sentence.
        """
        with self._lock:
            self._start_threads()
            self._changed.wait_for(lambda: self._broken is not None or self.stats.workers_started >= self.worker_count,
                                   timeout)
            return self._broken is None and self.stats.workers_started >= self.worker_count

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
        # Jobs not yet started are cancelled; each place finishes the one it has.
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
        for worker in self._workers:
            worker.stop()

    def __enter__(self) -> SynthesisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start_threads(self) -> None:
        if self._threads:
            return
        for index in range(self.worker_count):
            worker = _Worker(self)
            self._workers.append(worker)
            for place in range(self.threads):
                thread = threading.Thread(target=self._serve, args=(worker,), daemon=True,
                                          name=f"kindaudio-tts-{index}.{place}")
                self._threads.append(thread)
                thread.start()

    def _worker_ready(self, pid: int) -> None:
        with self._lock:
            self.stats.workers_started += 1
            self.stats.pids.add(pid)
            self._changed.notify_all()

    def _worker_restarted(self) -> None:
        with self._lock:
            self.stats.restarts += 1

    def _fail_everything(self, error: TtsError) -> None:
        with self._lock:
            self._broken = error
            self._changed.notify_all()

    def _serve(self, worker: _Worker) -> None:
        """Drive one place of a worker until the pool closes (close() ends the workers, once no place uses them)."""
        try:
            if self._broken is None:
                try:
                    worker.ensure_started()
                except TtsError as exc:
                    self._fail_everything(exc)
            while (job := self._jobs.get()) is not None:
                if job.future.set_running_or_notify_cancel():
                    self._run(worker, job)
        except BaseException:
            worker.stop()  # a place that fails ends its worker (the others start it again if they need it)
            raise

    def _run(self, worker: _Worker, job: _Job) -> None:
        attempt = 1
        interruptions = 0
        while True:
            if self._broken is not None:
                job.future.set_exception(self._broken)
                return
            try:
                reply = worker.ask(job.request, job.timeout)
            except TtsError as exc:
                self._fail_everything(exc)
                job.future.set_exception(exc)
                return
            except _Interrupted:
                interruptions += 1
                if interruptions <= 2 * ATTEMPTS:
                    continue  # a neighbour's job hung and took the worker with it: this one is asked again
                job.future.set_exception(TtsError(f"the speech engine kept stopping on: {job.text[:80]!r}"))
                return
            except (_Hung, _Died) as exc:
                hung = isinstance(exc, _Hung)
                log.warning("speech worker %s (attempt %d of %d); restarting it",
                            f"gave no answer within {job.timeout:.0f} s" if hung else "died", attempt, ATTEMPTS)
                worker.kill(exc.args[0])
                self._worker_restarted()
                if attempt == ATTEMPTS:
                    job.future.set_exception(TtsError(
                        f"the speech engine {'hung' if hung else 'crashed'} twice on: {job.text[:80]!r}"))
                    return
                attempt += 1
                continue
            self._settle(job, reply)
            return

    def _settle(self, job: _Job, reply: tuple[Any, ...]) -> None:
        kind = reply[0]
        if kind == "described":
            job.future.set_result((reply[1], reply[2]))
        elif kind == "ok":
            with self._lock:
                self.stats.synthesized += 1
            job.future.set_result(Speech(reply[1], reply[2]))
        elif kind == "result":
            job.future.set_result(reply[1])
        elif kind == "bad-input":
            job.future.set_exception(UserInputError(reply[1]))
        else:
            job.future.set_exception(TtsError(f"the speech engine failed: {reply[1]}"))
