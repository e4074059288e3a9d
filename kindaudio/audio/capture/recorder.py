"""Recording a real voice from the microphone, one sentence's take at a time.

A take goes from the microphone to a temporary FLAC file as it is spoken, so a
long take never sits in memory; `stop` hands it over as a Take, which the
recordings store keeps as the sentence's recording or lets go (takes.py).

Three threads take part, and only one of them is in a hurry:

- PortAudio's audio thread calls `Recorder._callback` once per block. It only
  copies the block into a ring allocated beforehand and notes the block's peak
  for the meter: no file I/O, no locks, no logging. It talks to the writer
  through two counters, each written by one side only.
- The recorder's writer thread moves what the ring holds into the take's file.
- Whoever calls the public methods (the window's worker, the terminal).

Nothing here imports sounddevice or soundfile until a take is recorded:
loading PortAudio probes every sound device of the machine.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from kindaudio.audio import portaudio
from kindaudio.audio.capture.inputs import AudioInputError, capture_rate, input_devices, load_sounddevice
from kindaudio.audio.clips.recordings import MAX_RECORDING_SECONDS
from kindaudio.audio.clips.takes import Take, private_folder
from kindaudio.common.atomicfile import TEMP_SUFFIX, remove_stale_temporaries
from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import app_paths, ensure_dir

log = logging.getLogger(__name__)

# 1024 frames per callback: 21 ms at 48 kHz. The test sound card feeds whole
# blocks of this size (tests/alsa/feed.py).
BLOCK_FRAMES = 1024
RING_SECONDS = 10.0  # how long the writer may fall behind (a slow disk) before sound is lost
WRITER_POLL_SECONDS = 0.05
LEVEL_BLOCKS = 8  # the meter shows the loudest of the last few blocks: about 0.2 s
MAX_TAKE_SECONDS = MAX_RECORDING_SECONDS  # what a recording may last; a take stops by itself there
STALE_TAKE_SECONDS = 24 * 3600.0  # takes older than this were left by a program that was killed


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
        sd = load_sounddevice()
        device = self.device
        name = "the default input device" if device is None else f"input device {device}"
        if not input_devices():
            raise AudioInputError("no microphone or other sound input was found")
        self.rate = capture_rate(sd, device, name)
        import soundfile

        folder = ensure_dir(self._folder or private_folder(app_paths().recordings))
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
