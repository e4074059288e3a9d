"""The windows opened over the pages: a practice file to open, a practice's text in the script editor,
recording one's voice for it, sharing it as a pack, importing a pack, the export for a therapist, About;
and what follows when one of them changed a practice (the Library reads again, and so does the practice
page when it shows that practice).

None opens while a practice plays: the player has the window to itself. Each
dialog's module is imported when it first opens, so the window starts without
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from kindaudio import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from kindaudio.ui.window_parts import Window

PRACTICE_FILE_FILTER = "Practice files (*.md);;All files (*)"
PACK_FILE_FILTER = "Practice packs (*.kindpack);;All files (*)"


class WindowDialogs:
    """Opens the dialogs over the window's pages and follows what they change.

    Attributes (None until first opened; the window and its tests look at them):
        script_editor, record_dialog, import_dialog, share_dialog, therapist_export: the one opened last.
    """

    def __init__(self, window: Window, parent: QWidget) -> None:
        self.window = window
        self.parent = parent  # what the dialogs open over (the window itself)
        self.script_editor: QDialog | None = None
        self.record_dialog: QDialog | None = None
        self.import_dialog: QDialog | None = None
        self.share_dialog: QDialog | None = None
        self.therapist_export: QDialog | None = None

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _while_playing(self) -> bool:
        return self.window.current_page() == "player"

    def choose_practice_file(self) -> None:
        if self._while_playing():
            return
        from PySide6.QtWidgets import QFileDialog  # its enums cost start-up time; dialogs load when used

        practices = self.window.services.paths.practices
        start = str(practices) if practices.is_dir() else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self.parent, "Open a practice file", start, PRACTICE_FILE_FILTER)
        if name:
            self.window.open_practice(Path(name))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self.parent, "About KindAudio",
                          f"<p><b>KindAudio {__version__}</b></p>"
                          "<p>Guided self-compassion practice at home, between therapy sessions.</p>"
                          f"<p>Everything stays on this computer, in {self.window.services.paths.data}.</p>")

    def open_script_editor(self, path: Path) -> QDialog | None:
        """A practice's text, checked as it is typed (read-only, with Save a copy, when it ships with KindAudio)."""
        if self._while_playing():
            return None
        from kindaudio.ui.dialogs.script_editor.dialog import ScriptEditorDialog

        dialog = ScriptEditorDialog(self.window.services, Path(path), self.parent)
        dialog.saved.connect(self.practice_changed)
        self.script_editor = dialog
        return self._open(dialog)

    def open_record_voice(self, path: Path) -> QDialog | None:
        """Recording one's own voice for a practice, sentence by sentence."""
        if self._while_playing():
            return None
        from kindaudio.ui.dialogs.record_voice.dialog import RecordVoiceDialog

        dialog = RecordVoiceDialog(self.window.services, Path(path), self.parent)
        dialog.finished.connect(lambda _result: self._recordings_changed(dialog.changed, dialog.practice_path))
        self.record_dialog = dialog
        return self._open(dialog)

    def _recordings_changed(self, changed: bool, path: Path) -> None:
        if changed:
            self.practice_changed(path)

    def practice_changed(self, path: Path) -> None:
        """A practice (or its recordings) changed: the Library reads again, and the practice page,
        when it shows that practice, reads it again too (its voices and lengths may differ now)."""
        window = self.window
        window.library.refresh()
        if window.current_page() == "practice":
            shown = window.practice.practice
            if shown is not None and shown.source is not None and Path(shown.source) == Path(path):
                window.practice.show_practice(Path(path))

    def choose_pack_file(self) -> None:
        if self._while_playing():
            return
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self.parent, "Import a practice pack", str(Path.home()),
                                              PACK_FILE_FILTER)
        if name:
            self.open_pack(Path(name))

    def open_pack(self, pack: Path) -> QDialog | None:
        """Show what a pack holds (it is checked first), and import it when the person says so."""
        if self._while_playing():
            return None
        from kindaudio.ui.dialogs.packs.import_dialog import ImportPackDialog

        self.window.banner.hide()
        dialog = ImportPackDialog(self.window.services, Path(pack), self.parent)
        dialog.imported.connect(self._pack_imported)
        self.import_dialog = dialog
        return self._open(dialog)

    def _pack_imported(self, practice_path: Path) -> None:
        self.practice_changed(practice_path)
        if self.window.current_page() not in ("library", "player"):
            self.window.go_to("library")  # where the new practice shows (the builder asks first if it must)

    def share_practice(self, path: Path) -> QDialog | None:
        """Save a practice, with its recordings, as one pack file to give to someone."""
        if self._while_playing():
            return None
        from kindaudio.ui.dialogs.packs.share_dialog import SharePackDialog

        dialog = SharePackDialog(self.window.services, Path(path), self.parent)
        self.share_dialog = dialog
        return self._open(dialog)

    def open_therapist_export(self) -> None:
        """The export for a therapist, as a window over the current page."""
        if self._while_playing():
            return
        from kindaudio.ui.dialogs.therapist_export import TherapistExportDialog

        dialog = TherapistExportDialog(self.window.services, self.parent)
        self.therapist_export = dialog
        self._open(dialog)
