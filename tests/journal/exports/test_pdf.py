"""The PDF report: read back from the file, it holds the summary, the sessions and only the chosen notes.

fpdf2 writes no reader and none is installed, so the report is written
uncompressed here and its text decoded with the fonts' own ToUnicode maps
(the embedded fonts are subset, so the bytes are glyph numbers, not letters).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kindaudio.journal.exports import ExportFormat, NoteChoice, export_journal, gather
from kindaudio.journal.exports.pdf import FOOTER, minutes_per_week, summarise, write_report
from kindaudio.journal.store import Journal
from tests.journal.exports.conftest import SINCE, UNTIL, Sample

OBJECT = re.compile(rb"(?ms)^(\d+) 0 obj\n(.*?)\nendobj")
TOKEN = re.compile(rb"/(F\d+) [\d.]+ Tf|\((?:\\.|[^\\()])*\)|\bET\b", re.S)


class PdfText:
    """The text and page count of an uncompressed fpdf2 PDF."""

    def __init__(self, raw: bytes) -> None:
        assert raw.startswith(b"%PDF-")
        objects = {int(m.group(1)): m.group(2) for m in OBJECT.finditer(raw)}
        pages = [body for body in objects.values() if re.search(rb"/Type /Page\b(?!s)", body)]
        self.pages: list[str] = []
        for page in pages:
            resources = objects[int(re.search(rb"/Resources (\d+) 0 R", page).group(1))]  # type: ignore[union-attr]
            fonts = {name.decode(): self._cmap(objects, objects[int(number)])
                     for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", resources)}
            content = objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))]  # type: ignore[union-attr]
            self.pages.append(self._decode(self._stream(content), fonts))
        self.text = "\n".join(self.pages)
        self.flat = " ".join(self.text.split())  # wrapped lines joined again

    @staticmethod
    def _stream(body: bytes) -> bytes:
        assert b"/Filter" not in body, "write the PDF with compress=False to read it back"
        return body.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]

    def _cmap(self, objects: dict[int, bytes], font: bytes) -> dict[int, str]:
        number = int(re.search(rb"/ToUnicode (\d+) 0 R", font).group(1))  # type: ignore[union-attr]
        cmap = self._stream(objects[number])
        assert b"beginbfrange" not in cmap
        pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4,})>", cmap)
        return {int(code, 16): chr(int(char, 16)) for code, char in pairs}

    @staticmethod
    def _decode(content: bytes, fonts: dict[str, dict[int, str]]) -> str:
        lines: list[str] = []
        line = ""
        font: dict[int, str] = {}
        for token in TOKEN.finditer(content):
            if token.group(1):
                font = fonts[token.group(1).decode()]
            elif token.group(0) == b"ET":
                if line:
                    lines.append(line)
                line = ""
            else:
                data = re.sub(rb"\\(.)", lambda m: {b"r": b"\r", b"n": b"\n"}.get(m.group(1), m.group(1)),
                              token.group(0)[1:-1], flags=re.S)
                line += "".join(font[int.from_bytes(data[i:i + 2], "big")] for i in range(0, len(data) - 1, 2))
        return "\n".join(lines)


def report(journal: Journal, out: Path, notes: NoteChoice = NoteChoice.SHARED, since: date = SINCE,
           until: date = UNTIL) -> PdfText:
    target = out / "report.pdf"
    write_report(gather(journal, since=since, until=until, notes=notes), target, compress=False)
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


def test_the_session_list_shows_when_what_how_long_how_it_ended_and_mood(journal: Journal, sample: Sample,
                                                                        out: Path) -> None:
    lines = report(journal, out).text.splitlines()

    def row(first: str) -> list[str]:
        at = lines.index(first)
        return lines[at: at + 5]

    assert row("13 May 2024 08:00") == ["13 May 2024 08:00", "Affectionate Breathing", "15", "Completed",
                                        "-1 → +2"]
    assert row("14 May 2024 21:30") == ["14 May 2024 21:30", "=Body scan", "5", "Stopped early", "– → -2"]
    assert row("12 May 2024 12:00") == ["12 May 2024 12:00", "walking practice (away from the app)", "20",
                                        "Logged by hand", "– → –"]


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
