"""A speech worker process: `python -m kindaudio.audio.tts.worker ENGINE`.

Builds the engine once, then synthesises sentences it is sent on stdin and
answers on stdout (protocol.py). It is a fresh interpreter that imports only
this and the engine, so it starts fast and small whatever program started it.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Any

from kindaudio.audio.memory import keep_freed_memory
from kindaudio.audio.tts import protocol
from kindaudio.audio.tts.engine import TtsError
from kindaudio.errors import UserInputError


def main() -> None:
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Each sentence's audio is copied a few times on its way out (a few hundred
    # kilobytes each); kept memory spares faulting those pages in afresh.
    keep_freed_memory()
    engine_factory = sys.argv[1]
    # The protocol keeps the real stdout; anything an engine prints (pyttsx3
    # prints "Audio saved to ...", C libraries may print too) goes nowhere.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    requests = sys.stdin.buffer
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    try:
        module_name, _, class_name = engine_factory.partition(":")
        engine: Any = getattr(importlib.import_module(module_name), class_name)()
    except TtsError as exc:
        protocol.send(answers, ("failed", exc.message, exc.hint))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which explains it
        protocol.send(answers, ("failed", f"the speech engine could not start ({type(exc).__name__}: {exc})", None))
        return
    protocol.send(answers, ("ready", os.getpid()))
    while True:
        try:
            job = protocol.receive(requests)
        except EOFError:
            break
        if job is None:
            break
        if job == "describe":
            protocol.send(answers, ("described", engine.info(), engine.voices()))
            continue
        text, settings = job
        try:
            speech = engine.synthesize(text, settings)
        except UserInputError as exc:
            protocol.send(answers, ("bad-input", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            protocol.send(answers, ("error", f"{type(exc).__name__}: {exc}"))
        else:
            protocol.send(answers, ("ok", speech.pcm, speech.rate))


if __name__ == "__main__":
    main()
