"""The Jinja2 sandbox a practice template runs in: bounded in size, repetition and work.

Templates come from elsewhere (a pack, an e-mail), so besides Jinja2's own
sandbox every way of making much from little is bounded before it happens
(see _BoundedSandbox). Values are escaped on the way out, so a person's own
phrase can never become a mark, heading or comment.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from kindaudio.script.source import RESERVED_CHARACTERS

MAX_RENDERED_CHARS = 1_000_000
MAX_EXPONENT = 100
MAX_NUMBER_DIGITS = 1000  # a number in a template has at most about this many digits
MAX_ARGUMENT = 100_000  # no call or filter takes a larger number (range's own limit)
MAX_MADE_CHARS = 20_000_000  # all the text one filling-in makes, kept or not: tens of MB at most
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
# Methods of plain values a template may call; the rest (expandtabs, translate, encode, ...) could make
# much from little or have no use in a practice. Other attributes are left to Jinja2's sandbox.
ALLOWED_METHODS = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "format", "format_map", "index", "isalnum",
    "isalpha", "isdigit", "islower", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip",
    "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit",
    "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper", "zfill",  # text
    "get", "items", "keys", "values",  # mappings; lists and tuples: count, index
})
_PLAIN = (str, list, tuple, dict, int, float, set, frozenset)
_LOOP_FILTER = "kindaudio_counted_loop"
_CONCAT_FILTER = "kindaudio_bounded_concat"

_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "#": "\\#", "*": "\\*", "_": "\\_",
                          "<": "\\<", "\n": " ", "\r": " ", **{mark: "" for mark in RESERVED_CHARACTERS}})


def _escape_value(value: Any) -> str:
    if not isinstance(value, str):
        size = _weight(value)
        if size > MAX_RENDERED_CHARS:
            raise SecurityError(_too_much("showing this value", size))
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
        self.made = 0  # characters of text made so far, kept or not (see bounded)
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

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, _PLAIN) and callable(value) and attr not in ALLOWED_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

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
                raise SecurityError(_too_much("a repetition", _weight(size) * count))
        elif operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple) \
                    and _weight(left) + _weight(right) > MAX_RENDERED_CHARS:
                raise SecurityError(_too_much("joining these", _weight(left) + _weight(right)))
        elif operator == "%" and isinstance(left, str):
            raise SecurityError("text formatting with % cannot be used in a practice template; "
                                "put values in with {{ name }}")
        return self.bounded("this", super().call_binop(context, operator, left, right))

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
                    raise SecurityError(_too_much("a replacement", len(owner) + grows))
            elif name == "join" and args:
                __self._check_join(list(args[0]), owner)
                args = (args[0] if isinstance(args[0], list | tuple | str) else list(args[0]), *args[1:])
        return __self.bounded(f"{name or 'a call'}()", super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.check_time()
        return super().getitem(obj, argument)

    def bounded(self, what: str, result: Any) -> Any:
        """`result`, weighed: no one value over MAX_RENDERED_CHARS, and all made together under MAX_MADE_CHARS.

        The second bound is for values kept out of the output, such as 5,000
        `{% set a = 'x' * 999999 %}`, each allowed but 5 GB together.
        """
        if isinstance(result, str | list | tuple | dict | set | frozenset):
            size = _weight(result)
            if size > MAX_RENDERED_CHARS:
                raise SecurityError(_too_much(what, size))
            self.made += size
            if self.made > MAX_MADE_CHARS:
                raise SecurityError(f"the template makes more than {MAX_MADE_CHARS:,} characters of text in all "
                                    "while it is filled in; a practice needs far less")
        return result

    def _check_join(self, items: list[Any], separator: str) -> None:
        size = sum(_weight(item) for item in items)
        size += len(separator) * max(len(items) - 1, 0)
        if size > MAX_RENDERED_CHARS:
            raise SecurityError(_too_much("joining these", size))

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
        return str(self.bounded("joining these", "".join(texts)))


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
        return env.bounded(f"the filter {function.__name__}", function(*args, **kwargs))

    return checked


class _Bounder(NodeTransformer):
    """Routes every loop through the shared budget and every `~` through the size check."""

    def __init__(self, env: _BoundedSandbox) -> None:
        self.env = env

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802 - Jinja's visitor name
        self.generic_visit(node)
        node.iter = self._filter(_LOOP_FILTER, node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802 - Jinja's visitor name
        self.generic_visit(node)
        return self._filter(_CONCAT_FILTER, nodes.List(node.nodes, lineno=node.lineno))

    def _filter(self, name: str, value: nodes.Node) -> nodes.Filter:
        wrapped = nodes.Filter(value, name, [], [], None, None, lineno=value.lineno)
        wrapped.set_environment(self.env)
        return wrapped


def _weight(value: Any, budget: int = MAX_RENDERED_CHARS) -> int:
    """Roughly how many characters a value would become as text, counted no further than past `budget`.

    Containers count their items, separators and what they hold, mappings their
    keys and values too, so `[dict(a='x' * 999999)] * 999999` weighs what its
    text would (a trillion characters), not its two list entries.
    """
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    elif not isinstance(value, list | tuple | set | frozenset):
        return 8  # a float, or an object Jinja2 shows by name: small
    total = 2 * len(value) + 2  # separators and brackets
    for item in value:
        if total > budget:
            break
        total += _weight(item, budget - total)
    return total


def _too_much(what: str, size: int) -> str:
    return (f"{what} would make about {size:,} characters of text; a practice may hold at most "
            f"{MAX_RENDERED_CHARS:,}")


def new_environment() -> ImmutableSandboxedEnvironment:
    """A fresh sandbox for one filling-in: its loop budget and clock start at zero."""
    return _BoundedSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_escape_value,
    )
