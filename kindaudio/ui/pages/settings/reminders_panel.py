"""Settings' Reminders panel: gentle reminders, off unless turned on; which days, what time, which practice.

Turning them on saves the choice, writes the session's autostart entry and
starts the small waiting part now (kindaudio.desktop.autostart); turning them
off removes the entry and stops it. The days, time and practice are read by
the waiting part at each look, so changing them needs nothing more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QTimeEdit, QWidget

from kindaudio.common.settings import Settings
from kindaudio.desktop.autostart import apply_reminders
from kindaudio.ui.pages.settings.form import SettingsForm, field_width, named, select_data, settings_panel
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_label

log = logging.getLogger(__name__)

DAY_LABELS = (("Mon", "Monday"), ("Tue", "Tuesday"), ("Wed", "Wednesday"), ("Thu", "Thursday"),
              ("Fri", "Friday"), ("Sat", "Saturday"), ("Sun", "Sunday"))
ANY_PRACTICE = "No particular practice"
NOTE = ("A reminder comes as a desktop notification at the time you choose, even when KindAudio is closed. "
        "It is only an invitation: letting one pass is always fine.")


def practice_choices(services: Services) -> list[tuple[str, str]]:
    """(id, title) of every practice that can be read, by title (off the GUI thread)."""
    from kindaudio.script.library import load_all

    found = [(entry.id, result.title) for entry, result in load_all(services.paths)
             if not isinstance(result, Exception)]
    return sorted(found, key=lambda item: item[1].casefold())


def next_reminder_text(settings: Settings) -> str:
    """When the next reminder comes, in words."""
    from datetime import UTC, datetime

    from kindaudio.desktop.schedule import ReminderPlan, describe_slot, next_slots
    from kindaudio.journal.days import SystemLocalTime

    tz = SystemLocalTime()
    upcoming = next_slots(ReminderPlan.from_settings(settings), datetime.now(UTC), 1, tz)
    if not upcoming:
        return "Choose at least one day for a reminder to come."
    return f"The next reminder: {describe_slot(upcoming[0], tz)}."


class RemindersPanel(QFrame):
    """The reminders' choices, saved (through `save`) as they change.

    Signals:
        practices_loaded(): the practice list is filled.
    """

    practices_loaded = Signal()

    def __init__(self, services: Services, save: Callable[..., None],
                 apply: Callable[[bool], None] = apply_reminders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self._save, self._apply = services, save, apply
        _panel, layout = settings_panel("Reminders", self)
        self.on_check = QCheckBox("Send me a gentle reminder to practise")
        named(self.on_check, "Gentle reminders", "A desktop notification on the days and at the time below")
        self.on_check.toggled.connect(self._turned)
        layout.addWidget(self.on_check, 0, Qt.AlignmentFlag.AlignLeft)

        form = SettingsForm()
        days = QHBoxLayout()
        days.setSpacing(10)
        self.day_checks: list[QCheckBox] = []
        for index, (short, name) in enumerate(DAY_LABELS):
            check = QCheckBox(short)
            named(check, name, f"A reminder on {name}s")
            check.toggled.connect(lambda _on, index=index: self._days_changed())
            days.addWidget(check)
            self.day_checks.append(check)
        days.addStretch(1)
        form.addRow("Days", days)

        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        named(self.time_edit, "Reminder time", "The time of day for the reminder (24-hour clock)")
        self.time_edit.timeChanged.connect(self._time_changed)
        form.addRow("Time", self.time_edit)

        self.practice_combo = QComboBox()
        field_width(self.practice_combo)
        named(self.practice_combo, "Practice to suggest", "The practice the reminder invites you to; it opens it")
        self.practice_combo.addItem(ANY_PRACTICE, None)
        self.practice_combo.currentIndexChanged.connect(self._practice_chosen)
        form.addRow("Practice", self.practice_combo)

        self.skip_check = QCheckBox("Not on a day I have already practised")
        named(self.skip_check, "Not on a day already practised",
              "No reminder on a day your journal already has practice")
        self.skip_check.toggled.connect(lambda on: self._save(reminder_skip_if_practised=on))
        form.addRow("", self.skip_check)
        self.form_holder = QWidget()
        self.form_holder.setLayout(form)
        layout.addWidget(self.form_holder)
        self.note = make_label(NOTE, "muted", accessible="About reminders")
        layout.addWidget(self.note)
        self.status = make_label("", "muted", accessible="Reminders status")
        self.status.hide()
        layout.addWidget(self.status)
        self._practices_asked = False

    def load(self) -> None:
        """Fill the practice list (once, off the GUI thread); `practices_loaded` follows."""
        if self._practices_asked:
            return
        self._practices_asked = True

        def connect(task: Task) -> None:
            task.succeeded.connect(self.show_practices)
            task.failed.connect(lambda message: self.show_practices([]))

        self.services.tasks.run(practice_choices, self.services, connect=connect)

    def show_practices(self, practices: list[tuple[str, str]]) -> None:
        combo = self.practice_combo
        was = combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for practice_id, title in practices:
                combo.addItem(title, practice_id)
            self._select_practice(self.services.settings.current.reminder_practice)
        finally:
            combo.blockSignals(was)
        self.practices_loaded.emit()

    def show_settings(self, settings: Settings) -> None:
        """The controls in line with the settings, without saving anything back."""
        widgets = (self.on_check, self.time_edit, self.practice_combo, self.skip_check, *self.day_checks)
        blocked = [widget.blockSignals(True) for widget in widgets]
        try:
            self.on_check.setChecked(settings.reminders)
            for index, check in enumerate(self.day_checks):
                check.setChecked(index in settings.reminder_days)
            hour, minute = (int(part) for part in settings.reminder_time.split(":"))
            self.time_edit.setTime(QTime(hour, minute))
            self._select_practice(settings.reminder_practice)
            self.skip_check.setChecked(settings.reminder_skip_if_practised)
        finally:
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)
        self.form_holder.setEnabled(settings.reminders)
        self._say(next_reminder_text(settings) if settings.reminders else "")

    def _select_practice(self, practice_id: str | None) -> None:
        if practice_id is not None and self.practice_combo.findData(practice_id) < 0:
            self.practice_combo.addItem(practice_id, practice_id)  # not listed (yet): keep the choice shown
        select_data(self.practice_combo, practice_id)

    def _turned(self, on: bool) -> None:
        self._save(reminders=on)
        if self.services.settings.current.reminders != on:
            return  # not saved: the page has said why
        self.form_holder.setEnabled(on)
        try:
            self._apply(on)
        except OSError as exc:
            log.warning("reminders could not be set up to start with the session: %s", exc)
            self._say(f"Reminders are {'on' if on else 'off'}, but the session's start-up list could not be "
                      f"changed: {exc}")
            return
        self._say(next_reminder_text(self.services.settings.current) if on else "Reminders are off.")

    def _days_changed(self) -> None:
        self._save(reminder_days=tuple(index for index, check in enumerate(self.day_checks) if check.isChecked()))

    def _time_changed(self, value: QTime) -> None:
        self._save(reminder_time=f"{value.hour():02d}:{value.minute():02d}")

    def _practice_chosen(self, index: int) -> None:
        self._save(reminder_practice=self.practice_combo.itemData(index))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
