"""What the Library's cards show, read from the practice files on a worker (no Qt).

The reading itself is the core's (kindaudio.script.catalogue, which remembers
what it found in files that have not changed); this turns each listing into
what one card shows, and adds the Silent Timer's card between the shipped
practices and the person's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kindaudio.audio import TIMER_PRACTICE_ID
from kindaudio.common.paths import AppPaths
from kindaudio.common.text import printable
from kindaudio.ui.pages.library.text import lengths_text

TIMER_TITLE = "Silent Timer"
TIMER_SUMMARY = ("No voice: an opening bell, quiet time that is yours, and bells to close. "
                 "Bells along the way if you like.")


@dataclass(frozen=True)
class CardInfo:
    """What one card shows; made on the worker thread from a parsed (or refused) file."""

    kind: str  # "practice", "timer" or "broken"
    title: str
    summary: str
    lengths: str
    own: bool  # the person's own file rather than one that ships
    path: Path | None = None
    problems: tuple[str, ...] = ()  # for a broken file: "file:line:col: message", in order
    practice_id: str | None = None  # what the journal knows it by (None for a broken file)
    author: str = ""  # who made it, when the file says
    for_whom: str = ""  # whom it was made for, when the file says
    from_template: bool = False  # built from a template: the builder can reopen it


def read_library(paths: AppPaths) -> list[CardInfo]:
    """Every card, in order: shipped guided practices, the timer, then the person's own.

    Runs on a worker thread. The practice listing remembers what it found in
    files that have not changed, so a usual start parses nothing.
    """
    from kindaudio.audio import MAX_MINUTES, MIN_MINUTES, format_minutes
    from kindaudio.script.catalogue import list_practices

    shipped: list[CardInfo] = []
    own: list[CardInfo] = []
    for listing in list_practices(paths):
        entry = listing.file
        mine = entry.origin == "yours"
        if not mine and entry.id == TIMER_PRACTICE_ID:
            continue  # the timer has a card of its own, with any length
        if listing.problems:
            problems = tuple(printable(f"{Path(d.path).name}:{d.line}:{d.column}: {d.message}")
                             for d in listing.problems)
            card = CardInfo("broken", printable(entry.path.name), "", "", mine, entry.path, problems)
        else:
            # A practice may have come in a pack from someone else: a right-to-left override or a control
            # character in its title shows spelt out (\u202e), as in the import window, never acted on.
            card = CardInfo("practice", printable(listing.title), printable(listing.summary, multiline=True),
                            lengths_text(listing.lengths), mine, entry.path, practice_id=entry.id,
                            author=printable(listing.author), for_whom=printable(listing.for_whom),
                            from_template=listing.from_template)
        (own if mine else shipped).append(card)
    timer = CardInfo("timer", TIMER_TITLE, TIMER_SUMMARY,
                     f"Any length from {format_minutes(MIN_MINUTES)} to {format_minutes(MAX_MINUTES)}", False,
                     practice_id=TIMER_PRACTICE_ID)
    return [*shipped, timer, *own]
