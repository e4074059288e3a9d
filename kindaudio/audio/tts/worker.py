"""A speech worker process: `python -m kindaudio.audio.tts.worker ENGINE [THREADS]`.

Builds the engine once, then answers requests it is sent on stdin, on stdout
(protocol.py): each request and its answer carry a number, so an engine that
can speak several sentences at once (Piper: `concurrent = True`) answers them
as each is done, from THREADS threads. Other engines (eSpeak through pyttsx3,
which must be driven from one thread) answer one after another. It is a fresh
interpreter that imports only this and the engine, so it starts fast and small
whatever program started it.

Requests: ("speak", text, job), ("describe",), ("call", method, argument)
for the engine's other work (warming a voice up, measuring one).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any

from kindaudio.audio.clips.memory import keep_freed_memory
from kindaudio.audio.tts import protocol
from kindaudio.audio.tts.engine import TtsEngine, TtsError
from kindaudio.common.errors import UserInputError

CALLS = ("warm", "measure")  # the engine methods a "call" request may name


def answer(engine: TtsEngine, request: tuple[Any, ...]) -> tuple[Any, ...]:
    """The reply to one request; an engine's failure is reported, never raised."""
    kind = request[0]
    try:
        if kind == "describe":
            return ("described", engine.info(), engine.voices())
        if kind == "speak":
            speech = engine.synthesize(request[1], request[2])
            return ("ok", speech.pcm, speech.rate)
        if kind == "call" and request[1] in CALLS:
            return ("result", getattr(engine, request[1])(request[2]))
        return ("error", f"unknown request {kind!r}")
    except UserInputError as exc:
        return ("bad-input", str(exc))
    except TtsError as exc:
        return ("error", str(exc))
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        return ("error", f"{type(exc).__name__}: {exc}")


def main() -> None:
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Each sentence's audio is copied a few times on its way out (a few hundred
    # kilobytes each); kept memory spares faulting those pages in afresh.
    keep_freed_memory()
    engine_factory = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    # The protocol keeps the real stdout; anything an engine prints (pyttsx3
    # prints "Audio saved to ...", C libraries may print too) goes nowhere.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    requests = sys.stdin.buffer
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    writing = threading.Lock()

    def send(number: int, reply: tuple[Any, ...]) -> None:
        with writing:
            protocol.send(answers, (number, reply))

    try:
        module_name, _, class_name = engine_factory.partition(":")
        engine: TtsEngine = getattr(importlib.import_module(module_name), class_name)()
    except TtsError as exc:
        send(0, ("failed", exc.message, exc.hint))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which explains it
        send(0, ("failed", f"the speech engine could not start ({type(exc).__name__}: {exc})", None))
        return
    send(0, ("ready", os.getpid()))
    concurrent = threads > 1 and getattr(engine, "concurrent", False)
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="speak") if concurrent else None
    serve(engine, requests, send, executor)


def serve(engine: TtsEngine, requests: IO[bytes], send: Any, executor: ThreadPoolExecutor | None) -> None:
    while True:
        try:
            message = protocol.receive(requests)
        except EOFError:
            break
        if message is None:
            break
        number, request = message
        if executor is not None and request[0] != "describe":
            executor.submit(_answer_and_send, engine, number, request, send)
        else:
            send(number, answer(engine, request))
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)


def _answer_and_send(engine: TtsEngine, number: int, request: tuple[Any, ...], send: Any) -> None:
    send(number, answer(engine, request))


if __name__ == "__main__":
    main()
