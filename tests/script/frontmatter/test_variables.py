"""Template variables declared in the front matter: what a declaration gives, and its mistakes."""

from __future__ import annotations

from kindaudio.script.model import VariableType
from tests.script.support import error_of, errors, parse


def test_variables_are_declared_with_label_type_default_and_help() -> None:
    front = (
        "title: T\n"
        "variables:\n"
        "  phrase: {label: Your phrase, type: text, default: May I be kind, help: Say it your way}\n"
        "  place: {label: Place, type: choice, choices: [sea, forest]}\n"
        "  count: {type: number, min: 1, max: 5, default: 2}"
    )
    practice = parse("{{ phrase }}. {{ place }}. {{ count }}.", front=front, values={"place": "sea"})
    phrase, place, count = practice.variables
    assert (phrase.name, phrase.label, phrase.type, phrase.default, phrase.help) == (
        "phrase", "Your phrase", VariableType.TEXT, "May I be kind", "Say it your way")
    assert (place.type, place.choices, place.default, place.required) == (
        VariableType.CHOICE, ("sea", "forest"), None, True)
    assert (count.label, count.minimum, count.maximum, count.default) == ("count", 1.0, 5.0, 2)
    assert (phrase.pos.line, phrase.pos.column) == (4, 3)
    assert practice.is_template


def test_variables_must_be_a_mapping() -> None:
    assert error_of("Hello.", front="title: T\nvariables: [a]") == (
        "test.md:3:12: 'variables' must be a mapping of names to declarations"
    )


def test_bad_variable_declarations_are_reported_at_their_names() -> None:
    front = (
        "title: T\n"
        "variables:\n"
        "  loop: {type: text, default: x}\n"
        "  Name: {type: text, default: x}\n"
        "  class: {type: text, default: x}\n"
        "  a: {type: colour}\n"
        "  b: {type: choice}\n"
        "  c: {type: text, choices: [x]}\n"
        "  d: {type: number, min: 5, max: 1}\n"
        "  e: {type: number, default: x}\n"
        "  f: {type: text, lable: x}\n"
        "  g: just text\n"
        "  h: {type: text, min: 1}\n"
        "  i: {type: choice, choices: [x, y], default: z}"
    )
    assert errors("Hello.", front=front) == [
        "test.md:4:3: 'loop' cannot be a variable name; use lowercase letters, digits and _, starting with a letter",
        "test.md:5:3: 'Name' cannot be a variable name; use lowercase letters, digits and _, starting with a letter",
        "test.md:6:3: 'class' cannot be a variable name; use lowercase letters, digits and _, starting with a letter",
        "test.md:7:3: variable 'a' has unknown type 'colour'; types are text, choice, multichoice, boolean, number",
        "test.md:8:3: variable 'b' of type choice needs 'choices': a list of text",
        "test.md:9:3: variable 'c': only choice and multichoice variables have choices",
        "test.md:10:3: variable 'd': min 5 is greater than max 1",
        "test.md:11:3: default of variable 'e': expected a number, got 'x'",
        "test.md:12:19: unknown key 'lable' for variable 'f'; did you mean 'label'?",
        "test.md:13:3: variable 'g' needs a mapping, e.g. {label: \"Your phrase\", type: text, default: \"...\"}",
        "test.md:14:3: variable 'h': 'min' and 'max' are numbers, for number variables",
        "test.md:15:3: default of variable 'i': 'z' is not one of: x, y",
    ]
