"""The pack dialogs' words: what a pack holds, whose voice, what sharing one would carry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindaudio.pack import PackSummary
    from kindaudio.pack.sharing import ShareInfo


def made_on_text(created: str) -> str:
    """When a pack was made, as a local date ("Made on 3 March 2025"); "" when the pack does not say clearly."""
    try:
        when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"Made on {when.day} {when:%B %Y}"


def recordings_text(count: int) -> str:
    """What a pack's recordings mean for the person listening."""
    if count == 0:
        return "No recordings: a computer voice reads the practice."
    if count == 1:
        return "1 sentence recorded in their voice; a computer voice reads the rest."
    return f"{count} sentences recorded in their voice; a computer voice reads any others."


def voice_pack_text(summary: PackSummary) -> str:
    """What importing a voice for a practice that comes with KindAudio does."""
    rest = ("" if summary.recordings >= summary.sentences
            else " A computer voice reads the sentences without a recording.")
    return (f"{summary.title} comes with KindAudio, so importing adds only these recordings: the practice then "
            f"plays in this voice.{rest}")


def audio_text(audio: tuple[str, ...]) -> str:
    """The ready-made audio a pack carries, if any."""
    if not audio:
        return "No ready-made audio: it is spoken when you play it."
    names = ", ".join(audio)
    return f"Ready-made audio included: {names}"


def replaced_nothing_text(voice: bool) -> str:
    """The person kept what they had: nothing was imported."""
    return ("Nothing was imported; your recordings are as they were." if voice
            else "Nothing was imported; your practice is as it was.")


def own_practice_holds_text(info: ShareInfo) -> str:
    """What a pack of one's own practice will hold."""
    if info.recordings == 0:
        return ("It will hold the practice's text. You have not recorded any of it, so a computer voice will "
                "read it.")
    noun = "recording" if info.recordings == 1 else "recordings"
    return f"It will hold the practice's text and your {info.recordings} {noun} of it."


def voice_holds_text(info: ShareInfo) -> str:
    """What a pack of one's voice for a practice that comes with KindAudio will hold."""
    if info.nothing_to_share:
        return ("You have not recorded any of it yet, so there is nothing to share. You might choose Record my "
                "voice on its card in the Library first.")
    rest = "" if info.every_sentence_recorded else "; a computer voice reads the others"
    return f"It will hold your recordings of {info.recordings} of its {info.sentences} sentences{rest}."


def minutes_text(minutes: int) -> str:
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def about_own_pack_text(recordings: int) -> str:
    """What a pack of one's own practice is, naming recordings only when there are some."""
    held = "this practice and your recordings of it" if recordings else "this practice"
    return (f"A pack is one file holding {held}. Whoever you give it to can import it into KindAudio, and it "
            "shows there as made by you.")


def saved_text(name: str, folder: str, recordings: int) -> str:
    """Where the pack was saved, and (only when something is recorded) that it carries a voice."""
    where = f"The pack is saved as {name}, in {folder}."
    if recordings:
        return f"{where} You might send it by a way you trust: it holds your voice."
    return f"{where} You might send it by a way you trust."


def making_text(with_audio: bool, recordings: int) -> str:
    """What is happening while the pack is written."""
    if not with_audio:
        return "Writing the pack…"
    return ("Making the voice and the audio… this can take a while." if recordings
            else "Making the audio… this can take a while.")


PRIVATE_NOTES_HEADING = "The practice's file also carries these words of yours; whoever you give it to can read them:"
LEAVE_OUT_TEXT = "Leave whom it is for and my notes out of the pack"
LEAVE_OUT_TIP = ("The pack then carries the practice without its “for whom” and notes lines; "
                 "everything else, and your recordings, stay as they are")


def private_notes_text(for_whom: str, notes: str) -> str:
    """What the practice says about whom it is for, and the sender's notes, as the pack would carry them."""
    parts = [f"For whom: {for_whom}"] if for_whom else []  # as the builder names it
    if notes:
        parts.append(f"Your notes:\n{notes}")
    return "\n".join(parts)
