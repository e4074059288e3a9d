"""The pack dialogs' work, done on workers (no Qt): checking and importing a pack, reading and writing one.

The pack package is imported here, on the worker, the first time it is
needed: opening a dialog does not wait for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindaudio.pack import ImportedPractice, PackSummary
    from kindaudio.pack.sharing import ShareInfo
    from kindaudio.pack.therapist import TherapistContact
    from kindaudio.ui.services import Services
    from kindaudio.ui.tasks import Report


@dataclass(frozen=True)
class AlreadyThere:
    """The import stopped because a practice with the pack's id is already there (nothing was written)."""

    existing: Path


def inspect(pack: Path) -> PackSummary:
    from kindaudio.pack import inspect_pack

    return inspect_pack(pack)


def import_unless_there(pack: Path, services: Services, replace: bool) -> ImportedPractice | AlreadyThere:
    """import_pack, with "already there" as an answer rather than a failure."""
    from kindaudio.pack import PracticeAlreadyThere, import_pack

    try:
        return import_pack(pack, services.paths, replace=replace)
    except PracticeAlreadyThere as exc:
        return AlreadyThere(Path(exc.existing))


def read_share_info(practice_path: Path, services: Services) -> ShareInfo:
    from kindaudio.pack.sharing import share_info

    # Recordings are where the player's clips look for them (the data folder, in the app).
    return share_info(practice_path, services.clips.paths)


def write_pack(practice_path: Path, out: Path, services: Services, note: str, with_audio: bool, audio_format: str,
               minutes: float | None, recorded_by: str, therapist: TherapistContact | None, without_notes: bool,
               report: Report) -> Path:
    from kindaudio.pack import export_pack

    # The window's clip provider makes any audio: its speech workers are running already.
    chosen = services.settings.current  # the voice and pace chosen in Settings speak any audio
    return export_pack(practice_path, out, services.clips.paths, author_note=note, with_audio=with_audio,
                       audio_format=audio_format, minutes=minutes, progress=report,
                       clips=services.clips if with_audio else None, recorded_by=recorded_by,
                       voice=chosen.voice, rate=chosen.rate, therapist=therapist, without_notes=without_notes)
