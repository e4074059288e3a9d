"""A virtual screen (Xvfb) for running the real window: the whole-app test and the benchmarks."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

SCREEN = "1280x720x24"  # the smallest screen the window must be readable on


@contextmanager
def virtual_screen(size: str = SCREEN) -> Iterator[str]:
    """Start Xvfb on a free display; yield its DISPLAY value ("":99"); stop it after."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is needed to run the window without a screen: sudo apt-get install xvfb")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as chosen:
            number = chosen.readline().strip()  # written once the server is ready
        if not number:
            raise RuntimeError(f"Xvfb did not start (exit status {server.poll()})")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(30)
