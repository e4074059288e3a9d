"""Written entries as plain frozen values, checked on creation so no bad text reaches the file.

An entry is what a person wrote on the Journal page or with `kindaudio write`:
the answers to one writing kind's prompts (`kindaudio.journal.writing`), the day
it is about, optionally the session or check-in it belongs to and how they felt
before and after writing. Each answer keeps its prompt's label, so an entry
still reads as written when a kind changes or a pack's kind is gone.

Private by default: `shared` is the person's own "include when I share with my
therapist" mark, and exports leave an entry out unless it is set (or the person
asks for all of them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from kindaudio.common.errors import UserInputError

# Generous: about forty printed pages in one entry. A longer text is refused with this number in the message.
MAX_ENTRY_CHARS = 100_000
MAX_ANSWERS = 12
MAX_LABEL_CHARS = 200
MAX_KIND_CHARS = 64
VALENCE_RANGE = (-3, 3)
# Unicode's control characters (category Cc) but for line feed and tab, and lone surrogates (Cs).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: object, what: str, *, limit: int = MAX_ENTRY_CHARS) -> str:
    """Text as stored: line ends made "\\n", no other control characters, at most `limit` characters.

    Raises UserInputError saying what and where (the character's position) and what to do.
    """
    if not isinstance(text, str):
        raise UserInputError(f"{what} must be text, not {type(text).__name__}.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = _FORBIDDEN.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise UserInputError(
            f"{what} holds a control character (U+{ord(found.group()):04X}) on line {line}; nothing was saved.",
            hint="Remove it (it may have come with pasted text) and try again.")
    if len(text) > limit:
        raise UserInputError(f"{what} is {len(text):,} characters long; at most {limit:,} fit there.",
                             hint="You might split it into two entries; nothing was saved.")
    return text


def check_valence(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not VALENCE_RANGE[0] <= value <= VALENCE_RANGE[1]:
        raise UserInputError(f"{what} must be a whole number from -3 (very unpleasant) to 3 (very pleasant), "
                             f"not {value!r}.")
    return value


@dataclass(frozen=True)
class Answer:
    """One prompt's answer: its key in the kind, the label it was written under, the text (may be empty)."""

    key: str
    label: str
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", clean_text(self.key, "An answer's key", limit=MAX_KIND_CHARS))
        object.__setattr__(self, "label", clean_text(self.label, "An answer's label", limit=MAX_LABEL_CHARS))
        object.__setattr__(self, "text", clean_text(self.text, f"The answer “{self.label[:40]}”"))


@dataclass(frozen=True)
class EntryDraft:
    """What a person writes; checked on creation (the total length too). Every field may stay empty."""

    kind: str
    kind_title: str
    answers: tuple[Answer, ...] = ()
    day: date | None = None  # the day it is about; None: today (local)
    session_id: int | None = None
    check_in_id: int | None = None
    valence_before: int | None = None
    valence_after: int | None = None
    shared: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", clean_text(self.kind, "The kind of writing", limit=MAX_KIND_CHARS))
        object.__setattr__(self, "kind_title", clean_text(self.kind_title, "The kind's title",
                                                          limit=MAX_LABEL_CHARS))
        answers = tuple(self.answers)
        if not all(isinstance(answer, Answer) for answer in answers):
            raise UserInputError("An entry's answers must be Answer values.")
        if len(answers) > MAX_ANSWERS:
            raise UserInputError(f"An entry has at most {MAX_ANSWERS} answers, not {len(answers)}.")
        if len({answer.key for answer in answers}) != len(answers):
            raise UserInputError("Two answers of one entry have the same key.")
        total = sum(len(answer.text) for answer in answers)
        if total > MAX_ENTRY_CHARS:
            raise UserInputError(f"This entry is {total:,} characters long; an entry keeps at most "
                                 f"{MAX_ENTRY_CHARS:,}.", hint="You might split it into two entries; nothing was "
                                 "saved.")
        object.__setattr__(self, "answers", answers)
        object.__setattr__(self, "valence_before", check_valence(self.valence_before, "The mood before writing"))
        object.__setattr__(self, "valence_after", check_valence(self.valence_after, "The mood after writing"))
        object.__setattr__(self, "shared", bool(self.shared))
        if self.day is not None and not isinstance(self.day, date):
            raise UserInputError("An entry's day must be a date.")

    @property
    def body(self) -> str:
        """The answers' text, one after another: what search reads."""
        return "\n\n".join(answer.text for answer in self.answers if answer.text.strip())

    @property
    def is_empty(self) -> bool:
        return not self.body.strip()


@dataclass(frozen=True)
class Entry:
    """An entry as the journal holds it."""

    id: int
    kind: str
    kind_title: str
    answers: tuple[Answer, ...]
    day: date  # local
    created_at: datetime  # aware UTC
    updated_at: datetime  # aware UTC
    session_id: int | None = None
    check_in_id: int | None = None
    valence_before: int | None = None
    valence_after: int | None = None
    shared: bool = False
    session_title: str = field(default="", compare=False)  # the linked session's practice, when there is one

    @property
    def body(self) -> str:
        return "\n\n".join(answer.text for answer in self.answers if answer.text.strip())

    @property
    def first_line(self) -> str:
        """The first words written, for lists ("" when nothing is written yet)."""
        for answer in self.answers:
            for line in answer.text.splitlines():
                if line.strip():
                    return line.strip()
        return ""

    def draft(self) -> EntryDraft:
        """This entry as a draft, to change and save again."""
        return EntryDraft(self.kind, self.kind_title, self.answers, self.day, self.session_id, self.check_in_id,
                          self.valence_before, self.valence_after, self.shared)
