"""Diagnostics for practice files: every problem names file:line:col.

The parser collects every problem it can find in one pass (an editor can
underline them all), then raises one ScriptError carrying the list. A hostile
file can hold tens of thousands of mistakes, so collecting is linear and only
the first MAX_DIAGNOSTICS are kept; the rest are counted and said as "and N more".
"""

from __future__ import annotations

from dataclasses import dataclass

from kindaudio.common.errors import UserInputError

MAX_DIAGNOSTICS = 100  # more than a person reads; an editor underlines these, then the next ones


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
    """A practice file that cannot be used, with every problem found in it (or the first ones, and a count)."""

    def __init__(self, diagnostics: list[Diagnostic], more: int = 0) -> None:
        if not diagnostics:
            raise ValueError("a ScriptError needs at least one diagnostic")
        listed = sorted(diagnostics, key=lambda d: (d.line, d.column))
        if more > 0:
            last = listed[-1]
            listed.append(Diagnostic(last.path, last.line, last.column,
                                     f"and {more:,} more {'problem' if more == 1 else 'problems'} not listed; "
                                     "correct these and check again"))
        self.diagnostics = tuple(listed)
        self.more = more
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class DiagnosticSink:
    """Collects diagnostics for one file while parsing goes on.

    `count` is every distinct problem reported (use it to see whether a step
    found any); `items` holds the first MAX_DIAGNOSTICS of them.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()

    @property
    def count(self) -> int:
        return len(self._seen)

    @property
    def full(self) -> bool:
        """No more diagnostics will be listed, only counted: costly hints need not be worked out."""
        return len(self.items) >= MAX_DIAGNOSTICS

    def error(self, line: int, column: int, message: str) -> None:
        diagnostic = Diagnostic(self.path, max(line, 1), max(column, 1), message)
        if diagnostic in self._seen:  # a loop in a template repeats its mistakes
            return
        self._seen.add(diagnostic)
        if len(self.items) < MAX_DIAGNOSTICS:
            self.items.append(diagnostic)

    def raise_if_any(self) -> None:
        if self.items:
            raise ScriptError(self.items, more=self.count - len(self.items))
