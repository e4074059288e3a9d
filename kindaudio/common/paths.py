"""Where KindAudio keeps things.

Data, cache, config and state folders come from platformdirs. One environment
variable, KINDAUDIO_HOME, puts all four under one folder, which keeps tests hermetic and
makes a portable install possible. The environment is read on every call so a
test can point a fresh home at a temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from kindaudio.common.errors import KindAudioError

APP_NAME = "KindAudio"
# The application id in reverse-DNS form: the .desktop file's name, the AppStream id, the D-Bus names.
APP_ID = "org.kindaudio.KindAudio"
HOME_ENV = "KINDAUDIO_HOME"
SHIPPED_PACKAGE = "kindaudio.data"
_BESIDE_DATA = Path("<beside data>")  # AppPaths built by hand without a state folder (tests) get data/../state


@dataclass(frozen=True)
class AppPaths:
    """The four top folders and the named places inside them."""

    data: Path
    cache: Path
    config: Path
    # What is kept between runs but is not the person's data: the log, the last reminder shown.
    state: Path = _BESIDE_DATA

    def __post_init__(self) -> None:
        if self.state == _BESIDE_DATA:
            object.__setattr__(self, "state", self.data.parent / "state")

    @classmethod
    def from_environment(cls) -> AppPaths:
        home = os.environ.get(HOME_ENV)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(data=root / "data", cache=root / "cache", config=root / "config", state=root / "state")
        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            state=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
        )

    @property
    def practices(self) -> Path:
        """The person's own practice files (*.md)."""
        return self.data / "practices"

    @property
    def recordings(self) -> Path:
        """Recordings made in the app: recordings/<practice-id>/<sentence-id>.flac."""
        return self.data / "recordings"

    @property
    def voices(self) -> Path:
        """Piper voices the person added from files: voices/<name>/ (see audio/tts/piper_voices.py)."""
        return self.data / "voices"

    @property
    def renders(self) -> Path:
        """Where rendered audio goes when no output path is given."""
        return self.data / "renders"

    @property
    def journal(self) -> Path:
        """The practice journal (SQLite); health data, mode 0600."""
        return self.data / "journal.sqlite3"

    @property
    def backups(self) -> Path:
        """Daily copies of the journal, the newest seven kept."""
        return self.data / "backups"

    @property
    def instance_lock(self) -> Path:
        """Held by the running app so a second one does not write the journal at the same time."""
        return self.data / "kindaudio.lock"

    @property
    def log_file(self) -> Path:
        """Warnings and errors with their tracebacks, never health data (common/logfile.py); mode 0600."""
        return self.state / "kindaudio.log"

    @property
    def clip_cache(self) -> Path:
        """Synthesised and levelled sentences, keyed by content."""
        return self.cache / "clips"


def app_paths() -> AppPaths:
    return AppPaths.from_environment()


def ensure_dir(path: Path) -> Path:
    """Create a private folder (mode 0700 for new ones) and return it.

    Practice data is health data, so folders the app creates are not readable by
    other users.
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    # One by one: mkdir(parents=True) would make the missing parents with the
    # default mode, and `data/` (say) would then be readable by everyone.
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    return path


def shipped(name: str) -> Path:
    """A file or folder that ships inside the package (kindaudio/data/), e.g. "practices".

    Read through importlib.resources so an installed copy finds its own files,
    wherever pip put them. Callers hand these paths to Qt, fpdf2 and the file
    browser, which need a real file, so a package that is not on the file
    system (run from a zip) is refused rather than extracted somewhere temporary.
    """
    reinstall = "Reinstall KindAudio (pip install --force-reinstall kindaudio)."
    try:
        root = resources.files(SHIPPED_PACKAGE)
    except ModuleNotFoundError:
        raise KindAudioError(f"KindAudio is not installed completely: {SHIPPED_PACKAGE} is missing",
                             hint=reinstall) from None
    if not isinstance(root, Path):
        raise KindAudioError(f"KindAudio's own files are not in a folder on disk ({root}); "
                             "it must be installed as files, not run from a zip", hint=reinstall)
    path = root / name
    if not path.exists():
        raise KindAudioError(f"KindAudio is not installed completely: {path} is missing", hint=reinstall)
    return path
