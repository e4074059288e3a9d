"""Where sentences end: at . ! ? and …, but not after abbreviations or before lowercase."""

from __future__ import annotations

import pytest

from kindaudio.script.sentences import split_sentences
from tests.script.support import parse, spoken


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_sentences_end_at_full_stops_exclamation_and_question_marks_and_ellipses() -> None:
    assert sentences("Is it here? Yes! Rest now… Breathe in. Breathe out.") == [
        "Is it here?", "Yes!", "Rest now…", "Breathe in.", "Breathe out."]


def test_runs_of_terminators_stay_with_their_sentence() -> None:
    assert sentences("Wait... Now. Really?! Yes.") == ["Wait...", "Now.", "Really?!", "Yes."]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    assert sentences('He said "Stop." Then rested. (Quietly.) Done.') == [
        'He said "Stop."', "Then rested.", "(Quietly.)", "Done."]


@pytest.mark.parametrize("text", [
    "Bring to mind a kind figure, e.g. Grandmother Willow.",
    "Rest on a neutral place, i.e. Your hands.",
    "Ask Dr. Gilbert about it.",
    "Mr. and Mrs. Jones came along.",
    "Fruit, bread, etc. Are all fine here.",
    "Read the notes by J. Smith today.",
])
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_an_abbreviation_at_the_start_of_the_text_does_not_end_a_sentence() -> None:
    assert sentences("Dr. Smith is here. Rest.") == ["Dr. Smith is here.", "Rest."]


def test_an_abbreviation_at_the_start_of_a_later_sentence_does_not_end_it() -> None:
    assert sentences("Hello. Dr. Smith is here.") == ["Hello.", "Dr. Smith is here."]


def test_a_later_sentence_opening_with_dr_is_spoken_whole() -> None:
    assert spoken(parse("Welcome. Dr. Neff wrote this practice.")) == ["Welcome.", "Dr. Neff wrote this practice."]


def test_the_word_no_ends_a_sentence() -> None:
    assert sentences("It is fine to say no. Then rest.") == ["It is fine to say no.", "Then rest."]


def test_a_lowercase_word_after_a_full_stop_does_not_start_a_sentence() -> None:
    assert sentences("Breathe in. and out. Then rest.") == ["Breathe in. and out.", "Then rest."]


def test_a_full_stop_inside_a_word_or_number_does_not_end_a_sentence() -> None:
    assert sentences("Take 2.5 breaths.Then rest. Done.") == ["Take 2.5 breaths.Then rest.", "Done."]


def test_text_without_a_final_terminator_is_still_a_sentence() -> None:
    assert sentences("Breathe in. Breathe out") == ["Breathe in.", "Breathe out"]


def test_spans_exclude_surrounding_whitespace() -> None:
    assert split_sentences("  One.   Two.  ") == [(2, 6), (9, 13)]


def test_empty_or_blank_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("   ") == []


def test_a_paragraph_is_split_into_sentences_with_spaces_collapsed() -> None:
    assert spoken(parse("Breathe   in.\nBreathe out!  Is it easy?\nRest…")) == [
        "Breathe in.", "Breathe out!", "Is it easy?", "Rest…"]


def test_a_sentence_may_continue_over_several_lines() -> None:
    assert spoken(parse("Perhaps notice\nthe places where\nyour body rests.")) == [
        "Perhaps notice the places where your body rests."]


def test_sentences_do_not_run_across_paragraphs() -> None:
    assert spoken(parse("Breathe in\n\nand out")) == ["Breathe in", "and out"]
