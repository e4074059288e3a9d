"""The script editor's words: how a checked text reads, its problems, which file it is."""

from __future__ import annotations

from kindaudio.script.durations import format_clock
from kindaudio.script.editing import PracticeShape
from kindaudio.script.errors import Diagnostic

COPY_SUFFIX = " (my copy)"
SHIPPED_NOTE = ("This practice comes with KindAudio, so it cannot be changed here. If you would like to change it, "
                "you can save a copy into your own practices and edit that.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def reads_well_text(shape: PracticeShape) -> str:
    """A text that parses, in one line: "It reads well: 3 sentences in 2 parts. It can last …"."""
    lengths = ", ".join(str(minutes) for minutes in shape.lengths)
    said = (f"It reads well: {_plural(shape.sentences, 'sentence')} in {_plural(shape.sections, 'part')}. "
            f"It can last about {format_clock(shape.shortest)} to {format_clock(shape.longest)} and offers "
            f"{lengths} min.")
    if shape.is_template:
        said += " (A template: checked with its default values.)"
    return said


def problems_text(count: int) -> str:
    """A text that does not parse: how many problems, and where they are shown."""
    return (f"{_plural(count, 'problem')} to look at: the practice cannot be played until "
            f"{'it is' if count == 1 else 'they are'} fixed. Each is underlined in the text and listed below.")


def problem_line(diagnostic: Diagnostic) -> str:
    """One problem as the list below the text shows it."""
    return f"Line {diagnostic.line}, column {diagnostic.column}: {diagnostic.message}"


def save_anyway_text(count: int) -> str:
    return (f"The practice has {_plural(count, 'problem')}, so it cannot be played until "
            f"{'it is' if count == 1 else 'they are'} fixed. Save anyway?")


def window_title(read_only: bool, file_name: str) -> str:
    """The window's title; [*] is where Qt marks unsaved changes."""
    return f"{'Read' if read_only else 'Edit'} practice: {file_name}[*]"
