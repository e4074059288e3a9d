"""A check-in in the terminal: a few short questions, every one skippable.

Used by `kindaudio checkin` and after (or before) `kindaudio play`. It reads
from and writes to the streams it is given, so tests can type into it. Enter
on the first question, or Ctrl-D at any point, skips the whole check-in and
nothing is saved: checking in is an offer, never a chore.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TextIO

from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.journal.records import FEELINGS, VALENCE_LABELS, Moment, Mood
from kindaudio.journal.support_words import TERMINAL_POINTER, calls_for_support

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)

OPENINGS = {
    Moment.BEFORE: "Before you begin, a moment to notice how you are.",
    Moment.AFTER: "A moment to notice how you are now, if you like.",
    Moment.STANDALONE: "A moment to notice how you are.",
}
GROUNDING = ("Thank you for noticing that. There is no need to fix anything. If it helps, feel your feet on "
             "the floor, look around the room and name a few things you can see, and take all the time you need.")


class _Skipped(Exception):
    """The person pressed Ctrl-D (end of input): leave the check-in."""


class CheckInPrompt:
    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    def ask(self, moment: Moment = Moment.STANDALONE) -> Mood | None:
        """The person's mood, or None when they skipped."""
        try:
            return self._ask(moment)
        except _Skipped:
            self._say("")
            self._say("Skipped; nothing was saved.")
            return None

    def _ask(self, moment: Moment) -> Mood | None:
        self._say(OPENINGS[moment])
        for number, (_, label) in enumerate(sorted(VALENCE_LABELS.items()), 1):
            self._say(f"  {number}  {label}")
        valence = self._valence()
        if valence is None:
            self._say("Skipped; nothing was saved.")
            return None
        feelings = self._feelings()
        difficult = self._yes("Did difficult feelings come up? [y/N] ")
        if difficult:
            self._say(GROUNDING)
        note = self._note()
        share = bool(note) and self._yes("Include this note in reports for your therapist? [y/N] ")
        return Mood(valence, feelings, difficult=difficult, note=note, share_note=share)

    def _valence(self) -> int | None:
        while True:
            answer = self._line("How do you feel, from 1 to 7? (Enter to skip the check-in) ").strip()
            if not answer:
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(VALENCE_LABELS):
                return int(answer) - 4  # 1..7 -> -3..3
            self._say("Please type a number from 1 to 7, or press Enter to skip.")

    def _feelings(self) -> tuple[str, ...]:
        self._say(f"Some words that may fit: {', '.join(FEELINGS)}. Your own words are welcome too.")
        while True:
            answer = self._line("Feelings, separated by commas (Enter for none): ")
            words = tuple(word.strip() for word in answer.split(","))
            try:
                return Mood(0, words).feelings
            except UserInputError as exc:
                self._say(str(exc))

    def _note(self) -> str:
        while True:
            note = self._line("A note, only if you want one (Enter for none): ").strip()
            try:
                return Mood(0, note=note).note
            except UserInputError as exc:
                self._say(str(exc))

    def _yes(self, question: str) -> bool:
        return self._line(question).strip().casefold() in ("y", "yes")

    def _line(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise _Skipped
        return line.rstrip("\r\n")

    def _say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)


def ask_check_in(stdin: TextIO, stdout: TextIO, moment: Moment = Moment.STANDALONE) -> Mood | None:
    return CheckInPrompt(stdin, stdout).ask(moment)


def save_check_in(journal: Journal, mood: Mood, moment: Moment, stdout: TextIO, session_id: int | None = None) -> None:
    """Keep a check-in; when the journal cannot take it (a full disk, a read-only file), print back what the
    person entered before the error is said, so nothing they typed is lost."""
    try:
        journal.add_check_in(mood, moment=moment, session_id=session_id)
    except KindAudioError:
        print_back(mood, stdout)
        raise
    print("Saved in your journal. Thank you for checking in.", file=stdout)
    if calls_for_support(mood):  # a hard check-in: where more support is, in one line
        print(TERMINAL_POINTER, file=stdout)


def print_back(mood: Mood, stdout: TextIO) -> None:
    """What was entered at a check-in, in plain words, on the person's own terminal (never in the log)."""
    valence = f"{mood.valence:+d}" if mood.valence else "0"
    lines = ["This check-in could not be saved. Here is what you entered, so it is not lost:",
             f"  mood: {valence} ({mood.label.lower()})"]
    if mood.feelings:
        lines.append(f"  feelings: {', '.join(mood.feelings)}")
    if mood.difficult:
        lines.append("  difficult feelings came up")
    if mood.note:
        lines.append(f"  note: {mood.note}")
    print("\n".join(lines), file=stdout, flush=True)
