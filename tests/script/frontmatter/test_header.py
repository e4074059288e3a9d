"""The front matter as a whole: valid YAML, a mapping, known keys, every mistake reported in file order."""

from __future__ import annotations

import pytest

from tests.script.support import error_of, errors, parse


def test_title_summary_and_id_come_from_the_front_matter() -> None:
    practice = parse("Hello.", front="title: Evening Rest\nid: evening-rest\nsummary: A short   rest.")
    assert (practice.id, practice.title, practice.summary) == ("evening-rest", "Evening Rest", "A short rest.")


def test_the_id_defaults_to_the_file_name() -> None:
    assert parse("Hello.", name="scripts/My Body Scan.md").id == "my-body-scan"
    assert parse("Hello.", name="___.md").id == "practice"


# --- the shape of the front matter -------------------------------------------------------


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
