"""The person's own support plan: their safety plan in their own words, and their therapist's contact.

Health data, like the journal, so it lives beside the journal in the data
folder and not in settings.json (which is about the app, and is small enough
to be copied about or shared when asking for help). One small JSON file,
mode 0600, written atomically; a file that cannot be read is set aside under
a name that says so, and the person starts from an empty plan with a message
that says where the old file is. Nothing of what it holds is ever logged.
No Qt: the window, the settings panel and `kindaudio support` all read it here.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir

log = logging.getLogger(__name__)

FILE_NAME = "support-plan.json"
PRIVATE = 0o600
FORMAT_VERSION = 1
MAX_PLAN_CHARS = 10_000
MAX_NAME_CHARS = 200
MAX_CONTACT_CHARS = 500
MAX_NOTE_CHARS = 2_000
SET_ASIDE_SUFFIX = ".unreadable"


@dataclass(frozen=True)
class SupportPlan:
    """What the person wrote down for hard moments, and who their therapist is (every part may be empty)."""

    safety_plan: str = ""
    therapist_name: str = ""
    therapist_contact: str = ""
    therapist_note: str = ""

    def __post_init__(self) -> None:
        for name, what, limit in (("safety_plan", "safety plan", MAX_PLAN_CHARS),
                                  ("therapist_name", "therapist's name", MAX_NAME_CHARS),
                                  ("therapist_contact", "therapist's contact", MAX_CONTACT_CHARS),
                                  ("therapist_note", "therapist's note", MAX_NOTE_CHARS)):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise UserInputError(f"The {what} should be text.")
            if len(value) > limit:
                raise UserInputError(f"The {what} is {len(value):,} characters long; it keeps at most {limit:,}. "
                                     "You might shorten it.")
            if any((ord(c) < 32 and c not in "\n\t") or c == "\x7f" for c in value):
                raise UserInputError(f"The {what} holds control characters; you might type it again.")

    @property
    def has_plan(self) -> bool:
        return bool(self.safety_plan.strip())

    @property
    def has_therapist(self) -> bool:
        return bool(self.therapist_name.strip() or self.therapist_contact.strip())

    @property
    def is_empty(self) -> bool:
        return not (self.has_plan or self.has_therapist or self.therapist_note.strip())

    def with_therapist(self, name: str, contact: str, note: str) -> SupportPlan:
        return dataclasses.replace(self, therapist_name=name, therapist_contact=contact, therapist_note=note)


@dataclass(frozen=True)
class LoadedPlan:
    """The plan read, and (when the file could not be read) where it was set aside, for a message."""

    plan: SupportPlan
    set_aside: Path | None = None

    @property
    def problem(self) -> str:
        """What to tell the person when the saved plan could not be read ("" when all is well)."""
        if self.set_aside is None:
            return ""
        return (f"Your saved support plan could not be read, so it was kept aside as {self.set_aside} and an "
                "empty one is shown. You might open that file to copy your words back.")


def plan_path(paths: AppPaths) -> Path:
    """Beside the journal in the data folder: the person's data, not the app's settings."""
    return paths.data / FILE_NAME


def load_plan(paths: AppPaths) -> LoadedPlan:
    """The saved plan; an empty one when there is none, or (set aside) when it cannot be read."""
    path = plan_path(paths)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        # Until a new plan is written, the one set aside is still named: every place that shows the plan
        # (the support page, Settings) can say where it went, not only the first to find it unreadable.
        return LoadedPlan(SupportPlan(), _last_set_aside(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        return _set_aside(path, type(exc).__name__)
    if not isinstance(raw, dict) or not isinstance(raw.get("format_version", FORMAT_VERSION), int):
        return _set_aside(path, "not a JSON object")
    known = {f.name for f in dataclasses.fields(SupportPlan)}
    try:
        return LoadedPlan(SupportPlan(**{key: value for key, value in raw.items() if key in known}))
    except UserInputError:
        return _set_aside(path, "a value out of bounds")


def save_plan(paths: AppPaths, plan: SupportPlan) -> Path:
    """Write the plan (private, atomic); returns the file's path."""
    ensure_dir(paths.data)
    path = plan_path(paths)
    text = json.dumps({"format_version": FORMAT_VERSION, **dataclasses.asdict(plan)}, indent=2,
                      ensure_ascii=False) + "\n"
    write_text_atomic(path, text, mode=PRIVATE, durable=True)
    log.info("support plan saved")  # never what it says
    return path


def _set_aside(path: Path, why: str) -> LoadedPlan:
    kept = _free_name(path.with_name(path.name + SET_ASIDE_SUFFIX))
    # Only the kind of problem: an error's own text could quote what the file holds.
    log.warning("the support plan could not be read (%s); kept as %s", why, kept.name)
    try:
        path.replace(kept)
    except OSError as exc:
        log.warning("could not set the support plan aside: %s", type(exc).__name__)
        return LoadedPlan(SupportPlan(), path)
    return LoadedPlan(SupportPlan(), kept)


def _last_set_aside(path: Path) -> Path | None:
    kept = [p for p in path.parent.glob(f"{path.name}{SET_ASIDE_SUFFIX}*") if p.is_file()]
    return max(kept, key=lambda p: p.stat().st_ctime_ns) if kept else None  # the one set aside last


def _free_name(path: Path) -> Path:
    """`path`, or path.2, path.3 … when an earlier unreadable file is already kept there."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{number}")
        number += 1
    return candidate
