"""Settings' words for the journal's backups: when one was taken, and how big it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindaudio.journal.records import Backup


def backup_when(backup: Backup) -> str:
    """A backup's time in local time, as a person reads it: "3 May 2025, 07:30"."""
    local = backup.taken_at.astimezone()
    return f"{local.day} {local:%B %Y, %H:%M}"


def file_size_text(size: int) -> str:
    """A file size in plain units: "812 bytes", "24 KB", "1.3 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"
