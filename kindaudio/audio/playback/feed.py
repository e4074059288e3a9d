"""The audio callback and the ring of prepared blocks it drains.

This is the only code that runs on PortAudio's audio thread, so it does
nothing that can block or take long: it copies a prepared block to the device
(through the volume ramp and any fade), and counts what it saw in PlayerStats.
No allocation (its work arrays are made once), no locks, no logging.
"""

from __future__ import annotations

import enum
import time
from typing import Any

import numpy as np

from kindaudio.audio.playback.status import PlayerStats


class Want(enum.IntEnum):
    """What the player's thread wants the callback to do; the callback fades to it."""

    PLAY = 0
    PAUSE = 1
    STOP = 2


class AudioFeed:
    """The ring of prepared blocks and the audio callback that drains it.

    The player's thread writes slots and advances `written`; the callback reads
    them and advances `read`. Each slot records where in the programme it
    starts and its generation: a seek starts a new generation, and older
    blocks still queued are faded out and dropped.
    """

    def __init__(self, block: int, slots: int, stats: PlayerStats) -> None:
        self.block, self.slots = block, slots
        self.data = np.zeros((slots, block), dtype=np.int16)
        self.start = [0] * slots  # programme sample where each slot begins
        self.generation = [0] * slots
        self.has_speech = [False] * slots
        self.sounding = [False] * slots  # anything but silence in the block
        self.last = [False] * slots  # the programme's final block
        self.written = 0  # only the player's thread writes these ...
        self.hold_after = -1  # with `written` blocks played, the next sentence is not ready: hold there
        self.hold_start = 0  # programme sample where that sentence started when the hold began (set first)
        self.want = Want.PLAY
        self.generation_now = 0
        self.volume = 1.0
        self.read = 0  # ... and only the callback these
        self.held_blocks = 0  # blocks of silence held at a sentence boundary, in all
        self.held_here = 0  # ... and of them, at the boundary `held_at`
        self.held_at = -1
        self.silent = False  # output faded down (paused, stopped or between seek positions)
        self.gain = 1.0
        self.played_start = 0
        self.ended = False
        self.faded_for_stop = False
        self.abandoned = False  # its device was given up for lost: play nothing more
        self.last_callback_at = 0.0
        self.stats = stats
        self.stop_exception: type[BaseException] = Exception
        # Work arrays, made once: the callback only fills them.
        ramp = (np.arange(block, dtype=np.float32) + 0.5) / block
        self.ramp_up = ramp
        self.ramp_down = ramp[::-1].copy()
        self.work = np.zeros(block, dtype=np.float32)
        self.curve = np.zeros(block, dtype=np.float32)

    def free_slots(self) -> int:
        return self.slots - (self.written - self.read)

    def callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        began = time.perf_counter()
        stats = self.stats
        if stats.first_callback_at is None:
            stats.first_callback_at = began
        if status.output_underflow:
            stats.underruns += 1
            stats.device_underflows += 1
        out = outdata[:, 0]
        if self.abandoned:
            out[:] = 0
            raise self.stop_exception
        self._fill(out, frames)
        self.last_callback_at = time.perf_counter()
        stats.callbacks += 1
        spent = self.last_callback_at - began
        if spent > stats.longest_callback:
            stats.longest_callback = spent
        if self.ended or self.faded_for_stop:
            raise self.stop_exception

    def _fill(self, out: np.ndarray, frames: int) -> None:
        if frames != self.block:  # PortAudio promised fixed blocks; never seen otherwise
            out[:] = 0
            return
        # Blocks from before a seek: fade the first out, drop the rest.
        # (`read` moves on only after a slot is copied: the moment it does, the
        # player's thread may write the slot again.)
        while self.read < self.written and self.generation[self.read % self.slots] != self.generation_now:
            slot = self.read % self.slots
            if not self.silent:
                self._emit(out, slot, self.ramp_down)
                self.stats.last_fade_out_start = self.start[slot]
                self.silent = True
                self.read += 1
                return
            self.read += 1
        want = self.want
        available = self.read < self.written
        slot = self.read % self.slots
        if want is not Want.PLAY:
            if not self.silent and available:
                # Fade out the next block but keep it: resume fades the same block back in,
                # so the two halves add up to it and nothing is lost or repeated.
                self._emit(out, slot, self.ramp_down)
                self.stats.last_fade_out_start = self.start[slot]
                self.silent = True
            else:
                out[:] = 0
                self.silent = True
                self.stats.silent_blocks += 1
            if want is Want.STOP:
                self.faded_for_stop = True
            return
        if not available:
            out[:] = 0
            if self.silent:
                self.stats.silent_blocks += 1
            elif self.read == self.hold_after:
                # Drained exactly at a sentence whose speech is still coming:
                # hold silence here; the player's thread puts it in the timeline,
                # just before the sentence, which is where the position goes on.
                if self.held_at != self.hold_after:
                    self.held_at, self.held_here = self.hold_after, 0
                self.played_start = self.hold_start + self.held_here * self.block
                self.held_here += 1
                self.held_blocks += 1
            else:
                self.stats.underruns += 1
            return
        self.played_start = self.start[slot]
        if self.sounding[slot] and self.stats.first_sound_at is None:
            self.stats.first_sound_at = time.perf_counter()
        if self.has_speech[slot] and self.stats.first_speech_at is None:
            self.stats.first_speech_at = time.perf_counter()
        if self.silent:
            self.stats.last_fade_in_start = self.start[slot]
            self._emit(out, slot, self.ramp_up)
            self.silent = False
        else:
            self._emit(out, slot, None)
        if self.last[slot]:
            self.ended = True
        self.read += 1

    def _emit(self, out: np.ndarray, slot: int, fade: np.ndarray | None) -> None:
        """Copy a slot to the device, through the volume (ramped) and an optional fade."""
        target = self.volume
        if fade is None and target == self.gain == 1.0:
            out[:] = self.data[slot]
            return
        curve = self.curve
        if target != self.gain:
            self.stats.last_volume_ramp_start = self.start[slot]
            np.multiply(self.ramp_up, target - self.gain, out=curve)
            curve += self.gain
            self.gain = target
        else:
            curve.fill(target)
        if fade is not None:
            curve *= fade
        work = self.work
        np.multiply(self.data[slot], curve, out=work)
        np.rint(work, out=work)
        out[:] = work  # within int16 range: the gain is at most 1
