"""The parsed practice: an immutable model the rest of KindAudio reads.

A Practice is what a script *means*, independent of any voice or length:
sections of sentences, pauses and bells. Sentence ids are derived from the
sentence text alone, so a sentence keeps its id (and its cached audio and
recordings) when other sentences around it change. Two sentences with the same
text share an id, so one recording serves every repetition of a refrain.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


def normalise_text(text: str) -> str:
    """Collapse runs of whitespace; what is spoken and captioned."""
    return " ".join(text.split())


def sentence_id(text: str) -> str:
    """A stable id for a sentence: a short hash of its normalised text."""
    digest = hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=6)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where something starts in the source file (1-based line and column)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """The unit of synthesis, caching, captions and recordings."""

    id: str
    text: str
    pos: SourcePos
    paragraph: int  # counts paragraphs across the whole practice, from 0


@dataclass(frozen=True, slots=True)
class Pause:
    """Silence; elastic when max_seconds > min_seconds."""

    min_seconds: float
    max_seconds: float
    pos: SourcePos

    @property
    def elastic(self) -> bool:
        return self.max_seconds > self.min_seconds


@dataclass(frozen=True, slots=True)
class Bell:
    """One or more bell strikes."""

    strikes: int
    pos: SourcePos


Item = Sentence | Pause | Bell


@dataclass(frozen=True, slots=True)
class Section:
    """A chapter: in the player, the captions and exported files."""

    title: str
    items: tuple[Item, ...]
    pos: SourcePos

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(item for item in self.items if isinstance(item, Sentence))


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast the voice speaks and how much silence sits between sentences."""

    rate: int = 140
    sentence_gap: float = 1.0
    paragraph_gap: float = 2.5
    section_gap: float = 4.0


class VariableType(enum.Enum):
    TEXT = "text"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    BOOLEAN = "boolean"
    NUMBER = "number"


VariableValue = str | bool | int | float | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Variable:
    """A value a template asks for; declared in the front matter."""

    name: str
    label: str
    type: VariableType
    default: VariableValue | None
    help: str
    choices: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    pos: SourcePos

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class MadeFrom:
    """The template and values a practice was built from, so the builder can reopen it as a form.

    The values are kept as written in the file, not checked against the
    template: the template may have changed since, or not be known here at all.
    """

    template: str
    values: Mapping[str, VariableValue]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def __hash__(self) -> int:
        return hash((self.template, tuple(sorted(self.values.items()))))


@dataclass(frozen=True)
class Practice:
    """One practice, parsed and (for templates) filled in."""

    id: str
    title: str
    summary: str
    lengths: tuple[int, ...]  # minutes offered to the person
    pace: Pace
    sections: tuple[Section, ...]
    variables: tuple[Variable, ...] = ()
    source: Path | None = None
    content_hash: str = ""  # sha256 of the file bytes and the template values
    # About the practice, never spoken:
    author: str = ""  # who made it
    made_from: MadeFrom | None = None  # built from a template in the builder
    for_whom: str = ""  # who it was made for
    notes: str = ""  # the therapist's notes
    sentences: tuple[Sentence, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "sentences", tuple(s for section in self.sections for s in section.sentences)
        )

    @property
    def is_template(self) -> bool:
        return bool(self.variables)

    def unique_sentences(self) -> tuple[Sentence, ...]:
        """Each distinct sentence once, in order of first appearance."""
        seen: dict[str, Sentence] = {}
        for sentence in self.sentences:
            seen.setdefault(sentence.id, sentence)
        return tuple(seen.values())
