"""Rows are found by id, or the journal says which id it does not hold."""

from __future__ import annotations

import pytest

from kindaudio.journal.errors import JournalError
from kindaudio.journal.records import Mood
from kindaudio.journal.store import Journal


def test_unknown_ids_raise_a_journal_error(journal: Journal) -> None:
    for call in (lambda: journal.session(99), lambda: journal.save_listened(99, 1),
                 lambda: journal.delete_session(99), lambda: journal.check_in(99),
                 lambda: journal.delete_check_in(99), lambda: journal.update_check_in(99, Mood(0))):
        with pytest.raises(JournalError, match="99"):
            call()
