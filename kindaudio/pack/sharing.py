"""Sharing a practice as a pack, decided before the pack is written: what it would hold, where it goes.

The window's share dialog asks these first (on a worker), then export_pack
writes the pack. A practice that comes with KindAudio goes as one's voice for
it: only its recordings travel, its text stays as it ships.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kindaudio.common.paths import AppPaths
from kindaudio.pack.export import recordings_to_share
from kindaudio.pack.limits import MAX_AUTHOR_NOTE_CHARS, PACK_SUFFIX
from kindaudio.script.library import shipped_practice
from kindaudio.script.parser import load_practice


@dataclass(frozen=True)
class ShareInfo:
    """What a pack of this practice would hold, said before it is written."""

    title: str
    recordings: int
    shipped: bool = False  # it comes with KindAudio: the pack carries one's voice for it
    sentences: int = 0  # distinct sentences (what could be recorded)
    lengths: tuple[int, ...] = ()  # minutes it offers: the ready-made audio is one of them
    # Whom the practice is for and the sender's notes, from its front matter: the pack carries them unless
    # the sender leaves them out (private_notes.py). Never set for a practice that comes with KindAudio.
    for_whom: str = ""
    notes: str = ""

    @property
    def nothing_to_share(self) -> bool:
        """A practice that comes with KindAudio, not recorded yet: its pack would hold nothing of one's own."""
        return self.shipped and self.recordings == 0

    @property
    def has_private_notes(self) -> bool:
        """Whether a pack of it would carry whom it is for or the sender's notes (unless left out)."""
        return bool(self.for_whom or self.notes)

    @property
    def every_sentence_recorded(self) -> bool:
        return self.recordings >= self.sentences


def share_info(practice_path: Path, paths: AppPaths) -> ShareInfo:
    """Read the practice and count what a pack of it would carry (recordings from `paths`' data folder)."""
    practice = load_practice(practice_path)
    shared = recordings_to_share(practice, paths)
    shipped_path = shipped_practice(practice.id)
    shipped = shipped_path is not None and shipped_path.resolve() == Path(practice_path).resolve()
    return ShareInfo(practice.title, len(shared.files), shipped, len({sentence.id for sentence in practice.sentences}),
                     practice.lengths, "" if shipped else practice.for_whom, "" if shipped else practice.notes)


def pack_file_name(practice_path: Path) -> str:
    """The name a pack of this practice file is offered under: the file's own name, as a pack."""
    return f"{practice_path.stem}{PACK_SUFFIX}"


def with_pack_suffix(chosen: Path) -> Path:
    """The file a person chose, ending in .kindpack (added when they left it out)."""
    return chosen if chosen.suffix.lower() == PACK_SUFFIX else chosen.with_name(chosen.name + PACK_SUFFIX)


def note_for_pack(text: str) -> str:
    """The sender's note as the pack carries it: trimmed, and a note rather than a letter."""
    return text.strip()[:MAX_AUTHOR_NOTE_CHARS]
