"""The journal's errors never quote what was being written: a logged traceback holds no health data."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import open_journal


def test_a_journal_error_names_the_statement_but_not_the_words_being_written(paths: AppPaths) -> None:
    mood = Mood(2, ("Tansy3",), note="Wrenfall8 in the kitchen")
    object.__setattr__(mood, "valence", 9)  # past the checks, as a bug might: the database's own check refuses it
    with open_journal(paths, backup=False) as journal, pytest.raises(IntegrityError) as refused:
        journal.add_check_in(mood, moment=Moment.STANDALONE)
    message = str(refused.value)  # what a logged traceback would show
    assert "valence_range" in message and "INSERT INTO" in message
    assert "Tansy3" not in message and "Wrenfall8" not in message
