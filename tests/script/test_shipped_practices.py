"""The practices that ship with KindAudio: valid, gentle, and reachable at every offered length."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kindaudio.script import Bell, Pause, Practice, load_practice
from kindaudio.script.timing import estimate_speech_seconds, practice_slots, reachable_range

PRACTICES = Path(__file__).resolve().parents[2] / "kindaudio" / "data" / "practices"
ALL = sorted(p for p in PRACTICES.glob("*.md") if p.name != "README.md")
GUIDED = [p for p in ALL if p.stem != "silent-timer"]
# Characters the language gives a meaning (marks, headings, emphasis, comments, escapes,
# templates); none should reach a spoken sentence.
SPECIAL = set("[]#*_<>\\{}`")


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def test_the_expected_practices_ship() -> None:
    assert [p.stem for p in ALL] == [
        "affectionate-breathing", "compassionate-body-scan", "compassionate-breathing", "silent-timer"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_shipped_practice_parses(path: Path) -> None:
    practice = load_practice(path)
    assert practice.id == path.stem
    assert practice.title and practice.summary
    assert practice.lengths


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_offered_length_is_reachable_by_the_estimate(path: Path) -> None:
    practice = load_practice(path)
    span = reachable_range(practice_slots(practice),
                           lambda s: estimate_speech_seconds(s.text, practice.pace.rate))
    for minutes in practice.lengths:
        assert span.reaches(minutes * 60), (minutes, span)


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_a_guided_practice_has_at_least_four_sections(path: Path) -> None:
    assert len(load_practice(path).sections) >= 4


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_a_guided_practice_first_allows_open_eyes_and_stopping(path: Path) -> None:
    opening = " ".join(s.text for s in load_practice(path).sections[0].sentences)
    assert {"eyes", "open"} <= words(opening), opening
    assert "stop" in words(opening), opening


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_a_guided_practice_has_elastic_room(path: Path) -> None:
    practice = load_practice(path)
    assert any(isinstance(item, Pause) and item.elastic for section in practice.sections for item in section.items)


def test_the_body_scan_says_any_area_may_be_skipped() -> None:
    practice = load_practice(PRACTICES / "compassionate-body-scan.md")
    assert any("skip" in s.text.lower() and {"any", "area"} <= words(s.text) for s in practice.sentences)
    opening = " ".join(s.text for s in practice.sections[0].sentences).lower()
    assert "skip" in opening


def test_the_silent_timer_is_a_bell_a_silence_and_three_bells() -> None:
    practice: Practice = load_practice(PRACTICES / "silent-timer.md")
    items = [item for section in practice.sections for item in section.items]
    assert practice.sentences == ()
    assert isinstance(items[0], Bell) and items[0].strikes == 1
    assert isinstance(items[-1], Bell) and items[-1].strikes == 3
    assert any(isinstance(item, Pause) and item.elastic for item in items)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_shipped_sentence_has_special_characters_or_digits(path: Path) -> None:
    for sentence in load_practice(path).sentences:
        assert not SPECIAL & set(sentence.text), sentence
        assert not any(c.isdigit() for c in sentence.text), sentence
        assert sentence.text[-1] in ".!?…", sentence


# -- heard with the natural voice (issue 15, item 11) -----------------------------------------------------------
# Measured with tests/benchmarks/listening_figures.py (piper:en_US-joe-medium); these checks hold the
# properties that made the figures good, on the parsed practice and its timing, without synthesis.

HEDGES = ("might", "perhaps", "could")
# The shortest length's longest rest, in seconds: the short versions rest for real, not 6 s at most.
SHORTEST_LONGEST_REST = 25.0
SHORTEST_RESTS_OF_15S = 3
# Piper pauses at a comma; a long sentence with none comes out far faster than the pace (190 words a
# minute where the pace said 140), so a long sentence has at least one breath in it.
LONG_SENTENCE_WORDS = 14


def rests_at_shortest(practice: Practice) -> list[float]:
    """Each elastic pause's length at the practice's shortest offered length, laid out with estimated speech."""
    slots = practice_slots(practice)
    span = reachable_range(slots, lambda s: estimate_speech_seconds(s.text, practice.pace.rate))
    share = (practice.lengths[0] * 60 - span.shortest) / (span.longest - span.shortest)
    return [s.min_seconds + share * (s.max_seconds - s.min_seconds) for s in slots if s.elastic]


def closing(practice: Practice) -> set[str]:
    return words(" ".join(s.text for s in practice.sections[-1].sentences))


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_the_shortest_length_still_rests(path: Path) -> None:
    rests = rests_at_shortest(load_practice(path))
    assert max(rests) >= SHORTEST_LONGEST_REST, rests
    assert sum(rest >= 15 for rest in rests) >= SHORTEST_RESTS_OF_15S, rests


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_a_guided_practice_is_spoken_at_a_gentle_pace(path: Path) -> None:
    assert 112 <= load_practice(path).pace.rate <= 140


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_a_long_sentence_has_a_breath_in_it(path: Path) -> None:
    for sentence in load_practice(path).sentences:
        if len(sentence.text.split()) >= LONG_SENTENCE_WORDS:
            assert any(mark in sentence.text for mark in ",;:"), sentence.text


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_hedge_words_are_few_and_invitations_vary(path: Path) -> None:
    sentences = [s.text.lower() for s in load_practice(path).sentences]
    hedged = [s for s in sentences if words(s) & set(HEDGES)]
    assert len(hedged) <= len(sentences) // 10, hedged
    invitations = ("you can", "you're welcome", "if you like", "if you'd like", "if it feels right",
                   "when you're ready", "you're free")
    assert sum(any(i in s for i in invitations) for s in sentences) >= 4
    assert len({i for i in invitations if any(i in s for s in sentences)}) >= 3


def test_the_three_closings_differ() -> None:
    closings = {path.stem: closing(load_practice(path)) for path in GUIDED}
    texts = {path.stem: {s.text for s in load_practice(path).sections[-1].sentences} for path in GUIDED}
    names = sorted(closings)
    for index, first in enumerate(names):
        for second in names[index + 1:]:
            assert not texts[first] & texts[second], (first, second)
            shared = len(closings[first] & closings[second]) / len(closings[first] | closings[second])
            assert shared < 0.35, (first, second, shared)


@pytest.mark.parametrize("path", GUIDED, ids=lambda p: p.stem)
def test_the_notes_credit_mindful_self_compassion(path: Path) -> None:
    notes = load_practice(path).notes
    for name in ("Mindful Self-Compassion", "Kristin Neff", "Christopher Germer", "KindAudio's own"):
        assert name in notes, (name, notes)
