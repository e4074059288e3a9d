"""What an export holds: sessions by their local day, check-ins on their own, and only the notes the person chose."""

from __future__ import annotations

from kindaudio.journal.exports.data import NoteChoice, gather
from kindaudio.journal.store import Journal
from tests.journal.exports.conftest import SINCE, UNTIL, Sample


def test_the_range_holds_sessions_by_their_local_day_and_check_ins_on_their_own(journal: Journal,
                                                                               sample: Sample) -> None:
    data = gather(journal, since=SINCE, until=UNTIL)
    assert [s.id for s in data.sessions] == [sample.walking, sample.breathing, sample.body_scan]
    assert [c.id for c in data.standalone] == [sample.standalone]


def test_notes_go_out_only_as_the_person_chose(journal: Journal, sample: Sample) -> None:
    def notes(choice: NoteChoice) -> set[str]:
        data = gather(journal, since=SINCE, until=UNTIL, notes=choice)
        found = {data.check_in_note(c) for c in data.check_ins()} | {data.session_note(s) for s in data.sessions}
        return found - {""}

    assert notes(NoteChoice.SHARED) == {"shared before note", "standalone note — für dich"}
    assert notes(NoteChoice.ALL) == {"shared before note", "standalone note — für dich", "private after note",
                                     "logged note"}
    assert notes(NoteChoice.NONE) == set()
