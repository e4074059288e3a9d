"""The check-in's questions in the terminal, typed into through streams."""

from __future__ import annotations

import io

from kindaudio.cli.checkin_prompt import CheckInPrompt
from kindaudio.journal.records import Moment, Mood


def test_the_prompt_asks_again_after_an_answer_it_cannot_use() -> None:
    answers = io.StringIO("0\nten\n3\n" + "x" * 41 + "\nnumb\nno\n\n")
    shown = io.StringIO()
    mood = CheckInPrompt(answers, shown).ask(Moment.AFTER)
    assert mood == Mood(-1, ("numb",))
    assert shown.getvalue().count("Please type a number from 1 to 7, or press Enter to skip.") == 2
    assert "is longer than 40 characters" in shown.getvalue()
    assert "Include this note" not in shown.getvalue()  # no note, no question about sharing it
