"""The person's preferences: a small typed record kept as JSON in the config folder.

Plain Python, not QSettings, so the command line and the window read the same
file and tests can look inside it. A file that cannot be read is set aside
(never silently overwritten) and the defaults are used.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.paths import AppPaths, ensure_dir

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
TEXT_SIZES = (90, 100, 115, 130, 150)  # percent of the standard size
# Who the window is arranged for: a client sees practices, progress, the journal and settings;
# a therapist also the tools for preparing practices (builder, editor, recording, packs).
VIEWS = ("client", "therapist")
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)  # Monday to Sunday, as datetime.weekday() counts them
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    voice: str | None = None  # None: the engine's calm English default
    rate: int | None = None  # words per minute; None: each practice's own pace
    device: int | None = None  # output device index; None: the system default
    # The microphone to record from, by name: a device's number changes as others are
    # plugged in, its name does not. None: the system's usual input.
    input_device: str | None = None
    theme: str = "system"
    text_size: int = 100
    show_captions: bool = True
    ambience: bool = False
    bells: bool = True
    check_in_before: bool = False  # offer a check-in between Start and the practice playing
    check_in_after: bool = True  # offer a check-in once a practice has played to its end
    show_streak: bool = False  # streaks can add pressure, so they are off unless asked for
    # Gentle reminders, off unless asked for: a desktop notification on these days at this local
    # time ("HH:MM"), for one practice or none in particular, and none on a day already practised.
    reminders: bool = False
    reminder_days: tuple[int, ...] = EVERY_DAY
    reminder_time: str = "19:00"
    reminder_practice: str | None = None
    reminder_skip_if_practised: bool = True
    view: str = "client"  # one of VIEWS; the therapist's tools only when asked for
    first_run_seen: bool = False  # the welcome has been shown (finished or skipped): never again

    @property
    def therapist_view(self) -> bool:
        return self.view == "therapist"

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {self.theme!r}")
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {self.view!r}")
        if not 50 <= self.text_size <= 200:
            raise ValueError(f"text size must be 50 to 200 percent, not {self.text_size}")
        if self.input_device is not None and not isinstance(self.input_device, str):
            raise ValueError(f"the microphone is named by text, not {self.input_device!r}")
        if self.rate is not None and not 80 <= self.rate <= 260:
            raise ValueError(f"speaking rate must be 80 to 260 words a minute, not {self.rate}")
        days = self.reminder_days
        if not isinstance(days, (list, tuple)) or not all(type(day) is int and 0 <= day <= 6 for day in days):
            raise ValueError(f"reminder days are numbers 0 (Monday) to 6 (Sunday), not {days!r}")
        object.__setattr__(self, "reminder_days", tuple(sorted(set(days))))  # JSON gives a list
        clock_time(self.reminder_time)
        if self.reminder_practice is not None and not isinstance(self.reminder_practice, str):
            raise ValueError(f"the reminder's practice is named by its id, not {self.reminder_practice!r}")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def clock_time(text: object) -> tuple[int, int]:
    """(hour, minute) from "HH:MM" (24-hour); ValueError for anything else."""
    if isinstance(text, str):
        hour, colon, minute = text.partition(":")
        if colon and hour.isdigit() and minute.isdigit() and len(minute) == 2 and len(hour) <= 2:
            if int(hour) < 24 and int(minute) < 60:
                return int(hour), int(minute)
    raise ValueError(f"a reminder time is hours and minutes like 19:00, not {text!r}")


def settings_path(paths: AppPaths) -> Path:
    return paths.config / SETTINGS_FILE


def load_settings(paths: AppPaths) -> Settings:
    """The saved settings; defaults when there are none or they cannot be read."""
    path = settings_path(paths)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _set_aside(path, f"cannot be read ({exc})")
    if not isinstance(raw, dict):
        return _set_aside(path, "is not a JSON object")
    known = {f.name for f in dataclasses.fields(Settings)}
    try:
        return Settings(**{key: value for key, value in raw.items() if key in known})
    except (TypeError, ValueError) as exc:
        return _set_aside(path, str(exc))


def save_settings(paths: AppPaths, settings: Settings) -> None:
    ensure_dir(paths.config)
    text = json.dumps(dataclasses.asdict(settings), indent=2, sort_keys=True) + "\n"
    write_text_atomic(settings_path(paths), text, mode=0o600)


def _set_aside(path: Path, why: str) -> Settings:
    kept = path.with_name(path.name + ".unreadable")
    log.warning("%s %s; kept as %s, using the defaults", path, why, kept.name)
    try:
        path.replace(kept)
    except OSError as exc:
        log.warning("could not set %s aside: %s", path, exc)
    return Settings()
