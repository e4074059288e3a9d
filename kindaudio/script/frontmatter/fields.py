"""The checks of the front matter's top-level keys, one function per key.

Each takes the constructed YAML data and its nodes (for positions), reports
what is wrong to the sink and returns what can be used, or a harmless default,
so one reading finds every mistake. The `variables:` key has a module of its
own (variables.py).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from kindaudio.script.durations import DurationError, parse_duration
from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.frontmatter.nodes import Items, NodePositions, mapping_items, suggestion
from kindaudio.script.frontmatter.variables import VARIABLE_NAME
from kindaudio.script.ids import ID_PATTERN, MAX_ID_CHARS
from kindaudio.script.model import MadeFrom, Pace, SourcePos, VariableValue

PACE_KEYS = ("rate", "sentence_gap", "paragraph_gap", "section_gap")
MADE_FROM_KEYS = ("template", "values")

MAX_LENGTH_MINUTES = 600
MAX_LENGTHS = 60  # offered lengths; one a minute up to an hour is already more than a menu shows
RATE_RANGE = (60, 400)
MAX_GAP_SECONDS = 60.0
MAX_NAME_CHARS = 200  # author, for_whom: a name or a short line, shown on a card
MAX_NOTES_CHARS = 10_000


def text_field(data: dict[str, Any], items: Items, key: str, where: NodePositions,
               sink: DiagnosticSink, *, required: bool = False, limit: int | None = None) -> str:
    if key not in data:
        if required:
            sink.error(where.split.fm_line, 1, f"the front matter needs '{key}: ...'")
        return ""
    value = data[key]
    pos = where.of(items[key][1])
    if not isinstance(value, str) or (required and not value.strip()):
        sink.error(pos.line, pos.column, f"'{key}' must be text" + (", not empty" if required else ""))
        return ""
    text = " ".join(value.split())
    if limit is not None and len(text) > limit:
        sink.error(pos.line, pos.column, f"'{key}' is {len(text):,} characters; at most {limit:,} fit")
        return ""
    return text


def notes_field(data: dict[str, Any], items: Items, where: NodePositions, sink: DiagnosticSink) -> str:
    """Notes keep their line breaks (a therapist may write a list); spaces at line ends go."""
    if "notes" not in data:
        return ""
    value = data["notes"]
    pos = where.of(items["notes"][1])
    if not isinstance(value, str):
        sink.error(pos.line, pos.column, "'notes' must be text; for several lines write 'notes: |' "
                                         "and the lines indented below it")
        return ""
    text = "\n".join(line.rstrip() for line in value.strip().split("\n"))
    if len(text) > MAX_NOTES_CHARS:
        sink.error(pos.line, pos.column, f"'notes' is {len(text):,} characters; at most {MAX_NOTES_CHARS:,} fit")
        return ""
    return text


def made_from_field(data: dict[str, Any], items: Items, where: NodePositions,
                    sink: DiagnosticSink) -> MadeFrom | None:
    """`made_from: {template: id, values: {name: value}}`, checked for shape only.

    Whether the values still fit the template is the builder's question when it
    reopens the practice; a practice plays the same either way.
    """
    if "made_from" not in data:
        return None
    node = items["made_from"][1]
    value = data["made_from"]
    example = "e.g. {template: loving-kindness-phrases, values: {phrase: May I rest}}"
    if not isinstance(value, dict):
        pos = where.of(node)
        sink.error(pos.line, pos.column, f"'made_from' must be a mapping, {example}")
        return None
    parts = mapping_items(node)
    ok = True
    for key, (key_node, _value) in parts.items():
        if key not in MADE_FROM_KEYS:
            kpos = where.of(key_node)
            sink.error(kpos.line, kpos.column,
                       f"unknown key '{key}' in 'made_from'{suggestion(key, MADE_FROM_KEYS, sink)}")
            ok = False
    template = value.get("template")
    if "template" not in parts:
        pos = where.of(node)
        sink.error(pos.line, pos.column, f"'made_from' needs the template's id, {example}")
        ok = False
    elif not isinstance(template, str) or not ID_PATTERN.fullmatch(template):
        pos = where.of(parts["template"][1])
        sink.error(pos.line, pos.column, "'made_from: template' must be a template id: lowercase letters, digits "
                                         "and single dashes, e.g. 'self-compassion-break'")
        ok = False
    values: dict[str, VariableValue] = {}
    if "values" in parts:
        values_node = parts["values"][1]
        raw_values = value["values"]
        if raw_values is None:
            raw_values = {}
        if not isinstance(raw_values, dict):
            pos = where.of(values_node)
            sink.error(pos.line, pos.column, "'made_from: values' must be a mapping of variable names to values")
            return None
        for name, (name_node, value_node) in mapping_items(values_node).items():
            converted = _made_from_value(name, raw_values[name], name_node, value_node, where, sink)
            if converted is None:
                ok = False
            else:
                values[name] = converted
    return MadeFrom(template, values) if ok and isinstance(template, str) else None


def _made_from_value(name: str, raw: Any, name_node: yaml.Node, value_node: yaml.Node,
                     where: NodePositions, sink: DiagnosticSink) -> VariableValue | None:
    if not VARIABLE_NAME.fullmatch(name):
        pos = where.of(name_node)
        sink.error(pos.line, pos.column, f"'{name}' is not a variable name; names are lowercase letters, "
                                         "digits and _, starting with a letter")
        return None
    if isinstance(raw, str | bool | int | float):
        return raw
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return tuple(raw)
    pos = where.of(value_node)
    sink.error(pos.line, pos.column, f"the value of '{name}' must be text, a number, true/false "
                                     "or a list of text")
    return None


def id_field(data: dict[str, Any], items: Items, where: NodePositions, sink: DiagnosticSink) -> str | None:
    if "id" not in data:
        return None
    value = data["id"]
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return value
    pos = where.of(items["id"][1])
    if isinstance(value, str) and len(value) > MAX_ID_CHARS:
        sink.error(pos.line, pos.column, f"'id' is {len(value):,} characters; an id has at most {MAX_ID_CHARS}")
        return None
    sink.error(pos.line, pos.column, "'id' must be lowercase letters, digits and single dashes, "
                                     "e.g. 'evening-body-scan'")
    return None


def lengths_field(data: dict[str, Any], items: Items, where: NodePositions,
                  sink: DiagnosticSink) -> tuple[tuple[int, ...], tuple[SourcePos, ...], SourcePos]:
    if "lengths" not in data:
        return (), (), SourcePos(where.split.fm_line, 1)
    key_node, node = items["lengths"]
    lengths_pos = where.of(key_node)
    value = data["lengths"]
    if not isinstance(value, list) or not value or not isinstance(node, yaml.SequenceNode):
        pos = where.of(node)
        sink.error(pos.line, pos.column, "'lengths' must be a list of whole minutes, e.g. [10, 20, 45]")
        return (), (), lengths_pos
    if len(value) > MAX_LENGTHS:
        pos = where.of(node)
        sink.error(pos.line, pos.column, f"'lengths' offers {len(value):,} lengths; a practice offers at most "
                                         f"{MAX_LENGTHS}, e.g. [10, 20, 45]")
        return (), (), lengths_pos
    lengths: list[int] = []
    positions: list[SourcePos] = []
    listed: set[int] = set()
    for entry, entry_node in zip(value, node.value, strict=True):
        pos = where.of(entry_node)
        if isinstance(entry, bool) or not isinstance(entry, int) or not 1 <= entry <= MAX_LENGTH_MINUTES:
            sink.error(pos.line, pos.column,
                       f"a length is a whole number of minutes from 1 to {MAX_LENGTH_MINUTES}, not {entry!r}")
        elif entry in listed:
            sink.error(pos.line, pos.column, f"the length {entry} is listed twice")
        else:
            listed.add(entry)
            lengths.append(entry)
            positions.append(pos)
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    return tuple(lengths[i] for i in order), tuple(positions[i] for i in order), lengths_pos


def _seconds(value: Any) -> float:
    if isinstance(value, bool):
        raise DurationError("expected a duration such as 1.5s")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return parse_duration(value)
    raise DurationError("expected a duration such as 1.5s")


def pace_field(data: dict[str, Any], items: Items, where: NodePositions, sink: DiagnosticSink) -> Pace:
    default = Pace()
    if "pace" not in data:
        return default
    node = items["pace"][1]
    value = data["pace"]
    if not isinstance(value, dict):
        pos = where.of(node)
        sink.error(pos.line, pos.column, "'pace' must be a mapping, e.g. {rate: 120, sentence_gap: 1.5s}")
        return default
    fields: dict[str, Any] = {}
    for key, (key_node, value_node) in mapping_items(node).items():
        pos = where.of(value_node)
        raw = value[key]
        if key not in PACE_KEYS:
            kpos = where.of(key_node)
            sink.error(kpos.line, kpos.column, f"unknown pace key '{key}'{suggestion(key, PACE_KEYS, sink)}")
        elif key == "rate":
            low, high = RATE_RANGE
            if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
                sink.error(pos.line, pos.column, f"'rate' must be a whole number from {low} to {high}")
            else:
                fields[key] = raw
        else:
            try:
                seconds = _seconds(raw)
            except DurationError as exc:
                sink.error(pos.line, pos.column, f"'{key}': {exc}")
                continue
            if not 0 <= seconds <= MAX_GAP_SECONDS:
                sink.error(pos.line, pos.column, f"'{key}' must be between 0s and {MAX_GAP_SECONDS:g}s")
            else:
                fields[key] = seconds
    return dataclasses.replace(default, **fields)
