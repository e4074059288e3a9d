"""Diagnostics for practice files: every problem names file:line:col.

The parser collects every problem it can find in one pass (an editor can
underline them all), then raises one ScriptError carrying the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from kindaudio.common.errors import UserInputError


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place. Lines and columns count from 1."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ScriptError(UserInputError):
    """A practice file that cannot be used, with every problem found in it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        if not diagnostics:
            raise ValueError("a ScriptError needs at least one diagnostic")
        self.diagnostics = tuple(sorted(diagnostics, key=lambda d: (d.line, d.column)))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class DiagnosticSink:
    """Collects diagnostics for one file while parsing goes on."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def error(self, line: int, column: int, message: str) -> None:
        diagnostic = Diagnostic(self.path, max(line, 1), max(column, 1), message)
        if diagnostic not in self.items:  # a loop in a template repeats its mistakes
            self.items.append(diagnostic)

    def raise_if_any(self) -> None:
        if self.items:
            raise ScriptError(self.items)
