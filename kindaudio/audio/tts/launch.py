"""How a speech worker process is started, from a Python install or from the bundle.

From an install, a worker is a fresh interpreter running
`python -m kindaudio.audio.tts.worker ENGINE THREADS` (pool.py says why not
multiprocessing). In the bundle PyInstaller makes (packaging/kindaudio.spec)
there is no python to run `-m` with: `sys.executable` is the bundled
`kindaudio` program itself. So, as multiprocessing's freeze_support does for
its children, that program is started again with WORKER_FLAG first, and the
bundle's entry point (packaging/kindaudio_entry.py) calls run_worker_if_asked()
before it imports anything else: the worker stays as light as from an install.

This module stays light too (standard library only): the bundle's every
process imports it first.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

WORKER_FLAG = "--kindaudio-speech-worker"  # not a `kindaudio` option: only the bundle's entry point looks for it
WORKER_MODULE = "kindaudio.audio.tts.worker"
PREPARE_FLAG = "--kindaudio-prepare-voice"  # the same, for preparing a voice in the background (piper_prepare.py)
PREPARE_MODULE = "kindaudio.audio.tts.piper_prepare"


def frozen() -> bool:
    """Running from a bundle (PyInstaller sets sys.frozen), where sys.executable is the app, not python."""
    return bool(getattr(sys, "frozen", False))


def worker_command(engine_factory: str, threads: int) -> list[str]:
    """The command line that starts one speech worker for `engine_factory` speaking `threads` sentences at once."""
    if frozen():
        return [sys.executable, WORKER_FLAG, engine_factory, str(threads)]
    return [sys.executable, "-m", WORKER_MODULE, engine_factory, str(threads)]


def prepare_command(arguments: Sequence[str]) -> list[str]:
    """The command line that prepares a voice (piper_prepare.main's arguments) in a process of its own."""
    if frozen():
        return [sys.executable, PREPARE_FLAG, *arguments]
    return [sys.executable, "-m", PREPARE_MODULE, *arguments]


def run_worker_if_asked(argv: Sequence[str]) -> None:
    """Be a speech worker, and exit when it is done, if `argv` says so (the bundle's entry point calls this first).

    Otherwise return at once, having imported nothing.
    """
    if len(argv) >= 2 and argv[1] == PREPARE_FLAG:
        import runpy

        sys.argv = [argv[0], *argv[2:]]  # as `python -m kindaudio.audio.tts.piper_prepare ...` would see it
        runpy.run_module(PREPARE_MODULE, run_name="__main__", alter_sys=True)  # exits with main()'s code
        sys.exit(0)
    if len(argv) < 2 or argv[1] != WORKER_FLAG:
        return
    from kindaudio.audio.tts import worker

    sys.argv = [argv[0], *argv[2:]]  # as `python -m kindaudio.audio.tts.worker ENGINE THREADS` would see it
    worker.main()
    sys.exit(0)
