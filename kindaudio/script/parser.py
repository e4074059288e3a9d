"""From a practice file to a Practice: the whole reading pipeline in order.

bytes -> text (size, UTF-8) -> front matter + body -> template filled in ->
sections -> checks that need the whole (not empty, offered lengths reachable).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kindaudio.script.body import parse_body
from kindaudio.script.durations import format_clock
from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.frontmatter.header import parse_header
from kindaudio.script.frontmatter.split import split_source
from kindaudio.script.ids import default_id
from kindaudio.script.model import Practice
from kindaudio.script.source import decode_source, read_source
from kindaudio.script.templating.line_map import LineMap
from kindaudio.script.templating.render import render_body, resolve_values
from kindaudio.script.timing import estimated_range

# In the text to speak: C0 and C1 controls but tab and line break, and lone surrogates (a template's "\ud800").
_UNSAYABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def load_practice(path: Path | str, values: Mapping[str, Any] | None = None) -> Practice:
    """Read and parse a practice file; raises ScriptError naming file:line:col."""
    path = Path(path)
    return parse_practice(read_source(path), path, values)


def parse_practice(source: bytes | str, path: Path | str, values: Mapping[str, Any] | None = None) -> Practice:
    """Parse practice text. `path` names the file in messages and gives the default id."""
    path = Path(path)
    shown = str(path)
    sink = DiagnosticSink(shown)
    # surrogatepass: text holding a lone surrogate becomes bytes decode_source refuses at their line and column
    data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    text = decode_source(data, shown)

    split = split_source(text, sink)
    header = parse_header(split, sink) if split is not None else None
    if split is None or header is None:
        sink.raise_if_any()
        raise AssertionError("unreachable: no header and no diagnostic")
    given = dict(values or {})
    problems_before = sink.count
    resolved = resolve_values(header.variables, given, sink)
    if sink.count > problems_before:
        sink.raise_if_any()  # a template cannot be filled in without its values
    rendered = render_body(split.body, split.body_line, header.variables, resolved, sink,
                           report_line=split.after_front_matter)
    if rendered is None:
        sink.raise_if_any()
        raise AssertionError("unreachable: no body and no diagnostic")
    body_text, line_map = rendered
    _refuse_unsayable(body_text, line_map, sink)
    problems_before = sink.count
    sections = parse_body(body_text, line_map, header.title or path.stem, sink)
    if sink.count == problems_before and not sections:
        sink.error(split.after_front_matter, 1,
                   "the practice is empty: after the front matter there is no text to speak and no pause or bell")
    sink.raise_if_any()

    practice = Practice(
        id=header.id or default_id(path),
        title=header.title,
        summary=header.summary,
        lengths=header.lengths,
        pace=header.pace,
        sections=sections,
        variables=header.variables,
        source=path,
        content_hash=_content_hash(data, resolved),
        author=header.author,
        made_from=header.made_from,
        for_whom=header.for_whom,
        notes=header.notes,
    )
    estimated = estimated_range(practice)
    for minutes, pos in zip(header.lengths, header.length_positions, strict=True):
        if not estimated.reaches(minutes * 60):
            sink.error(pos.line, pos.column,
                       f"the practice cannot last {minutes} min: it reaches about "
                       f"{format_clock(estimated.shortest)} to {format_clock(estimated.longest)} "
                       "(change the elastic pauses or the offered lengths)")
    sink.raise_if_any()
    if not practice.lengths:
        shortest = estimated.whole_minutes()
        if shortest:
            practice = _with_lengths(practice, (shortest[0],))
    return practice


def _refuse_unsayable(text: str, line_map: LineMap, sink: DiagnosticSink) -> None:
    """Control characters and half character pairs (from a file, or made by a template) cannot be spoken or saved."""
    found = _UNSAYABLE.search(text)
    if found is None:
        return
    line_index = text.count("\n", 0, found.start())
    pos = line_map.pos(line_index, found.start() - (text.rfind("\n", 0, found.start()) + 1))
    char = found.group()
    what = (f"half of a character pair (U+{ord(char):04X}), which cannot be saved as UTF-8"
            if "\ud800" <= char <= "\udfff" else f"the control character U+{ord(char):04X}")
    sink.error(pos.line, pos.column, f"the text holds {what}; remove it")
    sink.raise_if_any()


def _content_hash(data: bytes, values: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(data)
    if values:
        digest.update(json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in sorted(values.items())},
                                 sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _with_lengths(practice: Practice, lengths: tuple[int, ...]) -> Practice:
    return dataclasses.replace(practice, lengths=lengths)
