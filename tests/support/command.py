"""The `kindaudio` command run as a real process, as a person would run it, and what it exits with."""

from __future__ import annotations

import os
import subprocess
import sys

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def kindaudio(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`kindaudio ARGS`, with `stdin` typed into it (else nothing to read) and `env` added to the environment."""
    return subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True,
                          timeout=timeout, input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
