"""Mixing a Timeline into audio, block by block.

The mixer never builds the whole practice in memory: each block is made from
the few clips that sound during it. A bell keeps ringing under whatever
follows it. A short fade-in and a fade-out over the final silence make the
start and end soft, and every spoken clip fades in and out over a few
milliseconds, so none starts or stops with a tick.

Those clip fades are made here, as the clips are placed, rather than stored
with each clip in the cache: they then reach every clip alike (synthesised,
recorded, a take just made, clips cached by earlier versions) without a new
cache key, and a clip's stored audio stays exactly what was measured. They cost
a few hundred samples' multiplication per sentence. Where the programme's
gain would lift a true peak over the ceiling, its limiter's envelope
(peaks.py) is applied last.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.clips.clip import ClipInfo, ClipOrigin
from kindaudio.audio.format import CELL, INT16_SCALE, MIX_RATE, to_int16
from kindaudio.audio.mixing.peaks import MIX_CEILING_DBTP, Envelope, limit_programme, placed_peaks
from kindaudio.audio.mixing.timeline import ClipKind, Timeline
from kindaudio.audio.sounds.bell import bell_clip

FADE_IN_SECONDS = 0.02
FADE_OUT_SECONDS = 1.5
BED_FADE_SECONDS = 4.0  # the ambience comes and goes softly
# Every spoken clip's first and last samples fade over this (a raised cosine):
# long enough that an edge at -30 dBFS no longer ticks, far shorter than the
# 5 ms of quiet kept before each sentence's onset and the 40 ms after it.
EDGE_FADE_SECONDS = 0.005
_FADED = (ClipOrigin.TTS, ClipOrigin.RECORDING)  # a bell has its own soft attack and long fade


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
    """Produces the programme as float32 blocks, with `gain` applied.

    Any stretch can be mixed on its own (`mix_into`), which is what lets the
    player seek, and render and player share one mixing path: the same samples
    come out whichever block boundaries ask for them. `bed` is a seamless loop
    (the soft ambience) laid under the whole programme at `bed_gain`.

    `envelope` is the limiter's gain keeping every true peak at most
    `ceiling_dbtp` (peaks.py); without one the mixer works it out itself, so
    a player's programme and a rendered file at the same gain sound the same.
    """

    def __init__(self, timeline: Timeline, sounds: list[Sound], gain: float = 1.0,
                 bed: ClipInfo | None = None, bed_gain: float = 1.0, *, envelope: Envelope | None = None,
                 ceiling_dbtp: float = MIX_CEILING_DBTP) -> None:
        self.timeline = timeline
        self.sounds = sounds
        self.gain = gain
        self.length = timeline.length
        self._starts = [sound.start for sound in sounds]
        self._longest = max((sound.info.n_samples for sound in sounds), default=0)
        self._scale = np.float32(gain / INT16_SCALE)
        self._bed = bed
        self._bed_gain = bed_gain
        self._bed_scale = np.float32(gain * bed_gain / INT16_SCALE)
        self._fade_in = max(int(FADE_IN_SECONDS * MIX_RATE), 1)
        self._fade_out = min(max(int(FADE_OUT_SECONDS * MIX_RATE), 1), self.length)
        self._bed_fade = min(max(int(BED_FADE_SECONDS * MIX_RATE), 1), max(self.length // 2, 1))
        self._faded = [sound.info.origin in _FADED for sound in sounds]
        self._edge = _edge_ramp()
        if envelope is None:
            envelope = limit_programme(self.mix_unlimited, self.peak_bound(), self.length, ceiling_dbtp).envelope
        self.envelope = envelope

    def peak_bound(self) -> np.ndarray:
        """An upper bound of each cell's true peak as mixed (gain included), from the clips' measurements."""
        cells = -(-self.length // CELL) + 1
        bound = placed_peaks(((sound.start, sound.info.cell_peak) for sound in self.sounds), cells)
        if self._bed is not None:
            bound += np.resize(self._bed.cell_peak, cells) * self._bed_gain
        return bound * self.gain

    def blocks(self, block_size: int, start: int = 0) -> Iterator[np.ndarray]:
        """The programme from sample `start` to the end, as float32 blocks."""
        for block_start in range(start, self.length, block_size):
            block = np.empty(min(block_size, self.length - block_start), dtype=np.float32)
            self.mix_into(block, block_start)
            yield block

    def pcm16_blocks(self, block_size: int, start: int = 0) -> Iterator[np.ndarray]:
        """The programme as 16-bit blocks (rounded, clipped); silence costs nothing."""
        silence = np.zeros(block_size, dtype=np.int16)
        silence.flags.writeable = False
        for block_start in range(start, self.length, block_size):
            block = np.empty(min(block_size, self.length - block_start), dtype=np.float32)
            if self.mix_into(block, block_start):
                yield to_int16(block)
            else:
                yield silence[: len(block)]

    def sounding(self) -> list[tuple[int, int]]:
        """The stretches [start, end) where anything sounds, merged, in order; silence lies between."""
        if self._bed is not None:
            return [(0, self.length)] if self.length else []
        spans: list[tuple[int, int]] = []
        for sound in self.sounds:
            start, end = sound.start, min(sound.end, self.length)
            if end <= start:
                continue
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
        return spans

    def pcm16_pieces(self, most: int) -> Iterator[tuple[int, np.ndarray]]:
        """The programme as 16-bit pieces (start, samples) of at most `most` samples,
        only where something sounds: the silence between is zeros, never made.

        Each piece is mixed by mix_into, so the samples are those of any other
        way of asking for them.
        """
        mix = np.empty(most, dtype=np.float32)
        for start, end in self.sounding():
            for piece in range(start, end, most):
                out = mix[: min(most, end - piece)]
                self.mix_into(out, piece)
                yield piece, to_int16(out)

    def mix_into(self, out: np.ndarray, start: int) -> bool:
        """Mix samples [start, start + len(out)) into `out` (float32, overwritten).

        Past the end is silence. Returns False when nothing sounds there (out is
        then all zeros), so callers can skip work on silence.
        """
        sounding = self.mix_unlimited(out, start)
        if sounding:
            self.envelope.apply(out, start)
        return sounding

    def mix_unlimited(self, out: np.ndarray, start: int) -> bool:
        """mix_into without the limiter's envelope (what the limiter measures)."""
        end = start + len(out)
        sounding = False
        # Sounds are sorted by start; any that overlaps began at most _longest before.
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, min(end, self.length))
        for index in range(first, last):
            sound = self.sounds[index]
            lo = max(sound.start, start)
            hi = min(sound.end, end, self.length)
            if hi <= lo:
                continue
            samples = sound.info.samples[lo - sound.start: hi - sound.start]
            if sounding:
                out[lo - start: hi - start] += samples * self._scale
            else:
                # The first sound is scaled straight into place, and only the rest is
                # cleared: most stretches hold one sound, and this is the player's
                # audio callback as well as every render.
                out[: lo - start] = 0.0
                np.multiply(samples, self._scale, out=out[lo - start: hi - start])
                out[hi - start:] = 0.0
                sounding = True
            if self._faded[index] and (lo - sound.start < len(self._edge) or sound.end - hi < len(self._edge)):
                self._soften_edges(out, start, sound, lo, hi)
        if not sounding:
            out[:] = 0.0
        if self._bed is not None and start < self.length:
            self._add_bed(out[: min(end, self.length) - start], start)
            sounding = True
        if sounding:
            self._fade(out, start)
        return sounding

    def _soften_edges(self, out: np.ndarray, start: int, sound: Sound, lo: int, hi: int) -> None:
        """Take back from `out` what the fades at `sound`'s edges leave out of [lo, hi)."""
        edge = self._edge[: max(min(len(self._edge), sound.info.n_samples // 2), 1)]
        head_end = min(hi, sound.start + len(edge))
        if lo < head_end:
            kept = edge[lo - sound.start: head_end - sound.start]
            out[lo - start: head_end - start] -= \
                sound.info.samples[lo - sound.start: head_end - sound.start] * self._scale * (1 - kept)
        tail_start = max(lo, sound.end - len(edge))
        if tail_start < hi:
            # From the end: the last sample is weighted edge[0], the one before it edge[1], ...
            kept = edge[sound.end - hi: sound.end - tail_start][::-1]
            out[tail_start - start: hi - start] -= \
                sound.info.samples[tail_start - sound.start: hi - sound.start] * self._scale * (1 - kept)

    def _add_bed(self, out: np.ndarray, start: int) -> None:
        assert self._bed is not None
        loop = self._bed.samples
        position = np.arange(start, start + len(out))
        bed = loop[position % len(loop)] * self._bed_scale
        end = start + len(out)
        if start < self._bed_fade or end > self.length - self._bed_fade:
            # The bed rises and falls gently rather than starting at full level. Positions
            # stay whole numbers until the division: in float32 they are not exact past
            # 2**24 samples (12.7 minutes), and a long practice's end faded by block.
            ramp = np.minimum(np.minimum(position, self.length - position) / self._bed_fade, 1.0)
            bed *= ramp.astype(np.float32)
        out += bed

    def _fade(self, block: np.ndarray, block_start: int) -> None:
        block_end = min(block_start + len(block), self.length)
        # Whole-number positions, divided last (as in _add_bed): exact at any length.
        if block_start < self._fade_in:
            n = min(self._fade_in, block_end) - block_start
            block[:n] *= (np.arange(block_start, block_start + n) / self._fade_in).astype(np.float32)
        fade_from = self.length - self._fade_out
        if block_end > fade_from:
            lo = max(fade_from, block_start)
            ramp = (self.length - np.arange(lo, block_end)) / self._fade_out
            block[lo - block_start: block_end - block_start] *= ramp.astype(np.float32)


@functools.cache
def _edge_ramp() -> np.ndarray:
    """The fade-in over a clip's first samples: a raised cosine from 0 (read backwards, the fade-out)."""
    count = max(int(EDGE_FADE_SECONDS * MIX_RATE), 1)
    return (0.5 - 0.5 * np.cos(np.pi * np.arange(count) / count)).astype(np.float32)
