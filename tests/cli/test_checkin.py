"""`kindaudio checkin`, run as a real process: a check-in on its own, given as options or answered question by question."""

from __future__ import annotations

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import open_journal
from tests.support.command import EXIT_OK, kindaudio


def test_checkin_with_flags_saves_a_check_in_on_its_own(paths: AppPaths) -> None:
    result = kindaudio("checkin", "--valence", "-2", "--feeling", "tired", "--feeling", "heavy", "--difficult",
                       "--note", "a long day", "--share-note")
    assert result.returncode == EXIT_OK, result.stderr
    assert "Saved in your journal." in result.stdout
    with open_journal(paths, backup=False) as journal:
        (check_in,) = journal.check_ins()
    assert check_in.moment is Moment.STANDALONE and check_in.session_id is None
    assert check_in.mood == Mood(-2, ("tired", "heavy"), difficult=True, note="a long day", share_note=True)


def test_checkin_asks_each_question_and_saves_the_answers(paths: AppPaths) -> None:
    result = kindaudio("checkin", stdin="6\ncalm, warm ,,\ny\nsofter than yesterday\ny\n")
    assert result.returncode == EXIT_OK, result.stderr
    assert "7  Very pleasant" in result.stdout and "restless" in result.stdout  # the scale and the words offered
    assert "feel your feet on the floor" in result.stdout  # difficult feelings get a grounding line
    with open_journal(paths, backup=False) as journal:
        (check_in,) = journal.check_ins()
    assert check_in.mood == Mood(2, ("calm", "warm"), difficult=True, note="softer than yesterday", share_note=True)


@pytest.mark.parametrize("typed", ["\n", "", "5\ncalm\n"])  # Enter first; Ctrl-D at once; Ctrl-D half way
def test_checkin_can_be_skipped_and_then_saves_nothing(paths: AppPaths, typed: str) -> None:
    result = kindaudio("checkin", stdin=typed)
    assert result.returncode == EXIT_OK, result.stderr
    assert "Skipped; nothing was saved." in result.stdout
    with open_journal(paths, backup=False) as journal:
        assert journal.check_ins() == []
