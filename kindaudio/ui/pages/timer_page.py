"""The Silent Timer: quiet time of one's own choosing between an opening bell and a closing bell.

The form is checked by TimerSpec itself as the person types, so what the page
accepts is exactly what the timer can play; a combination that does not work
is explained in place and Start waits until it does.
"""

from __future__ import annotations

import functools
import logging
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kindaudio.audio import (
    CLOSING_STRIKES,
    MAX_MINUTES,
    MIN_INTERVAL_MINUTES,
    MIN_MINUTES,
    TIMER_PRACTICE_ID,
    TimerSpec,
    format_minutes,
    timer_programme,
)
from kindaudio.common.errors import UserInputError
from kindaudio.ui.navigation import back_link
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import fill_with_centred_column, make_buddy_label, make_button, make_label

log = logging.getLogger(__name__)

DEFAULT_MINUTES = 20
PREPARE_CHOICES = ((0, "None"), (10, "10 seconds"), (30, "30 seconds"), (60, "1 minute"), (120, "2 minutes"))
CONTENT_WIDTH = 760
_STRIKE_WORDS = {1: "one strike", 2: "two strikes", 3: "three strikes", 4: "four strikes", 5: "five strikes"}
_SEPARATORS = re.compile(r"[,;\s]+")


def _number(value: float) -> str:
    return f"{value:.10g}"


def _minutes_words(value: float) -> str:
    return f"{_number(value)} minute" if value == 1 else f"{_number(value)} minutes"


def parse_bell_times(text: str) -> tuple[float, ...]:
    """"5, 12.5" -> (5.0, 12.5); raises UserInputError naming what is not a number."""
    times = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        try:
            times.append(float(token))
        except ValueError:
            raise UserInputError(f"“{token}” is not a number of minutes; write the times like 5, 12.5") from None
    return tuple(sorted(set(times)))


def describe(spec: TimerSpec) -> str:
    """One line saying what the timer will do: "20 minutes · bells every 5 minutes · closing bell: three strikes"."""
    parts = [_minutes_words(spec.minutes)]
    if spec.prepare_seconds:
        parts.append(f"{_number(spec.prepare_seconds)} seconds to settle first")
    if spec.interval_minutes is not None:
        parts.append(f"bells every {_minutes_words(spec.interval_minutes)}")
    if spec.bell_times_minutes:
        times = [_number(time) for time in spec.bell_times_minutes]
        listed = times[0] if len(times) == 1 else ", ".join(times[:-1]) + " and " + times[-1]
        noun = "a bell" if len(times) == 1 else "bells"
        parts.append(f"{'also ' if spec.interval_minutes is not None else ''}{noun} at {listed} min")
    if spec.ambience:
        parts.append("soft ambience")
    parts.append(f"closing bell: {_STRIKE_WORDS.get(CLOSING_STRIKES, f'{CLOSING_STRIKES} strikes')}")
    return " · ".join(parts)


class TimerPage(QWidget):
    """The Silent Timer's form, with a live summary and Start.

    Signals:
        start_requested(object): a PlayRequest for the timer as set.
        back_requested(): back to the library.
    """

    start_requested = Signal(object)
    back_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.spec: TimerSpec | None = None
        self.problem: str | None = None
        self._build()
        self.ambience.setChecked(services.settings.current.ambience)
        self._update()

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.back_button = back_link()
        self.back_button.clicked.connect(self.back_requested)
        title = make_label("Silent timer", "page-title", wrap=False, accessible="Silent timer")
        subtitle = QLabel("Quiet time for your own practice, held between an opening bell and a closing bell. "
                          "Choose what suits you today; you can stop whenever you like.")
        subtitle.setProperty("role", "subtitle")
        subtitle.setWordWrap(True)
        subtitle.setAccessibleName("About the silent timer")

        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Sitting time in minutes")
        self.minutes.setToolTip(f"From the opening bell to the closing bell: {MIN_MINUTES} to {MAX_MINUTES} minutes")
        self.prepare = QComboBox()
        for seconds, words in PREPARE_CHOICES:
            self.prepare.addItem(words, seconds)
        self.prepare.setAccessibleName("Time to settle before the opening bell")
        self.prepare.setToolTip("Quiet time to get comfortable before the opening bell")

        self.use_interval = QCheckBox("A bell every")
        self.use_interval.setAccessibleName("Ring a bell at a regular interval")
        self.use_interval.setToolTip("A single soft bell at regular times, as a gentle reminder")
        self.interval = QDoubleSpinBox()
        self.interval.setDecimals(1)
        self.interval.setRange(MIN_INTERVAL_MINUTES, MAX_MINUTES)
        self.interval.setSingleStep(1.0)
        self.interval.setValue(5.0)
        self.interval.setSuffix(" min")
        self.interval.setAccessibleName("Minutes between bells")
        self.interval.setToolTip("How many minutes between the bells along the way")
        self.interval.setEnabled(False)
        interval_row = QHBoxLayout()
        interval_row.setContentsMargins(0, 0, 0, 0)
        interval_row.addWidget(self.use_interval)
        interval_row.addWidget(self.interval)
        interval_row.addStretch(1)

        self.bell_times = QLineEdit()
        self.bell_times.setPlaceholderText("for example 5, 12")
        self.bell_times.setAccessibleName("Bells at these minutes")
        self.bell_times.setToolTip("Minutes after the opening bell when a bell should ring, separated by commas")
        self.ambience = QCheckBox("Soft ambience under the quiet")
        self.ambience.setAccessibleName("Soft ambience")
        self.ambience.setToolTip("A soft, steady sound in the background, or none")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(make_buddy_label("&Sitting time", self.minutes), self.minutes)
        form.addRow(make_buddy_label("Settle &first", self.prepare), self.prepare)
        form.addRow(make_buddy_label("&Interval bells", self.use_interval), interval_row)
        form.addRow(make_buddy_label("Bells &at (minutes)", self.bell_times), self.bell_times)
        form.addRow(make_buddy_label("&Background", self.ambience), self.ambience)
        card = QFrame()
        card.setProperty("role", "card")
        card.setLayout(form)

        self.summary = make_label("", "section-title", accessible="What the timer will do")
        self.error = make_label("", "error", accessible="What to change")
        self.error.setVisible(False)

        self.start_button = make_button("Start", "Start the timer", "Begin the silent timer as set", "primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)

        column = QWidget()
        column.setMaximumWidth(CONTENT_WIDTH)
        inner = QVBoxLayout(column)
        inner.setSpacing(16)
        inner.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addWidget(card)
        inner.addWidget(self.summary)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        inner.addStretch(1)
        fill_with_centred_column(self, column)

        self.minutes.valueChanged.connect(self._update)
        self.prepare.currentIndexChanged.connect(self._update)
        self.use_interval.toggled.connect(self.interval.setEnabled)
        self.use_interval.toggled.connect(self._update)
        self.interval.valueChanged.connect(self._update)
        self.bell_times.textChanged.connect(self._update)
        self.ambience.toggled.connect(self._update)
        for first, second in ((self.back_button, self.minutes), (self.minutes, self.prepare),
                              (self.prepare, self.use_interval), (self.use_interval, self.interval),
                              (self.interval, self.bell_times), (self.bell_times, self.ambience),
                              (self.ambience, self.start_button)):
            QWidget.setTabOrder(first, second)

    # -- checking ------------------------------------------------------------------

    def _read_spec(self) -> TimerSpec:
        """The form as a TimerSpec; raises UserInputError saying what to change."""
        return TimerSpec(minutes=float(self.minutes.value()),
                         prepare_seconds=float(self.prepare.currentData() or 0),
                         interval_minutes=self.interval.value() if self.use_interval.isChecked() else None,
                         bell_times_minutes=parse_bell_times(self.bell_times.text()),
                         ambience=self.ambience.isChecked())

    def _update(self) -> None:
        try:
            spec = self._read_spec()
        except UserInputError as exc:
            self.spec, self.problem = None, str(exc)
            message = str(exc)
            self.error.setText(f"This timer cannot start yet: {message[:1].lower()}{message[1:]}.")
            self.error.setVisible(True)
            self.summary.setText("")
            self.summary.setVisible(False)
        else:
            self.spec, self.problem = spec, None
            self.error.setVisible(False)
            self.summary.setText(describe(spec))
            self.summary.setVisible(True)
        self.start_button.setEnabled(self.spec is not None)

    # -- acting --------------------------------------------------------------------

    def start(self) -> None:
        if self.spec is None:
            return
        spec = self.spec
        log.info("start the silent timer: %s", describe(spec))
        self.start_requested.emit(PlayRequest(title=f"Silent timer, {format_minutes(spec.minutes)}",
                                              build=functools.partial(timer_programme, spec),
                                              minutes=spec.minutes, practice_id=TIMER_PRACTICE_ID))
