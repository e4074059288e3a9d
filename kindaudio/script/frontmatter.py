"""The YAML front matter of a practice: split, parse, check, with positions.

python-frontmatter finds the boundaries; PyYAML's node tree gives the line and
column of every key and value, so a mistake is reported where it stands.
"""

from __future__ import annotations

import dataclasses
import difflib
import keyword
import re
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml

from kindaudio.script.durations import DurationError, parse_duration
from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.ids import ID_PATTERN
from kindaudio.script.model import MadeFrom, Pace, SourcePos, Variable, VariableType, VariableValue
from kindaudio.script.values import ValueProblem, coerce_value

KNOWN_KEYS = ("id", "title", "summary", "author", "lengths", "pace", "variables", "made_from", "for_whom", "notes")
PACE_KEYS = ("rate", "sentence_gap", "paragraph_gap", "section_gap")
VARIABLE_KEYS = ("label", "type", "default", "help", "choices", "min", "max")
MADE_FROM_KEYS = ("template", "values")

VARIABLE_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# Names Jinja2 gives a meaning of its own inside templates.
RESERVED_NAMES = frozenset({"true", "false", "none", "loop", "range", "self", "super", "caller", "varargs", "kwargs"})

MAX_LENGTH_MINUTES = 600
RATE_RANGE = (60, 400)
MAX_GAP_SECONDS = 60.0
MAX_NAME_CHARS = 200  # author, for_whom: a name or a short line, shown on a card
MAX_NOTES_CHARS = 10_000

_HANDLER = frontmatter.YAMLHandler()
_UNCLOSED = {"quoted scalar": "the quote", "flow sequence": "the [ list", "flow mapping": "the { mapping"}


@dataclass(frozen=True)
class Header:
    """What the front matter says, checked."""

    id: str | None
    title: str
    summary: str
    author: str
    lengths: tuple[int, ...]
    length_positions: tuple[SourcePos, ...]
    lengths_pos: SourcePos
    pace: Pace
    variables: tuple[Variable, ...]
    for_whom: str = ""
    notes: str = ""
    made_from: MadeFrom | None = None


@dataclass(frozen=True)
class SplitSource:
    front_matter: str
    fm_line: int  # file line of the front matter text's first character
    fm_column: int
    body: str
    body_line: int  # file line of the body's first character
    closing_line: int  # file line of the front matter's closing ---

    @property
    def after_front_matter(self) -> int:
        """The first line after the closing ---: where file-level body problems are reported."""
        return self.closing_line + 1


def split_source(text: str, sink: DiagnosticSink) -> SplitSource | None:
    """Separate front matter from body; None (with a diagnostic) when impossible."""
    if not _HANDLER.detect(text):
        sink.error(1, 1, "expected front matter first: a line with ---, then at least "
                         "'title: ...', then another line with ---")
        return None
    try:
        fm_text, body = _HANDLER.split(text)
    except ValueError:
        sink.error(1, 1, "the front matter opened here is never closed; add a line with --- after it")
        return None
    fm_start = text.index(fm_text) if fm_text else text.index("\n")
    fm_line = text.count("\n", 0, fm_start) + 1
    fm_column = fm_start - (text.rfind("\n", 0, fm_start) + 1) + 1
    body_start = len(text) - len(body)
    body_line = text.count("\n", 0, body_start) + 1
    closing = text.rfind("---", 0, body_start)
    return SplitSource(fm_text, fm_line, fm_column, body, body_line, text.count("\n", 0, closing) + 1)


class _Positions:
    """Maps YAML nodes to file positions."""

    def __init__(self, split: SplitSource) -> None:
        self.split = split

    def of(self, node: yaml.Node | None) -> SourcePos:
        if node is None:
            return SourcePos(self.split.fm_line, 1)
        mark = node.start_mark
        column = mark.column + 1 + (self.split.fm_column - 1 if mark.line == 0 else 0)
        return SourcePos(self.split.fm_line + mark.line, column)


def _mapping_items(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key text -> (key node, value node) for a YAML mapping node."""
    return {str(key.value): (key, value) for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}


def _duplicate_keys(node: yaml.Node, where: _Positions, sink: DiagnosticSink) -> None:
    """YAML lets a later key silently replace an earlier one; say so instead."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if str(key.value) in seen:
                pos = where.of(key)
                sink.error(pos.line, pos.column, f"'{key.value}' is given twice; keep one")
            seen.add(str(key.value))
            _duplicate_keys(value, where, sink)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, where, sink)


def _suggest(word: str, options: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; known keys are {', '.join(options)}"


def parse_header(split: SplitSource, sink: DiagnosticSink) -> Header | None:
    """Check the front matter. Problems go to `sink`; None when unusable."""
    where = _Positions(split)
    loader = yaml.SafeLoader(split.front_matter)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = str(getattr(exc, "context", "") or "")
        if ("end of stream" in problem or "stream end" in problem) and getattr(exc, "context_mark", None):
            # Something unclosed: where it opened says more than where the text ends.
            mark = exc.context_mark  # type: ignore[attr-defined]
            opened = next((name for key, name in _UNCLOSED.items() if key in context), "something")
            problem = f"{opened} opened here is never closed"
        pos = where.of(None) if mark is None else SourcePos(split.fm_line + mark.line, mark.column + 1)
        sink.error(pos.line, pos.column, f"the front matter is not valid YAML: {problem}")
        return None
    finally:
        loader.dispose()

    if not isinstance(data, dict) or root is None:
        pos = where.of(root)
        sink.error(pos.line, pos.column, "the front matter must be a mapping of keys to values, "
                                         "starting with e.g. 'title: My practice'")
        return None

    _duplicate_keys(root, where, sink)
    items = _mapping_items(root)
    for key, (key_node, _value) in items.items():
        if key not in KNOWN_KEYS:
            pos = where.of(key_node)
            sink.error(pos.line, pos.column, f"unknown key '{key}'{_suggest(key, KNOWN_KEYS)}")

    title = _text_field(data, items, "title", where, sink, required=True)
    summary = _text_field(data, items, "summary", where, sink)
    author = _text_field(data, items, "author", where, sink, limit=MAX_NAME_CHARS)
    for_whom = _text_field(data, items, "for_whom", where, sink, limit=MAX_NAME_CHARS)
    notes = _notes_field(data, items, where, sink)
    made_from = _made_from_field(data, items, where, sink)
    practice_id = _id_field(data, items, where, sink)
    lengths, length_positions, lengths_pos = _lengths_field(data, items, where, sink)
    pace = _pace_field(data, items, where, sink)
    variables = _variables_field(data, items, where, sink)
    return Header(practice_id, title, summary, author, lengths, length_positions, lengths_pos, pace, variables,
                  for_whom, notes, made_from)


def _text_field(data: dict[str, Any], items: dict, key: str, where: _Positions,
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


def _notes_field(data: dict[str, Any], items: dict, where: _Positions, sink: DiagnosticSink) -> str:
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


def _made_from_field(data: dict[str, Any], items: dict, where: _Positions,
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
    parts = _mapping_items(node)
    ok = True
    for key, (key_node, _value) in parts.items():
        if key not in MADE_FROM_KEYS:
            kpos = where.of(key_node)
            sink.error(kpos.line, kpos.column, f"unknown key '{key}' in 'made_from'{_suggest(key, MADE_FROM_KEYS)}")
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
        for name, (name_node, value_node) in _mapping_items(values_node).items():
            converted = _made_from_value(name, raw_values[name], name_node, value_node, where, sink)
            if converted is None:
                ok = False
            else:
                values[name] = converted
    return MadeFrom(template, values) if ok and isinstance(template, str) else None


def _made_from_value(name: str, raw: Any, name_node: yaml.Node, value_node: yaml.Node,
                     where: _Positions, sink: DiagnosticSink) -> VariableValue | None:
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


def _id_field(data: dict[str, Any], items: dict, where: _Positions, sink: DiagnosticSink) -> str | None:
    if "id" not in data:
        return None
    value = data["id"]
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return value
    pos = where.of(items["id"][1])
    sink.error(pos.line, pos.column, "'id' must be lowercase letters, digits and single dashes, "
                                     "e.g. 'evening-body-scan'")
    return None


def _lengths_field(data: dict[str, Any], items: dict, where: _Positions,
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
    lengths: list[int] = []
    positions: list[SourcePos] = []
    for entry, entry_node in zip(value, node.value, strict=True):
        pos = where.of(entry_node)
        if isinstance(entry, bool) or not isinstance(entry, int) or not 1 <= entry <= MAX_LENGTH_MINUTES:
            sink.error(pos.line, pos.column,
                       f"a length is a whole number of minutes from 1 to {MAX_LENGTH_MINUTES}, not {entry!r}")
        elif entry in lengths:
            sink.error(pos.line, pos.column, f"the length {entry} is listed twice")
        else:
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


def _pace_field(data: dict[str, Any], items: dict, where: _Positions, sink: DiagnosticSink) -> Pace:
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
    for key, (key_node, value_node) in _mapping_items(node).items():
        pos = where.of(value_node)
        raw = value[key]
        if key not in PACE_KEYS:
            kpos = where.of(key_node)
            sink.error(kpos.line, kpos.column, f"unknown pace key '{key}'{_suggest(key, PACE_KEYS)}")
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


def _variables_field(data: dict[str, Any], items: dict, where: _Positions,
                     sink: DiagnosticSink) -> tuple[Variable, ...]:
    if "variables" not in data:
        return ()
    node = items["variables"][1]
    if not isinstance(data["variables"], dict):
        pos = where.of(node)
        sink.error(pos.line, pos.column, "'variables' must be a mapping of names to declarations")
        return ()
    variables = []
    for name, (key_node, spec_node) in _mapping_items(node).items():
        variable = _variable(name, data["variables"][name], key_node, spec_node, where, sink)
        if variable is not None:
            variables.append(variable)
    return tuple(variables)


def _variable(name: str, spec: Any, key_node: yaml.Node, spec_node: yaml.Node,
              where: _Positions, sink: DiagnosticSink) -> Variable | None:
    pos = where.of(key_node)
    if not VARIABLE_NAME.fullmatch(name) or keyword.iskeyword(name) or name in RESERVED_NAMES:
        sink.error(pos.line, pos.column, f"'{name}' cannot be a variable name; use lowercase letters, "
                                         "digits and _, starting with a letter")
        return None
    if not isinstance(spec, dict):
        sink.error(pos.line, pos.column, f"variable '{name}' needs a mapping, e.g. "
                                         "{label: \"Your phrase\", type: text, default: \"...\"}")
        return None
    ok = True
    for key, (k_node, _v) in _mapping_items(spec_node).items():
        if key not in VARIABLE_KEYS:
            kpos = where.of(k_node)
            sink.error(kpos.line, kpos.column, f"unknown key '{key}' for variable '{name}'"
                                               f"{_suggest(key, VARIABLE_KEYS)}")
            ok = False
    type_name = spec.get("type", "text")
    try:
        vtype = VariableType(type_name)
    except ValueError:
        sink.error(pos.line, pos.column, f"variable '{name}' has unknown type {type_name!r}; types are "
                                         + ", ".join(t.value for t in VariableType))
        return None
    label = spec.get("label", name)
    help_text = spec.get("help", "")
    if not isinstance(label, str) or not isinstance(help_text, str):
        sink.error(pos.line, pos.column, f"variable '{name}': 'label' and 'help' must be text")
        ok = False
    choices_raw = spec.get("choices", [])
    choices: tuple[str, ...] = ()
    if vtype in (VariableType.CHOICE, VariableType.MULTICHOICE):
        if not isinstance(choices_raw, list) or not choices_raw or not all(isinstance(c, str) for c in choices_raw):
            sink.error(pos.line, pos.column, f"variable '{name}' of type {vtype.value} needs 'choices': a list of text")
            ok = False
        else:
            choices = tuple(choices_raw)
    elif "choices" in spec:
        sink.error(pos.line, pos.column, f"variable '{name}': only choice and multichoice variables have choices")
        ok = False
    minimum, maximum = spec.get("min"), spec.get("max")
    for bound in (minimum, maximum):
        if bound is not None and (vtype is not VariableType.NUMBER or isinstance(bound, bool)
                                  or not isinstance(bound, int | float)):
            sink.error(pos.line, pos.column, f"variable '{name}': 'min' and 'max' are numbers, for number variables")
            ok = False
    if ok and minimum is not None and maximum is not None and minimum > maximum:
        sink.error(pos.line, pos.column, f"variable '{name}': min {minimum} is greater than max {maximum}")
        ok = False
    if not ok:
        return None
    variable = Variable(name, str(label), vtype, None, str(help_text), choices,
                        None if minimum is None else float(minimum),
                        None if maximum is None else float(maximum), pos)
    if "default" in spec and spec["default"] is not None:
        try:
            default: VariableValue = coerce_value(variable, spec["default"])
        except ValueProblem as exc:
            sink.error(pos.line, pos.column, f"default of variable '{name}': {exc}")
            return None
        variable = dataclasses.replace(variable, default=default)
    return variable
