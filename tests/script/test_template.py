"""Templates: {{ variables }} rendered by Jinja2's sandbox, with source positions kept."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from kindaudio.script import ScriptError, SourcePos
from kindaudio.script.template import LineMap, has_template_syntax

from tests.script.support import error_of, errors, parse, spoken, summary

PHRASE = 'title: T\nvariables:\n  phrase: {label: Your phrase, type: text, default: "May I be kind"}'
# With PHRASE as front matter the body starts on file line 6.


def front(*declarations: str) -> str:
    return "title: T\nvariables:\n" + "\n".join(f"  {d}" for d in declarations)


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


# --- values stay plain words ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("rest [pause 1h] now", "rest [pause 1h] now"),
        ("rest [bell 3]", "rest [bell 3]"),
        ("<!-- hidden", "<!-- hidden"),
        ("a *b* _c_ \\d", "a *b* _c_ \\d"),
        ("{{ phrase }}", "{{ phrase }}"),
    ],
)
def test_a_value_is_spoken_as_plain_text_never_as_marks_comments_or_emphasis(value: str, said: str) -> None:
    practice = parse("Say {{ phrase }} today.", front=PHRASE, values={"phrase": value})
    assert summary(practice) == [("say", f"Say {said} today.")]


def test_a_value_at_the_start_of_a_line_never_opens_a_section() -> None:
    practice = parse("## Kindness\n{{ phrase }}\nis here.", front=PHRASE, values={"phrase": "## x"})
    assert [s.title for s in practice.sections] == ["Kindness"]
    assert spoken(practice) == ["## x is here."]


def test_a_value_with_line_breaks_stays_in_its_paragraph() -> None:
    practice = parse("Say {{ phrase }} now.\nThen rest.", front=PHRASE, values={"phrase": "one\n\n## two"})
    assert [(s.text, s.paragraph) for s in practice.sentences] == [("Say one ## two now.", 0), ("Then rest.", 0)]


# --- the sandbox ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "refusal"),
    [
        ("''.__class__.__mro__", "access to attribute '__class__' of 'str' object is unsafe."),
        ("phrase.__class__", "access to attribute '__class__' of 'str' object is unsafe."),
        ("cycler.__init__.__globals__", "access to attribute '__init__' of 'type' object is unsafe."),
        ("lipsum.__globals__", "access to attribute '__globals__' of 'function' object is unsafe."),
        ("self.__init__", "access to attribute '__init__' of 'TemplateReference' object is unsafe."),
    ],
)
def test_sandbox_escapes_are_refused_with_a_script_error(expression: str, refusal: str) -> None:
    body = f"{{{{ phrase }}}}.\n\nAnd {{{{ {expression} }}}}."
    assert error_of(body, front=PHRASE) == f"test.md:8:1: template error: {refusal}"


def test_a_sandbox_escape_is_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "escaped"
    body = f"{{{{ phrase }}}} {{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
    with pytest.raises(ScriptError, match="unsafe"):
        parse(body, front=PHRASE)
    assert not marker.exists()


def test_values_cannot_be_changed_by_the_template() -> None:
    fm = front("places: {type: multichoice, choices: [sea, hills], default: [sea]}")
    assert error_of("{{ places.append('hills') }} {{ places }}", front=fm) == (
        "test.md:6:1: template error: access to attribute 'append' of 'list' object is unsafe."
    )


def test_template_output_is_bounded() -> None:
    body = "{% for i in range(2000) %}{% for j in range(2000) %}{{ phrase }} {% endfor %}{% endfor %}"
    (message,) = errors(body, front=PHRASE)
    assert message.endswith(": the template produces more than 1,000,000 characters of text; check its loops")


def test_one_huge_expression_is_bounded_too() -> None:
    (message,) = errors("{{ phrase * 200000 }}", front=PHRASE)  # 2.6 million characters
    assert message.startswith("test.md:")
    assert "template" in message


def test_a_huge_expression_is_refused_without_building_it() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ScriptError):
            parse("{{ phrase * 5000000 }}", front=PHRASE)  # would be 65 MB of text
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


# --- declaring and using variables ---------------------------------------------------------


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


# --- template mistakes and positions after rendering ----------------------------------------


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


def test_a_mark_after_a_loop_is_reported_on_its_source_line() -> None:
    body = (
        "{% for i in range(3) %}\n"   # line 6
        "{{ phrase }}.\n"             # 7
        "{% endfor %}\n"              # 8
        "\n"                          # 9
        "[paws 5s]"                   # 10
    )
    assert error_of(body, front=PHRASE) == "test.md:10:1: unknown mark [paws 5s]; did you mean [pause 5s]?"


def test_a_mark_inside_a_condition_is_reported_on_its_source_line() -> None:
    body = (
        "{{ phrase }}.\n"             # line 6
        "{% if true %}\n"             # 7
        "Rest here.\n"                # 8
        "[paws 5s]\n"                 # 9
        "{% endif %}\n"               # 10
        "Done."                       # 11
    )
    assert error_of(body, front=PHRASE) == "test.md:9:1: unknown mark [paws 5s]; did you mean [pause 5s]?"


def test_marks_after_a_dropped_branch_are_reported_on_their_source_line() -> None:
    body = "{% if false %}\nA.\nB.\nC.\n{% endif %}\n{{ phrase }}. [bell 0]"
    assert error_of(body, front=PHRASE) == "test.md:11:15: a bell is written [bell], or [bell 3] for 1 to 9 strikes"


def test_a_mark_repeated_by_a_loop_is_reported_at_its_source_line_each_time() -> None:
    body = "{% for i in range(2) %}\n{{ phrase }} [paws 5s]\n{% endfor %}"
    found = errors(body, front=PHRASE)
    assert len(found) == 1  # once, though the loop repeats it
    (message,) = found
    assert message.startswith("test.md:7:")
    assert message.endswith(": unknown mark [paws 5s]; did you mean [pause 5s]?")


def test_sentences_after_rendering_keep_their_source_lines() -> None:
    body = "{% if true %}\nOne {{ phrase }}.\n{% endif %}\n\nTwo."
    assert [(s.text, s.pos) for s in parse(body, front=PHRASE).sentences] == [
        ("One May I be kind.", SourcePos(7, 1)), ("Two.", SourcePos(10, 1))]


def test_a_mark_after_a_value_on_the_same_line_is_reported_at_its_source_column() -> None:
    assert error_of("{{ phrase }} [paws 5s]", front=PHRASE) == (
        "test.md:6:14: unknown mark [paws 5s]; did you mean [pause 5s]?"
    )


# --- LineMap ---------------------------------------------------------------------------------


def test_an_identity_line_map_counts_from_the_first_line() -> None:
    line_map = LineMap.identity(3, first_line=10)
    assert line_map.pos(0, 0) == SourcePos(10, 1)
    assert line_map.pos(2, 4) == SourcePos(12, 5)


def test_a_line_map_follows_the_latest_anchor_on_a_line() -> None:
    line_map = LineMap([[(0, 7, 1), (5, 9, 1)]])
    assert line_map.pos(0, 3) == SourcePos(7, 4)
    assert line_map.pos(0, 5) == SourcePos(9, 1)
    assert line_map.pos(0, 8) == SourcePos(9, 4)
