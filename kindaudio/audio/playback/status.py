"""What the player tells the rest: its state, its events, and what the audio thread saw.

Plain values, made on the player's thread and handed to listeners (the window
turns them into Qt signals, the terminal prints them, the journal's listener
turns them into rows); none of them changes once made, except PlayerStats,
which the audio thread counts into as it plays.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from kindaudio.audio.mixing.timeline import SectionSpan
from kindaudio.script.model import Sentence


class PlayerState(enum.Enum):
    IDLE = "idle"
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    FINISHED = "finished"
    FAILED = "failed"


class EventKind(enum.Enum):
    STATE = "state"  # state (or its message) changed
    POSITION = "position"  # about every block while playing
    SECTION = "section"
    SENTENCE = "sentence"  # the caption: a sentence began, or speech stopped
    FINISHED = "finished"  # the end of the practice was played


@dataclass(frozen=True)
class PlayerStatus:
    state: PlayerState
    position: float = 0.0  # seconds into the programme
    length: float = 0.0  # seconds
    section: SectionSpan | None = None
    sentence: Sentence | None = None
    volume: float = 1.0
    underruns: int = 0
    waiting_for_speech: bool = False
    message: str | None = None
    title: str = ""

    @property
    def remaining(self) -> float:
        return max(self.length - self.position, 0.0)


@dataclass(frozen=True)
class PlayerEvent:
    kind: EventKind
    status: PlayerStatus


Listener = Callable[[PlayerEvent], None]


@dataclass
class PlayerStats:
    """What the audio thread saw; read by tests and benchmarks."""

    underruns: int = 0
    device_underflows: int = 0  # of the underruns, those PortAudio reported
    callbacks: int = 0
    longest_callback: float = 0.0  # seconds
    first_callback_at: float | None = None  # time.perf_counter()
    first_speech_at: float | None = None
    first_sound_at: float | None = None  # the first block with anything to hear (a bell, words, the ambience)
    play_called_at: float | None = None
    silent_blocks: int = 0  # blocks of silence between a fade out and a fade in (paused, between seeks)
    last_fade_out_start: int = -1  # programme sample where the last faded-out block began
    last_fade_in_start: int = -1
    last_volume_ramp_start: int = -1
    stream_opens: int = 0
    holds: int = 0
