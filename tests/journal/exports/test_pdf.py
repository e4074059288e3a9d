"""The PDF report: read back with pypdf, it holds the summary, the sessions' feelings and only the chosen notes.

pypdf is an independent reader: it decodes the embedded, subset fonts through
their ToUnicode maps, so what it extracts is what a screen reader or a search
in a PDF viewer finds. Table cells that wrap come out over several lines;
`flat` joins them again.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kindaudio.journal.exports import ExportFormat, NoteChoice, export_journal, gather
from kindaudio.journal.exports.pdf import FOOTER, minutes_per_week, summarise
from kindaudio.journal.exports.report_text import Summary
from kindaudio.journal.records import Moment, Mood, SessionStatus
from kindaudio.journal.store import Journal
from tests.journal.conftest import Clock, start
from tests.journal.exports.conftest import SINCE, UNTIL, Sample


class PdfText:
    """The text, page count, outline and metadata of a PDF, as pypdf reads them."""

    def __init__(self, raw: bytes) -> None:
        assert raw.startswith(b"%PDF-")
        self.reader = PdfReader(io.BytesIO(raw))
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.text = "\n".join(self.pages)
        self.flat = " ".join(self.text.split())  # wrapped lines joined again

    def outline(self) -> list[str]:
        return [item.title for item in self.reader.outline if not isinstance(item, list)]


def report(journal: Journal, out: Path, notes: NoteChoice = NoteChoice.SHARED, since: date = SINCE,
           until: date = UNTIL, person: str = "") -> PdfText:
    target = export_journal(journal, ExportFormat.PDF, out / "report.pdf", since=since, until=until, notes=notes,
                            person=person)
    return PdfText(target.read_bytes())


def test_the_report_has_its_title_range_summary_and_a_footer_on_every_page(journal: Journal, sample: Sample,
                                                                           out: Path) -> None:
    pdf = report(journal, out)
    assert "Practice journal" in pdf.text
    assert "10 May 2024 to 15 May 2024" in pdf.text
    assert "Days with practice: 3" in pdf.text  # Sun 12 (walking), Mon 13, Tue 14 (local, though 15th in UTC)
    assert "Sessions: 3" in pdf.text
    assert "Minutes listened: 40" in pdf.text  # 20 + 15 + 5
    assert "Mood before → after practice: -1.0 → +2.0 (change +3.0; average of 1 session with both check-ins)" \
        in pdf.flat
    assert all(FOOTER in page for page in pdf.pages)
    assert all(f"Page {n} of {len(pdf.pages)}" in page for n, page in enumerate(pdf.pages, 1))


def test_the_charts_are_labelled_by_week_and_mood(journal: Journal, sample: Sample, out: Path) -> None:
    pdf = report(journal, out)
    assert "Minutes listened per week" in pdf.text and "6 May" in pdf.text and "13 May" in pdf.text
    assert "Mood before and after practice" in pdf.text
    assert all(label in pdf.text.splitlines() for label in ("+3", "0", "-3"))
    assert "before practice (open circle)" in pdf.text and "after practice (filled circle)" in pdf.text


def test_the_session_list_shows_when_what_how_long_how_it_ended_mood_and_feelings(journal: Journal, sample: Sample,
                                                                                  out: Path) -> None:
    flat = report(journal, out).flat
    assert "13 May 2024 08:00 Affectionate Breathing 15 Completed -1 → +2 Before: anxious, tired. After: calm, a " \
           "bit lighter." in flat
    assert "14 May 2024 21:30 =Body scan 5 Stopped early – → -2 Difficult feelings came up after." in flat
    assert "12 May 2024 12:00 walking practice (away from the app) 20 Logged by hand – → –" in flat


def test_a_difficult_check_in_keeps_its_words_in_the_report(journal: Journal, clock: Clock, out: Path) -> None:
    """The attack's case: before -3 with difficult feelings and named feelings, no after; it read "-3 → –"."""
    clock.set_local(2024, 5, 13, 20, 0)
    session = start(journal)
    journal.add_check_in(Mood(-3, ("overwhelmed", "ashamed", "numb"), difficult=True), moment=Moment.BEFORE,
                         session_id=session)
    clock.set_local(2024, 5, 13, 20, 4)
    journal.end_session(session, 240, SessionStatus.STOPPED_EARLY)
    pdf = report(journal, out)
    assert "-3 → – Difficult feelings came up before. Before: overwhelmed, ashamed, numb." in pdf.flat
    assert "Check-ins where difficult feelings came up: 1" in pdf.flat


def test_only_the_notes_chosen_for_sharing_are_in_it(journal: Journal, sample: Sample, out: Path) -> None:
    text = report(journal, out).text
    assert "shared before note" in text
    assert "standalone note — für dich" in text  # any Latin script renders as written
    assert "private after note" not in text and "logged note" not in text
    assert "too early to export" not in text  # outside the range


def test_all_notes_or_none_as_asked(journal: Journal, sample: Sample, out: Path) -> None:
    everything = report(journal, out, NoteChoice.ALL).text
    assert all(note in everything for note in ("shared before note", "private after note", "logged note"))
    nothing = report(journal, out, NoteChoice.NONE).text
    assert "Notes were left out of this report." in nothing
    assert not any(note in nothing for note in ("shared before note", "private after note", "logged note",
                                                 "standalone note"))


def test_a_quiet_period_still_makes_a_readable_report(journal: Journal, out: Path) -> None:
    pdf = report(journal, out)
    assert len(pdf.pages) == 1
    assert "Days with practice: 0" in pdf.text
    assert "no session in this period has both check-ins" in pdf.text
    assert "No practice was recorded in this period." in pdf.text
    assert "No check-ins with practice in this period." in pdf.text
    assert "No notes were chosen for sharing in this period." in pdf.text


def test_a_long_journal_flows_over_pages(journal: Journal, out: Path) -> None:
    for day in range(1, 29):
        journal.log_outside_practice(day=date(2024, 4, day), minutes=10 + day, what=f"sitting {day}",
                                     note="a longer note " * 40)
    pdf = report(journal, out, NoteChoice.ALL, since=date(2024, 4, 1), until=date(2024, 4, 30))
    assert len(pdf.pages) >= 3
    assert all(f"sitting {day} (away from the app)" in pdf.text for day in range(1, 29))
    assert len(re.findall(rb"/Type /Page\b(?!s)", (out / "report.pdf").read_bytes())) == len(pdf.pages)


def test_summary_and_weeks_count_local_days_and_minutes_heard(journal: Journal, sample: Sample) -> None:
    data = gather(journal, since=SINCE, until=UNTIL)
    figures = summarise(data)
    assert (figures.days_practised, figures.sessions, figures.mood_pairs) == (3, 3, 1)
    assert round(figures.minutes, 2) == round((1200 + 899.6 + 300.4) / 60, 2)
    assert minutes_per_week(data) == [(date(2024, 5, 6), 20.0), (date(2024, 5, 13), (899.6 + 300.4) / 60)]


def test_the_exported_report_is_compressed_and_private(journal: Journal, sample: Sample, out: Path) -> None:
    target = export_journal(journal, ExportFormat.PDF, out / "report.pdf", since=SINCE, until=UNTIL)
    raw = target.read_bytes()
    assert raw.startswith(b"%PDF-") and b"/FlateDecode" in raw
    assert b"shared before note" not in raw  # not legible to a casual byte search, but …
    assert target.stat().st_mode & 0o077 == 0


def test_the_name_chosen_at_export_heads_the_report_and_its_metadata(journal: Journal, sample: Sample,
                                                                     out: Path) -> None:
    pdf = report(journal, out, person="Zoë Müller (client 12)")
    assert pdf.pages[0].splitlines()[:2] == ["Practice journal", "Zoë Müller (client 12)"]
    metadata = pdf.reader.metadata
    assert metadata is not None
    assert metadata.title == "Practice journal of Zoë Müller (client 12)"
    assert metadata.author == "Zoë Müller (client 12)"
    unnamed = report(journal, out)
    assert unnamed.pages[0].splitlines()[1] == "10 May 2024 to 15 May 2024"
    assert unnamed.reader.metadata is not None and unnamed.reader.metadata.author is None


@pytest.mark.parametrize("name", ["Zoë\r\nK", "\x9b2J", "\u2067evil\u2069", "x" * 200])
def test_a_name_that_is_not_plain_text_leaves_no_report_behind(journal: Journal, sample: Sample, out: Path,
                                                               name: str) -> None:
    with pytest.raises(Exception, match="name for the export") as caught:
        report(journal, out, person=name)
    assert type(caught.value).__name__ == "UserInputError"
    assert list(out.iterdir()) == []


def test_the_change_is_computed_from_the_rounded_figures_shown() -> None:
    """-13/7 and -1/7 show as -1.9 and -0.1; the change shown is their difference, +1.8 (not 12/7 ≈ +1.7)."""
    figures = Summary(days_practised=7, minutes=70, sessions=7, mood_pairs=7, mean_before=-13 / 7,
                      mean_after=-1 / 7)
    assert figures.mood_change() == (-1.9, -0.1, 1.8)
    assert Summary(1, 1, 1, 1, 0.04, -0.04).mood_change() == (0.0, -0.0, 0.0)


def test_the_report_says_the_change_its_figures_give(journal: Journal, clock: Clock, out: Path) -> None:
    befores = (-3, -2, -2, -2, -2, -1, -1)  # mean -13/7
    afters = (-1, -1, 0, 0, 0, 1, 0)  # mean -1/7
    for day, (before, after) in enumerate(zip(befores, afters, strict=True), start=10):
        clock.set_local(2024, 5, min(day, 15), 7 + day - 10, 0)
        session = start(journal)
        journal.add_check_in(Mood(before), moment=Moment.BEFORE, session_id=session)
        journal.end_session(session, 600, SessionStatus.COMPLETED)
        journal.add_check_in(Mood(after), moment=Moment.AFTER, session_id=session)
    assert "Mood before → after practice: -1.9 → -0.1 (change +1.8; average of 7 sessions with both check-ins)" \
        in report(journal, out).flat


def test_screen_readers_get_the_language_title_and_a_bookmark_per_section(journal: Journal, sample: Sample,
                                                                          out: Path) -> None:
    pdf = report(journal, out)
    root = pdf.reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert pdf.outline() == ["Summary", "Minutes listened per week", "Mood before and after practice", "Sessions",
                             "Check-ins on their own", "Notes", "Journal entries shared with you"]
