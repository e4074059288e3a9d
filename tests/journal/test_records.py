"""A check-in's mood is checked when it is made, so nothing invalid reaches the journal."""

from __future__ import annotations

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.journal.records import FEELINGS, VALENCE_LABELS, Mood


def test_the_valence_scale_has_seven_named_points_from_minus_three_to_three() -> None:
    assert sorted(VALENCE_LABELS) == [-3, -2, -1, 0, 1, 2, 3]
    assert VALENCE_LABELS[-3] == "Very unpleasant"
    assert VALENCE_LABELS[0] == "Neither pleasant nor unpleasant"
    assert VALENCE_LABELS[3] == "Very pleasant"


def test_offered_feelings_are_distinct_lower_case_words() -> None:
    assert 12 <= len(FEELINGS) <= 20
    assert len(set(FEELINGS)) == len(FEELINGS)
    assert all(word == word.lower().strip() and word for word in FEELINGS)


@pytest.mark.parametrize("valence", [-4, 4, 100])
def test_a_valence_outside_the_scale_is_refused_with_the_range(valence: int) -> None:
    with pytest.raises(UserInputError, match="-3.*3"):
        Mood(valence)


@pytest.mark.parametrize("valence", [True, 1.5, "2", None])
def test_a_valence_that_is_not_a_whole_number_is_refused(valence: object) -> None:
    with pytest.raises(UserInputError):
        Mood(valence)  # type: ignore[arg-type]


def test_feelings_are_tidied_blank_ones_dropped_and_repeats_ignoring_case_removed() -> None:
    mood = Mood(1, feelings=("  calm ", "", "Calm", "a bit   wobbly", "   ", "tender"))
    assert mood.feelings == ("calm", "a bit wobbly", "tender")


def test_a_feeling_longer_than_forty_characters_is_refused() -> None:
    with pytest.raises(UserInputError, match="40"):
        Mood(0, feelings=("x" * 41,))


def test_more_than_twelve_feelings_are_refused() -> None:
    with pytest.raises(UserInputError, match="12"):
        Mood(0, feelings=tuple(f"feeling {n}" for n in range(13)))


def test_a_note_may_be_ten_thousand_characters_but_not_more() -> None:
    assert len(Mood(0, note="n" * 10_000).note) == 10_000
    with pytest.raises(UserInputError, match="10,000"):
        Mood(0, note="n" * 10_001)


def test_a_mood_carries_its_label_and_defaults_to_nothing_shared() -> None:
    mood = Mood(-2, note="hard day")
    assert mood.label == "Unpleasant"
    assert mood.share_note is False and mood.difficult is False


def test_importing_the_package_and_its_records_loads_no_database_library() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, kindaudio.journal, kindaudio.journal.records, kindaudio.journal.errors\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]"
