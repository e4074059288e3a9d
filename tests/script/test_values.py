"""Template values: checked against their variable's type and converted to it."""

from __future__ import annotations

from typing import Any

import pytest

from kindaudio.script.model import SourcePos, Variable, VariableType
from kindaudio.script.values import MAX_TEXT_LENGTH, ValueProblem, coerce_value


def variable(kind: VariableType, choices: tuple[str, ...] = (), minimum: float | None = None,
             maximum: float | None = None) -> Variable:
    return Variable("v", "V", kind, None, "", choices, minimum, maximum, SourcePos(1, 1))


TEXT = variable(VariableType.TEXT)
BOOLEAN = variable(VariableType.BOOLEAN)
NUMBER = variable(VariableType.NUMBER, minimum=1, maximum=10)
CHOICE = variable(VariableType.CHOICE, choices=("sea", "forest"))
MULTI = variable(VariableType.MULTICHOICE, choices=("sea", "forest", "hills"))


def problem(var: Variable, raw: Any) -> str:
    with pytest.raises(ValueProblem) as caught:
        coerce_value(var, raw)
    return str(caught.value)


# --- text --------------------------------------------------------------------------------


def test_text_has_its_whitespace_collapsed() -> None:
    assert coerce_value(TEXT, "  May I\n be   kind ") == "May I be kind"


def test_text_must_be_text() -> None:
    assert problem(TEXT, 5) == "expected text, got 5"
    assert problem(TEXT, ["a"]) == "expected text, got ['a']"


def test_text_must_not_be_empty() -> None:
    assert problem(TEXT, " \n ") == "the text is empty"


def test_text_is_at_most_500_characters() -> None:
    assert coerce_value(TEXT, "a" * MAX_TEXT_LENGTH) == "a" * 500
    assert problem(TEXT, "a" * 501) == "the text is 501 characters; at most 500 fit"


# --- boolean -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [True, "true", "yes", "on", "1", " Yes "])
def test_true_may_be_written_several_ways(raw: Any) -> None:
    assert coerce_value(BOOLEAN, raw) is True


@pytest.mark.parametrize("raw", [False, "false", "no", "off", "0", "NO"])
def test_false_may_be_written_several_ways(raw: Any) -> None:
    assert coerce_value(BOOLEAN, raw) is False


@pytest.mark.parametrize("raw", ["maybe", 1, None])
def test_anything_else_is_not_a_boolean(raw: Any) -> None:
    assert problem(BOOLEAN, raw) == f"expected yes or no (true/false), got {raw!r}"


# --- number ------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "number"), [(3, 3), (2.5, 2.5), ("4", 4), ("2.5", 2.5), ("3.0", 3.0), (" 7 ", 7)])
def test_numbers_come_as_numbers_or_text(raw: Any, number: float) -> None:
    value = coerce_value(NUMBER, raw)
    assert value == number and type(value) is type(number)


def test_numbers_respect_min_and_max() -> None:
    assert problem(NUMBER, 0) == "0 is below the minimum 1"
    assert problem(NUMBER, "11") == "11 is above the maximum 10"
    assert coerce_value(NUMBER, 1) == 1 and coerce_value(NUMBER, 10) == 10


def test_a_number_without_bounds_takes_any_number() -> None:
    assert coerce_value(variable(VariableType.NUMBER), -1e6) == -1e6


@pytest.mark.parametrize("raw", [True, "three", None, [1]])
def test_anything_else_is_not_a_number(raw: Any) -> None:
    assert problem(NUMBER, raw) == f"expected a number, got {raw!r}"


# --- choice and multichoice --------------------------------------------------------------


def test_a_choice_is_one_of_its_choices() -> None:
    assert coerce_value(CHOICE, "forest") == "forest"
    assert problem(CHOICE, "desert") == "'desert' is not one of: sea, forest"
    assert problem(CHOICE, 1) == "1 is not one of: sea, forest"


def test_a_multichoice_is_a_list_or_comma_separated_text() -> None:
    assert coerce_value(MULTI, ["sea", "hills"]) == ("sea", "hills")
    assert coerce_value(MULTI, "hills, sea") == ("hills", "sea")
    assert coerce_value(MULTI, "") == ()
    assert coerce_value(MULTI, []) == ()


def test_a_multichoice_refuses_unknown_and_repeated_choices() -> None:
    assert problem(MULTI, "sea, desert, moon") == "'desert', 'moon' not among: sea, forest, hills"
    assert problem(MULTI, ["sea", "sea"]) == "a choice is listed twice"
    assert problem(MULTI, 5) == "expected a list of choices, got 5"
    assert problem(MULTI, ["sea", 1]) == "expected a list of choices, got ['sea', 1]"


def test_a_value_problem_is_a_value_error() -> None:
    assert issubclass(ValueProblem, ValueError)
