"""Why a practice pack was not taken in.

A pack comes from someone else, so every refusal names the pack and, where
there is one, the entry inside it that was wrong: the person can then tell the
sender exactly what to fix. Nothing is ever half-imported, and messages say so.
A reason may quote the pack's own words (a practice line the parser could not
read, a title), so every message is made printable (kindaudio.common.text):
shown in a terminal or a window, it cannot carry a control sequence.
"""

from __future__ import annotations

from pathlib import Path

from kindaudio.common.errors import UserInputError
from kindaudio.common.text import printable

NOTHING_CHANGED = "Nothing was imported and nothing of yours was changed."


class PackRefused(UserInputError):
    """A pack that KindAudio will not open or import, and why."""

    def __init__(self, pack: Path | str, reason: str, entry: str | None = None, *, hint: str | None = None) -> None:
        reason = printable(reason, multiline=True)
        where = printable(f"{pack}: {entry}" if entry else f"{pack}")
        super().__init__(f"{where}: {reason}", hint=hint or NOTHING_CHANGED)
        self.pack = Path(pack)
        self.entry = entry
        self.reason = reason


class PracticeAlreadyThere(UserInputError):
    """The pack's practice is already among the person's practices; importing again would replace it."""

    def __init__(self, practice_id: str, existing: Path) -> None:
        super().__init__(
            f"a practice called '{practice_id}' is already among your practices ({existing}); nothing was changed",
            hint="To replace it with the one in the pack, import it again and choose to replace it "
                 "(on the command line: kindaudio pack import FILE --replace).")
        self.practice_id = practice_id
        self.existing = existing


class RecordingsAlreadyThere(PracticeAlreadyThere):
    """A voice pack for a practice that comes with KindAudio, which already has recordings here.

    A kind of PracticeAlreadyThere, so callers that ask before replacing ask here too.
    """

    def __init__(self, title: str, existing: Path) -> None:
        UserInputError.__init__(
            self, f"there are recordings for {printable(title)} already ({existing}); nothing was changed",
            hint="To replace them with the ones in the pack, import it again and choose to replace them "
                 "(on the command line: kindaudio pack import FILE --replace).")
        self.practice_id = existing.name
        self.existing = existing
        self.title = title
