"""The practice file in a pack: parsed as any practice is, plus what its front matter declares.

The pack needs two things the Practice does not always carry: whether the file
declares its own `id:` (else its id comes from the file name it is saved
under), and its `author`, which older Practice objects do not hold. Both are
read from the front matter the parser has already accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.frontmatter.header import parse_header
from kindaudio.script.frontmatter.split import split_source
from kindaudio.script.model import Practice
from kindaudio.script.parser import parse_practice
from kindaudio.script.source import decode_source


@dataclass(frozen=True)
class PracticeText:
    practice: Practice
    declared_id: str | None  # the front matter's `id:`, if it has one
    author: str


def read_practice_text(data: bytes, shown: Path | str) -> PracticeText:
    """Parse practice bytes (ScriptError naming `shown`:line:col when they do not parse)."""
    practice = parse_practice(data, shown)
    sink = DiagnosticSink(str(shown))
    split = split_source(decode_source(data, str(shown)), sink)
    header = parse_header(split, sink) if split is not None else None
    declared = header.id if header is not None else None
    author = getattr(practice, "author", None)
    if not isinstance(author, str):
        author = header.author if header is not None else ""
    return PracticeText(practice, declared, author)
