"""The sound output: PortAudio through sounddevice, and what can go wrong with it.

This is the only module that touches sounddevice. It is imported lazily:
loading PortAudio probes every sound device of the system, which is not free
and not needed to render a file. Everything that goes wrong here becomes an
AudioOutputError whose message says what happened and what to try, because
"no device" is an everyday situation (headphones unplugged, a remote session),
not a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kindaudio.audio import portaudio
from kindaudio.audio.format import MIX_RATE
from kindaudio.common.errors import KindAudioError, UserInputError

log = logging.getLogger(__name__)

# 1024 samples at 22 050 Hz: 46 ms per callback. Long enough that Python keeps
# up on a busy machine, short enough that pause and seek feel immediate.
BLOCK_SAMPLES = 1024

_DEVICE_HINT = ("Check that speakers or headphones are connected and not used by another program, "
                "or choose another output device in Settings (kindaudio play --device). "
                "You can still export the practice as an audio file.")


class AudioOutputError(KindAudioError):
    """No sound can be played right now; the message says why."""

    def __init__(self, message: str, hint: str | None = _DEVICE_HINT) -> None:
        super().__init__(message, hint=hint)


@dataclass(frozen=True)
class OutputDevice:
    index: int
    name: str
    host_api: str
    is_default: bool

    def __str__(self) -> str:
        return f"{self.index}: {self.name} ({self.host_api}){' [default]' if self.is_default else ''}"


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio library itself is missing
        raise AudioOutputError(
            f"sound output is not available: {exc}",
            hint="Install PortAudio (Debian/Ubuntu: sudo apt-get install libportaudio2), then try again.",
        ) from exc
    return sounddevice


def output_devices() -> list[OutputDevice]:
    """The devices that can play sound, as PortAudio lists them."""
    sd = _sounddevice()
    try:
        with portaudio.in_use():
            devices = sd.query_devices()
            apis = sd.query_hostapis()
            default_output = sd.default.device[1]
    except sd.PortAudioError as exc:
        raise AudioOutputError(f"the sound devices could not be listed ({exc})") from exc
    return [OutputDevice(index, str(device["name"]), str(apis[device["hostapi"]]["name"]), index == default_output)
            for index, device in enumerate(devices) if device["max_output_channels"] > 0]


def same_output_after(look_again: Callable[[], bool], device: int | None) -> tuple[bool, int | None]:
    """Run `look_again` (which may restart PortAudio and renumber its devices); whether it did,
    and the number `device` has now (found by name; None when it is gone: the system default)."""
    if device is None:
        return look_again(), None
    before = next((d.name for d in output_devices() if d.index == device), None)
    if not look_again():
        return False, device
    return True, next((d.index for d in output_devices() if before is not None and d.name == before), None)


def resolve_device(choice: str | int | None) -> int | None:
    """A device index from a number or (part of) a name; None for the system default."""
    if choice is None or choice == "" or choice == "default":
        return None
    devices = output_devices()
    listing = "; ".join(str(device) for device in devices) or "none"
    if isinstance(choice, int) or str(choice).isdigit():
        index = int(choice)
        if any(device.index == index for device in devices):
            return index
        raise UserInputError(f"there is no output device number {index}; the output devices are: {listing}")
    matches = [device for device in devices if str(choice).lower() in device.name.lower()]
    if len(matches) == 1:
        return matches[0].index
    if not matches:
        raise UserInputError(f"no output device is called {choice!r}; the output devices are: {listing}")
    raise UserInputError(f"{choice!r} names {len(matches)} output devices; give its number: {listing}")


def open_output(device: int | None, callback: Callable[..., None], finished: Callable[[], None]) -> Any:
    """A started, 16-bit mono OutputStream at MIX_RATE calling `callback` for each block.

    The stream is 16-bit because the programme already is (the mixer rounds
    exactly as the exporter does), so a block is copied to the device unchanged.
    """
    sd = _sounddevice()
    name = "the default output device" if device is None else f"output device {device}"
    with portaudio.in_use():  # PortAudio is not restarted under a stream being opened
        if device is None and not output_devices():
            raise AudioOutputError("no sound output device was found")
        try:
            sd.check_output_settings(device=device, channels=1, dtype="int16", samplerate=MIX_RATE)
        except (sd.PortAudioError, ValueError) as exc:
            raise AudioOutputError(f"{name} cannot play {MIX_RATE} Hz mono sound ({exc})") from exc
        try:
            stream = sd.OutputStream(samplerate=MIX_RATE, blocksize=BLOCK_SAMPLES, device=device, channels=1,
                                     dtype="int16", latency="high", callback=callback, finished_callback=finished)
            stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise AudioOutputError(f"{name} could not be opened ({exc})") from exc
        portaudio.stream_opened()
    log.info("playing on %s: %s, latency %.0f ms", name, stream.device, stream.latency * 1000)
    return stream


def close_output(stream: Any) -> None:
    """Stop and close a stream open_output opened; a device already gone is not an error here."""
    try:
        if stream.active:
            stream.abort()
        stream.close()
    except Exception as exc:  # noqa: BLE001 - closing a lost device may fail; nothing to keep
        log.warning("closing the sound stream failed: %s", exc)
    finally:
        portaudio.stream_closed()


def callback_stop() -> type[BaseException]:
    """The exception a callback raises to end its stream after this block."""
    stop: type[BaseException] = _sounddevice().CallbackStop
    return stop
