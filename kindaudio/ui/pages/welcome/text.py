"""The first run's words: what the practices are for, that stopping is fine, where the journal lives.

Our own words, invitational and plain: nothing here asks anything of the
person, and every choice can be changed later in Settings.
"""

from __future__ import annotations

from pathlib import Path

TITLE = "Welcome to KindAudio"
SUBTITLE = "A few words before you begin. What you choose here is kept at once, and can be changed in Settings."

PURPOSE_TITLE = "What these practices are for"
PURPOSE = (
    "These are guided practices in self-compassion: a few quiet minutes of meeting yourself with the kindness "
    "you might offer a good friend.",
    "They can keep you company between therapy sessions, or simply give a full day a gentler moment.",
    "There is no right way to feel while you practise. Whatever comes up is welcome, and you set the pace.",
)

EASE_TITLE = "Pausing, grounding and stopping are always fine"
EASE = ("While a practice plays, Pause & ground is always on the screen (Esc does the same), and you can stop "
        "whenever you like. Nothing is lost, and nobody is keeping score.")

PRIVACY_TITLE = "Your journal stays with you"


def privacy_text() -> str:
    return ("What you practise, and how you felt if you choose to note it, is kept in one file on this computer. "
            "It stays private here: nothing leaves it unless you export or share it yourself.")


def journal_text(journal: Path) -> str:
    return f"Your journal: {journal}"


VOICE_TITLE = "A voice to keep you company"
VOICE_NOTE = "Choose a voice and hear how it sounds. Each practice can use another one too."

VIEW_TITLE = "How you will use KindAudio"

BEGIN = "Begin"
BEGIN_NAME = "Begin: go to the practices"
BEGIN_TIP = "Keep these choices and go to the practices (Enter)"
SKIP = "Skip"
SKIP_NAME = "Skip the welcome"
SKIP_TIP = "Go straight to the practices; a voice and the view can be chosen in Settings at any time"
