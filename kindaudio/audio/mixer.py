"""Mixing a Timeline into audio, block by block.

The mixer never builds the whole practice in memory: each block is made from
the few clips that sound during it. A bell keeps ringing under whatever
follows it. A short fade-in and a fade-out over the final silence make the
start and end soft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.bell import bell_clip
from kindaudio.audio.clip import ClipInfo
from kindaudio.audio.format import INT16_SCALE, MIX_RATE, to_int16
from kindaudio.audio.timeline import ClipKind, Timeline

FADE_IN_SECONDS = 0.02
FADE_OUT_SECONDS = 1.5


@dataclass(frozen=True, eq=False)
class Sound:
    """A clip's audio placed in the programme: from `start` for `info.n_samples`."""

    start: int
    info: ClipInfo

    @property
    def end(self) -> int:
        return self.start + self.info.n_samples


def place_sounds(timeline: Timeline, speech: Mapping[str, ClipInfo],
                 bells: Callable[[int], ClipInfo] = bell_clip) -> list[Sound]:
    """Every sound in the timeline, in order of start."""
    sounds = []
    for clip in timeline.clips:
        if clip.kind is ClipKind.SPEECH:
            assert clip.sentence is not None
            sounds.append(Sound(clip.start, speech[clip.sentence.id]))
        elif clip.kind is ClipKind.BELL:
            sounds.append(Sound(clip.start, bells(clip.strikes)))
    return sorted(sounds, key=lambda sound: sound.start)


class Mixer:
    """Produces the programme as float32 blocks, with `gain` applied."""

    def __init__(self, timeline: Timeline, sounds: list[Sound], gain: float = 1.0) -> None:
        self.timeline = timeline
        self.sounds = sounds
        self.gain = gain
        self.length = timeline.length
        self._fade_in = max(int(FADE_IN_SECONDS * MIX_RATE), 1)
        self._fade_out = min(max(int(FADE_OUT_SECONDS * MIX_RATE), 1), self.length)

    def blocks(self, block_size: int, start: int = 0) -> Iterator[np.ndarray]:
        """The programme from sample `start` to the end, as float32 blocks."""
        for block_start, block_end, block in self._mix(block_size, start):
            yield np.zeros(block_end - block_start, dtype=np.float32) if block is None else block

    def pcm16_blocks(self, block_size: int, start: int = 0) -> Iterator[np.ndarray]:
        """The programme as 16-bit blocks (rounded, clipped); silence costs nothing."""
        silence = np.zeros(block_size, dtype=np.int16)
        silence.flags.writeable = False
        for block_start, block_end, block in self._mix(block_size, start):
            if block is None:
                yield silence[: block_end - block_start]
            else:
                yield to_int16(block)

    def _mix(self, block_size: int, start: int) -> Iterator[tuple[int, int, np.ndarray | None]]:
        """(start, end, samples) per block; samples is None where nothing sounds."""
        scale = np.float32(self.gain / INT16_SCALE)
        next_sound = 0
        while next_sound < len(self.sounds) and self.sounds[next_sound].end <= start:
            next_sound += 1
        active: list[int] = []
        for block_start in range(start, self.length, block_size):
            block_end = min(block_start + block_size, self.length)
            while next_sound < len(self.sounds) and self.sounds[next_sound].start < block_end:
                active.append(next_sound)
                next_sound += 1
            active = [index for index in active if self.sounds[index].end > block_start]
            if not active:
                yield block_start, block_end, None
                continue
            block = np.zeros(block_end - block_start, dtype=np.float32)
            for index in active:
                sound = self.sounds[index]
                lo = max(sound.start, block_start)
                hi = min(sound.end, block_end)
                block[lo - block_start: hi - block_start] += sound.info.samples[lo - sound.start: hi - sound.start] * scale
            active = [index for index in active if self.sounds[index].end > block_end]
            self._fade(block, block_start)
            yield block_start, block_end, block

    def _fade(self, block: np.ndarray, block_start: int) -> None:
        block_end = block_start + len(block)
        if block_start < self._fade_in:
            n = min(self._fade_in, block_end) - block_start
            block[:n] *= (np.arange(block_start, block_start + n, dtype=np.float32) / self._fade_in)
        fade_from = self.length - self._fade_out
        if block_end > fade_from:
            lo = max(fade_from, block_start)
            ramp = (self.length - np.arange(lo, block_end, dtype=np.float32)) / self._fade_out
            block[lo - block_start:] *= ramp
