"""What the player plays: a practice (its speech made as it plays) or the silent timer."""

from __future__ import annotations

import logging
import math
from pathlib import Path

from kindaudio.audio.choices import (
    PlayChoices,
    chosen_minutes,
    settle_recordings,
    speech_settings,
)
from kindaudio.audio.clips.clip import ClipInfo, ClipOrigin
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.clips.recordings import prepare_recording
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import (
    Clip,
    ClipKind,
    SectionSpan,
    Timeline,
    fit_timeline,
)
from kindaudio.audio.playback.live import LiveProgramme
from kindaudio.audio.playback.timer import TimerSpec, timer_timeline
from kindaudio.audio.sounds.ambience import ambience_clip
from kindaudio.audio.sounds.bell import bell_clip, no_bell
from kindaudio.audio.tts.engine import TtsError
from kindaudio.common.errors import KindAudioError
from kindaudio.script.model import Practice, Sentence
from kindaudio.script.timing import estimate_speech_seconds, estimated_range

log = logging.getLogger(__name__)

SENTENCE_WAIT_SECONDS = 60.0  # the pool itself restarts a stuck engine well before this


def practice_minutes(practice: Practice, minutes: float | None) -> float:
    """The chosen length, or the practice's first offered one, or the shortest it can be
    (from estimated speech: playing cannot wait for synthesis to know)."""
    chosen = chosen_minutes(practice, minutes)
    if chosen is not None:
        return chosen
    reach = estimated_range(practice)
    whole = reach.whole_minutes()
    return whole[0] if whole else math.ceil(reach.shortest / 60)


def practice_programme(clips: ClipProvider, practice: Practice, choices: PlayChoices = PlayChoices()) -> LiveProgramme:
    """A practice ready to play at once: sentences not yet made are made as it plays.

    Synthesis is queued in timeline order, so the first sentence is ready
    first; whatever is in the clip cache is there at once. The recorded voice
    alone refuses (NotAllRecorded, naming them) while any sentence has no recording.
    """
    seconds = practice_minutes(practice, choices.minutes) * 60
    choices = settle_recordings(clips, practice, choices)  # one test take does not take over
    clips.prepare_bells(practice)
    settings = speech_settings(clips, practice, choices)
    speech = clips.prepare(practice, settings, use_recordings=bool(choices.use_recordings))
    programme = LiveProgramme.for_practice(practice, seconds, speech, settings.rate,
                                           clips.bell if choices.bells else no_bell,
                                           bed=ambience_clip() if choices.ambience else None)
    log.info("playing %s at %.0f s: %d of %d sentences ready", practice.id, seconds, len(programme.ready),
             len(speech))
    return programme


def timer_programme(spec: TimerSpec) -> LiveProgramme:
    """The silent timer: bells (and the ambience, if asked for), all known at once.

    Its bells keep the level they have in the guided practices (gain 1), a
    little under where a voice would be.
    """
    return LiveProgramme.fixed(timer_timeline(spec), bell_clip, bed=ambience_clip() if spec.ambience else None)


def estimated_timeline(practice: Practice, minutes: float | None = None, rate: int | None = None) -> Timeline:
    """The practice laid out at a length from estimated speech: what "Read script" shows.

    The same layout playback starts from before any speech is made, so the
    start times shown are where playing begins each line (within a few
    seconds once real speech lengths are known).
    """
    seconds = practice_minutes(practice, minutes) * 60
    speaking_rate = rate or practice.pace.rate
    lengths = {sentence.id: int(round(estimate_speech_seconds(sentence.text, speaking_rate) * MIX_RATE))
               for sentence in practice.unique_sentences()}
    return fit_timeline(practice, lengths, seconds)


def sentence_programme(clips: ClipProvider, practice: Practice, sentence: Sentence, voice: str | None = None,
                       rate: int | None = None, use_recordings: bool = True) -> LiveProgramme:
    """One line of a practice on its own (a therapist's preview): its speech, nothing else.

    Waits for the line's speech (the player shows "loading" meanwhile), so the
    programme is exactly as long as the line.
    """
    settings = clips.settings_for(practice, voice, rate)
    future = clips.prepare_sentence(practice, sentence, settings, use_recordings=use_recordings)
    try:
        info = future.result(timeout=SENTENCE_WAIT_SECONDS)
    except KindAudioError:
        raise
    except Exception as exc:  # the engine's own failure, or a timeout
        raise TtsError(f"the line {sentence.text!r} could not be spoken ({exc})") from exc
    line = Clip(ClipKind.SPEECH, 0, info.n_samples, 0, sentence)
    timeline = Timeline(practice.id, practice.title, (line,), (SectionSpan(0, "", 0, info.n_samples),),
                        info.n_samples, 0.0)
    programme = LiveProgramme.fixed(timeline, clips.bell)
    programme.add_ready(sentence.id, info)
    return programme


def recording_programme(path: Path, sentence: Sentence, practice_id: str = "", title: str = "") -> LiveProgramme:
    """One recording on its own, as a practice will sound it (trimmed and levelled): hearing a take back.

    Works for a take not yet kept as well as a kept recording; nothing is
    cached, so a take let go leaves nothing behind. Raises UserInputError when
    the file holds no usable sound.
    """
    info = ClipInfo(prepare_recording(path), ClipOrigin.RECORDING)
    line = Clip(ClipKind.SPEECH, 0, info.n_samples, 0, sentence)
    timeline = Timeline(practice_id, title, (line,), (SectionSpan(0, "", 0, info.n_samples),), info.n_samples, 0.0)
    programme = LiveProgramme.fixed(timeline, no_bell)
    programme.add_ready(sentence.id, info)
    return programme
