"""Filling a template in: each variable's value, then the body rendered, every mistake at its place.

A body without template syntax is passed through untouched. Otherwise the
values are checked against their declarations, the tags are checked (each on
one line, every name declared, every declaration used), and the body is
rendered in the sandbox with its lines marked, so the text that comes out
still knows where each character stood in the file.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Mapping
from typing import Any

import jinja2
import jinja2.meta

from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.model import Variable, VariableValue
from kindaudio.script.templating.line_map import TEMPLATE_TAG, LineMap, mark_lines, unmark
from kindaudio.script.templating.sandbox import MAX_RENDERED_CHARS, new_environment
from kindaudio.script.values import ValueProblem, coerce_value

log = logging.getLogger(__name__)

_TEMPLATE_NAME = "<practice>"
# Jinja2 reads, compiles and runs a tag by recursion, so a tag nested or chained a few hundred deep
# would end in a RecursionError; the shipped templates' longest tag has about 15 tokens.
MAX_TAG_NESTING = 20
MAX_TAG_TOKENS = 200
MAX_TEMPLATE_TAGS = 5_000  # the shipped templates have at most a few dozen
_SYNTAX = ("{{", "{%", "{#")


def has_template_syntax(body: str) -> bool:
    return any(token in body for token in _SYNTAX)


def resolve_values(variables: tuple[Variable, ...], given: Mapping[str, Any],
                   sink: DiagnosticSink) -> dict[str, VariableValue]:
    """Each variable's value: given, else its default; problems go to `sink`."""
    declared = {v.name: v for v in variables}
    for name in given:
        if name not in declared:
            known = ", ".join(declared) or "none"
            shown = name.encode("utf-8", "backslashreplace").decode("utf-8")  # may hold bytes that are not UTF-8
            sink.error(1, 1, f"a value was given for '{shown}', which this practice does not declare "
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
                values: Mapping[str, VariableValue], sink: DiagnosticSink,
                report_line: int | None = None) -> tuple[str, LineMap] | None:
    """The body with templates filled in, and where each character came from.

    Returns None (with diagnostics in `sink`) when the template cannot render;
    problems of the whole body are reported at `report_line`.
    """
    lines = body.split("\n")
    if not has_template_syntax(body):
        for variable in variables:
            sink.error(variable.pos.line, variable.pos.column,
                       f"variable '{variable.name}' is declared but never used; use it as "
                       f"{{{{ {variable.name} }}}} in the text or remove it")
        return body, LineMap.identity(len(lines), body_line)

    env = new_environment()
    problems_before = sink.count
    if not _check_tags(env, body, body_line, sink):
        return None
    try:
        ast = env.parse(body)
        used = jinja2.meta.find_undeclared_variables(ast)  # compiles: unknown filters show here
    except (RecursionError, MemoryError) as exc:
        sink.error(report_line or body_line, 1, _too_deep(exc))
        return None
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc)
        sink.error(body_line + line - 1, 1, f"template error: {exc.message or exc}")
        return None
    declared = {v.name for v in variables}
    undeclared = used - declared
    first_uses = _first_uses(env, body, undeclared) if undeclared else {}
    for name in sorted(undeclared):
        line, column = first_uses.get(name, (1, 1))
        sink.error(body_line + line - 1, column,
                   f"'{name}' is used but not declared; add it under 'variables:' in the front matter")
    for variable in variables:
        if variable.name not in used:
            sink.error(variable.pos.line, variable.pos.column,
                       f"variable '{variable.name}' is declared but never used; use it as "
                       f"{{{{ {variable.name} }}}} in the text or remove it")
    if sink.count > problems_before:
        return None

    marked = mark_lines(lines, body_line)
    try:
        template = env.from_string(marked)
        pieces: list[str] = []
        size = 0
        for piece in template.generate(**{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}):
            size += len(piece)
            if size > MAX_RENDERED_CHARS:
                sink.error(report_line or body_line, 1,
                           f"the template produces more than {MAX_RENDERED_CHARS:,} characters of text; "
                           "check its loops")
                return None
            pieces.append(piece)
    except (RecursionError, MemoryError) as exc:
        sink.error(report_line or body_line, 1, _too_deep(exc))
        return None
    except Exception as exc:  # noqa: BLE001 - any failure of an untrusted template is the template's
        line = _template_line(exc)
        message = getattr(exc, "message", None) or str(exc)
        sink.error(body_line + line - 1, 1, f"template error: {message}")
        return None
    return unmark("".join(pieces))


def _check_tags(env: jinja2.Environment, body: str, body_line: int, sink: DiagnosticSink) -> bool:
    """Every {{ }}, {% %} and {# #} opens and closes on one line (so line markers stay outside tags)."""
    problems_before = sink.count
    opened: tuple[int, str] | None = None
    depth = deepest = tokens = tags = 0
    try:
        for lineno, token, value in env.lex(body):
            if token in ("variable_begin", "block_begin", "comment_begin"):
                opened = (lineno, value)
                depth = deepest = tokens = 0
                tags += 1
                if tags > MAX_TEMPLATE_TAGS:
                    sink.error(body_line + lineno - 1, 1, f"the practice holds more than {MAX_TEMPLATE_TAGS:,} "
                                                          "template tags; a practice needs far fewer")
                    return False
            elif token == "operator" and value in "([{)]}":
                depth += 1 if value in "([{" else -1
                deepest = max(deepest, depth)
            tokens += token != "whitespace"
            if opened is not None and (deepest > MAX_TAG_NESTING or tokens > MAX_TAG_TOKENS):
                sink.error(body_line + lineno - 1, _column_of(body, opened),
                           f"this template tag nests more than {MAX_TAG_NESTING} brackets deep"
                           if deepest > MAX_TAG_NESTING else
                           f"this template tag is longer than {MAX_TAG_TOKENS} words and signs; split it up")
                return False
            if token in ("variable_end", "block_end", "comment_end") and opened is not None:
                if lineno != opened[0]:
                    sink.error(body_line + opened[0] - 1, _column_of(body, opened),
                               "a {# #} comment must close on the line it opens; for a longer note use <!-- -->"
                               if token == "comment_end" else "a template tag must open and close on the same line")
                opened = None
    except jinja2.TemplateSyntaxError as exc:
        sink.error(body_line + (exc.lineno or 1) - 1, 1, f"template error: {exc.message}")
        return False
    return sink.count == problems_before


def _column_of(body: str, opened: tuple[int, str]) -> int:
    """The column of a tag's opening on its line (the first such opening there)."""
    return max(body.split("\n", opened[0])[opened[0] - 1].find(opened[1].strip()) + 1, 1)


def _first_uses(env: jinja2.Environment, body: str, names: set[str]) -> dict[str, tuple[int, int]]:
    """Line and column of the first use of each of `names` inside a template tag, in one reading of the body."""
    lines = body.split("\n")
    found: dict[str, tuple[int, int]] = {}
    for lineno, token, value in env.lex(body):
        if token == "name" and value in names and value not in found:
            found[value] = (lineno, _column_in_tags(lines[lineno - 1], value))
            if len(found) == len(names):
                break
    return found


def _column_in_tags(line: str, name: str) -> int:
    word = re.compile(rf"\b{re.escape(name)}\b")
    for tag in TEMPLATE_TAG.finditer(line):
        match = word.search(tag.group())
        if match:
            return tag.start() + match.start() + 1
    return 1


def _too_deep(exc: BaseException) -> str:
    """What to say when a template outgrew Python itself: the last net under the bounds above."""
    log.warning("a template could not be filled in: %s", type(exc).__name__)
    if isinstance(exc, MemoryError):
        return "template error: filling in the template needs more memory than a practice may use"
    return "template error: the template nests or chains its expressions too deeply to read; split them up"


def _template_line(exc: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == _TEMPLATE_NAME
              or f.filename == "<template>"]
    return frames[-1].lineno if frames and frames[-1].lineno else 1
