"""Errors the user can act on.

The command line and the window show these as plain messages, never as
tracebacks; anything else escaping is a bug and is reported as one.
"""

from __future__ import annotations


class KindAudioError(Exception):
    """An expected failure with a message that says what went wrong and what to do.

    `exit_code` is what the command line exits with: 1 for failures of the
    machine or its parts (a missing library, a voice engine that died).
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class UserInputError(KindAudioError):
    """Bad input from the person: a file, an argument, a value. Exit code 2."""

    exit_code = 2
