"""What "Your practices" says while it holds none: for a client, where shared practices come in;
for a therapist, also the folder they live in and how a practice file is written."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kindaudio.common.paths import AppPaths, ensure_dir, shipped
from kindaudio.ui.widgets.basics import make_button, make_label

GUIDE_FILE = "README.md"  # the practice-writing guide beside the shipped practices


class EmptyOwnPanel(QFrame):
    """The panel under "Your practices" when there are none; `set_view` shows the therapist's part or not."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setProperty("role", "panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        self.client_label = make_label("A practice someone shares with you as a pack appears here once you "
                                       "import it (Import a pack…).")
        layout.addWidget(self.client_label)
        self.folder_note = make_label("Practices you make from a template, import from a pack or write yourself "
                                      "live here. A practice file (ending in .md) put in this folder appears too:")
        layout.addWidget(self.folder_note)
        self.folder_label = make_label(str(paths.practices), "muted", selectable=True)
        self.folder_label.setAccessibleName("Your practice folder")
        layout.addWidget(self.folder_label)
        self.folder_links = QWidget()
        row = QHBoxLayout(self.folder_links)
        row.setContentsMargins(0, 0, 0, 0)
        self.open_folder_button = make_button("Open this folder", "Open your practice folder",
                                              "Show your practice folder in the file manager (it is made if missing)",
                                              "link")
        self.open_folder_button.clicked.connect(self._open_folder)
        self.guide_button = make_button("How a practice file is written", "How a practice file is written",
                                        "Open the short guide to writing a practice file", "link")
        self.guide_button.clicked.connect(self._open_guide)
        row.addWidget(self.open_folder_button)
        row.addWidget(self.guide_button)
        row.addStretch(1)
        layout.addWidget(self.folder_links)

    def set_view(self, therapist: bool) -> None:
        self.client_label.setVisible(not therapist)
        for widget in (self.folder_note, self.folder_label, self.folder_links):
            widget.setVisible(therapist)

    def _open_folder(self) -> None:
        folder = ensure_dir(self.paths.practices)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _open_guide(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(shipped("practices") / GUIDE_FILE)))
