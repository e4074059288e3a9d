"""The sound inputs: which microphones there are, choosing one, and what it can record.

Nothing here imports sounddevice until an input is asked about: loading
PortAudio probes every sound device of the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kindaudio.audio import portaudio
from kindaudio.common.errors import UserInputError

PREFERRED_RATES = (48000, 44100)

_INPUT_HINT = ("Check that a microphone is connected, switched on and not muted, and that no other program "
               "is using it; or choose another input (`kindaudio record --device`, or the input choice "
               "in the recording window).")


class AudioInputError(UserInputError):
    """No sound can be recorded right now; the message says why and what to try."""

    def __init__(self, message: str, hint: str | None = _INPUT_HINT) -> None:
        super().__init__(message, hint=hint)


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    is_default: bool

    def __str__(self) -> str:
        return f"{self.index}: {self.name}{' [default]' if self.is_default else ''}"


def load_sounddevice() -> Any:
    """sounddevice, loaded now (it starts PortAudio); a missing PortAudio says how to install it."""
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
    sd = load_sounddevice()
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
    return portaudio.look_again(load_sounddevice())


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


def capture_rate(sd: Any, device: int | None, name: str) -> int:
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
