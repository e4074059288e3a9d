"""A therapist's own lines in a practice, and a copy of the practice without them for a pack.

A practice made for a client may say whom it is for (`for_whom:`) and carry
the therapist's notes (`notes:`), both in its front matter. A pack carries
the practice file as it is, so both would reach the recipient; the sender is
told so (the share dialog, `kindaudio pack export`) and may leave them out.
Leaving them out takes exactly those lines out of the front matter and keeps
every other byte, comments included (the recordings stay matched: a sentence's
id comes from its words). A front matter laid out so that the lines cannot be
taken out alone (a one-line `{...}` mapping) is written out again without the
two keys. Either way the copy is read back and must be the same practice but
for the two fields, or nothing is packed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from kindaudio.common.errors import UserInputError
from kindaudio.pack.practice_text import PracticeText, read_practice_text
from kindaudio.script.errors import DiagnosticSink, ScriptError
from kindaudio.script.frontmatter.split import SplitSource, split_source
from kindaudio.script.frontmatter.writer import front_matter_text
from kindaudio.script.source import decode_source

log = logging.getLogger(__name__)

PRIVATE_KEYS = ("for_whom", "notes")


@dataclass(frozen=True)
class PrivateNotes:
    """What the practice says about whom it is for, and the therapist's notes ("" when it says nothing)."""

    for_whom: str = ""
    notes: str = ""

    def __bool__(self) -> bool:
        return bool(self.for_whom or self.notes)


def private_notes(text: PracticeText) -> PrivateNotes:
    return PrivateNotes(text.practice.for_whom, text.practice.notes)


def without_private_notes(source: bytes, shown: Path | str) -> bytes:
    """The practice file without its `for_whom:` and `notes:` (`source` itself when it has neither)."""
    before = read_practice_text(source, shown)
    if not private_notes(before):
        return source
    text = decode_source(source, str(shown))
    split = split_source(text, DiagnosticSink(str(shown)))
    if split is None:  # it was read above, so it has a front matter
        raise UserInputError(f"{shown}: its notes could not be left out; nothing was packed")
    root = yaml.compose(split.front_matter, Loader=yaml.SafeLoader)
    cut = _cut_lines(text, split, root)
    if cut is not None and _same_but_notes(before, cut, shown):
        return cut
    rewritten = _written_again(split)
    if _same_but_notes(before, rewritten, shown):
        log.info("the practice's front matter was written again to leave its notes out")
        return rewritten
    raise UserInputError(f"{shown}: its notes and whom it is for could not be left out of the pack; "
                         "nothing was packed",
                         hint="You might delete the 'notes:' and 'for_whom:' lines from a copy of the practice "
                              "and share that copy.")


def _cut_lines(text: str, split: SplitSource, root: yaml.Node | None) -> bytes | None:
    """The file with the lines of the private keys taken out; None when they share lines with other keys."""
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    lines = text.split("\n")
    offset = split.fm_line - 1  # the front matter's first line, as an index into the file's lines
    starts = [key.start_mark.line for key, _value in root.value]
    drop: set[int] = set()
    for index, (key, value) in enumerate(root.value):
        if not isinstance(key, yaml.ScalarNode) or key.value not in PRIVATE_KEYS:
            continue
        first = key.start_mark.line
        last = value.end_mark.line if value.end_mark.column == 0 else value.end_mark.line + 1  # exclusive
        before = root.value[index - 1][1].end_mark if index else None
        shares_a_line = (key.start_mark.column != 0 or any(first < start < last for start in starts)
                         or (before is not None and before.line - (before.column == 0) >= first))
        if shares_a_line:
            return None
        drop.update(range(offset + first, offset + max(last, first + 1)))
    kept = [line for number, line in enumerate(lines) if number not in drop]
    return "\n".join(kept).encode("utf-8")


def _written_again(split: SplitSource) -> bytes:
    data = yaml.safe_load(split.front_matter) or {}
    fields = {key: value for key, value in data.items() if key not in PRIVATE_KEYS}
    return (front_matter_text(fields) + split.body.removeprefix("\n")).encode("utf-8")


def _same_but_notes(before: PracticeText, after_bytes: bytes, shown: Path | str) -> bool:
    """Whether `after_bytes` is the practice of `before` with no notes and no "for whom", and nothing else changed."""
    try:
        after = read_practice_text(after_bytes, shown)
    except ScriptError:
        return False
    old, new = before.practice, after.practice
    return (new.for_whom == "" and new.notes == "" and before.declared_id == after.declared_id
            and before.author == after.author
            and (old.id, old.title, old.summary, old.lengths, old.pace, old.made_from)
            == (new.id, new.title, new.summary, new.lengths, new.pace, new.made_from)
            and [(s.title, [x.id for x in s.sentences]) for s in old.sections]
            == [(s.title, [x.id for x in s.sentences]) for s in new.sections]
            and [(v.name, v.label, v.default) for v in old.variables]
            == [(v.name, v.label, v.default) for v in new.variables])
