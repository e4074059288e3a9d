"""The report's section of written entries: only those the person marked to share, each readable in full.

Whatever else was chosen for the export, the PDF carries marked entries only:
a report is read by another person, and an entry is private until its
writer says otherwise. Each entry shows its day, its kind (and the practice
it followed), then every answer under its label, with the page breaking
between paragraphs rather than leaving a heading alone at the foot of a page.
"""

from __future__ import annotations

from typing import Any, Protocol

from kindaudio.journal.entry_records import Entry

HEADING = "Journal entries shared with you"
NONE_SHARED = "No journal entries were marked to share in this period."
ABOUT = ("Written with KindAudio's guided self-compassion prompts. Only entries the writer chose to share are "
         "shown; every part of a prompt is optional.")
MUTED = (96, 103, 112)


class Report(Protocol):
    """What the section needs of the report (kindaudio.journal.exports.pdf._Report)."""

    def _heading(self, text: str, *, keep_with: float = ...) -> None: ...

    def _text(self, size: float, text: str, *, bold: bool = ..., colour: tuple[int, int, int] = ...,
              gap: float = ...) -> None: ...

    def will_page_break(self, height: float) -> bool: ...

    def add_page(self, *args: Any, **kwargs: Any) -> None: ...


def shared_entries(entries: tuple[Entry, ...]) -> list[Entry]:
    return [entry for entry in entries if entry.shared]


def draw_entries(report: Report, entries: tuple[Entry, ...], day_words: Any) -> None:
    """The section: its heading, a line on what it is, then each marked entry (or a line saying there are none)."""
    shown = shared_entries(entries)
    report._heading(HEADING)
    if not shown:
        report._text(10, NONE_SHARED, colour=MUTED, gap=3)
        return
    report._text(8.5, ABOUT, colour=MUTED, gap=3)
    for entry in shown:
        if report.will_page_break(24):
            report.add_page()
        context = f"{day_words(entry.day)} · {entry.kind_title}"
        if entry.session_title:
            context += f" · after {entry.session_title}"
        report._text(9, context, colour=MUTED, bold=True, gap=1)
        for answer in entry.answers:
            if not answer.text.strip():
                continue
            if report.will_page_break(14):
                report.add_page()
            report._text(9.5, answer.label, bold=True, gap=0.5)
            report._text(10, answer.text.strip(), gap=2)
        report._text(4, "", gap=2)
