"""Fitting a practice to a chosen length (docs/ARCHITECTURE.md, 'Fitting a length')."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind, LengthError, Timeline, fit_timeline, length_range, refit_timeline
from kindaudio.script.model import Bell, Pace, Pause, Practice, Section, Sentence, SourcePos, sentence_id
from kindaudio.script.timing import LEAD_IN_SECONDS, TAIL_SECONDS, SlotKind, practice_slots

POS = SourcePos(1, 1)


def _sentence(text: str, paragraph: int) -> Sentence:
    return Sentence(sentence_id(text), text, POS, paragraph)


def _practice(sections: list[Section], pace: Pace = Pace(rate=120, sentence_gap=1.0, paragraph_gap=2.0,
                                                          section_gap=4.0)) -> Practice:
    return Practice("p", "P", "", (), pace, tuple(sections))


def _simple() -> tuple[Practice, dict[str, int]]:
    a, b, c = _sentence("One.", 0), _sentence("Two.", 0), _sentence("Three.", 1)
    practice = _practice([
        Section("First", (a, b, Pause(10, 70, POS)), POS),
        Section("Second", (Bell(1, POS), c, Pause(5, 5, POS)), POS),
    ])
    return practice, {a.id: 2 * MIX_RATE, b.id: 3 * MIX_RATE, c.id: 4 * MIX_RATE}


def test_the_elastic_pause_takes_up_exactly_the_slack() -> None:
    practice, speech = _simple()
    # Fixed: 1 lead-in + 2 + 1 gap + 3 + bell 6 + 4 + 5 pause + 3 tail = 25 s; elastic 10..70.
    assert length_range(practice, speech).shortest == pytest.approx(35.0)
    assert length_range(practice, speech).longest == pytest.approx(95.0)
    timeline = fit_timeline(practice, speech, 60.0)
    assert timeline.length == 60 * MIX_RATE
    elastic = [clip for clip in timeline.clips if clip.elastic]
    assert len(elastic) == 1 and elastic[0].length == 35 * MIX_RATE
    assert timeline.stretch == pytest.approx(25 / 60)


def test_clips_follow_each_other_without_gaps_or_overlaps() -> None:
    practice, speech = _simple()
    timeline = fit_timeline(practice, speech, 50.0)
    assert timeline.clips[0].start == 0
    for before, after in zip(timeline.clips, timeline.clips[1:], strict=False):
        assert after.start == before.end
    assert timeline.clips[-1].end == timeline.length
    kinds = [clip.kind for clip in timeline.clips]
    assert kinds == [ClipKind.SILENCE, ClipKind.SPEECH, ClipKind.SILENCE, ClipKind.SPEECH, ClipKind.SILENCE,
                     ClipKind.BELL, ClipKind.SPEECH, ClipKind.SILENCE, ClipKind.SILENCE]


def test_sections_start_with_their_first_item_and_cover_the_whole() -> None:
    practice, speech = _simple()
    timeline = fit_timeline(practice, speech, 50.0)
    first, second = timeline.sections
    assert (first.title, first.start) == ("First", 0)
    bell = next(clip for clip in timeline.clips if clip.kind is ClipKind.BELL)
    assert (second.title, second.start) == ("Second", bell.start)
    assert first.end == second.start and second.end == timeline.length


@pytest.mark.parametrize("seconds", [20.0, 120.0])
def test_a_length_out_of_reach_is_refused_with_the_range(seconds: float) -> None:
    practice, speech = _simple()
    with pytest.raises(LengthError, match=r"P can last from 0:35 to 1:35 with this voice and rate; "
                                          rf"{int(seconds) // 60}:{int(seconds) % 60:02d} is outside that range"):
        fit_timeline(practice, speech, seconds)


def test_lengths_just_outside_the_range_are_met_as_nearly_as_possible() -> None:
    practice, speech = _simple()
    assert fit_timeline(practice, speech, 35.0 - 0.4).length == 35 * MIX_RATE
    assert fit_timeline(practice, speech, 95.0 + 0.4).length == 95 * MIX_RATE


def test_a_practice_without_elastic_pauses_has_one_length() -> None:
    a = _sentence("Only this.", 0)
    practice = _practice([Section("S", (a,), POS)])
    reach = length_range(practice, {a.id: MIX_RATE})
    assert reach.shortest == reach.longest == LEAD_IN_SECONDS + 1 + TAIL_SECONDS


# --- properties -----------------------------------------------------------------

_items = st.one_of(
    st.tuples(st.just("speech"), st.integers(1, 40 * MIX_RATE), st.integers(0, 3)),
    st.tuples(st.just("fixed"), st.floats(0, 60), st.just(0)),
    st.tuples(st.just("elastic"), st.floats(0, 60), st.floats(0.5, 300)),
    st.tuples(st.just("bell"), st.integers(1, 3), st.just(0)),
)


@st.composite
def practices(draw: st.DrawFn) -> tuple[Practice, dict[str, int]]:
    sections, speech = [], {}
    paragraph = 0
    for number in range(draw(st.integers(1, 4))):
        items = []
        for kind, a, b in draw(st.lists(_items, min_size=1, max_size=12)):
            if kind == "speech":
                paragraph += b
                sentence = _sentence(f"Sentence {len(speech)} of the practice.", paragraph)
                speech[sentence.id] = a
                items.append(sentence)
            elif kind == "fixed":
                items.append(Pause(a, a, POS))
            elif kind == "elastic":
                items.append(Pause(a, a + b, POS))
            else:
                items.append(Bell(a, POS))
        sections.append(Section(f"Section {number}", tuple(items), POS))
    return _practice(sections), speech


@settings(max_examples=300, deadline=None)
@given(practices(), st.floats(0, 1))
@example((_practice([Section("Section 0", (Pause(0.19, 0.19, POS), Pause(0.14, 1.14, POS)), POS)]), {}), 0.0)
def test_any_reachable_length_is_met_and_every_pause_kept_in_bounds(
        drawn: tuple[Practice, dict[str, int]], where: float) -> None:
    practice, speech = drawn
    reach = length_range(practice, speech)
    target = reach.shortest + where * (reach.longest - reach.shortest)
    timeline = fit_timeline(practice, speech, target)

    assert abs(timeline.seconds - target) < 0.5
    assert abs(timeline.length - round(target * MIX_RATE)) <= 1
    for slot, clip in zip(practice_slots(practice), timeline.clips, strict=True):
        if slot.elastic:
            assert clip.elastic
            # Within a sample of its bounds (positions round to whole samples, so a length
            # can be one short of 0.14 s = 3087 samples; 0.14 * 22050 is 3087.0000000000005).
            assert round(slot.min_seconds * MIX_RATE) - 1 <= clip.length <= round(slot.max_seconds * MIX_RATE) + 1
    # Speech keeps its exact length and order; sections never go backwards.
    spoken = [clip for clip in timeline.clips if clip.kind is ClipKind.SPEECH]
    assert [clip.sentence for clip in spoken] == list(practice.sentences)
    assert all(clip.length == speech[clip.sentence.id] for clip in spoken if clip.sentence)
    sections = [clip.section for clip in timeline.clips]
    assert sections == sorted(sections)


@settings(max_examples=200, deadline=None)
@given(practices(), st.floats(0, 1))
def test_fixed_pauses_never_stretch(drawn: tuple[Practice, dict[str, int]], where: float) -> None:
    practice, speech = drawn
    reach = length_range(practice, speech)
    timeline = fit_timeline(practice, speech, reach.shortest + where * (reach.longest - reach.shortest))
    fixed = [item for section in practice.sections for item in section.items
             if isinstance(item, Pause) and not item.elastic]
    slots = practice_slots(practice)
    for slot, clip in zip(slots, timeline.clips, strict=True):
        if slot.kind is SlotKind.PAUSE and not slot.elastic:
            assert abs(clip.length - slot.min_seconds * MIX_RATE) <= 1
        if slot.kind is SlotKind.BELL:
            assert clip.kind is ClipKind.BELL and clip.strikes == slot.bell.strikes  # type: ignore[union-attr]
    assert len(fixed) == sum(1 for s in slots if s.kind is SlotKind.PAUSE and not s.elastic)


def test_silence_held_past_a_pause_s_longest_stays_when_later_speech_arrives() -> None:
    a, b = _sentence("One.", 0), _sentence("Two.", 1)
    practice = _practice([Section("S", (a, Pause(10, 20, POS), b), POS)])
    speech = {a.id: 2 * MIX_RATE, b.id: 3 * MIX_RATE}
    timeline = fit_timeline(practice, speech, 25)
    waiting = next(clip for clip in timeline.clips if clip.sentence == b)
    held = refit_timeline(timeline, practice, speech, 25, keep_before=waiting.start, hold=15 * MIX_RATE)
    starts = waiting.start + 15 * MIX_RATE
    assert next(clip for clip in held.clips if clip.sentence == b).start == starts
    # More speech arrives while the player sits at the sentence: the pause, now
    # longer than its longest, has all been heard and stays.
    refitted = refit_timeline(held, practice, speech, 25, keep_before=starts)
    assert next(clip for clip in refitted.clips if clip.sentence == b).start == starts


def _played(timeline: Timeline, until: int) -> list[tuple[object, ...]]:
    """What the listener has heard of the timeline up to sample `until`."""
    return [(clip.kind, clip.start, min(clip.end, until), clip.sentence, clip.strikes)
            for clip in timeline.clips if clip.start < until]


_steps = st.lists(st.tuples(st.booleans(), st.floats(0, 1), st.integers(1, 120 * MIX_RATE)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(practices(), st.floats(0, 1), _steps)
def test_holding_for_late_speech_and_refitting_never_change_what_was_already_played(
        drawn: tuple[Practice, dict[str, int]], where: float, steps: list[tuple[bool, float, int]]) -> None:
    """The player's use while it plays: silence held before a sentence whose speech is late,
    and refits as real speech lengths arrive, each from where it has got to."""
    practice, speech = drawn
    reach = length_range(practice, speech)
    seconds = reach.shortest + where * (reach.longest - reach.shortest)
    timeline = fit_timeline(practice, speech, seconds)
    position = 0
    for holding, fraction, amount in steps:
        if holding:
            ahead = [clip for clip in timeline.clips if clip.kind is ClipKind.SPEECH and clip.start >= position]
            if not ahead:
                continue
            waiting = ahead[int(fraction * (len(ahead) - 1))]
            held = refit_timeline(timeline, practice, speech, seconds, keep_before=waiting.start, hold=amount)
            assert _played(held, waiting.start) == _played(timeline, waiting.start)
            moved = next(clip for clip in held.clips if clip.sentence == waiting.sentence)
            assert moved.start == waiting.start + amount
            timeline, position = held, moved.start
        else:
            if amount % 2:  # else refit right where it is, as while waiting at a sentence
                position += int(fraction * (timeline.length - position))
            # Speech not yet begun turns out longer or shorter than first thought.
            for clip in timeline.clips:
                if clip.kind is ClipKind.SPEECH and clip.sentence is not None and clip.start >= position:
                    speech[clip.sentence.id] = max(1, (speech[clip.sentence.id] * (amount % 7 + 3)) // 5)
            refitted = refit_timeline(timeline, practice, speech, seconds, keep_before=position)
            assert _played(refitted, position) == _played(timeline, position)
            timeline = refitted
        starts = [clip.start for clip in timeline.clips]
        assert starts == sorted(starts) and all(a.end == b.start for a, b in zip(timeline.clips, timeline.clips[1:]))


@settings(max_examples=300, deadline=None)
@given(practices(), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.integers(1, 60 * MIX_RATE))
def test_silence_counted_after_more_was_mixed_moves_what_was_mixed_later_unchanged(
        drawn: tuple[Practice, dict[str, int]], where: float, which: float, further: float, amount: int) -> None:
    """The callback holds silence before a waiting sentence on its own thread; the player may
    count it only after mixing more from that sentence on. That mix must still be right."""
    practice, speech = drawn
    reach = length_range(practice, speech)
    seconds = reach.shortest + where * (reach.longest - reach.shortest)
    timeline = fit_timeline(practice, speech, seconds)
    sentences = [clip for clip in timeline.clips if clip.kind is ClipKind.SPEECH and clip.start > 0]
    if not sentences:
        return
    waiting = sentences[int(which * (len(sentences) - 1))]
    mixed_until = waiting.start + int(further * (timeline.length - waiting.start))
    held = refit_timeline(timeline, practice, speech, seconds, keep_before=waiting.start, hold=amount,
                          queued_until=mixed_until)
    mixed = [clip for clip in timeline.clips if clip.start < mixed_until]
    before = max(index for index, clip in enumerate(mixed) if clip.start < waiting.start)  # it holds the silence
    expected = [(clip.kind, clip.sentence, clip.start if clip.start < waiting.start else clip.start + amount,
                 clip.length + (amount if index == before else 0)) for index, clip in enumerate(mixed)]
    assert [(clip.kind, clip.sentence, clip.start, clip.length) for clip in held.clips[:len(mixed)]] == expected
    assert all(a.end == b.start for a, b in zip(held.clips, held.clips[1:]))


@pytest.mark.parametrize(("seconds", "nearest"), [(32.0, 35.0), (100.0, 95.0)])
def test_the_player_meets_a_length_just_out_of_reach_as_nearly_as_it_can(seconds: float, nearest: float) -> None:
    practice, speech = _simple()
    assert fit_timeline(practice, speech, seconds, nearest_within=6).length == nearest * MIX_RATE
    with pytest.raises(LengthError, match="is outside that range"):
        fit_timeline(practice, speech, seconds, nearest_within=2)  # further out than that: refused
