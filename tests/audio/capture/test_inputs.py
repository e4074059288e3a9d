"""Finding and choosing the sound input, on the test sound card (ALSA's file plugin through PortAudio)."""

from __future__ import annotations

import pytest

from kindaudio.audio.capture.inputs import input_devices, resolve_input_device
from kindaudio.common.errors import UserInputError


def test_the_test_cards_input_is_listed_as_the_default_input() -> None:
    devices = input_devices()
    assert [device.name for device in devices if device.is_default] == ["default"]
    assert resolve_input_device(None) is None
    assert resolve_input_device("default") is None
    assert resolve_input_device(str(devices[0].index)) == devices[0].index


def test_an_unknown_input_device_is_refused_naming_the_inputs() -> None:
    with pytest.raises(UserInputError, match=r"no input device number 99; the input devices are: 0: default"):
        resolve_input_device("99")
    with pytest.raises(UserInputError, match="no input device is called 'studio mic'"):
        resolve_input_device("studio mic")
