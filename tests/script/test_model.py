"""The parsed Practice: immutable, with stable sentence ids."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from kindaudio.script import Bell, Pace, Pause, Section, Sentence, SourcePos, load_practice
from kindaudio.script.model import normalise_text, sentence_id
from tests.script.support import parse

BODY = """\
Welcome. Find a comfortable seat.

## Breathing
Breathe in. [pause 3s] Breathe out.
[pause 20s..10m]

## Closing
Breathe in. Thank you.
[bell 3]
"""


def test_a_practice_has_id_title_summary_lengths_sections_and_sentences(write_practice) -> None:
    path = write_practice(BODY, front="title: Short Rest\nsummary: A pause in the day.\nlengths: [5, 2]",
                          name="short-rest.md")
    practice = load_practice(path)
    assert (practice.id, practice.title, practice.summary, practice.lengths) == (
        "short-rest", "Short Rest", "A pause in the day.", (2, 5))
    assert [s.title for s in practice.sections] == ["Short Rest", "Breathing", "Closing"]
    assert [s.text for s in practice.sentences] == [
        "Welcome.", "Find a comfortable seat.", "Breathe in.", "Breathe out.", "Breathe in.", "Thank you."]
    assert practice.source == path
    assert practice.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not practice.is_template and practice.variables == ()


def test_the_parts_of_a_practice_are_tuples() -> None:
    practice = parse(BODY)
    assert isinstance(practice.sections, tuple)
    assert all(isinstance(section.items, tuple) for section in practice.sections)
    assert isinstance(practice.sentences, tuple)


def test_a_practice_cannot_be_changed() -> None:
    practice = parse(BODY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        practice.title = "Another"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        practice.sentences = ()  # type: ignore[misc]


PARTS = {
    "section": (lambda p: p.sections[1], Section, "title"),
    "sentence": (lambda p: p.sections[1].items[0], Sentence, "text"),
    "pause": (lambda p: p.sections[1].items[1], Pause, "min_seconds"),
    "bell": (lambda p: p.sections[2].items[-1], Bell, "strikes"),
    "pace": (lambda p: p.pace, Pace, "rate"),
}


@pytest.mark.parametrize("part", PARTS)
def test_no_part_of_a_practice_can_be_changed(part: str) -> None:
    find, kind, name = PARTS[part]
    target = find(parse(BODY))
    assert isinstance(target, kind)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(target, name, 0)


def test_a_source_position_cannot_be_changed() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SourcePos(1, 1).line = 2  # type: ignore[misc]


def test_a_section_lists_its_sentences() -> None:
    breathing = parse(BODY).sections[1]
    assert [s.text for s in breathing.sentences] == ["Breathe in.", "Breathe out."]
    assert len(breathing.items) == 4


def test_a_pause_is_elastic_when_its_maximum_is_longer() -> None:
    assert Pause(20, 120, SourcePos(1, 1)).elastic
    assert not Pause(5, 5, SourcePos(1, 1)).elastic


def test_the_same_sentence_text_keeps_its_id_when_other_sentences_change(write_practice) -> None:
    before = load_practice(write_practice(BODY, name="before.md"))
    edited = BODY.replace("Find a comfortable seat.", "Find a seat that suits you today.")
    after = load_practice(write_practice(edited, name="after.md"))
    ids_before = {s.text: s.id for s in before.sentences}
    ids_after = {s.text: s.id for s in after.sentences}
    for text in ("Welcome.", "Breathe in.", "Breathe out.", "Thank you."):
        assert ids_before[text] == ids_after[text]
    assert ids_after["Find a seat that suits you today."] not in ids_before.values()


def test_a_sentence_keeps_its_id_when_it_moves_or_its_line_breaks_change(write_practice) -> None:
    first = load_practice(write_practice("## A\nOne.\n\n## B\nBreathe  in\ngently.", name="a.md"))
    moved = load_practice(write_practice("## B\nBreathe in gently.\n\n## A\nOne.", name="b.md"))
    assert {s.text: s.id for s in first.sentences} == {s.text: s.id for s in moved.sentences}


def test_repeated_sentences_share_an_id() -> None:
    practice = parse(BODY)
    first, second = (s for s in practice.sentences if s.text == "Breathe in.")
    assert first.id == second.id
    assert first.pos != second.pos


def test_unique_sentences_lists_each_text_once_in_order_of_first_appearance() -> None:
    assert [s.text for s in parse(BODY).unique_sentences()] == [
        "Welcome.", "Find a comfortable seat.", "Breathe in.", "Breathe out.", "Thank you."]


def test_a_sentence_id_is_a_short_hash_of_the_normalised_text() -> None:
    assert normalise_text("  Breathe \n in.  ") == "Breathe in."
    assert sentence_id("Breathe   in.") == sentence_id("Breathe in.")
    assert sentence_id("Breathe in.") != sentence_id("breathe in.")
    assert sentence_id("Breathe in.") == hashlib.blake2b(b"Breathe in.", digest_size=6).hexdigest()


def test_practices_compare_by_value() -> None:
    assert parse(BODY) == parse(BODY)
    assert parse(BODY) != parse(BODY.replace("Welcome.", "Hello."))


def test_a_pace_has_the_documented_defaults() -> None:
    assert Pace() == Pace(140, 1.0, 2.5, 4.0)


def test_a_section_built_by_hand_reports_its_sentences() -> None:
    sentence = Sentence(sentence_id("Hi."), "Hi.", SourcePos(2, 1), 0)
    section = Section("S", (Bell(1, SourcePos(1, 1)), sentence), SourcePos(1, 1))
    assert section.sentences == (sentence,)


def test_the_content_hash_depends_on_the_bytes(write_practice) -> None:
    one = load_practice(write_practice("Hello.", name="one.md"))
    two = load_practice(write_practice("Hello. ", name="two.md"))
    assert one.content_hash != two.content_hash
    assert one.sentences[0].id == two.sentences[0].id
