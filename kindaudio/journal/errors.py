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
