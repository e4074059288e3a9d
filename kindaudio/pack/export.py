"""Making a .kindpack: one practice, its recordings and (if asked) its rendered audio, in one file.

The practice file goes in byte for byte; every recording of one of its
sentences goes in under the sentence's id (recordings of sentences the
practice no longer has are left out: nobody could hear them); each file is
hashed as it is written, and the manifest listing them goes in last. The pack
appears under its name only when complete, readable by its owner only (it
may hold a person's voice).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import shutil
import stat
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio import __version__
from kindaudio.audio import PlayChoices, find_recordings
from kindaudio.common.atomicfile import atomic_output
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.pack.archive import special_kind
from kindaudio.pack.audio_check import AudioProblem, check_recording
from kindaudio.pack.limits import (
    AUDIO_FOLDER,
    MAX_AUTHOR_NOTE_CHARS,
    PACK_SUFFIX,
    PRACTICE_NAME,
    RECORDINGS_FOLDER,
    WRITING_NAME,
    is_audio_name,
)
from kindaudio.pack.manifest import MAX_NAME_CHARS, FileRecord, Manifest
from kindaudio.pack.practice_text import read_practice_text
from kindaudio.pack.private_notes import without_private_notes
from kindaudio.pack.therapist import TherapistContact
from kindaudio.pack.writing_prompt import read_writing_file
from kindaudio.script.library import shipped_practice
from kindaudio.script.model import Practice
from kindaudio.script.source import read_source

if TYPE_CHECKING:
    from kindaudio.audio import ClipProvider

log = logging.getLogger(__name__)

PACK_MODE = 0o600
AUDIO_FORMATS = ("wav", "mp3")
_ALREADY_SMALL = (".flac", ".ogg", ".mp3")  # compressed audio: deflating it again gains nothing
_COPY_BYTES = 1 << 20
# Shares of the progress bar: speech, mixing, then writing the pack.
_SPEECH, _MIXING = (0.0, 0.45), (0.45, 0.85)


@dataclass(frozen=True)
class SharedRecordings:
    """The recordings a pack of this practice carries, and those left out as stale."""

    files: dict[str, Path]  # sentence id -> recording
    stale: tuple[Path, ...]  # recorded for sentences the practice no longer has


def recordings_to_share(practice: Practice, paths: AppPaths) -> SharedRecordings:
    """Every recording (the person's own, else a bundled one) of a sentence the practice has."""
    found = find_recordings(paths, practice.id)
    ids = {sentence.id for sentence in practice.sentences}
    files = {sid: path for sid, path in sorted(found.items()) if sid in ids}
    stale = tuple(path for sid, path in sorted(found.items()) if sid not in ids)
    return SharedRecordings(files, stale)


def export_pack(practice_path: Path, out: Path, paths: AppPaths, *, author_note: str = "", with_audio: bool = False,
                audio_format: str = "wav", minutes: float | None = None,
                progress: Callable[[float], None] | None = None, clips: ClipProvider | None = None,
                recorded_by: str = "", voice: str | None = None, rate: int | None = None,
                writing: Path | None = None, therapist: TherapistContact | None = None,
                without_notes: bool = False) -> Path:
    """Write a pack of the practice to `out` (a file, or a folder for <id>.kindpack); returns its path.

    An existing file at `out` is replaced (callers ask first). `clips` lets a
    caller that already runs a ClipProvider share it for the rendering.
    `recorded_by` names whose voice the recordings are (the recipient sees it).
    `writing` is a writing prompt of the sender's own for the recipient's Journal (a writing kind's
    .toml file, checked now; kindaudio/pack/writing_prompt.py).
    Rendered audio speaks with `voice` at `rate` (None: the default voice, the
    practice's own pace) wherever a sentence has no recording. `therapist` is the
    sender's contact as a therapist, for the recipient to keep if they choose.
    `without_notes` leaves the practice's `for_whom:` and `notes:` out of the
    pack's copy of it (private_notes.py; a practice that comes with KindAudio
    goes unchanged: its notes are its credits, not the sender's).
    A practice that comes with KindAudio makes a voice pack: its recordings, with
    the shipped text unchanged (UserInputError when the text differs or nothing
    of it is recorded yet).
    """
    report = progress or (lambda _fraction: None)
    practice_path = Path(practice_path)
    source = read_source(practice_path)
    text = read_practice_text(source, practice_path)
    practice = text.practice
    if len(author_note) > MAX_AUTHOR_NOTE_CHARS:
        raise UserInputError(f"the note for the recipient is {len(author_note):,} characters long; "
                             f"at most {MAX_AUTHOR_NOTE_CHARS:,} fit in a pack")
    if audio_format not in AUDIO_FORMATS:
        raise UserInputError(f"a pack's audio is WAV or MP3, not {audio_format!r}")
    if len(recorded_by) > MAX_NAME_CHARS:
        raise UserInputError(f"the name of whose voice it is may be at most {MAX_NAME_CHARS} characters long")
    writing_bytes = read_writing_file(writing) if writing is not None else None
    target = pack_path(Path(out), practice.id)
    shared = recordings_to_share(practice, paths)
    _check_shipped(practice, source, len(shared.files))
    if without_notes and shipped_practice(practice.id) is None:
        source = without_private_notes(source, practice_path)
    for path in shared.files.values():
        _check_own_recording(path)
    if shared.stale:
        log.info("%d recordings of %s left out: their sentences are no longer in the practice",
                 len(shared.stale), practice.id)

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as work:
        rendered: list[Path] = []
        if with_audio:
            rendered = _render(practice, Path(work), paths, audio_format, minutes, report, clips, voice, rate)
        entries: list[tuple[str, Path | bytes]] = [(PRACTICE_NAME, source)]
        entries += [(f"{RECORDINGS_FOLDER}/{sid}{path.suffix.lower()}", path) for sid, path in shared.files.items()]
        entries += [(f"{AUDIO_FOLDER}/{path.name}", path) for path in rendered]
        entries += [(WRITING_NAME, writing_bytes)] if writing_bytes is not None else []
        manifest_files: dict[str, FileRecord] = {}
        start = _MIXING[1] if with_audio else 0.0
        total = sum(len(item) if isinstance(item, bytes) else item.stat().st_size for _, item in entries) or 1
        written = 0
        with atomic_output(target, mode=PACK_MODE) as temp, zipfile.ZipFile(temp, "w") as archive:
            for name, item in entries:
                manifest_files[name] = _add(archive, name, item)
                written += manifest_files[name].size
                report(start + (1 - start) * written / total)
            manifest = Manifest(
                practice_id=practice.id, title=practice.title, author=text.author, author_note=author_note,
                created=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                app_version=__version__, files=manifest_files, recorded_by=recorded_by.strip(), therapist=therapist)
            _add(archive, "manifest.json", manifest.to_json())
    report(1.0)
    log.info("packed %s with %d recordings and %d audio files into %s", practice.id, len(shared.files),
             len(rendered), target)
    return target


def pack_path(out: Path, practice_id: str) -> Path:
    """Where the pack goes: `out` itself, or <id>.kindpack inside a folder (never a pipe or a device)."""
    target = out.expanduser()
    if target.is_dir():
        target = target / f"{practice_id}{PACK_SUFFIX}"
    elif target.suffix.lower() != PACK_SUFFIX:
        raise UserInputError(f"{target}: a practice pack's file name should end in {PACK_SUFFIX}")
    elif not target.parent.is_dir():
        raise UserInputError(f"{target.parent}: no such folder")
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode
        if not stat.S_ISREG(mode):  # renamed over, a pipe or a device would be a plain file afterwards
            raise UserInputError(f"{target}: it is {special_kind(mode)}, not a file; a pack is written only in "
                                 "place of a plain file", hint="Choose another name; nothing was changed.")
    return target


def _check_shipped(practice: Practice, source: bytes, recordings: int) -> None:
    """A practice that comes with KindAudio is shared as a voice for it: its own text, and some recordings."""
    shipped = shipped_practice(practice.id)
    if shipped is None:
        return
    if shipped.read_bytes() != source:
        raise UserInputError(
            f"{practice.title} goes by the id '{practice.id}' of a practice that comes with KindAudio, but its "
            "text is not that practice's text, so whoever you give it to could not import it",
            hint="Open it in the script editor and choose \"Save a copy…\": the copy is a practice of your own, "
                 "with its own id, and can be shared as a pack.")
    if recordings == 0:
        raise UserInputError(
            f"{practice.title} comes with KindAudio, so a pack of it carries your voice for it, and you have not "
            "recorded any of it yet",
            hint="Choose \"Record my voice\" on its card in the Library (or run kindaudio record), then share it.")


def _check_own_recording(path: Path) -> None:
    """A recording that would make the pack be refused is refused here, where it can be fixed."""
    try:
        with path.open("rb") as handle:
            check_recording(handle, path.suffix.lower())
    except AudioProblem as exc:
        raise UserInputError(f"{path}: {exc}", hint="Record that sentence again, or delete its recording, "
                                                    "then make the pack again.") from None


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.external_attr = (0o100000 | PACK_MODE) << 16  # a plain file, owner only
    info.compress_type = zipfile.ZIP_STORED if Path(name).suffix in _ALREADY_SMALL else zipfile.ZIP_DEFLATED
    return info


def _add(archive: zipfile.ZipFile, name: str, item: Path | bytes) -> FileRecord:
    """Write one entry, hashing exactly the bytes that go in."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(_zip_info(name), "w") as entry:
        if isinstance(item, bytes):
            digest.update(item)
            entry.write(item)
            size = len(item)
        else:
            with item.open("rb") as source:
                while chunk := source.read(_COPY_BYTES):
                    digest.update(chunk)
                    entry.write(chunk)
                    size += len(chunk)
    return FileRecord(digest.hexdigest(), size)


def _render(practice: Practice, folder: Path, paths: AppPaths, audio_format: str, minutes: float | None,
            report: Callable[[float], None], clips: ClipProvider | None, voice: str | None,
            rate: int | None) -> list[Path]:
    """The practice rendered into `folder`: the audio file and its captions."""
    from kindaudio.audio import AudioFormat, ClipProvider, Progress, RenderRequest, check_format, render

    class RenderProgress(Progress):
        """The render's phases (speech, then mixing) mapped onto the export's one fraction."""

        def __init__(self) -> None:
            self.span, self.total, self.done_amount, self.phases = _SPEECH, 1.0, 0.0, 0

        def phase(self, name: str, total: float) -> None:
            self.span = _SPEECH if self.phases == 0 else _MIXING
            self.phases += 1
            self.total, self.done_amount = max(float(total), 1.0), 0.0
            report(self.span[0])

        def advance(self, amount: float) -> None:
            self.done_amount = min(self.done_amount + amount, self.total)
            report(self.span[0] + (self.span[1] - self.span[0]) * self.done_amount / self.total)

    fmt = AudioFormat(audio_format)
    check_format(fmt)  # says plainly when this machine cannot write MP3
    # The pack carries the recordings, so its ready-made audio speaks them too, wherever they exist.
    choices = PlayChoices(minutes=minutes, voice=voice, rate=rate, use_recordings=True)
    request = RenderRequest(practice, choices, format=fmt, output=folder)
    if clips is None:
        with ClipProvider(paths) as own:
            result = render(request, own, RenderProgress(), default_folder=folder)
    else:
        result = render(request, clips, RenderProgress(), default_folder=folder)
    stem = result.audio.stem
    if not is_audio_name(stem):  # minutes like 7.5 give "id-7.5min"; anything odder is renamed
        stem = f"{practice.id}-{math.ceil(result.seconds / 60)}min"
    audio = folder / f"{stem}{result.audio.suffix}"
    captions = folder / f"{stem}.vtt"
    if audio != result.audio:
        shutil.move(result.audio, audio)
        shutil.move(result.captions, captions)
    return [audio, captions]
