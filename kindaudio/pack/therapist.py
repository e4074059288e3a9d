"""A therapist's contact carried by a pack: their name, how to reach them, and a short note.

Optional in the manifest ("therapist": {"name", "contact", "note"}), so packs
without it, and KindAudios that do not know it, read each other as before.
It comes from someone else, so it is checked like the rest of a pack: text
only, within length limits, no control characters; a bad one refuses the pack
with a reason. The person receiving it sees it before importing and keeps it
as their therapist's contact only if they say so (ui/dialogs/packs/).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kindaudio.common.errors import UserInputError
from kindaudio.pack.untrusted_text import text_problem

MAX_NAME_CHARS = 200
MAX_CONTACT_CHARS = 500
MAX_NOTE_CHARS = 1_000
_FIELDS = (("name", "therapist's name", MAX_NAME_CHARS), ("contact", "therapist's contact", MAX_CONTACT_CHARS),
           ("note", "therapist's note", MAX_NOTE_CHARS))


@dataclass(frozen=True)
class TherapistContact:
    """Who the therapist is and how to reach them (name required; contact and note may be empty)."""

    name: str
    contact: str = ""
    note: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, **({"contact": self.contact} if self.contact else {}),
                **({"note": self.note} if self.note else {})}


def _problem(value: str, what: str, limit: int) -> str | None:
    """Why `value` cannot be a pack's `what` (None when it can)."""
    if len(value) > limit:
        return f"the {what} is {len(value):,} characters long; at most {limit:,} fit in a pack"
    # A name and a contact are one line; a note may have several. None may be reordered by a
    # right-to-left override: a number shown in another order than it is written would mislead.
    problem = text_problem(value, what, newlines=what.endswith("note"), bidi=False)
    return None if problem is None else "the " + problem.removeprefix("its ")


def therapist_from_manifest(raw: Any, problem: type[ValueError]) -> TherapistContact | None:
    """The contact in a manifest's "therapist" (None when absent); `problem` raised with the reason otherwise."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise problem("its \"therapist\" should be an object with a name, and a contact and note if any")
    values: dict[str, str] = {}
    for key, what, limit in _FIELDS:
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise problem(f"its {what} should be text, not {type(value).__name__}")
        reason = _problem(value, what, limit)
        if reason is not None:
            raise problem(f"its {reason.removeprefix('the ')}")
        values[key] = value.strip()
    if not values["name"]:
        raise problem("its \"therapist\" has no name")
    return TherapistContact(**values)


def therapist_to_share(name: str, contact: str, note: str) -> TherapistContact | None:
    """The contact a sharer typed, checked before the pack is written (None when all is empty)."""
    name, contact, note = name.strip(), contact.strip(), note.strip()
    if not (name or contact or note):
        return None
    if not name:
        raise UserInputError("The therapist's contact needs a name too, so whoever receives it knows whose it is.",
                             hint="Type your name, or leave all three therapist fields empty.")
    for value, (_key, what, limit) in zip((name, contact, note), _FIELDS, strict=True):
        reason = _problem(value, what, limit)
        if reason is not None:
            raise UserInputError(reason[0].upper() + reason[1:] + ".", hint="You might shorten it or type it again.")
    return TherapistContact(name, contact, note)
