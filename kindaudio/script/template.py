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
import functools
import math
import re
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.model import SourcePos, Variable, VariableValue
from kindaudio.script.source import COLUMN_MARK, LINE_MARK, RESERVED_CHARACTERS
from kindaudio.script.values import ValueProblem, coerce_value

MAX_RENDERED_CHARS = 1_000_000
MAX_EXPONENT = 100
MAX_NUMBER_DIGITS = 1000  # a number in a template has at most about this many digits
MAX_ARGUMENT = 100_000  # no call or filter takes a larger number (range's own limit)
MAX_LOOP_ITERATIONS = 100_000  # all the loops of one template together
MAX_CPU_SECONDS = 5.0  # the work of filling in one template; ours take milliseconds
# Plain filters that make at most a little more than they are given.
ALLOWED_FILTERS = ("abs", "capitalize", "count", "d", "default", "first", "float", "int", "join", "last",
                   "length", "lower", "max", "min", "round", "string", "title", "trim", "upper")
_REFUSED_NODES: dict[type, str] = {
    nodes.Macro: "{% macro %}", nodes.CallBlock: "{% call %}", nodes.FilterBlock: "{% filter %}",
    nodes.AssignBlock: "a {% set %} block", nodes.Extends: "{% extends %}", nodes.Include: "{% include %}",
    nodes.Import: "{% import %}", nodes.FromImport: "{% from ... import %}", nodes.Block: "{% block %}",
    nodes.EvalContextModifier: "{% autoescape %}",
}
_LOOP_FILTER = "kindaudio_counted_loop"
_CONCAT_FILTER = "kindaudio_bounded_concat"

_MARK_OPEN, _MARK_CLOSE = LINE_MARK
_TEMPLATE_NAME = "<practice>"
_SYNTAX = ("{{", "{%", "{#")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_COLUMN_OPEN, _COLUMN_CLOSE = COLUMN_MARK
_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "#": "\\#", "*": "\\*", "_": "\\_",
                          "<": "\\<", "\n": " ", "\r": " ", **{mark: "" for mark in RESERVED_CHARACTERS}})


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


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, bounded in size, repetition and work.

    Templates come from elsewhere (a pack, an e-mail), so besides the sandbox's
    refusal of unsafe attributes every way of making much from little is
    bounded before it happens: `*`, `**`, `+`, `~` and joins by the size they
    would make; `%` and str.format on text, which could pad to any width, are
    not offered; no number over MAX_ARGUMENT goes into a call; loops share one
    budget of MAX_LOOP_ITERATIONS; only a few plain filters exist; and blocks
    that would gather text out of sight of the output limit (macros, call,
    filter and set blocks, recursive loops, includes) are refused.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals = {"range": self.globals["range"], "dict": self.globals["dict"],
                        "lipsum": self.globals["lipsum"], "cycler": self.globals["cycler"]}
        self.filters = {name: _checked_filter(self, self.filters[name], joins=name == "join")
                        for name in ALLOWED_FILTERS}
        self.filters[_LOOP_FILTER] = self._counted
        self.filters[_CONCAT_FILTER] = self._concatenated
        self.iterations = 0
        self.started = time.thread_time()

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        refused: nodes.Node
        for refused in tree.find_all(tuple(_REFUSED_NODES)):
            what = next(text for kind, text in _REFUSED_NODES.items() if isinstance(refused, kind))
            raise TemplateSyntaxError(f"{what} cannot be used in a practice template",
                                      refused.lineno, name, filename)
        for loop in tree.find_all(nodes.For):
            if loop.recursive:
                raise TemplateSyntaxError("recursive loops cannot be used in a practice template",
                                          loop.lineno, name, filename)
        return _Bounder(self).visit(tree)

    def check_time(self) -> None:
        if time.thread_time() - self.started > MAX_CPU_SECONDS:
            raise SecurityError("the template takes too long to fill in; check its loops")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.check_time()
        if operator == "**" and isinstance(right, int | float):
            if abs(right) > MAX_EXPONENT or (isinstance(left, int) and abs(left) > 1
                                             and right * math.log10(abs(left)) > MAX_NUMBER_DIGITS):
                raise SecurityError(f"the power {right} is too large for a practice template")
        elif operator == "*":
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() + right.bit_length() > MAX_NUMBER_DIGITS * 4:
                raise SecurityError("a product would be too large a number for a practice template")
            size, count = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(size, str | list | tuple) and isinstance(count, int) \
                    and _weight(size) * count > MAX_RENDERED_CHARS:
                raise SecurityError("a repetition would make more text than a practice may hold")
        elif operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple) \
                    and _weight(left) + _weight(right) > MAX_RENDERED_CHARS:
                raise SecurityError("joining these would make more text than a practice may hold")
        elif operator == "%" and isinstance(left, str):
            raise SecurityError("text formatting with % cannot be used in a practice template; "
                                "put values in with {{ name }}")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as Jinja2's
        __self.check_time()
        name = getattr(__obj, "__name__", "")
        if __obj is __self.globals["lipsum"]:
            raise SecurityError("lipsum() cannot be used in a practice template")
        if name in ("format", "format_map") and callable(getattr(__obj, "__wrapped__", None)) \
                and isinstance(getattr(__obj.__wrapped__, "__self__", None), str):
            raise SecurityError("text formatting with .format() cannot be used in a practice template; "
                                "put values in with {{ name }}")
        for argument in (*args, *kwargs.values()):
            if isinstance(argument, int) and not isinstance(argument, bool) and abs(argument) > MAX_ARGUMENT:
                raise SecurityError(f"the number {argument} is too large for a practice template "
                                    f"(at most {MAX_ARGUMENT:,})")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and name in ("replace", "join"):
            if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
                grows = max(len(args[1]) - len(args[0]), 0) * (owner.count(args[0]) if args[0] else len(owner) + 1)
                if len(owner) + grows > MAX_RENDERED_CHARS:
                    raise SecurityError("a replacement would make more text than a practice may hold")
            elif name == "join" and args:
                __self._check_join(list(args[0]), owner)
                args = (args[0] if isinstance(args[0], list | tuple | str) else list(args[0]), *args[1:])
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.check_time()
        return super().getitem(obj, argument)

    def _check_join(self, items: list[Any], separator: str) -> None:
        size = sum(_weight(item) if isinstance(item, str | list | tuple) else len(str(item)) for item in items)
        if size + len(separator) * max(len(items) - 1, 0) > MAX_RENDERED_CHARS:
            raise SecurityError("joining these would make more text than a practice may hold")

    def _counted(self, iterable: Any) -> Iterator[Any]:
        """What every {% for %} loops over: all loops of a template share one budget."""
        for item in iterable:
            self.iterations += 1
            if self.iterations > MAX_LOOP_ITERATIONS:
                raise SecurityError(f"the template's loops repeat more than {MAX_LOOP_ITERATIONS:,} times; "
                                    "check its loops")
            self.check_time()
            yield item

    def _concatenated(self, parts: list[Any]) -> str:
        """`a ~ b`: like Jinja2's own, with the size checked first."""
        texts = [str(part) for part in parts]
        self._check_join(texts, "")
        return "".join(texts)


def _checked_filter(env: _BoundedSandbox, function: Callable[..., Any], joins: bool) -> Callable[..., Any]:
    """A filter that first checks the time and its arguments, as calls are checked."""
    passes_context = getattr(function, "jinja_pass_arg", None) is not None  # then its first argument is Jinja2's

    @functools.wraps(function)  # keeps jinja_pass_arg, so Jinja2 still passes what the filter asks for
    def checked(*args: Any, **kwargs: Any) -> Any:
        env.check_time()
        values = args[1:] if passes_context else args
        for argument in (*values[1:], *kwargs.values()):
            if isinstance(argument, int) and not isinstance(argument, bool) and abs(argument) > MAX_ARGUMENT:
                raise SecurityError(f"the number {argument} is too large for a practice template "
                                    f"(at most {MAX_ARGUMENT:,})")
        if joins and values:
            items = list(values[0])
            env._check_join(items, str(values[1]) if len(values) > 1 else str(kwargs.get("d", "")))
            args = (*args[: len(args) - len(values)], items, *values[1:])
        return function(*args, **kwargs)

    return checked


class _Bounder(NodeTransformer):
    """Routes every loop through the shared budget and every `~` through the size check."""

    def __init__(self, env: _BoundedSandbox) -> None:
        self.env = env

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self._filter(_LOOP_FILTER, node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._filter(_CONCAT_FILTER, nodes.List(node.nodes, lineno=node.lineno))

    def _filter(self, name: str, value: nodes.Node) -> nodes.Filter:
        wrapped = nodes.Filter(value, name, [], [], None, None, lineno=value.lineno)
        wrapped.set_environment(self.env)
        return wrapped


def _weight(value: str | list | tuple) -> int:
    """Roughly how many characters a value would become as text."""
    if isinstance(value, str):
        return len(value)
    return len(value) + sum(_weight(item) for item in value if isinstance(item, str | list | tuple))


def _environment() -> ImmutableSandboxedEnvironment:
    return _BoundedSandbox(
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

    env = _environment()
    problems_before = len(sink.items)
    if not _check_tags(env, body, body_line, sink):
        return None
    try:
        ast = env.parse(body)
        used = jinja2.meta.find_undeclared_variables(ast)  # compiles: unknown filters show here
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc)
        sink.error(body_line + line - 1, 1, f"template error: {exc.message or exc}")
        return None
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
    if len(sink.items) > problems_before:
        return None

    marked = "\n".join(f"{_MARK_OPEN}{body_line + i}{_MARK_CLOSE}{_mark_columns(line)}"
                       for i, line in enumerate(lines))
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
    except Exception as exc:  # noqa: BLE001 - any failure of an untrusted template is the template's
        line = _template_line(exc)
        message = getattr(exc, "message", None) or str(exc)
        sink.error(body_line + line - 1, 1, f"template error: {message}")
        return None
    return _unmark("".join(pieces))


def _check_tags(env: jinja2.Environment, body: str, body_line: int, sink: DiagnosticSink) -> bool:
    """Every {{ }}, {% %} and {# #} opens and closes on one line (so line markers stay outside tags)."""
    problems_before = len(sink.items)
    opened: tuple[int, str] | None = None
    try:
        for lineno, token, value in env.lex(body):
            if token in ("variable_begin", "block_begin", "comment_begin"):
                opened = (lineno, value)
            elif token in ("variable_end", "block_end", "comment_end") and opened is not None:
                if lineno != opened[0]:
                    column = body.split("\n")[opened[0] - 1].find(opened[1].strip()) + 1
                    sink.error(body_line + opened[0] - 1, max(column, 1),
                               "a {# #} comment must close on the line it opens; for a longer note use <!-- -->"
                               if token == "comment_end" else "a template tag must open and close on the same line")
                opened = None
    except jinja2.TemplateSyntaxError as exc:
        sink.error(body_line + (exc.lineno or 1) - 1, 1, f"template error: {exc.message}")
        return False
    return len(sink.items) == problems_before


def _first_use(env: jinja2.Environment, body: str, name: str) -> tuple[int, int]:
    """Line and column of the first use of `name` inside a template tag."""
    lines = body.split("\n")
    word = re.compile(rf"\b{re.escape(name)}\b")
    for lineno, token, value in env.lex(body):
        if token == "name" and value == name:
            for tag in _TAG.finditer(lines[lineno - 1]):
                found = word.search(tag.group())
                if found:
                    return lineno, tag.start() + found.start() + 1
            return lineno, 1
    return 1, 1


def _template_line(exc: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == _TEMPLATE_NAME
              or f.filename == "<template>"]
    return frames[-1].lineno if frames and frames[-1].lineno else 1


def _mark_columns(line: str) -> str:
    """After each tag with text following it, a marker naming the source column there.

    A value rarely has the length of its tag, so without these, positions after
    a {{ value }} would drift. (Not after a tag that ends its line: there the
    marker would stop trim_blocks from removing the line break.)
    """
    out, last = [], 0
    for tag in _TAG.finditer(line):
        out.append(line[last: tag.end()])
        if tag.end() < len(line):
            out.append(f"{_COLUMN_OPEN}{tag.end() + 1}{_COLUMN_CLOSE}")
        last = tag.end()
    out.append(line[last:])
    return "".join(out)


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
            elif raw[i] == _COLUMN_OPEN:
                end = raw.index(_COLUMN_CLOSE, i)
                current_column = int(raw[i + 1:end])
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
