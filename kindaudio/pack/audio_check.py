"""Checking the sound files in a pack before any of them is kept.

A recording must decode, hold sound and last at most MAX_RECORDING_SECONDS,
as kindaudio.audio.clips.recordings requires of any recording it plays; here the
length is counted from the frames actually decoded rather than taken from the
file's header, so a file that lies about its length is caught too, and a
sample that is not a number (NaN or infinity, which a float WAV can hold) is
refused where it is met (and so is one far beyond full scale). Rendered
audio must decode and stay within a practice's length; captions must be
WebVTT text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import IO

import numpy as np

from kindaudio.audio import SilentClipError, prepare_speech
from kindaudio.pack.limits import MAX_CHANNELS, MAX_RENDERED_SECONDS, RECORDING_SECONDS, SAMPLE_RATES
from kindaudio.script.durations import format_clock

log = logging.getLogger(__name__)

BLOCK_FRAMES = 1 << 16
# A float file may go a little over full scale (1.0) and still play; this far over it is no recording.
MAX_SAMPLE = 100.0
_CONTAINERS = {".flac": "FLAC", ".wav": "WAV", ".ogg": "OGG", ".mp3": "MP3"}


class AudioProblem(ValueError):
    """A sound file that will not do; the message says why, in words for people."""


def check_recording(source: IO[bytes], extension: str) -> float:
    """Seconds of a recording that decodes, holds sound and lasts at most the recording limit."""
    decoded = _decode(source, extension, RECORDING_SECONDS, keep=True)
    try:
        prepare_speech(decoded.samples, decoded.rate)  # what playing it will do, so it will play
    except SilentClipError as exc:
        raise AudioProblem(f"it holds no sound to speak of ({exc})") from None
    return decoded.seconds


def check_rendered_audio(source: IO[bytes], extension: str) -> float:
    """Seconds of rendered practice audio that decodes and lasts no longer than a practice may."""
    return _decode(source, extension, MAX_RENDERED_SECONDS, keep=False).seconds


def check_captions(data: bytes) -> None:
    """WebVTT captions: UTF-8 text opening with the WEBVTT line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise AudioProblem("the captions are not UTF-8 text") from None
    if not text.removeprefix("\ufeff").startswith("WEBVTT") or "\x00" in text:
        raise AudioProblem("these are not WebVTT captions (they should start with a WEBVTT line)")


def _check_samples(block: np.ndarray, start: int, rate: int) -> None:
    """Refuse samples no sound has: NaN or infinity (a float WAV can hold them), or far beyond full scale
    (whose squares overflow when the loudness is measured)."""
    wrong = ~np.isfinite(block)
    what = "some of its samples are not numbers (NaN or infinity)"
    if not wrong.any():
        wrong = np.abs(block) > MAX_SAMPLE
        what = f"some of its samples are more than {MAX_SAMPLE:g} times full scale"
    if wrong.any():
        first = start + int(np.flatnonzero(wrong.any(axis=1))[0])
        raise AudioProblem(f"{what}, the first {first / rate:.2f} seconds in: it is damaged or was made to "
                           "mislead")


@dataclass(frozen=True)
class _Decoded:
    rate: int
    frames: int
    samples: np.ndarray  # mono float32; empty unless asked to keep them

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def _decode(source: IO[bytes], extension: str, max_seconds: float, *, keep: bool) -> _Decoded:
    """Decode block by block, counting frames; the samples (mixed to mono) only when `keep`."""
    import soundfile

    longest = format_clock(max_seconds)
    try:
        with soundfile.SoundFile(source) as sound:
            expected = _CONTAINERS.get(extension)
            if sound.format != expected:
                raise AudioProblem(f"it is named {extension} but holds {sound.format} audio")
            rate, channels = sound.samplerate, sound.channels
            if not SAMPLE_RATES[0] <= rate <= SAMPLE_RATES[1]:
                raise AudioProblem(f"its sample rate of {rate} Hz is outside {SAMPLE_RATES[0]}-{SAMPLE_RATES[1]} Hz")
            if not 1 <= channels <= MAX_CHANNELS:
                raise AudioProblem(f"it has {channels} channels; it should be mono or stereo")
            limit = int(rate * max_seconds)
            if sound.frames > limit and sound.frames < 2**62:  # a huge count means "unknown": then counted below
                raise AudioProblem(f"it lasts {format_clock(sound.frames / rate)}; at most {longest} is allowed")
            blocks: list[np.ndarray] = []
            frames = 0
            while True:
                block = sound.read(BLOCK_FRAMES, dtype="float32", always_2d=True)
                if not len(block):
                    break
                _check_samples(block, frames, rate)
                frames += len(block)
                if frames > limit:
                    raise AudioProblem(f"it lasts more than {longest}, the most allowed")
                if keep:
                    blocks.append(block.mean(axis=1) if channels > 1 else block[:, 0].copy())
    except AudioProblem:
        raise
    except (RuntimeError, ValueError, TypeError, soundfile.LibsndfileError) as exc:
        detail = getattr(exc, "error_string", None) or str(exc)  # without the name of the temporary file
        raise AudioProblem(f"it does not decode as audio ({detail})") from None
    if frames == 0:
        raise AudioProblem("it holds no audio at all")
    return _Decoded(rate, frames, np.concatenate(blocks) if keep else np.zeros(0, dtype=np.float32))
