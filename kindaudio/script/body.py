"""The body of a practice: sections, paragraphs, sentences and marks.

Works on text whose characters each know their source position (see
templating.line_map.LineMap), so every mistake is reported at file:line:col.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from kindaudio.script.durations import DurationError, format_duration, parse_duration
from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.model import Bell, Item, Pause, Section, Sentence, SourcePos, normalise_text, sentence_id
from kindaudio.script.sentences import split_sentences
from kindaudio.script.templating.line_map import LineMap

ESCAPABLE = frozenset("\\[]#*_<")
EMPHASIS = frozenset("*_")
MARK_NAMES = ("pause", "bell")
MAX_PAUSE_SECONDS = 3 * 3600
MAX_BELL_STRIKES = 9
_STRIKES = re.compile(r"[0-9]{1,2}")  # ASCII digits only: "²".isdigit() is true, int("²") fails
MARKS_HELP = "marks are [pause 5s], [pause 20s..2m], [bell] and [bell 3]; write \\[ for a bracket"


@dataclass
class _Paragraph:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (text line index, text)


@dataclass
class _OpenSection:
    title: str
    pos: SourcePos | None
    items: list[Item] = field(default_factory=list)
    had_errors: bool = False


def parse_body(text: str, line_map: LineMap, practice_title: str, sink: DiagnosticSink) -> tuple[Section, ...]:
    """Sections of the practice; mistakes go to `sink`."""
    lines, comment_lines = _strip_comments(text, line_map, sink)
    sections: list[_OpenSection] = [_OpenSection(practice_title, None)]
    paragraph = _Paragraph()
    paragraph_count = 0

    def flush() -> None:
        nonlocal paragraph, paragraph_count
        if paragraph.lines:
            problems_before = sink.count
            sections[-1].items.extend(_parse_paragraph(paragraph, paragraph_count, line_map, sink))
            sections[-1].had_errors |= sink.count > problems_before
            paragraph_count += 1
            paragraph = _Paragraph()

    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if index not in comment_lines:
                flush()
            continue
        if stripped.startswith("#"):
            flush()
            heading = _heading(line, index, line_map, sink)
            if heading is not None:
                sections.append(heading)
            continue
        paragraph.lines.append((index, line))
    flush()

    result: list[Section] = []
    for number, section in enumerate(sections):
        if not section.items:
            if number > 0 and not section.had_errors:  # its content was wrong, not missing
                pos = section.pos or SourcePos(1, 1)
                sink.error(pos.line, pos.column, f"the section '{section.title}' is empty; "
                                                 "add text or marks under it, or remove the heading")
            continue
        pos = section.pos or section.items[0].pos
        result.append(Section(section.title, tuple(section.items), pos))
    return tuple(result)


def _strip_comments(text: str, line_map: LineMap, sink: DiagnosticSink) -> tuple[list[str], set[int]]:
    """Blank out <!-- comments --> (keeping line breaks); lines that held one."""
    out: list[str] = []
    comment_lines: set[int] = set()
    line_index = 0
    line_start = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] != "\n":
            out.append(text[i:i + 2])
            i += 2
            continue
        if text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                pos = line_map.pos(line_index, i - line_start)
                sink.error(pos.line, pos.column, "this comment is never closed; add --> where it ends")
                end = len(text)
            else:
                end += 3
            for char_in_comment in text[i:end]:
                comment_lines.add(line_index)
                if char_in_comment == "\n":
                    out.append("\n")
                    line_index += 1
                    comment_lines.add(line_index)
                else:
                    out.append(" ")
            line_start = text.rfind("\n", 0, end) + 1 if "\n" in text[i:end] else line_start
            i = end
            continue
        if char == "\n":
            line_index += 1
            line_start = i + 1
        out.append(char)
        i += 1
    return "".join(out).split("\n"), comment_lines


def _heading(line: str, index: int, line_map: LineMap, sink: DiagnosticSink) -> _OpenSection | None:
    indent = len(line) - len(line.lstrip())
    hashes = len(line) - indent - len(line[indent:].lstrip("#"))
    rest = line[indent + hashes:]
    pos = line_map.pos(index, indent)
    if hashes != 2 or (rest and not rest[0].isspace()):
        if hashes == 1:
            sink.error(pos.line, pos.column, "a single # is not used; write '## ...' to open a section "
                                             "(the practice title goes in the front matter)")
        else:
            sink.error(pos.line, pos.column, "write section headings with exactly two #, like '## Settling'; "
                                             "write \\# for a # in the text")
        return None
    title = _unescape(rest.strip().rstrip("#").strip())
    if not title:
        sink.error(pos.line, pos.column, "a section heading needs a title after '## '")
        return None
    return _OpenSection(normalise_text(title), pos)


def _unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _parse_paragraph(paragraph: _Paragraph, number: int, line_map: LineMap,
                     sink: DiagnosticSink) -> list[Item]:
    """Text runs split into sentences, with marks between them, in order."""
    items: list[Item] = []
    run_chars: list[str] = []
    run_pos: list[tuple[int, int]] = []

    def end_run() -> None:
        if run_chars:
            items.extend(_sentences(run_chars, run_pos, number, line_map))
            run_chars.clear()
            run_pos.clear()

    for line_number, (index, line) in enumerate(paragraph.lines):
        if line_number and run_chars:
            run_chars.append(" ")
            run_pos.append((index, 0))
        i = 0
        while i < len(line):
            char = line[i]
            if char == "\\" and i + 1 < len(line) and line[i + 1] in ESCAPABLE:
                run_chars.append(line[i + 1])
                run_pos.append((index, i))
                i += 2
            elif char == "[":
                close = line.find("]", i + 1)
                pos = line_map.pos(index, i)
                if close < 0:
                    sink.error(pos.line, pos.column, "this mark is never closed; add ] on the same line, "
                                                     "or write \\[ for a bracket")
                    break
                end_run()
                mark = _parse_mark(line[i + 1:close], pos, line_map, index, i + 1, sink)
                if mark is not None:
                    items.append(mark)
                i = close + 1
            elif char in EMPHASIS:
                i += 1
            else:
                run_chars.append(char)
                run_pos.append((index, i))
                i += 1
    end_run()
    return items


def _sentences(chars: list[str], positions: list[tuple[int, int]], paragraph: int,
               line_map: LineMap) -> list[Sentence]:
    text = "".join(chars)
    sentences = []
    for start, end in split_sentences(text):
        spoken = normalise_text(text[start:end])
        if not any(c.isalnum() for c in spoken):
            continue  # stray punctuation left between marks says nothing
        line_index, column_index = positions[start]
        sentences.append(Sentence(sentence_id(spoken), spoken, line_map.pos(line_index, column_index), paragraph))
    return sentences


def _parse_mark(content: str, pos: SourcePos, line_map: LineMap, line_index: int, content_start: int,
                sink: DiagnosticSink) -> Item | None:
    words = content.split()
    if not words:
        sink.error(pos.line, pos.column, f"empty mark []; {MARKS_HELP}")
        return None
    name = words[0].lower()
    args = words[1:]
    if name == "pause":
        return _parse_pause(content, args, pos, line_map, line_index, content_start, sink)
    if name == "bell":
        if not args:
            return Bell(1, pos)
        if len(args) == 1 and _STRIKES.fullmatch(args[0]) and 1 <= int(args[0]) <= MAX_BELL_STRIKES:
            return Bell(int(args[0]), pos)
        sink.error(pos.line, pos.column, f"a bell is written [bell], or [bell 3] for 1 to {MAX_BELL_STRIKES} strikes")
        return None
    close = [] if sink.full else difflib.get_close_matches(name, MARK_NAMES, n=1, cutoff=0.5)  # only listed ones
    if close:
        suggestion = " ".join([close[0], *args])
        sink.error(pos.line, pos.column, f"unknown mark [{content.strip()}]; did you mean [{suggestion}]?")
    else:
        sink.error(pos.line, pos.column, f"unknown mark [{content.strip()}]; {MARKS_HELP}")
    return None


def _parse_pause(content: str, args: list[str], pos: SourcePos, line_map: LineMap, line_index: int,
                 content_start: int, sink: DiagnosticSink) -> Pause | None:
    if not args:
        sink.error(pos.line, pos.column, "a pause needs a duration, e.g. [pause 5s] or [pause 20s..2m]")
        return None
    spec = "".join(args)
    arg_pos = line_map.pos(line_index, content_start + content.index(args[0]))
    if ".." not in spec and any(sep in spec for sep in ("…", "-", "to")) and not spec.startswith("-"):
        sink.error(arg_pos.line, arg_pos.column,
                   f"write an elastic pause with two dots, like [pause 20s..2m], not [pause {' '.join(args)}]")
        return None
    low_text, elastic, high_text = spec.partition("..")
    if elastic and not (low_text and high_text):
        sink.error(arg_pos.line, arg_pos.column,
                   f"an elastic pause needs both ends, like [pause 20s..2m], not [pause {' '.join(args)}]")
        return None
    try:
        low = parse_duration(low_text)
        high = parse_duration(high_text) if high_text else low
    except DurationError as exc:
        sink.error(arg_pos.line, arg_pos.column, str(exc))
        return None
    if low > high:
        sink.error(arg_pos.line, arg_pos.column,
                   f"the elastic pause's minimum {format_duration(low)} is longer than its maximum "
                   f"{format_duration(high)}; write the shorter one first")
        return None
    if high > MAX_PAUSE_SECONDS:
        sink.error(arg_pos.line, arg_pos.column, f"a pause can be at most {format_duration(MAX_PAUSE_SECONDS)}")
        return None
    return Pause(low, high, pos)
