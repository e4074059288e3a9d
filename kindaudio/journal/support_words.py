"""The words of the support place, shared by the window and the terminal (no Qt).

Calm, plain, our own, and never a phone number we could get wrong: KindAudio
is used in many countries, so it names no emergency number; it points to the
person's local one, and to the nearest emergency department. The window's
support page (ui/pages/support/) and `kindaudio support` show these words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindaudio.journal.records import VALENCE_MIN

if TYPE_CHECKING:
    from kindaudio.journal.records import Mood
    from kindaudio.journal.support_plan import SupportPlan

HEADING = "If you need more support"
INTRO = ("When things feel like too much, you don't have to hold them on your own. Here is what you wrote "
         "down for moments like this, and who you can reach.")
PLAN_TITLE = "Your plan"
NO_PLAN = ("There is no plan here yet. If you like, you can write one in Settings, under Support: a few things "
           "that help you, people you can call, places that feel safe.")
THERAPIST_TITLE = "Your therapist"
NO_THERAPIST = ("If you like, you can add your therapist's name and how to reach them in Settings, under "
                "Support. A pack from your therapist can bring them too.")
URGENT_TITLE = "If you might not be safe"
URGENT = ("If you are in danger, or feel you cannot keep yourself safe right now, please call your local "
          "emergency number, or go to the nearest emergency department. Reaching out for help is always "
          "all right.")
CLOSING = "You can come back to this page at any time, from Pause & ground or from the Help menu."
SETTINGS_BUTTON = "Add or change these in Settings"
TERMINAL_POINTER = ("If you need more support, `kindaudio support` shows your own plan, your therapist's contact "
                    "and where urgent help is.")


def calls_for_support(mood: Mood) -> bool:
    """Difficult feelings came up, or it feels as unpleasant as the scale goes: the support place is offered
    (the window shows it; the terminal says where it is)."""
    return mood.difficult or mood.valence <= VALENCE_MIN


def therapist_lines(plan: SupportPlan) -> list[str]:
    """The therapist's name, contact and note, each on its own line, the empty ones left out."""
    lines = [plan.therapist_name.strip(), plan.therapist_contact.strip(), plan.therapist_note.strip()]
    return [line for line in lines if line]


def as_plain_text(plan: SupportPlan) -> str:
    """The whole place as text, for the terminal (`kindaudio support`)."""
    parts = [HEADING, "", INTRO, "", PLAN_TITLE, plan.safety_plan.strip() if plan.has_plan else NO_PLAN, ""]
    therapist = therapist_lines(plan)
    parts += [THERAPIST_TITLE, "\n".join(therapist) if therapist else NO_THERAPIST, ""]
    parts += [URGENT_TITLE, URGENT]
    return "\n".join(parts) + "\n"
