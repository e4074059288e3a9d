"""Recordings of a real voice, used in place of synthesis sentence by sentence.

A sentence plays a recording when one exists, named by the sentence's id:
  kindaudio/data/recordings/<practice-id>/<sentence-id>.(wav|flac|ogg)  (shipped)
  <data>/recordings/<practice-id>/<sentence-id>.(wav|flac|ogg)        (made in the app)
The person's own recording wins over a shipped one. Recordings may come from
anywhere, so each is checked before use: it must decode, hold sound, and last
no longer than MAX_RECORDING_SECONDS.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from kindaudio.audio.clip import ClipAudio
from kindaudio.audio.levelling import SilentClipError, prepare_speech
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, shipped

log = logging.getLogger(__name__)

EXTENSIONS = (".flac", ".wav", ".ogg")
MAX_RECORDING_SECONDS = 600.0


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
