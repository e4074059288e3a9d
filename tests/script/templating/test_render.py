"""Filling a template in: values, then {{ variables }}, conditions and loops, and where each mistake is reported."""

from __future__ import annotations

import pytest

from kindaudio.script import ScriptError
from kindaudio.script.templating.render import has_template_syntax
from tests.script.support import error_of, errors, parse, spoken, summary
from tests.script.templating.support import PHRASE, front

# --- rendering ----------------------------------------------------------------------------


def test_a_variable_is_filled_in_from_its_default() -> None:
    assert spoken(parse("Say to yourself: {{ phrase }}.", front=PHRASE)) == ["Say to yourself: May I be kind."]


def test_a_given_value_replaces_the_default() -> None:
    practice = parse("{{ phrase }}.", front=PHRASE, values={"phrase": "May I  rest"})
    assert spoken(practice) == ["May I rest."]


def test_values_of_each_type_are_spoken_as_words() -> None:
    practice = parse(
        "Flag {{ flag }}. Count {{ count }}. Places {{ places }}. Place {{ place }}.",
        front=front("flag: {type: boolean, default: true}",
                    "count: {type: number, default: 3}",
                    "places: {type: multichoice, choices: [sea, forest, hills], default: [sea, hills]}",
                    "place: {type: choice, choices: [sea, forest], default: forest}"),
    )
    assert spoken(practice) == ["Flag yes.", "Count 3.", "Places sea, hills.", "Place forest."]


def test_text_values_from_the_command_line_are_converted_to_their_type() -> None:
    practice = parse(
        "Count {{ count }}. Places {{ places }}. Flag {{ flag }}!",
        front=front("flag: {type: boolean, default: true}", "count: {type: number, default: 3}",
                    "places: {type: multichoice, choices: [sea, forest, hills], default: [sea]}"),
        values={"flag": "off", "count": "2.5", "places": "forest, hills"},
    )
    assert spoken(practice) == ["Count 2.5.", "Places forest, hills.", "Flag no!"]


def test_conditions_and_loops_shape_whole_paragraphs() -> None:
    body = (
        "{% if hand %}\n"
        "Rest a hand on your chest.\n"
        "{% endif %}\n"
        "Breathe.\n"
        "\n"
        "{% for word in words %}\n"
        "{{ word }}. [pause 2s]\n"
        "{% endfor %}\n"
    )
    fm = front("hand: {type: boolean, default: false}",
               "words: {type: multichoice, choices: [Safe, Calm, Warm], default: [Safe, Warm]}")
    assert summary(parse(body, front=fm)) == [
        ("say", "Breathe."), ("say", "Safe."), ("pause", 2.0, 2.0), ("say", "Warm."), ("pause", 2.0, 2.0)]
    with_hand = parse(body, front=fm, values={"hand": True})
    assert [(s.text, s.paragraph) for s in with_hand.sentences][:2] == [
        ("Rest a hand on your chest.", 0), ("Breathe.", 0)]


def test_a_repeated_sentence_keeps_its_source_line_and_its_id() -> None:
    body = "{% for i in range(3) %}\nMay I be {{ phrase }}.\n{% endfor %}"
    practice = parse(body, front=front("phrase: {type: text, default: safe}"))
    assert [(s.text, s.pos.line) for s in practice.sentences] == [("May I be safe.", 7)] * 3
    assert len({s.id for s in practice.sentences}) == 1


def test_jinja_comments_and_raw_blocks_are_allowed() -> None:
    practice = parse("{# for the therapist #}{{ phrase }}. {% raw %}{{ braces }}{% endraw %}", front=PHRASE)
    assert spoken(practice) == ["May I be kind.", "{{ braces }}"]


def test_a_body_without_template_syntax_is_not_rendered() -> None:
    assert spoken(parse("Hello {there}.")) == ["Hello {there}."]
    assert not has_template_syntax("Hello {there}.")
    assert all(has_template_syntax(t) for t in ("{{ a }}", "{% if a %}", "{# a #}"))


def test_values_change_the_content_hash() -> None:
    default = parse("{{ phrase }}.", front=PHRASE)
    again = parse("{{ phrase }}.", front=PHRASE)
    other = parse("{{ phrase }}.", front=PHRASE, values={"phrase": "May I rest"})
    assert default.content_hash == again.content_hash != other.content_hash


# --- declaring and using variables --------------------------------------------------------


def test_an_undeclared_variable_is_reported_where_it_is_used() -> None:
    assert error_of("Say {{ phrase }}\nand {{ other }}.", front=PHRASE) == (
        "test.md:7:8: 'other' is used but not declared; add it under 'variables:' in the front matter"
    )


def test_in_a_plain_practice_any_variable_is_undeclared() -> None:
    assert error_of("Hello {{ name }}.") == (
        "test.md:4:10: 'name' is used but not declared; add it under 'variables:' in the front matter"
    )


def test_an_undeclared_variable_is_reported_at_its_tag_not_at_the_same_word_in_the_text() -> None:
    assert error_of("The other {{ phrase }} {{ other }}.", front=PHRASE) == (
        "test.md:6:27: 'other' is used but not declared; add it under 'variables:' in the front matter"
    )


def test_a_declared_but_unused_variable_is_reported_at_its_declaration() -> None:
    fm = front('phrase: {type: text, default: "kind"}', "unused: {type: text, default: x}")
    assert error_of("{{ phrase }}.", front=fm) == (
        "test.md:5:3: variable 'unused' is declared but never used; use it as {{ unused }} in the text or remove it"
    )


def test_a_declared_variable_in_a_body_without_any_template_is_unused() -> None:
    assert error_of("Just text.", front=PHRASE) == (
        "test.md:4:3: variable 'phrase' is declared but never used; use it as {{ phrase }} in the text or remove it"
    )


def test_a_required_variable_needs_a_value() -> None:
    fm = front("name: {label: Your name, type: text}")
    assert error_of("Hello {{ name }}.", front=fm) == (
        "test.md:4:3: variable 'name' (Your name) needs a value; it has no default"
    )
    assert spoken(parse("Hello {{ name }}.", front=fm, values={"name": "Sam"})) == ["Hello Sam."]


def test_a_value_for_an_undeclared_variable_is_refused() -> None:
    assert error_of("{{ phrase }}.", front=PHRASE, values={"name": "Sam"}) == (
        "test.md:1:1: a value was given for 'name', which this practice does not declare (its variables: phrase)"
    )


@pytest.mark.parametrize(("value", "problem"), [("", "the text is empty"), (5, "expected text, got 5")])
def test_a_value_that_does_not_fit_is_reported_at_the_declaration(value: object, problem: str) -> None:
    assert error_of("{{ phrase }}.", front=PHRASE, values={"phrase": value}) == (
        f"test.md:4:3: value for 'phrase' (Your phrase): {problem}"
    )


# --- template mistakes --------------------------------------------------------------------


def test_a_template_tag_opens_and_closes_on_one_line() -> None:
    assert error_of("{{ phrase }}.\nAnd {{ phrase\n}}.", front=PHRASE) == (
        "test.md:7:5: a template tag must open and close on the same line"
    )


def test_a_template_comment_closes_on_its_line_so_later_positions_stay_true() -> None:
    """Found by hypothesis: a {# #} across lines hid a line marker and put a later mistake on the wrong line."""
    assert error_of("{{ phrase }}.\nRest {# a note\nthat goes on #} here.", front=PHRASE) == (
        "test.md:7:6: a {# #} comment must close on the line it opens; for a longer note use <!-- -->"
    )


def test_a_template_syntax_error_is_reported_on_its_line() -> None:
    assert error_of("{{ phrase }}.\n\n{% if %}", front=PHRASE) == (
        "test.md:8:1: template error: Expected an expression, got 'end of statement block'"
    )


def test_an_unclosed_block_is_reported() -> None:
    (message,) = errors("{{ phrase }}.\n{% for x in [1] %}\nHi.", front=PHRASE)
    assert message.startswith("test.md:8:1: template error: Unexpected end of template.")


def test_an_error_while_rendering_is_reported_on_its_line() -> None:
    assert error_of("{{ phrase }}.\n\nAnd {{ 1 / 0 }}.", front=PHRASE) == "test.md:8:1: template error: division by zero"


def test_an_unknown_test_is_a_script_error() -> None:
    assert error_of("{{ phrase }} {% if phrase is nosuchtest %}x{% endif %}", front=PHRASE) == (
        "test.md:6:1: template error: No test named 'nosuchtest' found."
    )


@pytest.mark.parametrize("mistake", ["{{ phrase | nosuchfilter }}", "{% block a %}{% endblock %}{% block a %}{% endblock %}"])
def test_a_mistake_found_while_compiling_the_template_is_a_script_error(mistake: str) -> None:
    try:
        parse("{{ phrase }}.\n\n" + mistake, front=PHRASE)
    except ScriptError as error:
        assert str(error).startswith("test.md:8:")
        return
    except Exception as other:  # noqa: BLE001 - this is the bug being recorded
        raise AssertionError(f"escaped as {type(other).__name__}: {other}") from None
    raise AssertionError("parsed without error")
