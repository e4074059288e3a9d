"""Practices made from templates: filled in, saved as plain practices, reopened as drafts."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script import ScriptError, load_practice, parse_practice
from kindaudio.script.model import Bell, MadeFrom, Pause, Practice, Sentence
from kindaudio.script.template import has_template_syntax
from kindaudio.script.templates import (
    Draft,
    FilledPractice,
    draft_of,
    fill_template,
    list_templates,
    load_template,
    offered_lengths,
    save_practice,
    shipped_templates_dir,
    write_practice_file,
)
from kindaudio.script.timing import LengthRange

from tests.script.support import summary

SCB = "self-compassion-break"


def items(practice: Practice) -> list[tuple[object, ...]]:
    """What a practice says and does, without source positions: sentences with their ids."""
    out: list[tuple[object, ...]] = []
    for section in practice.sections:
        for item in section.items:
            if isinstance(item, Sentence):
                out.append((section.title, "say", item.id, item.text, item.paragraph))
            elif isinstance(item, Pause):
                out.append((section.title, "pause", item.min_seconds, item.max_seconds))
            else:
                assert isinstance(item, Bell)
                out.append((section.title, "bell", item.strikes))
    return out


def fill(template_id: str = SCB, title: str = "For hard days", **values: object) -> FilledPractice:
    return fill_template(Draft(template_id, values, title))


# --- the templates on offer --------------------------------------------------------------------


def test_the_four_templates_are_listed_by_title() -> None:
    assert [(t.id, t.title) for t in list_templates()] == [
        ("custom-body-scan", "Custom Body Scan"),
        ("loving-kindness-phrases", "Loving-Kindness Phrases"),
        ("self-compassion-break", "Self-Compassion Break"),
        ("soles-of-the-feet", "Soles of the Feet"),
    ]


def test_a_template_is_found_by_its_id_with_what_it_asks_for() -> None:
    info = load_template(SCB)
    assert info.path == shipped_templates_dir() / "self-compassion-break.md"
    assert [v.name for v in info.variables] == ["noticing", "not_alone", "kind_wish", "touch"]
    assert info.summary


@pytest.mark.parametrize("wrong", ["nope", "../scripts/affectionate-breathing", "Self-Compassion-Break", ""])
def test_an_unknown_template_is_refused_naming_the_ones_there_are(wrong: str) -> None:
    with pytest.raises(UserInputError) as caught:
        load_template(wrong)
    assert str(caught.value) == (
        f"there is no template called '{wrong}'; the templates are: custom-body-scan, loving-kindness-phrases, "
        "self-compassion-break, soles-of-the-feet")


# --- filling in ----------------------------------------------------------------------------------


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


# --- hostile values ------------------------------------------------------------------------------


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


# --- saving --------------------------------------------------------------------------------------


def test_a_saved_practice_reparses_to_the_same_practice(paths: AppPaths) -> None:
    filled = fill("loving-kindness-phrases", phrase_count=2, phrase_1="May I rest.", rounds=3)
    path = save_practice(filled, paths)
    assert path == paths.practices / "for-hard-days.md"
    assert path.read_text(encoding="utf-8") == filled.text
    again = load_practice(path)
    assert items(again) == items(filled.practice)
    assert (again.id, again.lengths, again.made_from) == ("for-hard-days", filled.practice.lengths,
                                                          filled.practice.made_from)


def test_a_saved_practice_is_private(paths: AppPaths) -> None:
    path = save_practice(fill(), paths)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.practices.stat().st_mode) == 0o700


def test_saving_never_overwrites_a_practice(paths: AppPaths) -> None:
    first = save_practice(fill(title="Evening"), paths)
    second = save_practice(fill(title="Evening", noticing="Different words."), paths)
    third = save_practice(fill(title="evening!"), paths)
    assert [first.name, second.name, third.name] == ["evening.md", "evening-2.md", "evening-3.md"]
    assert "Different words." not in first.read_text(encoding="utf-8")
    assert "Different words." in second.read_text(encoding="utf-8")


def test_a_new_practice_never_takes_the_id_of_a_shipped_one(paths: AppPaths) -> None:
    path = save_practice(fill(title="Affectionate Breathing"), paths)
    assert path.name == "affectionate-breathing-2.md"


def test_a_file_appearing_while_saving_is_not_overwritten(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another save taking the name between the look and the write: the next name is used."""
    real_link = os.link

    def someone_else_first(source: Path, target: Path) -> None:
        if Path(target).name == "evening.md" and not Path(target).exists():
            Path(target).write_text("theirs", encoding="utf-8")
        real_link(source, target)

    paths.practices.mkdir(parents=True)
    monkeypatch.setattr(os, "link", someone_else_first)
    path = save_practice(fill(title="Evening"), paths)
    assert path.name == "evening-2.md"
    assert (paths.practices / "evening.md").read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in paths.practices.iterdir()) == ["evening-2.md", "evening.md"]


def test_a_failed_write_leaves_nothing_behind(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    def no_rename(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    paths.practices.mkdir(parents=True)
    monkeypatch.setattr(os, "link", disk_full)
    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(Exception, match="could not save the practice .* No space left on device"):
        save_practice(fill(), paths)
    assert list(paths.practices.iterdir()) == []


def test_replacing_rewrites_that_file_and_keeps_its_id(paths: AppPaths) -> None:
    path = save_practice(fill(title="Evening"), paths)
    edited = fill(title="Evening, kinder", noticing="Oh, this is heavy.")
    assert save_practice(edited, paths, replace=path) == path
    again = load_practice(path)
    assert again.id == "evening" and again.title == "Evening, kinder"
    assert "Oh, this is heavy." in [s.text for s in again.sentences]
    assert sorted(p.name for p in paths.practices.iterdir()) == ["evening.md"]


def test_replacing_a_file_with_a_declared_id_keeps_that_id(paths: AppPaths) -> None:
    paths.practices.mkdir(parents=True)
    path = paths.practices / "from-a-pack.md"
    path.write_text("---\ntitle: Old\nid: sams-practice\n---\nHello.\n", encoding="utf-8")
    save_practice(fill(), paths, replace=path)
    assert load_practice(path).id == "sams-practice"


def test_writing_to_a_chosen_file_refuses_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(UserInputError, match="already exists"):
        write_practice_file(fill(), target)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.md"]


# --- reopening -----------------------------------------------------------------------------------


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


# --- templates from elsewhere: the sandbox -------------------------------------------------------

PHRASE = 'title: T\nvariables:\n  phrase: {label: Your phrase, type: text, default: "May I rest"}'


def refusal(body: str) -> str:
    with pytest.raises(ScriptError) as caught:
        parse_practice(f"---\n{PHRASE}\n---\n{{{{ phrase }}}}.\n{body}\n", "pack.md")
    (diagnostic,) = caught.value.diagnostics
    return str(diagnostic)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ phrase.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe."),
        ("{{ range.__globals__ }}", "access to attribute '__globals__' of 'function' object is unsafe."),
        ("{{ cycler.__init__.__globals__['os'] }}", "access to attribute '__init__' of 'type' object is unsafe."),
        ("{{ lipsum(5) }}", "lipsum() cannot be used in a practice template"),
        ("{{ phrase * 1000000 }}", "a repetition would make more text than a practice may hold"),
        ("{{ [phrase * 90000] * 20 }}", "a repetition would make more text than a practice may hold"),
        ("{{ (phrase * 90000) ~ (phrase * 90000) }}", "joining these would make more text than a practice may hold"),
        ("{{ (phrase * 90000).replace('a', phrase * 100) }}",
         "a replacement would make more text than a practice may hold"),
        ("{{ ([phrase * 9000] * 10)|join(phrase * 10000) }}",
         "joining these would make more text than a practice may hold"),
        ("{{ '%999999999d' % 1 }}", "text formatting with % cannot be used in a practice template; "
                                    "put values in with {{ name }}"),
        ("{{ '{:>999999999}'.format(phrase) }}", "text formatting with .format() cannot be used in a practice "
                                                 "template; put values in with {{ name }}"),
        ("{{ phrase.ljust(999999999) }}",
         "the number 999999999 is too large for a practice template (at most 100,000)"),
        ("{{ phrase|center(999999999) }}", "No filter named 'center'."),
        ("{{ 10 ** 1000000 }}", "the power 1000000 is too large for a practice template"),
        ("{{ range(10**6)|length }}", "the number 1000000 is too large for a practice template (at most 100,000)"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
         "the template's loops repeat more than 100,000 times; check its loops"),
        ("{% for i in range(3) recursive %}{{ loop(range(3)) }}{% endfor %}",
         "recursive loops cannot be used in a practice template"),
        ("{% set x %}{% for i in range(99999) %}{{ phrase }}{% endfor %}{% endset %}",
         "a {% set %} block cannot be used in a practice template"),
        ("{% macro m() %}{{ phrase }}{% endmacro %}{{ m() }}", "{% macro %} cannot be used in a practice template"),
        ("{% filter upper %}{{ phrase }}{% endfilter %}", "{% filter %} cannot be used in a practice template"),
        ("{% include 'secret.md' %}", "{% include %} cannot be used in a practice template"),
    ],
)
def test_a_sandbox_escape_or_a_bomb_in_a_template_is_refused_with_a_clear_message(body: str, message: str) -> None:
    assert refusal(body) == f"pack.md:7:1: template error: {message}"


def test_loops_without_any_output_are_bounded_too() -> None:
    body = "{% for i in range(1000) %}\n{% for j in range(1000) %}\n{% endfor %}\n{% endfor %}"
    assert refusal(body).endswith("the template's loops repeat more than 100,000 times; check its loops")


def test_a_template_that_works_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from kindaudio.script import template

    monkeypatch.setattr(template, "MAX_CPU_SECONDS", 0.2)
    body = "{% for i in range(90000) if (range(90000)|join|length) > 0 %}{% endfor %}"
    assert refusal(body) == "pack.md:7:1: template error: the template takes too long to fill in; check its loops"


def test_the_plain_filters_and_loops_a_template_needs_still_work() -> None:
    body = ("{% for i in range(3) %}\n{{ phrase|upper }} {{ [2 + loop.index, 4]|min }} {{ ['a', 'b']|join('-') }}."
            "\n{% endfor %}\n{% set n = 2 * 3 %}{{ n ~ ' rest' }}.")
    practice = parse_practice(f"---\n{PHRASE}\n---\n{{{{ phrase }}}}.\n{body}\n", "ok.md")
    assert summary(practice)[1:] == [("say", "MAY I REST 3 a-b."), ("say", "MAY I REST 4 a-b."),
                                     ("say", "MAY I REST 4 a-b."), ("say", "6 rest.")]
