"""The timing rules: gaps, marks replacing gaps, lead-in, tail, bells, reachable lengths."""

from __future__ import annotations

from typing import Any

import pytest

from kindaudio.script import Practice, ScriptError
from kindaudio.script.durations import format_clock
from kindaudio.script.timing import (
    BELL_SECONDS,
    BELL_SOUND_SECONDS,
    LengthRange,
    Slot,
    SlotKind,
    bell_seconds,
    estimate_speech_seconds,
    practice_slots,
    reachable_range,
)
from tests.script.support import errors, parse

PACE = "title: T\npace: {sentence_gap: 1.5s, paragraph_gap: 3s, section_gap: 5s}"


def slots_of(body: str, front: str = PACE) -> list[tuple[Any, ...]]:
    """('say', section, text) for speech, (kind, section, min, max) for everything else."""
    out: list[tuple[Any, ...]] = []
    for slot in practice_slots(parse(body, front=front)):
        if slot.kind is SlotKind.SPEECH:
            assert slot.sentence is not None
            out.append(("say", slot.section, slot.sentence.text))
        else:
            out.append((slot.kind.value, slot.section, slot.min_seconds, slot.max_seconds))
    return out


def estimated_range(practice: Practice) -> LengthRange:
    return reachable_range(practice_slots(practice),
                           lambda s: estimate_speech_seconds(s.text, practice.pace.rate))


# --- gaps ----------------------------------------------------------------------------------


def test_the_sentence_gap_separates_sentences_of_one_paragraph() -> None:
    assert slots_of("One. Two.\nThree.") == [
        ("lead-in", 0, 1.0, 1.0), ("say", 0, "One."), ("gap", 0, 1.5, 1.5), ("say", 0, "Two."),
        ("gap", 0, 1.5, 1.5), ("say", 0, "Three."), ("tail", 0, 3.0, 3.0)]


def test_the_paragraph_gap_separates_paragraphs() -> None:
    assert slots_of("One.\n\nTwo.") == [
        ("lead-in", 0, 1.0, 1.0), ("say", 0, "One."), ("gap", 0, 3.0, 3.0), ("say", 0, "Two."),
        ("tail", 0, 3.0, 3.0)]


def test_the_section_gap_separates_sentences_across_a_heading() -> None:
    assert slots_of("## A\nOne.\n## B\nTwo.") == [
        ("lead-in", 0, 1.0, 1.0), ("say", 0, "One."), ("gap", 0, 5.0, 5.0), ("say", 1, "Two."),
        ("tail", 1, 3.0, 3.0)]


def test_the_default_gaps_are_1s_2_5s_and_4s() -> None:
    gaps = [s[2] for s in slots_of("One. Two.\n\nThree.\n## B\nFour.", front="title: T") if s[0] == "gap"]
    assert gaps == [1.0, 2.5, 4.0]


def test_marks_between_sentences_replace_the_gap() -> None:
    assert slots_of("Breathe in. [pause 3s] Breathe out.") == [
        ("lead-in", 0, 1.0, 1.0), ("say", 0, "Breathe in."), ("pause", 0, 3.0, 3.0), ("say", 0, "Breathe out."),
        ("tail", 0, 3.0, 3.0)]


def test_marks_between_paragraphs_replace_the_paragraph_gap() -> None:
    assert slots_of("One.\n\n[pause 20s..2m]\n\n[bell]\n\nTwo.") == [
        ("lead-in", 0, 1.0, 1.0), ("say", 0, "One."), ("pause", 0, 20.0, 120.0), ("bell", 0, 6.0, 6.0),
        ("say", 0, "Two."), ("tail", 0, 3.0, 3.0)]


def test_marks_across_a_heading_replace_the_section_gap() -> None:
    assert slots_of("## A\nOne.\n[pause 2s]\n## B\nTwo.") == [
        ("lead-in", 0, 1.0, 1.0), ("say", 0, "One."), ("pause", 0, 2.0, 2.0), ("say", 1, "Two."),
        ("tail", 1, 3.0, 3.0)]


def test_a_gap_belongs_to_the_section_before_it() -> None:
    slots = practice_slots(parse("## A\nOne.\n\n## B\nTwo.\n\n## C\nThree."))
    assert [(s.kind, s.section) for s in slots if s.kind is SlotKind.GAP] == [(SlotKind.GAP, 0), (SlotKind.GAP, 1)]


def test_the_first_sentence_after_the_lead_in_has_no_gap() -> None:
    assert slots_of("## A\nOne.")[:2] == [("lead-in", 0, 1.0, 1.0), ("say", 0, "One.")]


# --- lead-in, tail and bells ---------------------------------------------------------------


def test_every_practice_begins_with_one_second_and_ends_with_three_seconds_of_silence() -> None:
    slots = practice_slots(parse("[pause 5s]"))
    assert (slots[0].kind, slots[0].min_seconds, slots[0].max_seconds) == (SlotKind.LEAD_IN, 1.0, 1.0)
    assert (slots[-1].kind, slots[-1].min_seconds, slots[-1].max_seconds) == (SlotKind.TAIL, 3.0, 3.0)


def test_the_tail_is_longer_after_a_final_bell_so_it_can_ring_out() -> None:
    tail = practice_slots(parse("Bye.\n[bell]\n<!-- the end -->"))[-1]
    assert tail.kind is SlotKind.TAIL
    assert tail.min_seconds == tail.max_seconds == BELL_SOUND_SECONDS - BELL_SECONDS
    assert tail.min_seconds > 3.0


def test_the_tail_is_three_seconds_when_a_pause_follows_the_last_bell() -> None:
    assert practice_slots(parse("[bell]\n[pause 2s]"))[-1].min_seconds == 3.0


def test_the_tail_belongs_to_the_last_section() -> None:
    assert practice_slots(parse("## A\nOne.\n## B\n[bell]"))[-1].section == 1


def test_after_a_bell_what_follows_starts_six_seconds_later() -> None:
    assert bell_seconds(1) == 6.0


@pytest.mark.parametrize(("strikes", "seconds"), [(2, 9.0), (3, 12.0), (9, 30.0)])
def test_the_strikes_of_a_bell_are_three_seconds_apart(strikes: int, seconds: float) -> None:
    assert bell_seconds(strikes) == seconds


def test_a_bell_slot_holds_the_bell_and_its_footprint() -> None:
    (bell,) = [s for s in practice_slots(parse("Hi. [bell 3] Bye.")) if s.kind is SlotKind.BELL]
    assert bell.bell is not None and bell.bell.strikes == 3
    assert (bell.min_seconds, bell.max_seconds, bell.elastic) == (12.0, 12.0, False)


def test_pause_slots_hold_their_pause_and_are_elastic_when_it_is() -> None:
    fixed, elastic = [s for s in practice_slots(parse("[pause 5s] [pause 5s..1m]")) if s.kind is SlotKind.PAUSE]
    assert fixed.pause is not None and not fixed.elastic
    assert elastic.pause is not None and elastic.elastic and (elastic.min_seconds, elastic.max_seconds) == (5, 60)


# --- reachable lengths ---------------------------------------------------------------------


def test_the_reachable_range_is_everything_fixed_plus_elastic_minimums_to_maximums() -> None:
    practice = parse("One. Two.\n\n[pause 20s..2m]\n\n## B\nThree. [bell 2] [pause 10s]\n[pause 1m..3m]\nFour.")
    speech = 2.0
    fixed = 1.0 + 4 * speech + 1.0 + 9.0 + 10.0 + 3.0  # lead-in, speech, sentence gap, bell, pause, tail
    result = reachable_range(practice_slots(practice), lambda sentence: speech)
    assert result == LengthRange(fixed + 20 + 60, fixed + 120 + 180)


def test_speech_lengths_come_from_the_function_given() -> None:
    slots = practice_slots(parse("Short. A much longer sentence."))
    lengths = {"Short.": 1.0, "A much longer sentence.": 4.0}
    assert reachable_range(slots, lambda s: lengths[s.text]) == LengthRange(1 + 1 + 1 + 4 + 3, 1 + 1 + 1 + 4 + 3)


def test_a_length_range_reaches_lengths_within_half_a_second() -> None:
    span = LengthRange(100.0, 200.0)
    assert span.reaches(100.0) and span.reaches(200.0) and span.reaches(99.5) and span.reaches(200.5)
    assert not span.reaches(99.4) and not span.reaches(200.6)
    assert span.reaches(99.0, tolerance=1.0)


@pytest.mark.parametrize(
    ("shortest", "longest", "minutes"),
    [(59.6, 180.4, [1, 2, 3]), (60.0, 60.0, [1]), (61.0, 119.0, []), (10.0, 20.0, []), (0.0, 130.0, [1, 2]),
     (150.0, 600.0, [3, 4, 5, 6, 7, 8, 9, 10])],
)
def test_whole_minutes_are_the_minute_lengths_inside_the_range(shortest: float, longest: float,
                                                               minutes: list[int]) -> None:
    assert list(LengthRange(shortest, longest).whole_minutes()) == minutes


def test_offered_lengths_must_be_reachable() -> None:
    body = "Hello there. [pause 10s..2m]"
    span = estimated_range(parse(body))
    message = (f"the practice cannot last 30 min: it reaches about {format_clock(span.shortest)} to "
               f"{format_clock(span.longest)} (change the elastic pauses or the offered lengths)")
    assert errors(body, front="title: T\nlengths: [1, 30]") == [f"test.md:3:14: {message}"]


def test_each_unreachable_length_is_reported_at_its_item() -> None:
    body = "Hello there. [pause 2m..3m]"
    found = errors(body, front="title: T\nlengths:\n  - 1\n  - 3\n  - 20")
    assert [m.split(": the practice")[0] for m in found] == ["test.md:4:5", "test.md:6:5"]
    assert "cannot last 1 min" in found[0] and "cannot last 20 min" in found[1]


def test_a_practice_with_no_elastic_room_offers_only_what_it_lasts() -> None:
    with pytest.raises(ScriptError, match="cannot last 5 min"):
        parse("Hello. [pause 1m]", front="title: T\nlengths: [5]")


def test_without_offered_lengths_the_shortest_reachable_whole_minute_is_offered() -> None:
    practice = parse("Hello there. [pause 30s..20m]")
    assert practice.lengths == (estimated_range(practice).whole_minutes()[0],)


def test_offered_lengths_are_checked_with_the_practice_pace() -> None:
    body = "Hello there. [pause 10s..50s]"
    slow = parse(body, front="title: T\npace: {rate: 60}")
    fast = parse(body, front="title: T\npace: {rate: 400}")
    assert estimated_range(slow).shortest > estimated_range(fast).shortest


# --- the speech estimate -------------------------------------------------------------------


def test_the_estimate_grows_with_words_and_pauses_at_commas() -> None:
    short = estimate_speech_seconds("Breathe in.", 140)
    longer = estimate_speech_seconds("Breathe in slowly and gently.", 140)
    with_commas = estimate_speech_seconds("Breathe in, slowly, and gently.", 140)
    assert 0 < short < longer < with_commas


def test_the_estimate_is_longer_at_a_slower_rate() -> None:
    assert estimate_speech_seconds("Breathe in slowly.", 100) > estimate_speech_seconds("Breathe in slowly.", 200)


def test_slots_are_frozen() -> None:
    slot = practice_slots(parse("Hi."))[0]
    assert isinstance(slot, Slot)
    with pytest.raises(AttributeError):
        slot.min_seconds = 5  # type: ignore[misc]
