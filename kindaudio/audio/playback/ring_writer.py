"""Mixing a programme ahead into the feed's ring, and holding where speech is not made yet.

The player's thread keeps the ring of prepared blocks full (RING_BLOCKS, a few
seconds) so the audio callback always has a block to copy. When the next
sentence's speech is still being synthesised, it stops at that sentence and
the callback plays silence there; that held silence is then written into the
programme's timeline before the sentence (take_in_holds), so the position the
listener hears and the timeline always agree, and the pauses after it shrink to
keep the chosen length.
"""

from __future__ import annotations

import numpy as np

from kindaudio.audio.format import to_int16
from kindaudio.audio.mixing.timeline import ClipKind
from kindaudio.audio.playback.feed import AudioFeed
from kindaudio.audio.playback.live import LiveProgramme, SpeechFailed
from kindaudio.audio.playback.status import PlayerStats


class RingWriter:
    """Prepares a session's blocks into its feed: what comes next, from `position` on."""

    def __init__(self, feed: AudioFeed, block: int, stats: PlayerStats) -> None:
        self.feed = feed
        self.block = block
        self.stats = stats
        self.programme: LiveProgramme | None = None  # set once it is built
        self.position = 0  # the next sample to prepare
        self.failure: SpeechFailed | None = None
        self.mix = np.zeros(block, dtype=np.float32)
        self.waiting = False  # stopped at a sentence whose speech is not made yet
        self.accounted_holds = 0
        self.hold_at = 0  # programme sample where block `feed.hold_after` starts (the waiting sentence)
        self.unpublished = 0  # blocks mixed into the ring that the callback may not take yet

    def restart(self, feed: AudioFeed, here: int) -> None:
        """Go on into a fresh feed from `here` (the one before was left to a lost device)."""
        self.feed = feed
        self.accounted_holds = 0
        self.position = here

    def fill(self) -> None:
        """Prepare blocks until the ring is full, the programme is all queued, or
        the next sentence is not ready (the callback then holds silence there)."""
        programme, feed, block = self.programme, self.feed, self.block
        assert programme is not None
        self.waiting = False
        # Going on from a sentence that was waited for, the callback holds silence
        # (accounted for) rather than run dry where this thread last stopped. So
        # the blocks go out together once the ring is full: a device taking a
        # burst, as devices do when they start, then meets held silence before
        # the sentence instead of an underrun in its middle. So do the first
        # blocks after a jump (see stale_queued).
        batch = feed.hold_after == feed.written or self.stale_queued()
        try:
            while (feed.free_slots() - self.unpublished > 0 and self.position < programme.timeline.length
                   and self.failure is None):
                self.take_in_holds()
                start = self.position
                at = programme.waiting_at(start, start + block)
                if at is not None:
                    failure = programme.failure_at(at)
                    if failure is not None:
                        self.failure = failure
                        self.queue_block(start, end=at)
                        return
                    if at == start:
                        self.publish_blocks()
                        self.take_in_holds()  # any the callback made at the last sentence waited for
                        start = self.position
                        if feed.hold_after != feed.written:  # a new place to hold (not the same one, waited at again)
                            # Where the held silence begins; set before hold_after, as the callback reads them.
                            feed.hold_start = start
                        feed.hold_after = feed.written
                        self.hold_at = start
                        self.waiting = True
                        return
                    # The sentence starts inside this block: silence to the block's end first.
                    programme.hold(at, start + block - at)
                    self.stats.holds += 1
                self.queue_block(start)
                if not batch:
                    self.publish_blocks()
                # Holds the callback made before it saw this block belong before it.
                self.take_in_holds()
        finally:
            if not self.stale_queued():
                self.publish_blocks()

    def stale_queued(self) -> bool:
        """Blocks from before a jump (a seek, a skip) are still queued: the callback fades
        out the first and drops the rest the next time it runs.

        Until then only the slots free at the jump take new blocks, perhaps a few.
        Published at once, those few are all the device has after its fade in,
        and a device that takes blocks faster than this thread comes round (the
        tests' sound card plays at eight times real speed; any device when the
        machine is busy) runs dry in the middle of the new place: an underrun,
        silence the programme does not hold. So the new blocks wait until the
        stale ones are gone, and then go out with the ring filled behind them;
        meanwhile the callback plays silence between the fades, as for a pause.
        """
        feed = self.feed
        return feed.read < feed.written and feed.generation[feed.read % feed.slots] != feed.generation_now

    def publish_blocks(self) -> None:
        """Let the callback take the blocks mixed so far."""
        self.feed.written += self.unpublished
        self.unpublished = 0

    def take_in_holds(self) -> None:
        """Put the silence the callback held into the timeline, before the waiting sentence.

        The callback holds only where this thread last waited (block `hold_after`,
        which starts at `hold_at`), but it does so on its own thread: by the time
        this thread counts the silence it may have mixed more from there, so what
        was mixed since moves later with the sentence, unchanged.
        """
        programme, feed = self.programme, self.feed
        assert programme is not None
        held = feed.held_blocks - self.accounted_holds
        if not held:
            return
        self.accounted_holds += held
        samples = held * self.block
        programme.hold(self.hold_at, samples, queued_until=self.position)
        self.stats.holds += held
        for index in range(feed.hold_after, feed.written + self.unpublished):  # mixed since: now later
            feed.start[index % feed.slots] += samples
        self.hold_at += samples  # the sentence starts that much later now
        self.position += samples

    def queue_block(self, start: int, end: int | None = None) -> None:
        """Mix one block from `start` into the ring; with `end`, silence from there and finish."""
        programme, feed, block = self.programme, self.feed, self.block
        assert programme is not None
        slot = (feed.written + self.unpublished) % feed.slots
        sounding = programme.mix_into(self.mix, start)
        if end is not None:
            self.mix[max(end - start, 0):] = 0.0
        feed.data[slot] = to_int16(self.mix) if sounding else 0
        feed.sounding[slot] = sounding
        feed.start[slot] = start
        feed.generation[slot] = feed.generation_now
        feed.has_speech[slot] = self.speech_in(start, min(start + block, end if end is not None else start + block))
        self.position = start + block
        feed.last[slot] = end is not None or self.position >= programme.timeline.length
        self.unpublished += 1

    def speech_in(self, start: int, end: int) -> bool:
        assert self.programme is not None
        return any(clip.kind is ClipKind.SPEECH for clip in self.programme.clips_between(start, end))
