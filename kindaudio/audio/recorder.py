"""Recording a real voice, one sentence's take at a time.

A take goes from the microphone to a temporary FLAC file as it is spoken, so a
long take never sits in memory, and only becomes a sentence's recording when
it is kept (save_take): then it is moved over the old recording in one step,
so re-recording leaves either the old take or the new one, never a mix, and a
take that cannot be kept leaves the old one as it was.

Three threads take part, and only one of them is in a hurry:

- PortAudio's audio thread calls `Recorder._callback` once per block. It only
  copies the block into a ring allocated beforehand and notes the block's peak
  for the meter: no file I/O, no locks, no logging. It talks to the writer
  through two counters, each written by one side only.
- The recorder's writer thread moves what the ring holds into the take's file.
- Whoever calls the public methods (the window's worker, the terminal).

Nothing here imports sounddevice or soundfile until a take is recorded or
saved: loading PortAudio probes every sound device of the machine.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kindaudio.common.atomicfile import TEMP_SUFFIX, atomic_output, remove_stale_temporaries
from kindaudio.audio import portaudio
from kindaudio.audio.recordings import EXTENSIONS, MAX_RECORDING_SECONDS
from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.common.paths import AppPaths, app_paths, ensure_dir
from kindaudio.script.ids import ID_PATTERN

log = logging.getLogger(__name__)

# 1024 frames per callback: 21 ms at 48 kHz. The test sound card feeds whole
# blocks of this size (tests/alsa/feed.py).
BLOCK_FRAMES = 1024
RING_SECONDS = 10.0  # how long the writer may fall behind (a slow disk) before sound is lost
WRITER_POLL_SECONDS = 0.05
LEVEL_BLOCKS = 8  # the meter shows the loudest of the last few blocks: about 0.2 s
PREFERRED_RATES = (48000, 44100)
SILENT_BELOW_DBFS = -50.0  # a take whose loudest moment is quieter than this heard nothing usable
MAX_TAKE_SECONDS = MAX_RECORDING_SECONDS  # what a recording may last; a take stops by itself there
SENTENCE_ID = re.compile(r"[A-Za-z0-9_-]+")
STALE_TAKE_SECONDS = 24 * 3600.0  # takes older than this were left by a program that was killed

_INPUT_HINT = ("Check that a microphone is connected, switched on and not muted, and that no other program "
               "is using it; or choose another input (`kindaudio record --device`, or the input choice "
               "in the recording window).")


class AudioInputError(UserInputError):
    """No sound can be recorded right now; the message says why and what to try."""

    def __init__(self, message: str, hint: str | None = _INPUT_HINT) -> None:
        super().__init__(message, hint=hint)


class TakeRefused(UserInputError):
    """A take that cannot become a recording (silent, damaged); the old recording stays."""


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    is_default: bool

    def __str__(self) -> str:
        return f"{self.index}: {self.name}{' [default]' if self.is_default else ''}"


@dataclass(frozen=True)
class Take:
    """A finished take, still in its temporary file until it is kept or let go."""

    path: Path
    frames: int
    rate: int
    peak: float  # the loudest sample, 0..1
    lost_frames: int = 0  # sound that never reached the file (the machine fell behind)
    reached_limit: bool = False  # it ran to MAX_TAKE_SECONDS and stopped by itself

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    @property
    def silent(self) -> bool:
        """Nothing usable was heard: no sound, or only the hiss of a muted microphone."""
        return self.frames == 0 or self.peak < 10 ** (SILENT_BELOW_DBFS / 20)

    @property
    def clipped(self) -> bool:
        """It reached the loudest level the input takes: it may sound harsh."""
        return self.peak >= 32767 / 32768

    def discard(self) -> None:
        """Let the take go (nothing happens if it was kept: its file has moved)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio library itself is missing
        raise AudioInputError(
            f"sound input is not available: {exc}",
            hint="Install PortAudio (Debian/Ubuntu: sudo apt-get install libportaudio2), then try again.",
        ) from exc
    return sounddevice


def _default_input(sd: Any) -> int:
    default = sd.default.device[0]
    if default is None or default < 0:
        default = sd.query_hostapis(0)["default_input_device"] if sd.query_hostapis() else -1
    return int(default)


def input_devices() -> list[InputDevice]:
    """The devices that can record sound, as PortAudio lists them."""
    sd = _sounddevice()
    try:
        with portaudio.in_use():
            devices = sd.query_devices()
            default = _default_input(sd)
    except sd.PortAudioError as exc:
        raise AudioInputError(f"the sound inputs could not be listed ({exc})") from exc
    return [InputDevice(index, str(device["name"]), index == default)
            for index, device in enumerate(devices) if device["max_input_channels"] > 0]


def look_again_for_inputs() -> bool:
    """Have PortAudio list the microphones connected now; False when sound is open (nothing changes then)."""
    return portaudio.look_again(_sounddevice())


def input_device_named(devices: list[InputDevice], name: str | None) -> InputDevice | None:
    """The device chosen before, found again by its name (numbers change as devices come and go)."""
    return next((device for device in devices if name is not None and device.name == name), None)


def resolve_input_device(choice: str | int | None) -> int | None:
    """An input device index from a number or (part of) a name; None for the system default.

    Says clearly when there is no input at all, so nothing is asked of the
    person before they learn that.
    """
    devices = input_devices()
    listing = "; ".join(str(device) for device in devices) or "none"
    if not devices:
        raise AudioInputError("no microphone or other sound input was found")
    if choice is None or choice == "" or choice == "default":
        return None
    if isinstance(choice, int) or str(choice).isdigit():
        index = int(choice)
        if any(device.index == index for device in devices):
            return index
        raise UserInputError(f"there is no input device number {index}; the input devices are: {listing}")
    matches = [device for device in devices if str(choice).lower() in device.name.lower()]
    if len(matches) == 1:
        return matches[0].index
    if not matches:
        raise UserInputError(f"no input device is called {choice!r}; the input devices are: {listing}")
    raise UserInputError(f"{choice!r} names {len(matches)} input devices; give its number: {listing}")


def recording_path(paths: AppPaths, practice_id: str, sentence_id: str) -> Path:
    """Where the person's own recording of a sentence is kept: recordings/<practice>/<sentence>.flac."""
    if not ID_PATTERN.fullmatch(practice_id):
        raise UserInputError(f"{practice_id!r} is not a practice id (lowercase letters, digits and dashes)")
    if not SENTENCE_ID.fullmatch(sentence_id):
        raise UserInputError(f"{sentence_id!r} is not a sentence id")
    return paths.recordings / practice_id / f"{sentence_id}.flac"


class Recorder:
    """Records one take at a time from an input device (mono, 16-bit) into a temporary file.

    `level()` and `elapsed()` may be polled from any thread while recording
    (the window's meter does, about 30 times a second).
    """

    def __init__(self, device: int | None = None, *, folder: Path | None = None) -> None:
        self.device = device
        self._folder = folder  # where takes are written; the recordings folder unless told
        self._stream: Any = None
        self._file: Any = None
        self._path: Path | None = None
        self._writer: threading.Thread | None = None
        self._stop_writer = threading.Event()
        self._progress = threading.Condition()
        self.rate = 0
        self._reset(ring_frames=0)

    def _reset(self, ring_frames: int) -> None:
        self._ring = np.zeros(ring_frames, dtype=np.int16)
        self._peaks = np.zeros(LEVEL_BLOCKS, dtype=np.int32)
        self._peak_slot = 0
        self._written = 0  # frames the callback has put in the ring (only the callback writes it)
        self._taken = 0  # frames the writer has moved to the file (only the writer writes it)
        self._lost = 0  # frames the callback could not keep (only the callback writes it)
        self._overflows = 0  # blocks the device itself says it lost
        self._limit = 0
        self._at_limit = False
        self._ended = False  # the stream ended without stop(): the limit, or a device gone
        self._peak = 0
        self._failure: BaseException | None = None
        self._stop_exception: type[BaseException] = StopIteration

    # -- the public side ---------------------------------------------------------

    @property
    def recording(self) -> bool:
        """A take is open (started and not yet stopped or cancelled)."""
        return self._stream is not None

    @property
    def running(self) -> bool:
        """Sound is coming in: recording, and not stopped by itself (the limit, or a device gone)."""
        return self._stream is not None and not self._ended

    def start(self) -> None:
        """Open the input and start a take; its sound goes to a temporary file as it comes."""
        if self._stream is not None:
            raise RuntimeError("a take is already being recorded; stop it first")
        sd = _sounddevice()
        device = self.device
        name = "the default input device" if device is None else f"input device {device}"
        if not input_devices():
            raise AudioInputError("no microphone or other sound input was found")
        self.rate = _capture_rate(sd, device, name)
        import soundfile

        folder = ensure_dir(self._folder or _private_folder(app_paths().recordings))
        remove_stale_temporaries(folder, STALE_TAKE_SECONDS)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".take-", suffix=f".flac{TEMP_SUFFIX}")
        os.close(handle)
        self._path = Path(temp_name)
        self._reset(ring_frames=int(RING_SECONDS * self.rate))
        self._limit = int(MAX_TAKE_SECONDS * self.rate)
        self._stop_exception = sd.CallbackStop
        try:
            self._file = soundfile.SoundFile(temp_name, "w", samplerate=self.rate, channels=1, subtype="PCM_16",
                                             format="FLAC")
        except (RuntimeError, OSError) as exc:
            self._path.unlink(missing_ok=True)
            self._path = None
            raise KindAudioError(f"a take could not be written in {folder} ({exc})") from exc
        self._stop_writer.clear()
        self._writer = threading.Thread(target=self._write, name="kindaudio-take-writer", daemon=True)
        self._writer.start()
        try:
            with portaudio.in_use():  # PortAudio is not restarted under a stream being opened
                self._stream = sd.InputStream(samplerate=self.rate, blocksize=BLOCK_FRAMES, device=device,
                                              channels=1, dtype="int16", latency="high", callback=self._callback,
                                              finished_callback=self._on_finished)
                self._stream.start()
                portaudio.stream_opened()
        except (sd.PortAudioError, ValueError) as exc:
            self._stream = None
            self._close_take()
            self._path.unlink(missing_ok=True)
            self._path = None
            raise AudioInputError(f"{name} could not be opened for recording ({exc})") from exc
        log.info("recording from %s at %d Hz into %s", name, self.rate, self._path)

    def level(self) -> float:
        """The recent peak, 0..1, for a level meter; 0 when not recording."""
        if not self.running:
            return 0.0
        return float(self._peaks.max()) / 32768.0

    def elapsed(self) -> float:
        """Seconds of sound in the take so far."""
        return self._written / self.rate if self.rate else 0.0

    def wait_for_seconds(self, seconds: float, timeout: float | None = None) -> bool:
        """Wait until the take's file holds `seconds` of sound, or the take ends; True if it got there."""
        target = math.ceil(seconds * self.rate) if self.rate else 0
        with self._progress:
            self._progress.wait_for(lambda: self._taken >= target or not self.running, timeout)
            return self._taken >= target

    def stop(self) -> Take:
        """End the take and hand it over (still a temporary file: keep it with save_take, or discard it)."""
        if self._stream is None or self._path is None:
            raise RuntimeError("no take is being recorded")
        self._close_stream()
        self._close_take()
        path, failure = self._path, self._failure
        self._path = None
        if failure is not None:
            path.unlink(missing_ok=True)
            raise KindAudioError(f"the take could not be written to {path.parent} ({failure})",
                                 hint="Check that the disk has room, then record it again.")
        take = Take(path, self._taken, self.rate, self._peak / 32768.0, self._lost + self._overflows * BLOCK_FRAMES,
                    self._at_limit)
        log.info("take of %.2f s, peak %.3f, %d frames lost", take.seconds, take.peak, take.lost_frames)
        return take

    def cancel(self) -> None:
        """Stop and throw the take away (nothing happens when none is open)."""
        if self._stream is None:
            return
        self._close_stream()
        self._close_take()
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None

    # -- PortAudio's thread ------------------------------------------------------------

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if status and status.input_overflow:
            self._overflows += 1
        written = self._written
        room = min(len(self._ring) - (written - self._taken), self._limit - written)
        keep = min(frames, max(room, 0))
        if keep < frames and written + keep < self._limit:
            self._lost += frames - keep
        if keep:
            start = written % len(self._ring)
            first = min(keep, len(self._ring) - start)
            self._ring[start:start + first] = indata[:first, 0]
            if first < keep:
                self._ring[:keep - first] = indata[first:keep, 0]
            self._written = written + keep
        self._peaks[self._peak_slot] = max(int(indata.max()), -int(indata.min()))
        self._peak_slot = (self._peak_slot + 1) % LEVEL_BLOCKS
        if self._written >= self._limit:
            self._at_limit = True
            raise self._stop_exception

    def _on_finished(self) -> None:
        self._ended = True
        with self._progress:
            self._progress.notify_all()

    # -- the writer thread ------------------------------------------------------------

    def _write(self) -> None:
        while True:
            stopping = self._stop_writer.wait(WRITER_POLL_SECONDS)
            self._drain()
            if stopping:
                return

    def _drain(self) -> None:
        written, taken = self._written, self._taken
        if written == taken:
            return
        size = len(self._ring)
        start, end = taken % size, written % size
        pieces = [self._ring[start:end]] if start < end else [self._ring[start:], self._ring[:end]]
        for piece in pieces:
            if not len(piece):
                continue
            self._peak = max(self._peak, int(np.abs(piece.astype(np.int32)).max()))
            if self._failure is None:
                try:
                    self._file.write(piece)
                except (RuntimeError, OSError) as exc:  # a full disk: said when the take stops
                    log.error("writing the take failed: %s", exc)
                    self._failure = exc
        with self._progress:
            self._taken = written
            self._progress.notify_all()

    # -- ending ---------------------------------------------------------------------

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        try:
            stream.stop()
            stream.close()
        except Exception as exc:  # noqa: BLE001 - a device gone mid-take: what came in is still kept
            log.warning("closing the input stream: %s", exc)
        finally:
            portaudio.stream_closed()
        self._peaks[:] = 0

    def _close_take(self) -> None:
        self._stop_writer.set()
        if self._writer is not None:
            self._writer.join()
            self._writer = None
        if self._file is not None:
            try:
                self._file.close()
            except (RuntimeError, OSError) as exc:
                self._failure = self._failure or exc
            self._file = None


def _capture_rate(sd: Any, device: int | None, name: str) -> int:
    """The device's own rate when it is a usual one for voice, else 48 or 44.1 kHz, whichever it takes."""
    try:
        default = int(sd.query_devices(device, kind="input")["default_samplerate"])
    except (sd.PortAudioError, ValueError, KeyError) as exc:
        raise AudioInputError(f"{name} cannot record ({exc})") from exc
    candidates = [default] if default in PREFERRED_RATES else []
    candidates += [rate for rate in (*PREFERRED_RATES, default) if rate not in candidates and rate > 0]
    problem: Exception | None = None
    for rate in candidates:
        try:
            sd.check_input_settings(device=device, channels=1, dtype="int16", samplerate=rate)
            return rate
        except (sd.PortAudioError, ValueError) as exc:
            problem = exc
    raise AudioInputError(f"{name} cannot record 16-bit mono sound at {' or '.join(map(str, candidates))} Hz "
                          f"({problem})")


def _private_folder(folder: Path) -> Path:
    """The folder and the data folder above it, each created private (ensure_dir gives 0700 to the last only)."""
    ensure_dir(folder.parent)
    return ensure_dir(folder)


def save_take(take: Take, paths: AppPaths, practice_id: str, sentence_id: str) -> Path:
    """Keep a take as the sentence's recording (FLAC, mode 0600), replacing any before it in one step.

    A take that cannot be kept is refused before anything is touched: the
    sentence's old recording stays exactly as it was.
    """
    target = recording_path(paths, practice_id, sentence_id)
    if take.silent:
        loudest = f"{20 * math.log10(take.peak):.0f} dBFS" if take.peak > 0 else "nothing at all"
        raise TakeRefused(f"nothing was heard in this take (its loudest moment: {loudest}); it was not kept",
                          hint="Check that the microphone is connected, not muted, and chosen as the input, "
                               "then record it again.")
    if take.lost_frames:
        raise TakeRefused(f"{take.lost_frames / take.rate:.2f} s of this take was lost while recording (the "
                          "computer fell behind), so it has a gap; it was not kept",
                          hint="Record it again; closing other busy programs may help.")
    try:
        decoded = _decoded_frames(take.path)
        if decoded != take.frames:
            raise ValueError(f"{decoded} of its {take.frames} samples could be read")
    except (RuntimeError, OSError, ValueError) as exc:
        raise TakeRefused(f"the take in {take.path} cannot be read any more ({exc}); it was not kept",
                          hint="Record it again.") from exc
    ensure_dir(_private_folder(paths.recordings) / practice_id)
    with open(take.path, "rb") as handle:  # a voice cannot be made again: on disk before it replaces the old
        os.fsync(handle.fileno())
    os.chmod(take.path, 0o600)
    try:
        os.replace(take.path, target)
    except OSError:  # the take was written on another file system: copy it over, just as atomically
        with atomic_output(target, mode=0o600, durable=True) as temp:
            shutil.copyfile(take.path, temp)
        take.discard()
    for extension in EXTENSIONS:  # an older recording of another kind (from a pack) would only confuse
        other = target.with_suffix(extension)
        if other != target:
            other.unlink(missing_ok=True)
    log.info("kept a %.1f s take as %s", take.seconds, target)
    return target


def _decoded_frames(path: Path) -> int:
    """How many samples of the file decode: every one of them is read (a block at a time), since a
    file cut short can keep a header that still promises them all."""
    import soundfile

    with soundfile.SoundFile(str(path)) as sound:
        return sum(len(block) for block in sound.blocks(blocksize=1 << 16, dtype="int16"))


def delete_recording(paths: AppPaths, practice_id: str, sentence_id: str) -> bool:
    """Delete the person's own recording of a sentence (of any kind); True if there was one.

    Recordings that ship with the app are not the person's to delete, and stay.
    """
    target = recording_path(paths, practice_id, sentence_id)
    deleted = False
    for extension in EXTENSIONS:
        with contextlib.suppress(FileNotFoundError):
            target.with_suffix(extension).unlink()
            deleted = True
    if deleted:
        log.info("deleted the recording of sentence %s of %s", sentence_id, practice_id)
    return deleted
