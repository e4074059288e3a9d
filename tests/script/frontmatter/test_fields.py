"""The front matter's keys one by one: what each gives, and where its mistakes are reported."""

from __future__ import annotations

import pytest

from kindaudio.script import Pace
from tests.script.support import error_of, errors, parse

# --- title, summary, id -----------------------------------------------------------------


def test_the_summary_defaults_to_empty() -> None:
    assert parse("Hello.").summary == ""


def test_the_title_is_required() -> None:
    assert error_of("Hello.", front="summary: x") == "test.md:1:1: the front matter needs 'title: ...'"


@pytest.mark.parametrize("value", ["5", '"  "', "[a, b]"])
def test_the_title_must_be_text_and_not_empty(value: str) -> None:
    assert error_of("Hello.", front=f"title: {value}") == "test.md:2:8: 'title' must be text, not empty"


def test_the_summary_must_be_text() -> None:
    assert error_of("Hello.", front="title: T\nsummary: [a]") == "test.md:3:10: 'summary' must be text"


@pytest.mark.parametrize("value", ["Bad_Id", "two--dashes", "-start", "end-", "'with space'", "7"])
def test_an_id_is_lowercase_letters_digits_and_single_dashes(value: str) -> None:
    assert error_of("Hello.", front=f"title: T\nid: {value}") == (
        "test.md:3:5: 'id' must be lowercase letters, digits and single dashes, e.g. 'evening-body-scan'"
    )


# --- lengths -------------------------------------------------------------------------------


def test_offered_lengths_are_sorted() -> None:
    practice = parse("Hello. [pause 1m..40m]", front="title: T\nlengths: [20, 5, 10]")
    assert practice.lengths == (5, 10, 20)


def test_lengths_must_be_a_list() -> None:
    assert error_of("Hello.", front="title: T\nlengths: 10") == (
        "test.md:3:10: 'lengths' must be a list of whole minutes, e.g. [10, 20, 45]"
    )


def test_each_bad_length_is_reported_at_its_item() -> None:
    assert errors("Hello. [pause 1m..5m]", front="title: T\nlengths: [0, 3, 3, true, 2.5, 601]") == [
        "test.md:3:11: a length is a whole number of minutes from 1 to 600, not 0",
        "test.md:3:17: the length 3 is listed twice",
        "test.md:3:20: a length is a whole number of minutes from 1 to 600, not True",
        "test.md:3:26: a length is a whole number of minutes from 1 to 600, not 2.5",
        "test.md:3:31: a length is a whole number of minutes from 1 to 600, not 601",
    ]


def test_lengths_in_a_block_list_are_reported_at_their_items() -> None:
    front = "title: T\nlengths:\n  - 3\n  - x"
    assert error_of("Hello. [pause 1m..5m]", front=front) == (
        "test.md:5:5: a length is a whole number of minutes from 1 to 600, not 'x'"
    )


# --- pace ----------------------------------------------------------------------------------


def test_the_pace_defaults_to_rate_140_and_gaps_of_1s_2_5s_and_4s() -> None:
    assert parse("Hello.").pace == Pace(rate=140, sentence_gap=1.0, paragraph_gap=2.5, section_gap=4.0)


def test_pace_durations_are_written_like_pauses() -> None:
    practice = parse("Hello.", front="title: T\npace: {rate: 120, sentence_gap: 1.5s, paragraph_gap: 3s, section_gap: 1m}")
    assert practice.pace == Pace(rate=120, sentence_gap=1.5, paragraph_gap=3.0, section_gap=60.0)


def test_a_pace_may_set_only_some_gaps() -> None:
    assert parse("Hello.", front="title: T\npace:\n  paragraph_gap: 4s").pace == Pace(paragraph_gap=4.0)


def test_pace_must_be_a_mapping() -> None:
    assert error_of("Hello.", front="title: T\npace: fast") == (
        "test.md:3:7: 'pace' must be a mapping, e.g. {rate: 120, sentence_gap: 1.5s}"
    )


def test_pace_mistakes_are_each_reported_at_their_value() -> None:
    front = "title: T\npace: {rate: 30, sentence_gap: 1s, paragraph_gap: 2x, section_gap: 100s, speed: 1}"
    assert errors("Hello.", front=front) == [
        "test.md:3:14: 'rate' must be a whole number from 60 to 400",
        "test.md:3:51: 'paragraph_gap': malformed duration '2x'; write it like e.g. 5s, 2.5s, 1m30s or 2m",
        "test.md:3:68: 'section_gap' must be between 0s and 60s",
        "test.md:3:74: unknown pace key 'speed'; known keys are rate, sentence_gap, paragraph_gap, section_gap",
    ]


def test_an_unknown_pace_key_gets_a_suggestion() -> None:
    assert errors("Hello.", front="title: T\npace:\n  sentence_gpa: 2s\n  rate: 100.5") == [
        "test.md:4:3: unknown pace key 'sentence_gpa'; did you mean 'sentence_gap'?",
        "test.md:5:9: 'rate' must be a whole number from 60 to 400",
    ]


# --- about the practice: author, for_whom, notes, made_from ---------------------------------------


def test_an_author_may_be_named_in_text() -> None:
    assert parse("Hello.", front="title: T\nauthor: A. Therapist").title == "T"
    assert error_of("Hello.", front="title: T\nauthor: [A, B]") == "test.md:3:9: 'author' must be text"


def test_author_for_whom_and_notes_are_kept_and_never_spoken() -> None:
    front = "title: T\nauthor: Dr.  K\nfor_whom: Sam\nnotes: |\n  Week three.   \n  Go slowly.\n"
    practice = parse("Hello.", front=front)
    assert (practice.author, practice.for_whom, practice.notes) == ("Dr. K", "Sam", "Week three.\nGo slowly.")
    assert [s.text for s in practice.sentences] == ["Hello."]


def test_without_them_author_for_whom_notes_and_made_from_are_empty() -> None:
    practice = parse("Hello.")
    assert (practice.author, practice.for_whom, practice.notes, practice.made_from) == ("", "", "", None)


def test_made_from_names_the_template_and_its_values() -> None:
    front = ("title: T\nmade_from:\n  template: custom-body-scan\n"
             "  values: {regions: [hands, feet], thanks: false, anchor: the breath, count: 3, ratio: 1.5}")
    made = parse("Hello.", front=front).made_from
    assert made is not None and made.template == "custom-body-scan"
    assert dict(made.values) == {"regions": ("hands", "feet"), "thanks": False, "anchor": "the breath",
                                 "count": 3, "ratio": 1.5}
    assert hash(made) == hash(parse("Hello.", front=front).made_from)


def test_made_from_values_cannot_be_changed() -> None:
    made = parse("Hello.", front="title: T\nmade_from: {template: a, values: {x: y}}").made_from
    assert made is not None
    with pytest.raises(TypeError):
        made.values["x"] = "z"  # type: ignore[index]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("for_whom: [Sam]", "test.md:3:11: 'for_whom' must be text"),
        ("for_whom: " + "x" * 201, "test.md:3:11: 'for_whom' is 201 characters; at most 200 fit"),
        ("author: " + "x" * 201, "test.md:3:9: 'author' is 201 characters; at most 200 fit"),
        ("notes: 3", "test.md:3:8: 'notes' must be text; for several lines write 'notes: |' and the lines "
                     "indented below it"),
        ("notes: " + "x" * 10_001, "test.md:3:8: 'notes' is 10,001 characters; at most 10,000 fit"),
        ("made_from: body-scan", "test.md:3:12: 'made_from' must be a mapping, e.g. {template: "
                                 "loving-kindness-phrases, values: {phrase: May I rest}}"),
        ("made_from: {values: {}}", "test.md:3:12: 'made_from' needs the template's id, e.g. {template: "
                                    "loving-kindness-phrases, values: {phrase: May I rest}}"),
        ("made_from: {template: My Template}", "test.md:3:23: 'made_from: template' must be a template id: "
                                               "lowercase letters, digits and single dashes, e.g. "
                                               "'self-compassion-break'"),
        ("made_from: {template: a, valuez: {}}", "test.md:3:26: unknown key 'valuez' in 'made_from'; "
                                                 "did you mean 'values'?"),
        ("made_from: {template: a, values: [x]}", "test.md:3:34: 'made_from: values' must be a mapping of "
                                                  "variable names to values"),
        ("made_from: {template: a, values: {x: {y: 1}}}", "test.md:3:38: the value of 'x' must be text, a number, "
                                                          "true/false or a list of text"),
        ("made_from: {template: a, values: {x: [1, 2]}}", "test.md:3:38: the value of 'x' must be text, a number, "
                                                          "true/false or a list of text"),
        ("made_from: {template: a, values: {x: null}}", "test.md:3:38: the value of 'x' must be text, a number, "
                                                        "true/false or a list of text"),
        ("made_from: {template: a, values: {Bad-Name: 1}}", "test.md:3:35: 'Bad-Name' is not a variable name; "
                                                            "names are lowercase letters, digits and _, starting "
                                                            "with a letter"),
        ("made_from:\n  template: a\n  values:\n    when: 2024-01-01", "test.md:6:11: the value of 'when' must be "
                                                                        "text, a number, true/false or a list of text"),
    ],
)
def test_bad_about_keys_are_reported_where_they_stand(front: str, message: str) -> None:
    assert error_of("Hello.", front=f"title: T\n{front}") == message
