"""Two app-wide habits of the keyboard and the mouse wheel, as one event filter on the application.

Why one filter and not a patch per page: every page has date fields, spin
boxes, drop-downs and sliders inside scrolling columns, and every page has
buttons. A habit that holds everywhere must not depend on each page
remembering it.

- **The wheel scrolls the page, not the field under the pointer.** Scrolling
  the Progress page past its "to" date used to change the date (7 Dec became
  1 Dec and the list emptied). A value widget takes wheel events only while
  it has the keyboard focus; otherwise the wheel goes to the scroll area
  around it. Such widgets take focus by a click or Tab (StrongFocus), never
  by the wheel.
- **Enter and Return press the focused button**, as Space does: push and
  tool buttons, check boxes, radio buttons, the link-like buttons. A
  multi-line text box still gets its new line (it is not a button), and a
  dialog's default button still answers Return from a text field (the
  field, not a button, has the focus).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

log = logging.getLogger(__name__)

_FILTER_NAME = "kindaudio-input-events"
ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Enter on the number pad carries the keypad modifier; any other modifier is someone's shortcut.
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


def is_value_widget(widget: QObject) -> bool:
    """A widget whose value a wheel turn would change: spin boxes and date fields, drop-downs, sliders."""
    if isinstance(widget, QScrollBar):
        return False  # a scroll bar is for scrolling: the wheel is its purpose
    return isinstance(widget, (QAbstractSpinBox, QComboBox, QAbstractSlider))


def calm_focus(widget: QWidget) -> None:
    """Focus by click or Tab, not by the wheel (Qt gives spin boxes and drop-downs wheel focus)."""
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class InputEvents(QObject):
    """The application's event filter for the two habits above (install with `install_input_events`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if isinstance(watched, QWidget) and is_value_widget(watched):
                assert isinstance(event, QWheelEvent)
                return self._wheel(watched, event)
        elif kind == QEvent.Type.KeyPress:
            if isinstance(watched, QAbstractButton):
                assert isinstance(event, QKeyEvent)
                return _activate(watched, event)
        elif kind == QEvent.Type.Polish and isinstance(watched, QWidget) and is_value_widget(watched):
            calm_focus(watched)
        return False

    def _wheel(self, widget: QWidget, event: QWheelEvent) -> bool:
        calm_focus(widget)  # in case it was made before the filter was installed
        if widget.hasFocus():
            return False  # chosen by the person: the wheel turns its value, as it always did
        # Not focused: the turn scrolls the nearest scroll area that can take it, and the value stays.
        event.accept()
        area = _scroll_area_around(widget)
        while area is not None:
            if _scroll(area, widget, event):
                break
            area = _scroll_area_around(area)
        return True


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _scroll(area: QAbstractScrollArea, source: QWidget, event: QWheelEvent) -> bool:
    """Hand the wheel turn to `area`'s viewport, where the pointer is; whether it took it."""
    viewport = area.viewport()
    position = QPointF(source.mapTo(viewport, event.position().toPoint()))
    moved = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(), event.buttons(),
                        event.modifiers(), event.phase(), event.inverted(), event.source())
    moved.setAccepted(False)
    QApplication.sendEvent(viewport, moved)
    return moved.isAccepted()


def _activate(button: QAbstractButton, event: QKeyEvent) -> bool:
    """Enter or Return on a focused button presses it once (holding the key does not repeat it)."""
    if event.key() not in ACTIVATE_KEYS or event.modifiers() not in _PLAIN:
        return False
    if not (button.hasFocus() and button.isEnabled() and button.isVisible()):
        return False
    if not event.isAutoRepeat():
        button.animateClick()
    event.accept()
    return True


def install_input_events(app: QApplication) -> InputEvents:
    """Install the filter on `app` once (calling again returns the one installed)."""
    found = app.findChild(InputEvents, _FILTER_NAME)
    if isinstance(found, InputEvents):
        return found
    events = InputEvents(app)
    events.setObjectName(_FILTER_NAME)
    app.installEventFilter(events)
    for widget in app.allWidgets():  # widgets made before this: from now on they focus calmly too
        if is_value_widget(widget):
            calm_focus(widget)
    log.debug("input events installed")
    return events

