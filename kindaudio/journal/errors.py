"""What can go wrong with the journal file, in words a person can act on.

Every message names the file, says that nothing was changed and what to do, so
the window and the command line can show it as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.common.errors import KindAudioError

if TYPE_CHECKING:
    from kindaudio.journal.records import Backup


class JournalError(KindAudioError):
    """The journal could not do what was asked (an unknown entry, a file problem)."""


class DatabaseTooNew(JournalError):
    """The file was written by a newer KindAudio; it is left exactly as it is."""

    def __init__(self, path: Path, revision: str | None = None) -> None:
        self.path = Path(path)
        self.revision = revision
        super().__init__(
            f"Your practice journal at {self.path} was written by a newer version of KindAudio. "
            "Nothing in it was changed.",
            hint="Please update KindAudio to open it.",
        )


class DatabaseUnreadable(JournalError):
    """The file cannot be read as a journal; nothing was changed, a backup can be restored."""

    def __init__(self, path: Path, backups: list[Backup], detail: str = "") -> None:
        self.path = Path(path)
        self.backups = list(backups)
        self.detail = detail
        if self.backups:
            hint = (
                f"A backup can be restored (the newest is from "
                f"{self.backups[0].taken_at.astimezone():%d %B %Y, %H:%M}); "
                "the unreadable file is kept aside, not deleted."
            )
        else:
            hint = "There is no backup to restore yet. Keep the file: it may still be recoverable."
        super().__init__(
            f"Your practice journal at {self.path} could not be read. Nothing in it was changed.", hint=hint
        )


class JournalEmpty(DatabaseUnreadable):
    """The journal file is there but holds nothing (0 bytes) while backups of it exist: kept, and said."""

    def __init__(self, path: Path, backups: list[Backup]) -> None:
        super().__init__(path, backups, "the file is empty")
        self.message = (f"Your practice journal at {self.path} is empty: the file is there but holds nothing, "
                        "though backups of it exist. Nothing was changed, and no new journal was started over it.")


class JournalReadOnly(JournalError):
    """The journal file, or its folder, cannot be written; reading still works, saving does not."""

    def __init__(self, path: Path, *, folder: bool) -> None:
        self.path = Path(path)
        self.folder = folder
        if folder:
            message = (f"The folder of your practice journal, {self.path}, is read-only, so KindAudio cannot save "
                       "to the journal in it. Nothing was changed.")
            hint = ("Make the folder writable again (or move your data to a folder that is, with KINDAUDIO_HOME), "
                    "then try again. Looking at your history and exporting still work.")
        else:
            message = (f"Your practice journal at {self.path} is read-only, so KindAudio cannot save to it. "
                       "Nothing was changed.")
            hint = (f"Make it writable again (for example: chmod u+w '{self.path}'), then try again. "
                    "Looking at your history and exporting still work.")
        super().__init__(message, hint=hint)
