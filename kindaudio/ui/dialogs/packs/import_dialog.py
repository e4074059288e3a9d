"""Looking at a practice pack before importing it, then importing it.

A pack comes from someone else, so it is checked in full (kindaudio.pack)
before anything is shown as importable; a refusal says why in the pack's own
words and nothing is written. Checking and importing are file work and run
off the GUI thread (data.py).

A pack from a therapist may carry their contact: it is shown, and kept as the
person's therapist's contact (under "If you need more support") only when
they tick the box, which starts unticked and says so plainly when it would
replace a contact they already have.

Every word from the pack (and the pack's own file name) is someone else's:
it is shown on plain-text labels only (never rich text: no markup, no links)
and through printable(), so a right-to-left override shows as \u202e instead
of reordering the line (kindaudio.common.text; control characters never get
this far, the pack's checks refuse them).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QMessageBox, QVBoxLayout, QWidget

from kindaudio.common.text import printable
from kindaudio.journal.support_plan import load_plan
from kindaudio.ui.dialogs.packs.contact_box import TherapistContactBox
from kindaudio.ui.dialogs.packs.data import AlreadyThere, import_unless_there, inspect
from kindaudio.ui.dialogs.packs.frame import plain_text, scrolling_column, size_pack_dialog
from kindaudio.ui.dialogs.packs.text import (
    audio_text,
    made_on_text,
    recordings_text,
    replaced_nothing_text,
    voice_pack_text,
)
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label, set_role
from kindaudio.ui.widgets.question import Answer, ask

if TYPE_CHECKING:
    from kindaudio.pack import ImportedPractice, PackSummary

log = logging.getLogger(__name__)


class ImportPackDialog(QDialog):
    """What a pack holds (title, who made it, their note, recordings, audio), then Import.

    Signals:
        inspected(): the pack was checked: its summary or the reason it is refused is shown.
        imported(object): the imported practice file's Path (the Library should read again).
        import_failed(str): importing went wrong, in words for a person.
    """

    inspected = Signal()
    imported = Signal(object)
    import_failed = Signal(str)

    def __init__(self, services: Services, pack: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.pack = Path(pack)
        self.summary: PackSummary | None = None
        self.refusal: str | None = None
        self.imported_practice: ImportedPractice | None = None
        self.busy = False
        self.confirm_replace: QMessageBox | None = None  # the open "Replace it?" question
        self.setWindowTitle("Import a practice pack")
        self._build()
        self._check()

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.heading = heading = make_label("Import a practice pack", "page-title", accessible="Import a practice pack")
        self.file_label = plain_text(make_label(printable(self.pack.name), "muted", selectable=True,
                                                accessible="The pack file"))
        self.file_label.setToolTip(printable(str(self.pack)))
        self.status = plain_text(make_label("Checking the pack…", "muted", selectable=True,
                                            accessible="Import status"))

        self.details = QFrame()
        self.details.setProperty("role", "panel")
        inner = QVBoxLayout(self.details)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(8)
        self.title_label = make_label("", "card-title", accessible="Practice title", selectable=True)
        self.author_label = make_label("", accessible="Who made it", selectable=True)
        self.made_on_label = make_label("", "muted", accessible="When the pack was made")
        self.note_heading = make_label("Their note for you:")
        self.note_label = make_label("", "note", selectable=True, accessible="Their note for you")
        self.recordings_label = make_label("", accessible="Recordings in the pack")
        self.audio_label = make_label("", "muted", accessible="Ready-made audio in the pack")
        for label in (self.title_label, self.author_label, self.note_label, self.recordings_label,
                      self.audio_label, self.made_on_label):
            plain_text(label)  # someone else's words: never markup
        for widget in (self.title_label, self.author_label, self.made_on_label, self.note_heading, self.note_label,
                       self.recordings_label, self.audio_label):
            inner.addWidget(widget)
        self.contact = TherapistContactBox()
        inner.addWidget(self.contact)
        self.details.hide()

        self.refusal_label = plain_text(make_label("", "error", selectable=True,
                                                   accessible="Why the pack cannot be imported"))
        self.refusal_label.hide()

        self.import_button = make_button("Import", "Import the practice",
                                         "Add this practice, with its recordings, to your practices", "primary")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start_import())
        self.close_button = make_button("Cancel", "Cancel", "Close this window without importing anything")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)

        column = scrolling_column(self, buttons)
        for part in (heading, self.file_label, self.details, self.refusal_label, self.status):
            column.addWidget(part)
        column.addStretch(1)
        QWidget.setTabOrder(self.close_button, self.import_button)
        size_pack_dialog(self)

    # -- checking ------------------------------------------------------------------

    def _check(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_summary)
            task.failed.connect(self._show_refusal)

        self.services.tasks.run(inspect, self.pack, connect=connect)

    def _show_summary(self, summary: PackSummary) -> None:
        self.summary = summary
        title = printable(summary.title)
        self.title_label.setText(title)
        if summary.voice_only:
            self.author_label.setText(printable(summary.voice_text()))
        else:
            self.author_label.setText(f"By {printable(summary.author)}" if summary.author
                                      else "The pack does not say who made it.")
        made_on = made_on_text(summary.created)
        self.made_on_label.setText(made_on)
        self.made_on_label.setVisible(bool(made_on))
        self.note_label.setText(printable(summary.author_note, multiline=True))
        self.note_heading.setVisible(bool(summary.author_note))
        self.note_label.setVisible(bool(summary.author_note))
        self.recordings_label.setText(printable(voice_pack_text(summary), multiline=True) if summary.voice_only
                                      else recordings_text(summary.recordings))
        self.audio_label.setText(audio_text(summary.audio))
        self.contact.show_contact(summary.therapist, load_plan(self.services.paths).plan)
        self.details.show()
        if summary.voice_only:
            self.setWindowTitle("Import a voice for a practice")
            self.heading.setText("Import a voice for a practice")
            self.heading.setAccessibleName("Import a voice for a practice")
            self.import_button.setText("Import the recordings")
            self.import_button.setAccessibleName("Import the recordings")
            self.import_button.setToolTip(f"Add these recordings to {title}; its text stays as it is")
            self.status.setText(f"The pack was checked and looks sound. Importing adds its recordings to "
                                f"{title}.")
        else:
            self.status.setText("The pack was checked and looks sound. Import adds it to your practices.")
        self.import_button.setEnabled(True)
        self.import_button.setFocus()
        log.info("pack %s: %s by %r, %d recordings", self.pack.name, summary.practice_id, summary.author,
                 summary.recordings)
        self.inspected.emit()

    def _show_refusal(self, message: str) -> None:
        self.refusal = message
        self.details.hide()
        # The reason names the pack and the entry at fault, and says that nothing was changed.
        self.refusal_label.setText(f"This pack can't be imported: {message}")
        self.refusal_label.show()
        self.status.setText("You might ask the person who sent it for a fresh copy.")
        self.import_button.setEnabled(False)
        self.close_button.setText("Close")
        self.close_button.setToolTip("Close this window")
        log.info("pack %s refused: %s", self.pack.name, message)
        self.inspected.emit()

    # -- importing -----------------------------------------------------------------

    def start_import(self, replace: bool = False) -> None:
        if self.busy or self.summary is None or self.imported_practice is not None:
            return
        self.busy = True
        self.import_button.setEnabled(False)
        self.status.setText("Importing…")
        set_role(self.status, "muted")

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_import_answer)
            task.failed.connect(self._on_import_failed)

        self.services.tasks.run(import_unless_there, self.pack, self.services, replace, connect=connect)

    def _on_import_answer(self, answer: ImportedPractice | AlreadyThere) -> None:
        self.busy = False
        if isinstance(answer, AlreadyThere):
            self.status.setText("")
            self.ask_to_replace(answer.existing)
            return
        self.imported_practice = answer
        title = printable(answer.summary.title)
        if answer.summary.voice_only:
            whose = (f"in {printable(answer.summary.voice)}'s voice" if answer.summary.voice
                     else "in the recorded voice")
            self.status.setText(f"The recordings are in place: “{title}” now plays {whose} wherever a sentence "
                                "is recorded.")
        else:
            self.status.setText(f"“{title}” is now in your practices, in the Library.")
        self.close_button.setText("Close")
        self.close_button.setToolTip("Close this window")
        self.close_button.setFocus()
        kept = self.contact.keep(self.services.paths)  # only when the person ticked it
        if kept:
            self.status.setText(f"{self.status.text()} {kept}")
        log.info("imported %s to %s", self.pack.name, answer.practice_path)
        self.imported.emit(Path(answer.practice_path))

    def _on_import_failed(self, message: str) -> None:
        self.busy = False
        self.import_button.setEnabled(True)
        set_role(self.status, "error")
        self.status.setText(f"The practice was not imported. {message}")
        self.import_failed.emit(message)

    def ask_to_replace(self, existing: Path) -> QMessageBox:
        """Ask before a practice already there is replaced (the window stays usable while it is open)."""
        title = printable(self.summary.title if self.summary is not None else existing.stem)
        voice = self.summary is not None and self.summary.voice_only
        if voice:
            text = f"You already have recordings for “{title}”. Replace them with the ones in the pack?"
            informative = (f"Yours are in {existing}. Replacing them puts the pack's recordings in their place; "
                           "keeping them leaves everything as it is.")
        else:
            text = f"You already have this practice (“{title}”). Replace it with the one in the pack?"
            informative = (f"Your copy is at {existing}. Replacing it puts the pack's text and recordings in its "
                           "place; keeping it leaves everything as it is.")
        what = "recordings" if voice else "practice"
        self.confirm_replace = ask(
            self, "Replace the recordings?" if voice else "Replace a practice?", text,
            [Answer("Replace", f"Replace my {what}", f"Put the {what} from the pack in place of yours", "accept"),
             Answer("Keep mine", f"Keep my {what}",
                    f"Leave your {what} as {'they are' if voice else 'it is'} and import nothing")],
            lambda chosen: self._replace_answered(chosen == 0), default=1, informative=informative)
        self.confirm_replace.setTextFormat(Qt.TextFormat.PlainText)  # the title is the pack's: never markup
        return self.confirm_replace

    def _replace_answered(self, replace: bool) -> None:
        self.confirm_replace = None
        if replace:
            self.start_import(replace=True)
        else:
            self.status.setText(replaced_nothing_text(self.summary is not None and self.summary.voice_only))
            self.import_button.setEnabled(True)
