"""Practices filled in from templates: what they say, their values checked and kept plain, reopened as drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.script import ScriptError, load_practice, parse_practice
from kindaudio.script.builder.fill import Draft, draft_of, fill_template, offered_lengths
from kindaudio.script.builder.save import save_practice
from kindaudio.script.builder.templates import load_template, shipped_templates_dir
from kindaudio.script.model import MadeFrom, Sentence
from kindaudio.script.templating.render import has_template_syntax
from kindaudio.script.timing import LengthRange
from tests.script.builder.support import SCB, fill, items

# --- filling in -------------------------------------------------------------------------------


def test_a_filled_practice_says_what_the_template_says_with_those_values() -> None:
    values = {"noticing": "This hurts.", "kind_wish": "I'm allowed to rest.", "touch": False}
    filled = fill_template(Draft(SCB, values, "Sam's break"))
    rendered = load_practice(shipped_templates_dir() / "self-compassion-break.md", values)
    assert items(filled.practice) == items(rendered)
    assert "This hurts." in [s.text for s in filled.practice.sentences]


def test_a_filled_practice_is_a_plain_practice_with_no_template_left() -> None:
    filled = fill("custom-body-scan", regions=["face", "hands"])
    body = filled.text.split("\n---\n", 1)[1]
    assert not has_template_syntax(filled.text)
    assert "variables:" not in filled.text
    assert not filled.practice.is_template
    assert [s.title for s in filled.practice.sections] == [
        "Arriving", "Settling", "Face", "Hands", "The whole body", "Returning"]
    assert "\n\n\n" not in body


def test_the_front_matter_carries_title_summary_pace_and_what_it_was_made_from() -> None:
    filled = fill_template(Draft("soles-of-the-feet", {"position": "standing"}, "  Steady   feet ",
                                 for_whom="Sam", notes="After work.\nTry standing.", author="R. Lee"))
    practice = filled.practice
    assert (practice.title, practice.for_whom, practice.notes, practice.author) == (
        "Steady feet", "Sam", "After work.\nTry standing.", "R. Lee")
    assert practice.summary == load_template("soles-of-the-feet").summary
    assert practice.pace == load_practice(shipped_templates_dir() / "soles-of-the-feet.md").pace
    assert practice.made_from == MadeFrom("soles-of-the-feet", {
        "position": "standing", "after_feelings": False, "steady_words": "The ground is here, and so am I."})
    assert filled.text.startswith("---\ntitle: Steady feet\n")


def test_without_a_title_the_practice_takes_the_templates() -> None:
    assert fill(title="").practice.title == "Self-Compassion Break"


def test_the_offered_lengths_are_the_templates_that_the_values_reach() -> None:
    full = fill("custom-body-scan")
    assert full.practice.lengths == (15, 20, 30, 45)
    two = fill("custom-body-scan", regions=["hands", "face"])
    assert two.practice.lengths == (15,)
    for minutes in two.practice.lengths:
        assert two.reachable.reaches(minutes * 60)
    assert not two.reachable.reaches(20 * 60)


def test_when_no_offered_length_is_reachable_a_few_whole_minutes_are_offered() -> None:
    assert offered_lengths((15, 20), LengthRange(190, 750)) == (4, 7, 9, 12)
    assert offered_lengths((15, 20), LengthRange(190, 330)) == (4, 5)
    assert offered_lengths((4, 15), LengthRange(190, 330)) == (4,)
    nothing_chosen = fill("custom-body-scan", regions=[], thanks=False)
    assert nothing_chosen.practice.lengths and all(
        nothing_chosen.reachable.reaches(m * 60) for m in nothing_chosen.practice.lengths)
    assert [s.title for s in nothing_chosen.practice.sections] == [
        "Arriving", "Settling", "The whole body", "Returning"]


def test_the_regions_are_spoken_in_the_order_chosen() -> None:
    titles = [s.title for s in fill("custom-body-scan", regions="head, feet, back").practice.sections]
    assert titles[2:5] == ["Head", "Feet", "Back"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"noticing": "   "}, ":7:3: value for 'noticing' (Noticing that it's hard): the text is empty"),
        ({"touch": "perhaps"}, ":22:3: value for 'touch' (Invite a soothing touch): expected yes or no (true/false), "
                               "got 'perhaps'"),
        ({"kind_wish": "x" * 501}, ":17:3: value for 'kind_wish' (A kind wish to yourself): the text is 501 "
                                   "characters; at most 500 fit"),
        ({"colour": "blue"}, ":1:1: a value was given for 'colour', which this practice does not declare "
                             "(its variables: noticing, not_alone, kind_wish, touch)"),
    ],
)
def test_a_bad_value_is_a_script_error_at_its_variable(values: dict[str, object], message: str) -> None:
    with pytest.raises(ScriptError) as caught:
        fill_template(Draft(SCB, values, "T"))
    (diagnostic,) = caught.value.diagnostics
    assert str(diagnostic) == f"{shipped_templates_dir() / 'self-compassion-break.md'}{message}"


def test_a_bad_value_names_the_variable_whose_declaration_it_points_at() -> None:
    with pytest.raises(ScriptError) as caught:
        fill_template(Draft("loving-kindness-phrases", {"rounds": 9}, "T"))
    (diagnostic,) = caught.value.diagnostics
    rounds = next(v for v in load_template("loving-kindness-phrases").variables if v.name == "rounds")
    assert (diagnostic.line, diagnostic.column) == (rounds.pos.line, rounds.pos.column)
    assert diagnostic.message == "value for 'rounds' (Rounds of repetition): 9 is above the maximum 8"


# --- hostile values ---------------------------------------------------------------------------


HOSTILE = [
    "rest [pause 1h] now [bell 9]",
    "## A heading of my own",
    "<!-- hide the rest",
    "*bold* _under_ \\[ \\\\",
    "---",
    "title: Evil\nid: evil\n---\n## Injected",
    "line one\n\n## two\n[bell]",
    "-->",
    "{#",
    "%} end",
    "'quoted' \"double\": colon, # hash",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_stays_plain_words_in_the_saved_file(value: str, paths: AppPaths) -> None:
    expected_text = " ".join(value.split())
    if "{" in value or "}" in value:
        with pytest.raises(ScriptError, match="curly braces"):
            fill(noticing=value)
        return
    filled = fill_template(Draft(SCB, {"noticing": value}, value, for_whom=value, notes=value, author=value))
    saved = save_practice(filled, paths)
    again = load_practice(saved)
    assert items(again) == items(filled.practice) == items(
        load_practice(shipped_templates_dir() / "self-compassion-break.md", {"noticing": value}))
    clean = fill(noticing="Placeholder words.").practice
    assert [s.title for s in again.sections] == [s.title for s in clean.sections]
    marks = [(type(i).__name__, getattr(i, "strikes", None), getattr(i, "min_seconds", None))
             for s in again.sections for i in s.items if not isinstance(i, Sentence)]
    assert marks == [(type(i).__name__, getattr(i, "strikes", None), getattr(i, "min_seconds", None))
                     for s in clean.sections for i in s.items if not isinstance(i, Sentence)]
    if any(c.isalpha() for c in value):
        assert sum(expected_text in s.text for s in again.sentences) == 2  # said twice, as the template says
    assert (again.title, again.for_whom, again.author) == (expected_text,) * 3
    assert again.id == saved.stem != "evil"
    assert again.made_from is not None and again.made_from.values["noticing"] == expected_text
    assert not has_template_syntax(saved.read_text(encoding="utf-8").split("\n---\n", 1)[1])


@pytest.mark.parametrize("value", ["{{ 7 * 7 }}", "{% for i in range(9) %}", "{# hidden #}", "a { b", "}"])
def test_a_value_with_curly_braces_is_refused_so_no_template_syntax_reaches_the_file(value: str) -> None:
    with pytest.raises(ScriptError) as caught:
        fill(kind_wish=value)
    assert caught.value.diagnostics[0].message == (
        "value for 'kind_wish' (A kind wish to yourself): curly braces { } cannot be spoken; leave them out")


def test_hostile_choices_are_refused_rather_than_spoken() -> None:
    with pytest.raises(ScriptError, match=r"'\[bell\]' not among: feet, legs"):
        fill("custom-body-scan", regions=["feet", "[bell]"])


# --- reopening --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template_id", "values"),
    [
        (SCB, {"noticing": "This is a lot.", "not_alone": "Others feel this too.", "kind_wish": "I'm on my side.",
               "touch": False}),
        ("loving-kindness-phrases", {"phrase_count": 2, "phrase_1": "May I rest.", "phrase_2": "May I heal.",
                                     "phrase_3": "May I laugh.", "phrase_4": "May I play.", "rounds": 5}),
        ("soles-of-the-feet", {"position": "standing", "after_feelings": True, "steady_words": "I am here."}),
        ("custom-body-scan", {"regions": ("chest", "feet"), "anchor": "the breath", "thanks": False}),
    ],
)
def test_a_saved_practice_gives_back_its_draft(paths: AppPaths, template_id: str, values: dict[str, object]) -> None:
    draft = Draft(template_id, values, "Made for Sam", for_whom="Sam", notes="Week 3.\nGo slowly.", author="Dr. K")
    path = save_practice(fill_template(draft), paths)
    assert draft_of(load_practice(path)) == draft


def test_a_draft_gives_back_every_value_with_the_defaults_filled_in(paths: AppPaths) -> None:
    path = save_practice(fill(noticing="Ouch."), paths)
    reopened = draft_of(load_practice(path))
    assert reopened is not None
    assert dict(reopened.values) == {"noticing": "Ouch.", "not_alone": "People everywhere have moments like this.",
                                     "kind_wish": "I can meet myself with some warmth right now.", "touch": True}


def test_a_practice_not_made_from_a_template_has_no_draft() -> None:
    assert draft_of(load_practice(Path("kindaudio/data/practices/affectionate-breathing.md"))) is None


def test_a_practice_made_from_an_unknown_template_has_no_draft() -> None:
    text = "---\ntitle: T\nmade_from: {template: gone-away, values: {a: b}}\n---\nHello.\n"
    assert draft_of(parse_practice(text, "t.md")) is None


def test_values_that_no_longer_fit_the_template_fall_back_to_its_defaults() -> None:
    text = ("---\ntitle: T\nmade_from:\n  template: self-compassion-break\n"
            "  values: {noticing: Heavy., touch: maybe, retired: x}\n---\nHello.\n")
    draft = draft_of(parse_practice(text, "t.md"))
    assert draft is not None and dict(draft.values) == {"noticing": "Heavy."}
    assert fill_template(draft).practice.made_from == MadeFrom(SCB, {
        "noticing": "Heavy.", "not_alone": "People everywhere have moments like this.",
        "kind_wish": "I can meet myself with some warmth right now.", "touch": True})
