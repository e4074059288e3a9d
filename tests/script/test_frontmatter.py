"""YAML front matter: what it may say, and where its mistakes are reported."""

from __future__ import annotations

import pytest

from kindaudio.script import Pace, ScriptError, parse_practice
from kindaudio.script.model import VariableType

from tests.script.support import error_of, errors, parse


# --- what the front matter gives -------------------------------------------------------


def test_title_summary_and_id_come_from_the_front_matter() -> None:
    practice = parse("Hello.", front="title: Evening Rest\nid: evening-rest\nsummary: A short   rest.")
    assert (practice.id, practice.title, practice.summary) == ("evening-rest", "Evening Rest", "A short rest.")


def test_the_id_defaults_to_the_file_name() -> None:
    assert parse("Hello.", name="scripts/My Body Scan.md").id == "my-body-scan"
    assert parse("Hello.", name="___.md").id == "practice"


def test_the_summary_defaults_to_empty() -> None:
    assert parse("Hello.").summary == ""


def test_an_author_may_be_named_in_text() -> None:
    assert parse("Hello.", front="title: T\nauthor: A. Therapist").title == "T"
    assert error_of("Hello.", front="title: T\nauthor: [A, B]") == "test.md:3:9: 'author' must be text"


def test_the_pace_defaults_to_rate_140_and_gaps_of_1s_2_5s_and_4s() -> None:
    assert parse("Hello.").pace == Pace(rate=140, sentence_gap=1.0, paragraph_gap=2.5, section_gap=4.0)


def test_pace_durations_are_written_like_pauses() -> None:
    practice = parse("Hello.", front="title: T\npace: {rate: 120, sentence_gap: 1.5s, paragraph_gap: 3s, section_gap: 1m}")
    assert practice.pace == Pace(rate=120, sentence_gap=1.5, paragraph_gap=3.0, section_gap=60.0)


def test_a_pace_may_set_only_some_gaps() -> None:
    assert parse("Hello.", front="title: T\npace:\n  paragraph_gap: 4s").pace == Pace(paragraph_gap=4.0)


def test_offered_lengths_are_sorted() -> None:
    practice = parse("Hello. [pause 1m..40m]", front="title: T\nlengths: [20, 5, 10]")
    assert practice.lengths == (5, 10, 20)


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


# --- the shape of the front matter -------------------------------------------------------


def test_a_file_without_front_matter_is_refused_at_its_start() -> None:
    with pytest.raises(ScriptError) as caught:
        parse_practice("Hello there.\n", "plain.md")
    assert str(caught.value) == (
        "plain.md:1:1: expected front matter first: a line with ---, then at least 'title: ...', "
        "then another line with ---"
    )


def test_front_matter_that_is_never_closed_is_refused() -> None:
    with pytest.raises(ScriptError) as caught:
        parse_practice("---\ntitle: T\nHello.\n", "open.md")
    assert str(caught.value) == "open.md:1:1: the front matter opened here is never closed; add a line with --- after it"


@pytest.mark.parametrize("front", ["- a\n- b", "just a sentence", "42"])
def test_front_matter_that_is_not_a_mapping_is_refused(front: str) -> None:
    assert error_of("Hello.", front=front) == (
        "test.md:2:1: the front matter must be a mapping of keys to values, starting with e.g. 'title: My practice'"
    )


def test_a_yaml_syntax_error_is_reported_at_its_line_and_column() -> None:
    assert error_of("Hello.", front="title: T\nsummary: a: b") == (
        "test.md:3:11: the front matter is not valid YAML: mapping values are not allowed here"
    )


def test_a_yaml_indentation_error_is_reported_on_its_line() -> None:
    assert error_of("Hello.", front="title: T\nlengths: [5]\n  summary: x") == (
        "test.md:4:3: the front matter is not valid YAML: expected <block end>, but found '<block mapping start>'"
    )


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens() -> None:
    (message,) = errors("Hello.", front='title: T\nsummary: "open')
    assert message.startswith("test.md:3:")


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


def test_an_unknown_key_is_reported_with_the_nearest_known_key() -> None:
    assert errors("Hello.", front="title: T\ntitel: x\nlenghts: [3]") == [
        "test.md:3:1: unknown key 'titel'; did you mean 'title'?",
        "test.md:4:1: unknown key 'lenghts'; did you mean 'lengths'?",
    ]


def test_an_unknown_key_without_a_near_one_lists_the_known_keys() -> None:
    assert error_of("Hello.", front="title: T\nflavour: x") == (
        "test.md:3:1: unknown key 'flavour'; known keys are id, title, summary, author, lengths, pace, variables, "
        "made_from, for_whom, notes"
    )


# --- lengths -------------------------------------------------------------------------------


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


# --- variables -----------------------------------------------------------------------------


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


def test_several_front_matter_mistakes_are_all_reported_in_file_order() -> None:
    front = "title: T\nid: No Good\nlengths: [0]\npace: {rate: 1000}\nflavor: x"
    assert errors("Hello.", front=front) == [
        "test.md:3:5: 'id' must be lowercase letters, digits and single dashes, e.g. 'evening-body-scan'",
        "test.md:4:11: a length is a whole number of minutes from 1 to 600, not 0",
        "test.md:5:14: 'rate' must be a whole number from 60 to 400",
        "test.md:6:1: unknown key 'flavor'; known keys are id, title, summary, author, lengths, pace, variables, "
        "made_from, for_whom, notes",
    ]


def test_a_front_matter_mistake_does_not_hide_mistakes_in_the_body() -> None:
    assert errors("Hello. [paws 5s]", front="title: T\ntitel: x") == [
        "test.md:3:1: unknown key 'titel'; did you mean 'title'?",
        "test.md:5:8: unknown mark [paws 5s]; did you mean [pause 5s]?",
    ]


def test_a_key_given_twice_is_reported_not_silently_replaced() -> None:
    assert errors("Hello.", front="title: T\nsummary: a\ntitle: U") == [
        "test.md:4:1: 'title' is given twice; keep one",
    ]


def test_a_pace_key_given_twice_is_reported() -> None:
    assert errors("Hello.", front="title: T\npace: {rate: 120, rate: 130}") == [
        "test.md:3:19: 'rate' is given twice; keep one",
    ]


# --- about the practice: author, for_whom, notes, made_from ---------------------------------------


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
