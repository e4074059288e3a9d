"""Settings' "Where your data lives" panel: the app's folders, to copy or open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.ui.pages.settings.form import settings_panel
from kindaudio.ui.widgets.basics import make_button, make_label


class DataPanel(QFrame):
    """Each folder with what it holds, its path, and buttons to copy the path or open the folder."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _panel, layout = settings_panel("Where your data lives", self)
        layout.addWidget(make_label("Everything stays on this computer. These folders are yours to back up or "
                                    "look inside.", "muted"))
        self.folder_rows: dict[str, QLabel] = {}
        layout.setSpacing(14)
        for key, name, about, folder in (
                ("data", "Your practices, recordings and journal", "Worth backing up", paths.data),
                ("config", "Settings", "Small; remade with the standard settings if deleted", paths.config),
                ("cache", "Prepared speech", "Safe to delete: it is made again when needed", paths.cache)):
            layout.addLayout(self._folder_row(key, name, about, folder))

    def _folder_row(self, key: str, name: str, about: str, folder: Path) -> QVBoxLayout:
        block = QVBoxLayout()
        block.setSpacing(2)
        block.addWidget(make_label(f"{name} — {about.lower()}"))
        row = QHBoxLayout()
        row.setSpacing(12)
        where = make_label(str(folder), "muted", selectable=True)
        where.setAccessibleName(f"Folder for {name.lower()}")
        self.folder_rows[key] = where
        row.addWidget(where, 1)
        copy = make_button("Copy path", f"Copy the path of the folder for {name.lower()}",
                           "Copy this folder's path, to paste it elsewhere", "link")
        copy.clicked.connect(lambda: self.copy_path(folder))
        show = make_button("Open folder", f"Open the folder for {name.lower()}", "Show this folder in the file manager",
                           "link")
        show.clicked.connect(lambda: self.open_folder(folder))
        row.addWidget(copy, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(show, 0, Qt.AlignmentFlag.AlignVCenter)
        block.addLayout(row)
        return block

    @staticmethod
    def copy_path(folder: Path) -> None:
        QGuiApplication.clipboard().setText(str(folder))

    @staticmethod
    def open_folder(folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(ensure_dir(folder))))
