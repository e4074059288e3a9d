"""Values for template variables: checked and converted to their declared type, and described.

Values arrive as YAML (defaults), as Python objects (the builder form) or as
text (`--set name=value` on the command line); all go through one function.
What a variable accepts is said in words by another (`kindaudio new` lists it).
"""

from __future__ import annotations

import re
from typing import Any

from kindaudio.script.model import Variable, VariableType, VariableValue

MAX_TEXT_LENGTH = 500
_SURROGATE = re.compile("[\ud800-\udfff]")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class ValueProblem(ValueError):
    """Why a value does not fit its variable."""


def coerce_value(variable: Variable, raw: Any) -> VariableValue:
    texts = [raw] if isinstance(raw, str) else [item for item in raw if isinstance(item, str)] \
        if isinstance(raw, list | tuple) else []
    if any(_SURROGATE.search(text) for text in texts):
        # `--set name=...` with bytes that are not UTF-8 arrive as lone surrogates, which nothing can save.
        raise ValueProblem("the text is not valid UTF-8 (check the character encoding of the terminal "
                           "or file it came from)")
    kind = variable.type
    if kind is VariableType.TEXT:
        if not isinstance(raw, str):
            raise ValueProblem(f"expected text, got {raw!r}")
        text = " ".join(raw.split())
        if not text:
            raise ValueProblem("the text is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueProblem(f"the text is {len(text)} characters; at most {MAX_TEXT_LENGTH} fit")
        return text
    if kind is VariableType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise ValueProblem(f"expected yes or no (true/false), got {raw!r}")
    if kind is VariableType.NUMBER:
        number = _number(raw)
        if variable.minimum is not None and number < variable.minimum:
            raise ValueProblem(f"{number:g} is below the minimum {variable.minimum:g}")
        if variable.maximum is not None and number > variable.maximum:
            raise ValueProblem(f"{number:g} is above the maximum {variable.maximum:g}")
        return number
    if kind is VariableType.CHOICE:
        if not isinstance(raw, str) or raw not in variable.choices:
            raise ValueProblem(f"{raw!r} is not one of: {', '.join(variable.choices)}")
        return raw
    # MULTICHOICE: a list, or comma-separated text from the command line.
    items = [part.strip() for part in raw.split(",")] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueProblem(f"expected a list of choices, got {raw!r}")
    chosen = tuple(i for i in items if i)
    unknown = [i for i in chosen if i not in variable.choices]
    if unknown:
        raise ValueProblem(f"{', '.join(map(repr, unknown))} not among: {', '.join(variable.choices)}")
    if len(set(chosen)) != len(chosen):
        raise ValueProblem("a choice is listed twice")
    return chosen


def _number(raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise ValueProblem(f"expected a number, got {raw!r}")
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, str):
        try:
            value = float(raw)
        except ValueError:
            raise ValueProblem(f"expected a number, got {raw!r}") from None
        return int(value) if value.is_integer() and "." not in raw else value
    raise ValueProblem(f"expected a number, got {raw!r}")


def variable_kind(variable: Variable) -> str:
    """How a variable's type reads in a list for people, e.g. 'a number from 1 to 4'."""
    kind = variable.type
    if kind is VariableType.NUMBER:
        low = "" if variable.minimum is None else f" from {variable.minimum:g}"
        high = "" if variable.maximum is None else f" to {variable.maximum:g}"
        return f"a number{low}{high}"
    if kind is VariableType.CHOICE:
        return "one of: " + ", ".join(variable.choices)
    if kind is VariableType.MULTICHOICE:
        return "any of, in order, separated by commas: " + ", ".join(variable.choices)
    if kind is VariableType.BOOLEAN:
        return "yes or no"
    return "text"
