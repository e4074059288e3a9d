"""The PDF report for the therapist: a summary, two charts, the sessions, the chosen notes.

Drawn with fpdf2 (no Qt), so `kindaudio export` makes the same report on a
machine with no screen. The DejaVu Sans font is embedded so notes in most
scripts render as written (DejaVu has no Chinese, Japanese or Korean glyphs,
nor emoji; those come out blank). The charts use the same axis arithmetic as
the window's (`kindaudio.journal.charts`) and tell before from after by shape
as well as shade, so they read in black and white.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from fpdf.prefs import ViewerPreferences

from kindaudio import __version__
from kindaudio.common.paths import shipped
from kindaudio.journal.charts import Axis, nice_axis, week_label
from kindaudio.journal.exports.data import ExportData, NoteChoice
from kindaudio.journal.exports.entries_pdf import draw_entries
from kindaudio.journal.exports.report_text import (
    MOMENT_WORDS,
    STATUS_WORDS,
    local_day,
    long_date,
    minutes_per_week,
    session_feelings,
    short_date,
    signed,
    summarise,
    valence_text,
)
from kindaudio.journal.records import VALENCE_LABELS, SessionKind, SessionRecord

log = logging.getLogger(__name__)

FONT = "DejaVu"
MARGIN = 18.0  # mm
INK = (33, 37, 41)
MUTED = (96, 103, 112)
RULE = (200, 204, 208)
BAR = (118, 146, 170)
BEFORE_MARK = (140, 140, 140)
AFTER_MARK = (47, 84, 112)
CHART_HEIGHT = 52.0
FOOTER = "Private health information. Please keep this report safe and share it only with people you choose."

def write_report(data: ExportData, target: Path, *, compress: bool = True) -> None:
    """Draw the report and write it to `target` (the caller makes that atomic)."""
    pdf = _Report(data)
    pdf.set_compression(compress)
    pdf.draw()
    pdf.output(str(target))


class _Report(FPDF):
    def __init__(self, data: ExportData) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.data = data
        fonts = shipped("fonts")
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.set_title(f"Practice journal of {data.person}" if data.person else "Practice journal")
        if data.person:
            self.set_author(data.person)
        self.set_subject("Meditation practice and check-ins, for a therapist")
        self.set_creator(f"KindAudio {__version__}")
        self.set_creation_date(data.generated_at)
        # For screen readers: the language, and the title (not the file name) in the window. fpdf2 tags
        # images, links and outline entries only, not text, so the report is not a tagged PDF; each
        # heading is a bookmark (the outline), and the charts' figures are in the text and tables too.
        self.set_lang("en")
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)

    # Page furniture --------------------------------------------------------------------

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, FOOTER, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    # The report ------------------------------------------------------------------------

    def draw(self) -> None:
        self.add_page()
        self._title()
        self._summary()
        self._week_chart()
        self._mood_chart()
        self._session_list()
        self._standalone_list()
        self._notes()
        draw_entries(self, self.data.entries, short_date)  # only those marked to share (entries_pdf.py)

    def _title(self) -> None:
        data = self.data
        self._text(22, "Practice journal", bold=True, gap=2)
        if data.person:
            self._text(13, data.person, gap=1.5)
        self._text(11, f"{long_date(data.since)} to {long_date(data.until)}", colour=MUTED, gap=1)
        made = data.generated_at.astimezone(data.tz)
        self._text(8.5, f"Made with KindAudio on {long_date(made.date())}. Days and times are in the "
                   "local time of the computer it was made on.", colour=MUTED, gap=6)

    def _summary(self) -> None:
        figures = summarise(self.data)
        self._heading("Summary")
        lines = [
            f"Days with practice: {figures.days_practised}",
            f"Sessions: {figures.sessions}",
            f"Minutes listened: {round(figures.minutes)}",
        ]
        change = figures.mood_change()
        if change is not None:
            before, after, difference = change
            sessions = "session" if figures.mood_pairs == 1 else "sessions"
            lines.append(f"Mood before → after practice: {signed(before)} → {signed(after)} "
                         f"(change {signed(difference)}; average of {figures.mood_pairs} {sessions} with both "
                         "check-ins)")
        else:
            lines.append("Mood before → after practice: no session in this period has both check-ins.")
        lines.append(f"Check-ins where difficult feelings came up: {figures.difficult}")
        if self.data.left_out:
            count = len(self.data.left_out)
            lines.append(f"Left out: {count} damaged {'entry' if count == 1 else 'entries'} in the journal, which "
                         "could not be read.")
        for line in lines:
            self._text(10.5, line, gap=0.5)
        self._text(8.5, "Mood runs from -3 (very unpleasant) through 0 (neither) to +3 (very pleasant).",
                   colour=MUTED, gap=5)

    def _week_chart(self) -> None:
        weeks = minutes_per_week(self.data)
        self._heading("Minutes listened per week", keep_with=CHART_HEIGHT + 14)
        axis = nice_axis(max((m for _, m in weeks), default=0.0))
        x0, y0, width, height = self._plot_area(axis, "{:g}")
        slot = width / len(weeks)
        self.set_fill_color(*BAR)
        for index, (_, minutes) in enumerate(weeks):
            bar = height * (minutes - axis.low) / (axis.high - axis.low)
            if bar > 0:
                self.rect(x0 + index * slot + slot * 0.15, y0 + height - bar, slot * 0.7, bar, style="F")
        self._x_labels([monday for monday, _ in weeks], x0, y0 + height, slot)
        self.set_y(y0 + height + 9)
        self._text(8.5, "Each bar is a week, Monday to Sunday, labelled by its Monday.", colour=MUTED, gap=5)

    def _mood_chart(self) -> None:
        points = [s for s in self.data.sessions if s.before is not None or s.after is not None]
        self._heading("Mood before and after practice", keep_with=CHART_HEIGHT + 22)
        if not points:
            self._text(10, "No check-ins with practice in this period.", colour=MUTED, gap=5)
            return
        axis = nice_axis(3, low=-3, max_ticks=6)
        x0, y0, width, height = self._plot_area(axis, "{:+g}", zero_plain=True)
        slot = width / len(points)
        radius = min(1.4, slot * 0.3)

        def y_of(valence: int) -> float:
            return y0 + height * (axis.high - valence) / (axis.high - axis.low)

        for index, session in enumerate(points):
            x = x0 + (index + 0.5) * slot
            before = session.before.mood.valence if session.before else None
            after = session.after.mood.valence if session.after else None
            if before is not None and after is not None and before != after:
                self.set_draw_color(*MUTED)
                self.set_line_width(0.3)
                self.line(x, y_of(before), x, y_of(after))
            if before is not None:  # an open circle
                self.set_draw_color(*BEFORE_MARK)
                self.set_fill_color(255, 255, 255)
                self.set_line_width(0.4)
                self.circle(x, y_of(before), radius, style="DF")
            if after is not None:  # a filled circle
                self.set_fill_color(*AFTER_MARK)
                self.circle(x, y_of(after), radius, style="F")
        self._x_labels([local_day(s.started_at, self.data) for s in points], x0, y0 + height, slot)
        self.set_y(y0 + height + 7)
        self._legend()

    def _x_labels(self, days: list[date], x0: float, y: float, slot: float) -> None:
        """Day labels under the columns, as many as fit without touching."""
        every = max(1, math.ceil(14.0 / slot))  # a label needs about 14 mm
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        for index, day in enumerate(days):
            if index % every == 0:
                label = week_label(day)
                centre = x0 + (index + 0.5) * slot
                self.text(centre - self.get_string_width(label) / 2, y + 4, label)

    def _legend(self) -> None:
        y = self.get_y() + 2
        x = self.l_margin
        self.set_draw_color(*BEFORE_MARK)
        self.set_fill_color(255, 255, 255)
        self.circle(x + 1.4, y, 1.4, style="DF")
        self.set_font(FONT, "", 8.5)
        self.set_text_color(*MUTED)
        self.text(x + 4, y + 1.2, "before practice (open circle)")
        x += 4 + self.get_string_width("before practice (open circle)") + 6
        self.set_fill_color(*AFTER_MARK)
        self.circle(x + 1.4, y, 1.4, style="F")
        self.text(x + 4, y + 1.2, "after practice (filled circle)")
        self.set_y(y + 4)
        self._text(8.5, "One column per session with a check-in, oldest on the left.", colour=MUTED, gap=5)

    def _plot_area(self, axis: Axis, tick_format: str, *, zero_plain: bool = False) -> tuple[float, float, float,
                                                                                            float]:
        """Gridlines with tick labels; returns the inner area (x, y, width, height)."""
        label_width = 10.0
        x0 = self.l_margin + label_width
        y0 = self.get_y() + 2
        width = self.epw - label_width
        height = CHART_HEIGHT
        self.set_font(FONT, "", 7)
        self.set_line_width(0.2)
        for tick in axis.ticks:
            y = y0 + height * (axis.high - tick) / (axis.high - axis.low)
            self.set_draw_color(*(INK if tick == 0 else RULE))
            self.line(x0, y, x0 + width, y)
            label = "0" if zero_plain and tick == 0 else tick_format.format(tick)
            self.set_text_color(*MUTED)
            self.text(x0 - 1.5 - self.get_string_width(label), y + 1.2, label)
        return x0, y0, width, height

    def _session_list(self) -> None:
        sessions = self.data.sessions
        self._heading("Sessions", keep_with=22)
        if not sessions:
            self._text(10, "No practice was recorded in this period.", colour=MUTED, gap=5)
            return
        self.set_font(FONT, "", 8.5)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        heading = FontFace(family=FONT, emphasis="BOLD", size_pt=8.5, fill_color=(238, 240, 242))
        self.set_fill_color(255, 255, 255)
        with self.table(col_widths=(17, 27, 11, 14, 13, 38),
                        text_align=("LEFT", "LEFT", "RIGHT", "LEFT", "CENTER", "LEFT"),
                        headings_style=heading, line_height=4.6, padding=1.2,
                        borders_layout="HORIZONTAL_LINES") as table:
            table.row(("Date", "Practice", "Minutes", "How it ended", "Mood before → after", "Feelings"))
            for session in sessions:
                table.row(self._session_cells(session))
        self.ln(5)

    def _session_cells(self, session: SessionRecord) -> Sequence[str]:
        local = session.started_at.astimezone(self.data.tz)
        practice = session.title if session.kind is SessionKind.APP else f"{session.title} (away from the app)"
        ended = "Logged by hand" if session.kind is SessionKind.LOGGED else STATUS_WORDS[session.status]
        return (f"{short_date(local.date())} {local:%H:%M}", practice, f"{session.listened_seconds / 60:.0f}",
                ended, f"{valence_text(session.before)} → {valence_text(session.after)}", session_feelings(session))

    def _standalone_list(self) -> None:
        check_ins = self.data.standalone
        if not check_ins:
            return
        self._heading("Check-ins on their own", keep_with=22)
        self.set_font(FONT, "", 8.5)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        heading = FontFace(family=FONT, emphasis="BOLD", size_pt=8.5, fill_color=(238, 240, 242))
        self.set_fill_color(255, 255, 255)
        with self.table(col_widths=(20, 28, 40, 12), text_align="LEFT", headings_style=heading, line_height=4.6,
                        padding=1.2, borders_layout="HORIZONTAL_LINES") as table:
            table.row(("Date", "Mood", "Feelings", "Difficult feelings"))
            for check_in in check_ins:
                local = check_in.at.astimezone(self.data.tz)
                mood = check_in.mood
                table.row((f"{short_date(local.date())} {local:%H:%M}",
                           f"{mood.valence:+d} {VALENCE_LABELS[mood.valence].lower()}".replace("+0", "0"),
                           ", ".join(mood.feelings), "came up" if mood.difficult else ""))
        self.ln(5)

    def _notes(self) -> None:
        data = self.data
        self._heading("Notes")
        if data.notes is NoteChoice.NONE:
            self._text(10, "Notes were left out of this report.", colour=MUTED, gap=3)
            return
        shown = 0
        for when, context, note in self._chosen_notes():
            if self.will_page_break(16):
                self.add_page()
            local = when.astimezone(data.tz)
            self._text(9, f"{short_date(local.date())} {local:%H:%M} · {context}", colour=MUTED, bold=True, gap=0.5)
            self._text(10, note, gap=3)
            shown += 1
        if not shown:
            words = ("No notes were chosen for sharing in this period." if data.notes is NoteChoice.SHARED
                     else "There are no notes in this period.")
            self._text(10, words, colour=MUTED, gap=3)

    def _chosen_notes(self) -> list[tuple[datetime, str, str]]:
        data = self.data
        notes: list[tuple[datetime, str, str]] = []
        for session in data.sessions:
            if data.session_note(session):
                notes.append((session.started_at, f"{session.title} (away from the app)", data.session_note(session)))
            for check_in in (session.before, session.after):
                if check_in is not None and data.check_in_note(check_in):
                    context = f"{MOMENT_WORDS[check_in.moment]} {session.title}"
                    notes.append((check_in.at, context, data.check_in_note(check_in)))
        for check_in in data.standalone:
            if data.check_in_note(check_in):
                notes.append((check_in.at, "Check-in on its own", data.check_in_note(check_in)))
        return sorted(notes, key=lambda item: item[0])

    # Text helpers ------------------------------------------------------------------------

    def _heading(self, text: str, *, keep_with: float = 14.0) -> None:
        """A section title, moved to a new page with its first `keep_with` mm rather than left alone."""
        if self.will_page_break(8 + keep_with):
            self.add_page()
        self.start_section(text)  # a bookmark in the outline, to move between sections
        self._text(13, text, bold=True, gap=1.5)

    def _text(self, size: float, text: str, *, bold: bool = False, colour: tuple[int, int, int] = INK,
              gap: float = 0.0) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.45, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)
