"""The import dialog's part for a therapist's contact carried by a pack: shown, and kept only with consent.

The box starts unticked. When the person already has a therapist's contact,
its words say it would replace that one, by name; when the pack's contact is
the one they have, there is nothing to ask. The support plan is read again
just before writing, so a plan changed meanwhile is not lost.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from kindaudio.common.errors import UserInputError
from kindaudio.common.text import printable
from kindaudio.journal.support_plan import SupportPlan, load_plan, save_plan
from kindaudio.ui.widgets.basics import make_label

if TYPE_CHECKING:
    from kindaudio.common.paths import AppPaths
    from kindaudio.pack.therapist import TherapistContact

log = logging.getLogger(__name__)

KEEP_TEXT = "Keep this as my therapist's contact"
KEEP_TIP = "It then shows under Help → If you need more support, and in Settings, under Support"


def _same(contact: TherapistContact, plan: SupportPlan) -> bool:
    return (contact.name, contact.contact, contact.note) == (plan.therapist_name.strip(),
                                                             plan.therapist_contact.strip(),
                                                             plan.therapist_note.strip())


class TherapistContactBox(QWidget):
    """The contact a pack carries, and the unticked box that keeps it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact: TherapistContact | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(make_label("Their contact, as your therapist:"))
        self.words = make_label("", "note", selectable=True, accessible="Their contact, as your therapist")
        self.words.setTextFormat(Qt.TextFormat.PlainText)  # someone else's words: never markup
        layout.addWidget(self.words)
        self.keep_check = QCheckBox(KEEP_TEXT)
        self.keep_check.setAccessibleName(KEEP_TEXT)
        self.keep_check.setToolTip(KEEP_TIP)
        layout.addWidget(self.keep_check, 0, Qt.AlignmentFlag.AlignLeft)
        self.already = make_label("This is already your therapist's contact.", "muted")
        layout.addWidget(self.already)
        self.hide()

    def show_contact(self, contact: TherapistContact | None, plan: SupportPlan) -> None:
        """Show `contact` (or nothing, when the pack carries none), its box unticked, worded against `plan`."""
        self.contact = contact
        self.keep_check.setChecked(False)
        if contact is None:
            self.hide()
            return
        # The pack's checks refuse controls and overrides in a contact; shown spelt out all the same.
        self.words.setText(printable("\n".join(part for part in (contact.name, contact.contact, contact.note)
                                               if part), multiline=True))
        same = _same(contact, plan)
        self.already.setVisible(same)
        self.keep_check.setVisible(not same)
        if plan.has_therapist and not same:
            current = printable(plan.therapist_name.strip() or plan.therapist_contact.strip())
            text = f"Replace my saved therapist's contact ({current}) with this one"
        else:
            text = KEEP_TEXT
        self.keep_check.setText(text)
        self.keep_check.setAccessibleName(text)
        self.show()

    def keep(self, paths: AppPaths) -> str:
        """Keep the contact when the person ticked the box; what to tell them ("" when nothing was asked)."""
        contact = self.contact
        if contact is None or not self.keep_check.isChecked() or self.keep_check.isHidden():
            return ""
        try:
            plan = load_plan(paths).plan
            save_plan(paths, plan.with_therapist(contact.name, contact.contact, contact.note))
        except (OSError, UserInputError) as exc:
            log.warning("a therapist's contact from a pack could not be kept: %s", type(exc).__name__)
            return f"Their contact could not be kept ({exc}); you might add it in Settings, under Support."
        self.keep_check.setEnabled(False)
        return "Their contact is kept, under Help → If you need more support."
