"""What the Practice page needs from a practice file, read on a worker (no Qt).

Reading the file and looking for recordings are slow enough to happen off
the GUI thread; a file that cannot be read raises, and the page says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.audio import find_recordings
from kindaudio.script.model import Practice, Sentence
from kindaudio.script.parser import load_practice

if TYPE_CHECKING:
    from kindaudio.audio import ClipProvider


@dataclass(frozen=True)
class LoadedPractice:
    """What the background load found: the practice, whether any of it has been recorded, and what not."""

    practice: Practice
    has_recordings: bool
    unrecorded: tuple[Sentence, ...] = ()  # each distinct sentence without a recording, in order

    @property
    def total(self) -> int:
        """How many distinct sentences the practice has (recorded or not)."""
        return len(self.practice.unique_sentences())

    @property
    def recorded(self) -> int:
        """How many of them have a recording."""
        return self.total - len(self.unrecorded)


def read_practice(path: Path, clips: ClipProvider) -> LoadedPractice:
    """The practice at `path` and its recordings (raises ScriptError naming file:line:col)."""
    practice = load_practice(path)
    # Where the clips come from decides what plays, so look where they look.
    recordings = find_recordings(clips.paths, practice.id, clips.bundled_recordings)
    unrecorded = tuple(sentence for sentence in practice.unique_sentences() if sentence.id not in recordings)
    return LoadedPractice(practice, bool(recordings), unrecorded)
