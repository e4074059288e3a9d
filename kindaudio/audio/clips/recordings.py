"""Recordings of a real voice, used in place of synthesis sentence by sentence.

A sentence plays a recording when one exists, named by the sentence's id:
  kindaudio/data/recordings/<practice-id>/<sentence-id>.(wav|flac|ogg)  (shipped)
  <data>/recordings/<practice-id>/<sentence-id>.(wav|flac|ogg)        (made in the app)
The person's own recording wins over a shipped one. Recordings may come from
anywhere, so each is checked before use: it must decode, hold sound, and last
no longer than MAX_RECORDING_SECONDS.

Which sentences of a practice have a recording, and which still need one, is
answered here too, so rendering a practice in the recorded voice alone never
has to reach the microphone's side (the recorder) to learn it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from kindaudio.audio.clips.clip import ClipAudio
from kindaudio.audio.clips.levelling import SilentClipError, prepare_speech
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, shipped
from kindaudio.script.model import Practice, Sentence

log = logging.getLogger(__name__)

EXTENSIONS = (".flac", ".wav", ".ogg")
MAX_RECORDING_SECONDS = 600.0
SHOWN_MISSING = 3  # unrecorded sentences named in a refusal


class NotAllRecorded(UserInputError):
    """The recorded voice alone was asked for, but some sentences have no recording."""

    def __init__(self, message: str, missing: list[Sentence], hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.missing = missing


def bundled_recordings_dir() -> Path:
    return shipped("recordings")


def find_recordings(paths: AppPaths, practice_id: str, bundled: Path | None = None) -> dict[str, Path]:
    """sentence id -> recording file, for every recording of this practice.

    The person's own recordings (in the data folder) win over bundled ones.
    """
    folders = [paths.recordings / practice_id, (bundled or bundled_recordings_dir()) / practice_id]
    found: dict[str, Path] = {}
    for folder in reversed(folders):  # preferred last, so it wins
        if not folder.is_dir():
            continue
        for extension in reversed(EXTENSIONS):
            for path in folder.glob(f"*{extension}"):
                found[path.stem] = path
    return found


def recording_fingerprint(path: Path) -> str:
    """A hash of the file's bytes: the cache key of its prepared clip."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare_recording(path: Path) -> ClipAudio:
    """The recording decoded, converted to the mix format and levelled like speech."""
    import soundfile

    try:
        info = soundfile.info(str(path))
        if info.duration > MAX_RECORDING_SECONDS:
            raise UserInputError(f"{path}: the recording lasts {info.duration / 60:.1f} min; "
                                 f"a sentence's recording may last at most {MAX_RECORDING_SECONDS / 60:.0f} min")
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError, ValueError) as exc:
        raise UserInputError(f"{path}: cannot be read as audio ({exc}); record it again or delete it") from exc
    try:
        return prepare_speech(samples, rate)
    except SilentClipError as exc:
        raise UserInputError(f"{path}: {exc}; record it again or delete it") from exc


def missing_recordings(practice: Practice, paths: AppPaths, bundled: Path | None = None) -> list[Sentence]:
    """Each distinct sentence with no recording (the person's own or one that ships), in order."""
    recordings = find_recordings(paths, practice.id, bundled)
    return [sentence for sentence in practice.unique_sentences() if sentence.id not in recordings]


def require_recorded(practice: Practice, paths: AppPaths, bundled: Path | None = None) -> None:
    """Refuse, naming what is missing, unless every sentence has a recording."""
    missing = missing_recordings(practice, paths, bundled)
    if not missing:
        return
    total = len(practice.unique_sentences())
    where = f"{practice.source.name}:" if practice.source is not None else "line "
    shown = "\n".join(f"  {where}{sentence.pos.line}: {_quote(sentence.text)}" for sentence in missing[:SHOWN_MISSING])
    more = f"\n  and {len(missing) - SHOWN_MISSING} more" if len(missing) > SHOWN_MISSING else ""
    if len(missing) == total:
        count = f"none of its {total} sentences is recorded yet" if total > 1 else "its sentence is not recorded yet"
    else:
        count = (f"{len(missing)} of its {total} sentences have no recording" if len(missing) > 1
                 else f"1 of its {total} sentences has no recording")
    raise NotAllRecorded(
        f"{practice.title} cannot play in the recorded voice alone yet: {count}:\n{shown}{more}",
        missing,
        hint=f"Record them with `kindaudio record {practice.id} --missing-only`, or leave out the recorded-only "
             "option and the computer voice reads those lines.")


def _quote(text: str, limit: int = 60) -> str:
    return f"“{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}”"
