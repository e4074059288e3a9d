"""Written entries on real SQLite files: kept, changed, searched, shared by choice, backed up, refused when bad."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.backup import restore_backup
from kindaudio.journal.entries import search_query
from kindaudio.journal.entry_records import MAX_ENTRY_CHARS, Answer, EntryDraft
from kindaudio.journal.errors import JournalError
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import Journal, open_journal
from kindaudio.journal.writing import find_kind
from tests.journal.conftest import ZONE, Clock, start


def three_parts(**texts: str) -> EntryDraft:
    kind = find_kind("three-parts")
    return EntryDraft(kind.id, kind.title, kind.answers(texts))


def test_an_entry_is_kept_with_its_answers_day_and_times_and_changed_in_place(journal: Journal,
                                                                               clock: Clock) -> None:
    entry_id = journal.add_entry(three_parts(moment="I snapped at my sister", friend="You were exhausted."))
    created = journal.entry(entry_id)
    assert created.day == date(2024, 5, 15) and created.created_at == clock.utc == created.updated_at
    assert [(a.key, a.text) for a in created.answers] == [
        ("moment", "I snapped at my sister"), ("felt", ""), ("human", ""), ("friend", "You were exhausted.")]
    assert created.answers[3].label == "What I would say to a friend" and not created.shared
    clock.advance(minutes=5)
    journal.update_entry(entry_id, three_parts(moment="I snapped at my sister", felt="shame, hot face"))
    changed = journal.entry(entry_id)
    assert changed.answers[1].text == "shame, hot face" and changed.answers[3].text == ""
    assert changed.created_at == created.created_at and changed.updated_at == clock.utc


def test_entries_come_newest_day_first_and_by_date_range(journal: Journal) -> None:
    ids = [journal.add_entry(EntryDraft("free", "Free page", (), day=date(2024, 5, day))) for day in (3, 1, 2)]
    assert [e.id for e in journal.entries()] == [ids[0], ids[2], ids[1]]
    assert [e.id for e in journal.entries(newest_first=False, limit=2)] == [ids[1], ids[2]]
    assert [e.id for e in journal.entries(since=date(2024, 5, 2), until=date(2024, 5, 2))] == [ids[2]]
    with pytest.raises(UserInputError, match="after the end date"):
        journal.entries(since=date(2024, 5, 3), until=date(2024, 5, 1))


def test_search_finds_every_word_as_a_word_start_ignoring_case_and_accents(journal: Journal) -> None:
    first = journal.add_entry(three_parts(moment="Café with Ana, felt Anxious", friend="kindness"))
    second = journal.add_entry(three_parts(moment="anxious before the meeting"))
    assert {e.id for e in journal.entries(search="anx")} == {first, second}
    assert [e.id for e in journal.entries(search="CAFE kind")] == [first]
    assert journal.entries(search="ness") == []  # a word's middle is not a word's start
    assert journal.entries(search="  !!  ") == [] and search_query("?!") is None
    # Nothing typed acts as FTS5 syntax.
    assert journal.entries(search='anxious" OR NEAR(x') == []
    assert [e.id for e in journal.entries(search="anxious AND meeting")] == []  # "and" is a word to find too
    journal.delete_entry(second)
    assert [e.id for e in journal.entries(search="anxious")] == [first]


def test_the_share_mark_is_off_until_set_and_selects_what_goes_out(journal: Journal) -> None:
    private = journal.add_entry(three_parts(moment="private"))
    shared = journal.add_entry(three_parts(moment="for my therapist"))
    journal.set_entry_shared(shared, True)
    assert [e.id for e in journal.entries(shared_only=True)] == [shared]
    assert not journal.entry(private).shared


def test_an_entry_links_to_a_session_and_keeps_its_words_when_the_session_goes(journal: Journal) -> None:
    session_id = start(journal)
    check_in_id = journal.add_check_in(Mood(1), moment=Moment.AFTER, session_id=session_id)
    entry_id = journal.add_entry(EntryDraft("free", "Free page", (Answer("page", "Your page", "after practice"),),
                                            session_id=session_id, check_in_id=check_in_id, valence_before=-1,
                                            valence_after=2))
    linked = journal.entry(entry_id)
    assert (linked.session_id, linked.session_title, linked.valence_before, linked.valence_after) == (
        session_id, "Affectionate Breathing", -1, 2)
    assert [e.id for e in journal.entries(session_id=session_id)] == [entry_id]
    journal.delete_session(session_id)
    kept = journal.entry(entry_id)
    assert (kept.session_id, kept.check_in_id, kept.body) == (None, None, "after practice")
    with pytest.raises(JournalError, match="no session 999"):
        journal.add_entry(EntryDraft("free", "Free page", (), session_id=999))


@pytest.mark.parametrize(("make", "words"), [
    (lambda: three_parts(moment="x" * (MAX_ENTRY_CHARS + 1)), "100,000"),
    (lambda: three_parts(moment="a" * 60_000, friend="b" * 60_000), "120,000 characters long"),
    (lambda: three_parts(felt="line one\nline two \x1b[31m red"), "control character (U+001B) on line 2"),
    (lambda: three_parts(felt="\x00"), "U+0000"),
    (lambda: EntryDraft("free", "Free page", (), valence_after=4), "from -3"),
    (lambda: find_kind("three-parts").answers({"nonsense": "x"}), "no prompt called nonsense"),
])
def test_bad_text_is_refused_with_what_and_where_and_nothing_is_written(journal: Journal, make: object,
                                                                         words: str) -> None:
    with pytest.raises(UserInputError, match=re.escape(words)):
        journal.add_entry(make())  # type: ignore[operator]
    assert journal.entry_count() == 0


def test_line_ends_are_kept_as_plain_newlines_and_tabs_are_fine() -> None:
    draft = three_parts(felt="one\r\ntwo\rthree\tfour")
    assert draft.answers[1].text == "one\ntwo\nthree\tfour"


def test_unknown_entries_say_so(journal: Journal) -> None:
    for action in (lambda: journal.entry(7), lambda: journal.delete_entry(7), lambda: journal.set_entry_shared(7, True),
                   lambda: journal.update_entry(7, three_parts())):
        with pytest.raises(JournalError, match="no entry 7"):
            action()


def test_backups_hold_the_entries_and_a_restore_brings_them_back(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        entry_id = journal.add_entry(three_parts(moment="the words to keep"))
        backup = journal.backup_now()
        journal.delete_entry(entry_id)
    assert os.stat(paths.journal).st_mode & 0o777 == 0o600
    assert os.stat(backup.path).st_mode & 0o777 == 0o600
    with sqlite3.connect(backup.path) as raw:
        assert raw.execute("SELECT body FROM entries").fetchall() == [("the words to keep",)]
    raw.close()
    restore_backup(paths, backup)
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        assert [e.body for e in journal.entries(search="keep")] == ["the words to keep"]


def test_a_deleted_entrys_words_are_nowhere_in_the_journals_files(journal: Journal, paths: AppPaths) -> None:
    """Not in freed pages, not in the search index's older segments, not in the write-ahead log."""
    kept = journal.add_entry(three_parts(moment="Zanzibarquetzal stays"))
    gone = journal.add_entry(three_parts(moment="Marmalizardine is mine to delete", felt="Marmalizardine"))
    journal.update_entry(gone, three_parts(moment="Marmalizardine, written again", felt="still mine"))
    journal.delete_entry(gone)
    files = [path for path in paths.data.iterdir() if path.name.startswith("journal.sqlite3")]
    raw = b"".join(path.read_bytes() for path in files)
    assert b"Zanzibarquetzal" in raw and b"zanzibarquetzal" in raw  # the kept text, and its index's token
    assert b"marmalizardine" not in raw.lower()
    assert [entry.id for entry in journal.entries(search="zanzibarquetzal")] == [kept]
    assert journal.entries(search="marmalizardine") == []
