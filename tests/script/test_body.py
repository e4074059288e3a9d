"""The body: sections, paragraphs, marks, comments, escapes and emphasis.

With the default front matter of tests.script.support, the body's first line is
file line 4.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.script import Bell, Pause, ScriptError, Sentence, SourcePos, load_practice
from kindaudio.script.model import sentence_id
from tests.script.support import error_of, errors, parse, spoken, summary

# --- sections --------------------------------------------------------------------------


def test_a_double_hash_heading_opens_a_section() -> None:
    practice = parse("## Settling\nFind a seat.\n\n## Breathing\nFeel the breath.")
    assert [(s.title, s.pos) for s in practice.sections] == [
        ("Settling", SourcePos(4, 1)), ("Breathing", SourcePos(7, 1))]
    assert [[i.text for i in s.sentences] for s in practice.sections] == [["Find a seat."], ["Feel the breath."]]


def test_text_before_the_first_heading_is_an_opening_section_named_after_the_practice() -> None:
    practice = parse("Welcome.\n\n## Settling\nFind a seat.", front="title: Evening Rest")
    assert [s.title for s in practice.sections] == ["Evening Rest", "Settling"]
    assert practice.sections[0].sentences[0].text == "Welcome."
    assert practice.sections[0].pos == SourcePos(4, 1)


def test_without_text_before_the_first_heading_there_is_no_opening_section() -> None:
    practice = parse("<!-- a note -->\n\n## Settling\nFind a seat.")
    assert [s.title for s in practice.sections] == ["Settling"]


def test_a_heading_may_be_closed_with_hashes_and_may_contain_escapes() -> None:
    practice = parse("## Step \\#1: *arrive* ##\nHello.")
    assert practice.sections[0].title == "Step #1: *arrive*"


def test_a_heading_collapses_its_spaces() -> None:
    assert parse("##   Feet   and legs  \nHello.").sections[0].title == "Feet and legs"


def test_an_indented_heading_is_reported_at_its_hashes() -> None:
    practice = parse("Hi.\n  ## Indented\nThere.")
    assert practice.sections[1].pos == SourcePos(5, 3)


def test_a_heading_ends_the_paragraph_before_it() -> None:
    practice = parse("One.\n## Next\nTwo.")
    assert [s.paragraph for s in practice.sentences] == [0, 1]
    assert [s.title for s in practice.sections] == ["Test practice", "Next"]


def test_a_single_hash_is_refused_with_a_hint_about_the_title() -> None:
    assert error_of("# Title\nHello.") == (
        "test.md:4:1: a single # is not used; write '## ...' to open a section "
        "(the practice title goes in the front matter)"
    )


@pytest.mark.parametrize("line", ["### Three", "##NoSpace", "#### Four"])
def test_headings_use_exactly_two_hashes_and_a_space(line: str) -> None:
    assert error_of(f"Hello.\n{line}\nMore.") == (
        "test.md:5:1: write section headings with exactly two #, like '## Settling'; write \\# for a # in the text"
    )


def test_a_heading_needs_a_title() -> None:
    assert error_of("Hello.\n## \nMore.") == "test.md:5:1: a section heading needs a title after '## '"


def test_an_empty_section_is_refused_at_its_heading() -> None:
    assert error_of("## Settling\nHello.\n\n## Empty\n<!-- nothing yet -->\n\n## Last\nBye.") == (
        "test.md:7:1: the section 'Empty' is empty; add text or marks under it, or remove the heading"
    )


def test_a_section_of_only_marks_is_not_empty() -> None:
    practice = parse("## Quiet\n[bell]\n[pause 1m]")
    assert summary(practice) == [("bell", 1), ("pause", 60.0, 60.0)]


# --- paragraphs -----------------------------------------------------------------------------


def test_a_blank_line_ends_a_paragraph_and_lines_of_one_paragraph_join() -> None:
    practice = parse("Let the body\nrest here.\n\nNow the breath.\n   \nAnd the hands.")
    assert spoken(practice) == ["Let the body rest here.", "Now the breath.", "And the hands."]
    assert [s.paragraph for s in practice.sentences] == [0, 1, 2]


def test_paragraphs_are_counted_across_the_whole_practice() -> None:
    practice = parse("A one.\n\nA two.\n\n## Next\nB one. B again.\n\nB two.")
    assert [(s.text, s.paragraph) for s in practice.sentences] == [
        ("A one.", 0), ("A two.", 1), ("B one.", 2), ("B again.", 2), ("B two.", 3)]


def test_a_sentence_knows_where_it_starts() -> None:
    practice = parse("First one. Second\none.\n\n   Third.")
    assert [(s.text, s.pos) for s in practice.sentences] == [
        ("First one.", SourcePos(4, 1)), ("Second one.", SourcePos(4, 12)), ("Third.", SourcePos(7, 4))]


def test_sentence_ids_are_made_from_the_spoken_text() -> None:
    (sentence,) = parse("Breathe   *in*.").sentences
    assert isinstance(sentence, Sentence)
    assert sentence.text == "Breathe in."
    assert sentence.id == sentence_id("Breathe in.")


# --- marks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mark", "low", "high"),
    [("[pause 5s]", 5.0, 5.0), ("[pause 1m30s]", 90.0, 90.0), ("[pause 2.5s]", 2.5, 2.5), ("[pause 1h]", 3600.0, 3600.0),
     ("[pause 20s..2m]", 20.0, 120.0), ("[pause 1m..1m30s]", 60.0, 90.0), ("[pause 20s .. 2m]", 20.0, 120.0),
     ("[Pause 5s]", 5.0, 5.0), ("[pause 3h]", 10800.0, 10800.0)],
)
def test_pauses_are_fixed_or_elastic(mark: str, low: float, high: float) -> None:
    (pause,) = parse(mark).sections[0].items
    assert isinstance(pause, Pause)
    assert (pause.min_seconds, pause.max_seconds, pause.elastic) == (low, high, high > low)
    assert pause.pos == SourcePos(4, 1)


@pytest.mark.parametrize(("mark", "strikes"), [("[bell]", 1), ("[bell 1]", 1), ("[bell 3]", 3), ("[bell 9]", 9)])
def test_bells_strike_one_to_nine_times(mark: str, strikes: int) -> None:
    assert parse(mark).sections[0].items == (Bell(strikes, SourcePos(4, 1)),)


def test_marks_stand_on_their_own_line_or_inside_a_paragraph() -> None:
    practice = parse("[bell]\n\nBreathe in. [pause 3s] Breathe out.\n[pause 20s..2m]\n\n[bell 3]")
    assert summary(practice) == [
        ("bell", 1), ("say", "Breathe in."), ("pause", 3.0, 3.0), ("say", "Breathe out."),
        ("pause", 20.0, 120.0), ("bell", 3)]


def test_marks_are_placed_where_they_stand() -> None:
    practice = parse("Breathe in. [pause 3s] Breathe out. [bell]")
    assert [item.pos for item in practice.sections[0].items] == [
        SourcePos(4, 1), SourcePos(4, 13), SourcePos(4, 24), SourcePos(4, 37)]


def test_a_mark_inside_a_sentence_splits_it() -> None:
    practice = parse("Breathe in [pause 3s] and out.")
    assert summary(practice) == [("say", "Breathe in"), ("pause", 3.0, 3.0), ("say", "and out.")]


def test_punctuation_alone_between_marks_is_not_spoken() -> None:
    assert summary(parse("A [pause 1m30s]. B.")) == [("say", "A"), ("pause", 90.0, 90.0), ("say", "B.")]


def test_unknown_mark_message_names_file_line_column_and_the_nearest_mark(
        write_practice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n".join([
        "## Arriving",                              # line 4
        "Welcome.",                                 # 5
        "",                                         # 6
        "You can close your eyes.",                 # 7
        "",                                         # 8
        "## Feet",                                  # 9
        "Notice your feet.",                        # 10
        "[pause 5s..1m]",                           # 11
        "",                                         # 12
        "Notice the toes.",                         # 13
        "  [paws 5s]",                              # 14: the mark starts at column 3
        "Rest here.",                               # 15
    ])
    write_practice(body, front="title: Body Scan", name="body-scan.md")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScriptError) as caught:
        load_practice("body-scan.md")
    assert str(caught.value) == "body-scan.md:14:3: unknown mark [paws 5s]; did you mean [pause 5s]?"
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.column) == ("body-scan.md", 14, 3)


def test_unknown_mark_messages_carry_the_full_path_given(write_practice) -> None:
    path = write_practice("Hi. [bel]", name="rest.md")
    with pytest.raises(ScriptError) as caught:
        load_practice(path)
    assert str(caught.value) == f"{path}:4:5: unknown mark [bel]; did you mean [bell]?"


def test_an_unknown_mark_without_a_near_one_lists_the_marks() -> None:
    assert error_of("Hi. [ring 3]") == (
        "test.md:4:5: unknown mark [ring 3]; marks are [pause 5s], [pause 20s..2m], [bell] and [bell 3]; "
        "write \\[ for a bracket"
    )


def test_an_empty_mark_is_refused() -> None:
    assert error_of("Hi. [ ]") == (
        "test.md:4:5: empty mark []; marks are [pause 5s], [pause 20s..2m], [bell] and [bell 3]; write \\[ for a bracket"
    )


def test_a_mark_closes_on_its_own_line() -> None:
    assert error_of("Hi [pause 5s\n] there.") == (
        "test.md:4:4: this mark is never closed; add ] on the same line, or write \\[ for a bracket"
    )


def test_a_pause_needs_a_duration() -> None:
    assert error_of("Hi. [pause]") == "test.md:4:5: a pause needs a duration, e.g. [pause 5s] or [pause 20s..2m]"


def test_a_duration_without_unit_is_reported_at_the_duration_with_a_suggestion() -> None:
    assert error_of("Hi. [pause 5]") == "test.md:4:12: malformed duration '5': missing unit; did you mean 5s?"


@pytest.mark.parametrize("spec", ["5x", "2m30", "1.5m", "30s1m"])
def test_a_malformed_duration_is_reported_at_the_duration(spec: str) -> None:
    assert error_of(f"Hi. [pause {spec}]") == (
        f"test.md:4:12: malformed duration '{spec}'; write it like e.g. 5s, 2.5s, 1m30s or 2m"
    )


def test_a_malformed_maximum_is_reported_too() -> None:
    assert error_of("[pause 20s..2q]") == (
        "test.md:4:8: malformed duration '2q'; write it like e.g. 5s, 2.5s, 1m30s or 2m"
    )


def test_an_elastic_pause_without_its_maximum_is_malformed() -> None:
    (message,) = errors("Hi. [pause 20s..]")
    assert message.startswith("test.md:4:")


def test_an_elastic_pause_must_put_the_shorter_duration_first() -> None:
    assert error_of("Hi.\n   [pause 2m..20s]") == (
        "test.md:5:11: the elastic pause's minimum 2m is longer than its maximum 20s; write the shorter one first"
    )


@pytest.mark.parametrize("spec", ["20s-2m", "20s - 2m", "20s to 2m", "20s…2m"])
def test_an_elastic_pause_is_written_with_two_dots(spec: str) -> None:
    assert error_of(f"[pause {spec}]") == (
        f"test.md:4:8: write an elastic pause with two dots, like [pause 20s..2m], not [pause {spec}]"
    )


def test_a_pause_is_at_most_three_hours() -> None:
    assert error_of("[pause 10s..3h1s]") == "test.md:4:8: a pause can be at most 3h"


@pytest.mark.parametrize("mark", ["[bell 0]", "[bell 10]", "[bell x]", "[bell 2 3]"])
def test_a_bell_strikes_one_to_nine_times(mark: str) -> None:
    assert error_of(f"Hi. {mark}") == "test.md:4:5: a bell is written [bell], or [bell 3] for 1 to 9 strikes"


def test_several_mistakes_in_one_body_are_all_reported_in_file_order() -> None:
    body = "## One\n[paws 5s] Hi [pause 2m..1m]\n\n## \n[bell 12]\n<!-- never closed"
    assert errors(body) == [
        "test.md:5:1: unknown mark [paws 5s]; did you mean [pause 5s]?",
        "test.md:5:21: the elastic pause's minimum 2m is longer than its maximum 1m; write the shorter one first",
        "test.md:7:1: a section heading needs a title after '## '",
        "test.md:8:1: a bell is written [bell], or [bell 3] for 1 to 9 strikes",
        "test.md:9:1: this comment is never closed; add --> where it ends",
    ]


def test_the_script_error_carries_each_problem_as_a_diagnostic() -> None:
    with pytest.raises(ScriptError) as caught:
        parse("[paws 5s]\n[pause 5]")
    assert [(d.line, d.column) for d in caught.value.diagnostics] == [(4, 1), (5, 8)]


# --- comments ------------------------------------------------------------------------------


def test_comments_are_never_spoken() -> None:
    assert spoken(parse("Breathe <!-- slowly --> in.")) == ["Breathe in."]


def test_a_comment_may_span_lines() -> None:
    practice = parse("Breathe in.\n<!-- a note\nover [paws 5s] lines\n-->\nBreathe out.")
    assert spoken(practice) == ["Breathe in.", "Breathe out."]


def test_a_comment_only_line_does_not_break_a_paragraph() -> None:
    practice = parse("Breathe in.\n<!-- a note -->\nBreathe out.")
    assert [(s.text, s.paragraph) for s in practice.sentences] == [("Breathe in.", 0), ("Breathe out.", 0)]


def test_a_blank_line_inside_a_comment_does_not_break_a_paragraph() -> None:
    practice = parse("Breathe in.\n<!-- a note\n\nstill the note -->\nBreathe out.")
    assert [s.paragraph for s in practice.sentences] == [0, 0]


def test_a_blank_line_after_a_comment_still_breaks_a_paragraph() -> None:
    practice = parse("Breathe in.\n<!-- a note -->\n\nBreathe out.")
    assert [s.paragraph for s in practice.sentences] == [0, 1]


def test_text_after_a_comment_keeps_its_column() -> None:
    (sentence,) = parse("<!-- note -->Hi there.").sentences
    assert sentence.pos == SourcePos(4, 14)


def test_marks_inside_comments_are_not_read() -> None:
    assert summary(parse("Hi. <!-- [bell] [paws] -->")) == [("say", "Hi.")]


def test_an_unclosed_comment_is_reported_where_it_opens() -> None:
    assert error_of("Hi.\nThere. <!-- forever\nmore.") == "test.md:5:8: this comment is never closed; add --> where it ends"


# --- escapes and emphasis ------------------------------------------------------------------


def test_escapes_write_the_character_itself() -> None:
    practice = parse("\\[not a mark] \\# \\* \\_ \\< \\\\ end.")
    assert summary(practice) == [("say", "[not a mark] # * _ < \\ end.")]


def test_an_escaped_hash_at_the_start_of_a_line_is_not_a_heading() -> None:
    assert summary(parse("\\## Not a heading.")) == [("say", "## Not a heading.")]


def test_an_escaped_comment_opener_is_spoken() -> None:
    assert spoken(parse("\\<!-- spoken -->")) == ["<!-- spoken -->"]


def test_a_backslash_before_an_ordinary_character_stays() -> None:
    assert spoken(parse("A\\b c.")) == ["A\\b c."]


def test_emphasis_is_spoken_as_plain_words() -> None:
    assert spoken(parse("Be *very* gentle, _kind_ and **warm**.")) == ["Be very gentle, kind and warm."]


# --- the whole body ------------------------------------------------------------------------


def test_an_empty_body_is_an_empty_practice() -> None:
    assert error_of("") == (
        "test.md:4:1: the practice is empty: after the front matter there is no text to speak and no pause or bell"
    )


@pytest.mark.parametrize("body", ["\n\n", "<!-- only a note -->\n", "  \n<!-- a\nb -->\n"])
def test_a_body_of_only_blank_lines_and_comments_is_an_empty_practice(body: str) -> None:
    (message,) = errors(body)
    assert message.endswith(": the practice is empty: after the front matter there is no text to speak "
                            "and no pause or bell")


def test_a_section_whose_only_content_is_a_mistake_is_not_also_called_empty() -> None:
    assert errors("## Settling\n[paws 3s]\n\n## Next\nHello.") == [
        "test.md:5:1: unknown mark [paws 3s]; did you mean [pause 3s]?",
    ]


@pytest.mark.parametrize("body", ["", "\n\n\n", "<!-- only a note -->\n", "   \n<!--\nmore\n-->"])
def test_an_empty_practice_is_reported_on_the_line_after_the_front_matter(body: str) -> None:
    assert errors(body) == [
        "test.md:4:1: the practice is empty: after the front matter there is no text to speak and no pause or bell",
    ]
