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
