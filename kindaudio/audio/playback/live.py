"""A programme the player can start before its speech exists.

Playback of a never-rendered practice starts with the timeline laid out from
*estimated* speech lengths. Sentences are synthesised in timeline order; as each
one's real length arrives, the elastic pauses not yet begun are fitted again,
so the practice still lasts the chosen length. When playback reaches a sentence
that is not ready, the silence before it is held a little longer (and the
pauses after it shrink to make up for it) instead of playing a glitch.

The timer and fully cached practices use the same class with everything known
from the start, so the player has one kind of thing to play.
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Callable, Mapping
from concurrent.futures import Future

import numpy as np

from kindaudio.audio.clips.clip import ClipInfo
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.mixer import Mixer, Sound
from kindaudio.audio.mixing.normalise import ProgrammeLevels, programme_levels
from kindaudio.audio.mixing.timeline import Clip, ClipKind, Timeline, fit_timeline, refit_timeline
from kindaudio.script.model import Practice
from kindaudio.script.timing import estimate_speech_seconds

log = logging.getLogger(__name__)

NEAREST_FRACTION = 0.1  # of the length asked: how far real speech may leave it out of reach and still play


class SpeechFailed(Exception):
    """A sentence's speech could not be made; carries the cause."""

    def __init__(self, text: str, cause: BaseException) -> None:
        super().__init__(f"the speech for {text[:80]!r} could not be made: {cause}")
        self.cause = cause


class LiveProgramme:
    """The current timeline of a playing programme, and its audio block by block.

    Not thread-safe: one thread (the player's) calls everything here.
    """

    def __init__(self, timeline: Timeline, *, practice: Practice | None = None, seconds: float | None = None,
                 speech: Mapping[str, Future[ClipInfo]] | None = None, estimated: Mapping[str, int] | None = None,
                 bells: Callable[[int], ClipInfo], gain: float = 1.0, bed: ClipInfo | None = None,
                 bed_gain: float = 1.0) -> None:
        self.timeline = timeline
        self.practice = practice
        self.seconds = seconds if seconds is not None else timeline.seconds
        self.gain = gain
        self._bells = bells
        self._bed, self._bed_gain = bed, bed_gain
        self._pending = dict(speech or {})  # sentence id -> clip still coming
        self._ready: dict[str, ClipInfo] = {}
        self._lengths = dict(estimated or {})  # sentence id -> samples (real once ready)
        self._failed: dict[str, BaseException] = {}
        self.held = 0  # samples of silence held waiting for speech
        # A practice whose speech was all there from the start: its levels are a WAV
        # render's, and its timeline is laid out for good (see for_practice).
        self.levels: ProgrammeLevels | None = None
        self._collect()
        self._mixer = self._make_mixer()

    # -- building --------------------------------------------------------------

    @classmethod
    def fixed(cls, timeline: Timeline, bells: Callable[[int], ClipInfo], gain: float = 1.0,
              bed: ClipInfo | None = None, bed_gain: float = 1.0) -> LiveProgramme:
        """A programme without speech, known in full from the start (the silent timer)."""
        return cls(timeline, bells=bells, gain=gain, bed=bed, bed_gain=bed_gain)

    @classmethod
    def for_practice(cls, practice: Practice, seconds: float, speech: Mapping[str, Future[ClipInfo]], rate: int,
                     bells: Callable[[int], ClipInfo], bed: ClipInfo | None = None) -> LiveProgramme:
        """Lay the practice out from what is known now: real lengths where ready, estimates elsewhere.

        With every sentence ready (a practice played before) the programme has
        the levels a WAV render of it has, worked out the same way from the same
        clips, the ambience counted (programme_levels: the gain, the limiter's
        envelope, the ambience's level; WAV is mixed to the mixer's own ceiling),
        and its timeline is the render's and stays so: what is heard is exactly
        what an export holds, wherever the listener seeks to. Otherwise the gain
        is 1 and the ambience keeps its own level: every clip is already levelled
        to the programme's target loudness, so the whole lands within about a dB
        of it without waiting for the last sentence.
        """
        lengths = {}
        for sentence in practice.unique_sentences():
            future = speech[sentence.id]
            if future.done() and not future.cancelled() and future.exception() is None:
                lengths[sentence.id] = future.result().n_samples
            else:
                lengths[sentence.id] = int(round(estimate_speech_seconds(sentence.text, rate) * MIX_RATE))
        # The length was offered from estimated speech: real speech just out of its reach is met as nearly as
        # it can be (the estimates come within 5 % of real speech: script/timing.py); a length far out fails.
        timeline = fit_timeline(practice, lengths, seconds, nearest_within=NEAREST_FRACTION * seconds)
        programme = cls(timeline, practice=practice, seconds=timeline.seconds, speech=speech, estimated=lengths,
                        bells=bells, bed=bed)
        if programme.complete:
            programme.levels = programme_levels(programme.sounds(), timeline.length, bed=bed)
            programme.gain = programme.levels.gain
            programme._mixer = programme._make_mixer()
        return programme

    def add_ready(self, sentence_id: str, info: ClipInfo) -> None:
        """Speech already made, for a programme laid out around it (a single line)."""
        self._ready[sentence_id] = info
        self._lengths[sentence_id] = info.n_samples
        self._mixer = self._make_mixer()

    # -- while playing ---------------------------------------------------------

    @property
    def complete(self) -> bool:
        """Every sentence's speech is here."""
        return not self._pending

    @property
    def ready(self) -> Mapping[str, ClipInfo]:
        return self._ready

    def update(self, position: int) -> bool:
        """Take in speech that has arrived; refit what starts at or after `position`. True if anything changed."""
        if not self._collect():
            return False
        self.refit(position)
        return True

    def waiting_at(self, start: int, end: int) -> int | None:
        """Where, in [start, end), the first sentence still without speech begins (None: all there)."""
        if not self._pending and not self._failed:
            return None
        for clip in self.clips_between(start, end):
            if clip.kind is ClipKind.SPEECH and clip.sentence is not None and clip.sentence.id not in self._ready:
                return clip.start
        return None

    def failure_at(self, start: int) -> SpeechFailed | None:
        """The failure of the sentence starting at `start`, if its speech could not be made."""
        for clip in self.clips_between(start, start + 1):
            if clip.kind is ClipKind.SPEECH and clip.sentence is not None and clip.sentence.id in self._failed:
                return SpeechFailed(clip.sentence.text, self._failed[clip.sentence.id])
        return None

    def hold(self, at: int, samples: int, queued_until: int | None = None) -> None:
        """Hold silence for `samples` before the sentence starting at `at`; later pauses shrink to match.

        What was already mixed from `at` up to `queued_until` moves later unchanged (see refit_timeline).
        """
        assert self.practice is not None, "only speech is ever waited for"
        self.held += samples
        self.timeline = refit_timeline(self.timeline, self.practice, self._lengths, self.seconds,
                                       keep_before=at, hold=samples, queued_until=queued_until)
        self._mixer = self._make_mixer()

    def release(self) -> None:
        """Nothing more will be played: speech not yet made for it is not to be made (its queued synthesis is
        cancelled), so a practice started next does not wait behind it."""
        for future in self._pending.values():
            future.cancel()

    def mix_into(self, out: np.ndarray, start: int) -> bool:
        return self._mixer.mix_into(out, start)

    # -- inside ----------------------------------------------------------------

    def _collect(self) -> bool:
        arrived = [key for key, future in self._pending.items() if future.done()]
        for key in arrived:
            future = self._pending.pop(key)
            if future.cancelled():
                self._failed[key] = RuntimeError("it was cancelled")
                continue
            error = future.exception()
            if error is not None:
                self._failed[key] = error
                # The error's kind, not its message: that may quote the sentence (the log never holds practice text).
                log.warning("speech for sentence %s failed: %s", key, type(error).__name__)
                continue
            info = future.result()
            self._ready[key] = info
            self._lengths[key] = info.n_samples
        return bool(arrived)

    def refit(self, position: int) -> None:
        """Lay out again what starts at or after `position` with the lengths known now.

        A practice laid out with every length known from the start has nothing
        to lay out again: its timeline is its render's (and its limiter's
        envelope holds for that timeline alone).
        """
        if self.practice is None or self.levels is not None:
            return
        self.timeline = refit_timeline(self.timeline, self.practice, self._lengths, self.seconds,
                                       keep_before=position)
        if not math.isclose(self.timeline.seconds, self.seconds, abs_tol=0.5):
            log.info("after refitting, the practice lasts %.1f s instead of %.1f s", self.timeline.seconds,
                     self.seconds)
        self._mixer = self._make_mixer()

    def clips_between(self, start: int, end: int) -> list[Clip]:
        """The clips sounding in [start, end): contiguous and sorted, so a bisection finds the first."""
        clips = self.timeline.clips
        found = []
        for clip in clips[bisect.bisect_right(clips, start, key=lambda clip: clip.end):]:
            if clip.start >= end:
                break
            found.append(clip)
        return found

    def sounds(self) -> list[Sound]:
        sounds = []
        for clip in self.timeline.clips:
            if clip.kind is ClipKind.SPEECH and clip.sentence is not None:
                info = self._ready.get(clip.sentence.id)
                if info is not None:
                    sounds.append(Sound(clip.start, info))
            elif clip.kind is ClipKind.BELL:
                sounds.append(Sound(clip.start, self._bells(clip.strikes)))
        return sorted(sounds, key=lambda sound: sound.start)

    def _make_mixer(self) -> Mixer:
        levels = self.levels
        if levels is not None:
            return Mixer(self.timeline, self.sounds(), levels.gain, bed=self._bed, bed_gain=levels.bed_gain,
                         envelope=levels.envelope)
        return Mixer(self.timeline, self.sounds(), self.gain, bed=self._bed, bed_gain=self._bed_gain)
