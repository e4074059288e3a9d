"""The ring after a jump: the device never runs dry in the middle of the new place.

The player's own thread and the audio callback, driven here by hand so the
test decides who runs when: the callback is the real one (AudioFeed.callback,
given a numpy buffer where PortAudio would give its own), the ring writer and
the jump are the player's own (Runner.jump), the programme a real timer with
the ambience under it (so every block sounds). Only the sound device is left
out: the order of events this test fixes is what a device faster than the
player's thread makes happen by chance (the player tests' sound card, a busy
machine).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kindaudio.audio.format import MIX_RATE, to_int16
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import timer_programme
from kindaudio.audio.playback.runner import Runner, Session
from kindaudio.audio.playback.status import PlayerStats
from kindaudio.audio.playback.timer import TimerSpec

B = 256
SLOTS = 8


@dataclass
class _Status:
    """The flags PortAudio hands the callback."""

    output_underflow: bool = False


def _runner() -> tuple[Runner, np.ndarray]:
    """A runner on a one-minute timer with the ambience, its ring full; and the programme as a file holds it."""
    programme = timer_programme(TimerSpec(minutes=1, ambience=True))
    runner = Runner(Player(block=B, ring_blocks=SLOTS), Session(lambda: programme, "", PlayerStats()))
    runner.ring.programme = programme
    runner.ring.fill()
    whole = np.empty(programme.timeline.length, dtype=np.float32)
    programme.mix_into(whole, 0)
    return runner, to_int16(whole)


def _play(runner: Runner, blocks: int) -> np.ndarray:
    """What the device receives over `blocks` callbacks, with the player's thread not running meanwhile."""
    heard = []
    for _ in range(blocks):
        out = np.zeros((B, 1), dtype=np.int16)
        runner.feed.callback(out, B, None, _Status())
        heard.append(out[:, 0].copy())
    return np.concatenate(heard)


def test_after_a_jump_the_new_place_starts_only_with_the_ring_filled_behind_it() -> None:
    runner, programme = _runner()
    assert np.array_equal(_play(runner, 3), programme[: 3 * B])  # three slots free again
    target = 20 * MIX_RATE
    runner.jump(target)
    # The callback runs many times before the player's thread comes round again:
    # it fades out where it was, then holds silence; it never plays the few new
    # blocks that fitted and then runs dry.
    heard = _play(runner, 2 * SLOTS)
    stats = runner.session.stats
    assert stats.underruns == 0
    assert stats.last_fade_out_start == 3 * B
    assert heard[:B].any() and not heard[B:].any()
    assert stats.silent_blocks == 2 * SLOTS - 1

    runner.ring.fill()  # the player's thread, its next time round
    heard = _play(runner, SLOTS)
    ramp = (np.arange(B, dtype=np.float32) + 0.5) / B
    faded_in = np.rint(programme[target: target + B].astype(np.float32) * ramp).astype(np.int16)
    assert np.array_equal(heard, np.concatenate([faded_in, programme[target + B: target + SLOTS * B]]))
    assert stats.last_fade_in_start == target
    assert stats.underruns == 0


def test_a_second_jump_before_the_first_is_heard_goes_to_the_second_place() -> None:
    runner, programme = _runner()
    _play(runner, 3)
    runner.jump(20 * MIX_RATE)
    runner.jump(40 * MIX_RATE)  # the blocks mixed for 20 s were never published
    _play(runner, 2)
    runner.ring.fill()
    heard = _play(runner, SLOTS)
    assert runner.session.stats.last_fade_in_start == 40 * MIX_RATE
    assert np.array_equal(heard[B:], programme[40 * MIX_RATE + B: 40 * MIX_RATE + SLOTS * B])
    assert runner.session.stats.underruns == 0
