"""Templates: `{{ variables }}` filled in by Jinja2's sandbox, positions kept.

A template body is rendered before it is parsed, so loops and conditions can
shape whole paragraphs. To report later mistakes at their place in the source,
every source line is prefixed with an invisible marker naming its line; the
markers survive rendering (copied by loops, dropped with false branches) and
are turned back into positions by `LineMap`. Values are escaped on the way out,
so a person's own phrase can never become a mark, heading or comment.
"""

from __future__ import annotations

import bisect
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.model import SourcePos, Variable, VariableValue
from kindaudio.script.values import ValueProblem, coerce_value

MAX_RENDERED_CHARS = 1_000_000

_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_TEMPLATE_NAME = "<practice>"
_SYNTAX = ("{{", "{%", "{#")
_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "#": "\\#", "*": "\\*", "_": "\\_",
                          "<": "\\<", "\n": " ", "\r": " ", _MARK_OPEN: "", _MARK_CLOSE: ""})


@dataclass
class LineMap:
    """Source positions for text lines: per line, anchors (column, line, column)."""

    anchors: list[list[tuple[int, int, int]]] = field(default_factory=list)

    @classmethod
    def identity(cls, line_count: int, first_line: int) -> LineMap:
        return cls([[(0, first_line + i, 1)] for i in range(line_count)])

    def pos(self, line_index: int, column_index: int) -> SourcePos:
        """Source position of 0-based `column_index` on 0-based text line `line_index`."""
        anchors = self.anchors[line_index]
        at = bisect.bisect_right(anchors, (column_index, float("inf"), 0)) - 1
        start, line, column = anchors[max(at, 0)]
        return SourcePos(line, column + column_index - start)


def has_template_syntax(body: str) -> bool:
    return any(token in body for token in _SYNTAX)


def _escape_value(value: Any) -> str:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return str(value).translate(_ESCAPES)


def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_escape_value,
    )


def resolve_values(variables: tuple[Variable, ...], given: Mapping[str, Any],
                   sink: DiagnosticSink) -> dict[str, VariableValue]:
    """Each variable's value: given, else its default; problems go to `sink`."""
    declared = {v.name: v for v in variables}
    for name in given:
        if name not in declared:
            known = ", ".join(declared) or "none"
            sink.error(1, 1, f"a value was given for '{name}', which this practice does not declare "
                             f"(its variables: {known})")
    values: dict[str, VariableValue] = {}
    for variable in variables:
        if variable.name in given:
            try:
                values[variable.name] = coerce_value(variable, given[variable.name])
            except ValueProblem as exc:
                sink.error(variable.pos.line, variable.pos.column,
                           f"value for '{variable.name}' ({variable.label}): {exc}")
        elif variable.default is not None:
            values[variable.name] = variable.default
        else:
            sink.error(variable.pos.line, variable.pos.column,
                       f"variable '{variable.name}' ({variable.label}) needs a value; it has no default")
    return values


def render_body(body: str, body_line: int, variables: tuple[Variable, ...],
                values: Mapping[str, VariableValue], sink: DiagnosticSink) -> tuple[str, LineMap] | None:
    """The body with templates filled in, and where each character came from.

    Returns None (with diagnostics in `sink`) when the template cannot render.
    """
    lines = body.split("\n")
    if not has_template_syntax(body):
        for variable in variables:
            sink.error(variable.pos.line, variable.pos.column,
                       f"variable '{variable.name}' is declared but never used; use it as "
                       f"{{{{ {variable.name} }}}} in the text or remove it")
        return body, LineMap.identity(len(lines), body_line)

    env = _environment()
    if not _check_tags(env, body, body_line, sink):
        return None
    try:
        ast = env.parse(body)
    except jinja2.TemplateSyntaxError as exc:
        sink.error(body_line + (exc.lineno or 1) - 1, 1, f"template error: {exc.message}")
        return None
    used = jinja2.meta.find_undeclared_variables(ast)
    declared = {v.name for v in variables}
    for name in sorted(used - declared):
        line, column = _first_use(env, body, name)
        sink.error(body_line + line - 1, column,
                   f"'{name}' is used but not declared; add it under 'variables:' in the front matter")
    for variable in variables:
        if variable.name not in used:
            sink.error(variable.pos.line, variable.pos.column,
                       f"variable '{variable.name}' is declared but never used; use it as "
                       f"{{{{ {variable.name} }}}} in the text or remove it")
    if sink.items:
        return None

    marked = "\n".join(f"{_MARK_OPEN}{body_line + i}{_MARK_CLOSE}{line}" for i, line in enumerate(lines))
    try:
        template = env.from_string(marked)
        pieces: list[str] = []
        size = 0
        for piece in template.generate(**{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}):
            size += len(piece)
            if size > MAX_RENDERED_CHARS:
                sink.error(body_line, 1, f"the template produces more than {MAX_RENDERED_CHARS:,} characters "
                                         "of text; check its loops")
                return None
            pieces.append(piece)
    except Exception as exc:  # noqa: BLE001 - any failure of an untrusted template is the template's
        line = _template_line(exc)
        message = getattr(exc, "message", None) or str(exc)
        sink.error(body_line + line - 1, 1, f"template error: {message}")
        return None
    return _unmark("".join(pieces))


def _check_tags(env: jinja2.Environment, body: str, body_line: int, sink: DiagnosticSink) -> bool:
    """Every {{ }} and {% %} opens and closes on one line (so line markers stay outside tags)."""
    opened: tuple[int, str] | None = None
    try:
        for lineno, token, value in env.lex(body):
            if token in ("variable_begin", "block_begin"):
                opened = (lineno, value)
            elif token in ("variable_end", "block_end") and opened is not None:
                if lineno != opened[0]:
                    column = body.split("\n")[opened[0] - 1].find(opened[1].strip()) + 1
                    sink.error(body_line + opened[0] - 1, max(column, 1),
                               "a template tag must open and close on the same line")
                opened = None
    except jinja2.TemplateSyntaxError as exc:
        sink.error(body_line + (exc.lineno or 1) - 1, 1, f"template error: {exc.message}")
        return False
    return not sink.items


def _first_use(env: jinja2.Environment, body: str, name: str) -> tuple[int, int]:
    lines = body.split("\n")
    for lineno, token, value in env.lex(body):
        if token == "name" and value == name:
            return lineno, lines[lineno - 1].find(name) + 1
    return 1, 1


def _template_line(exc: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == _TEMPLATE_NAME
              or f.filename == "<template>"]
    return frames[-1].lineno if frames and frames[-1].lineno else 1


def _unmark(rendered: str) -> tuple[str, LineMap]:
    """Strip line markers; remember where each remaining character came from."""
    out_lines: list[str] = []
    line_map = LineMap()
    current_line, current_column = 1, 1
    for raw in rendered.split("\n"):
        text: list[str] = []
        anchors: list[tuple[int, int, int]] = [(0, current_line, current_column)]
        i = 0
        while i < len(raw):
            if raw[i] == _MARK_OPEN:
                end = raw.index(_MARK_CLOSE, i)
                current_line, current_column = int(raw[i + 1:end]), 1
                anchors.append((len(text), current_line, current_column))
                i = end + 1
            else:
                text.append(raw[i])
                current_column += 1
                i += 1
        out_lines.append("".join(text))
        # Later anchors at the same column win (several markers can meet).
        dedup: dict[int, tuple[int, int, int]] = {}
        for anchor in anchors:
            dedup[anchor[0]] = anchor
        line_map.anchors.append(sorted(dedup.values()))
        current_column = 1
    return "\n".join(out_lines), line_map
