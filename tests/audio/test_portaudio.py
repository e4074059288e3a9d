"""Looking again for sound devices: only while no sound is open, and the chosen output found again by name."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from kindaudio.audio import portaudio
from kindaudio.audio.capture.inputs import input_devices, look_again_for_inputs
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.output import output_devices, same_output_after
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import timer_programme
from kindaudio.audio.playback.status import PlayerState
from kindaudio.audio.playback.timer import TimerSpec
from tests.alsa.plugged_in import plugged_in

PACE = Path(__file__).resolve().parents[1] / "alsa" / "pace.py"


def test_a_device_plugged_in_after_start_is_listed_once_portaudio_looks_again(tmp_path: Path) -> None:
    assert [device.name for device in input_devices()] == ["default"]
    with plugged_in(tmp_path) as name:
        assert [device.name for device in input_devices()] == ["default"]  # PortAudio's list is from its start
        assert look_again_for_inputs()
        assert sorted(device.name for device in input_devices()) == sorted(["default", name])
    assert [device.name for device in input_devices()] == ["default"]


def test_the_output_chosen_is_found_again_by_name_when_the_numbers_change(tmp_path: Path) -> None:
    default = next(device.index for device in output_devices() if device.name == "default")
    with plugged_in(tmp_path) as name:
        looked, now = same_output_after(look_again_for_inputs, default)
        assert looked
        listed = {device.name: device.index for device in output_devices()}
        assert name in listed and now == listed["default"]
    assert same_output_after(look_again_for_inputs, None) == (True, None)  # the system default stays so


def test_while_sound_plays_portaudio_is_left_alone_and_the_sound_plays_to_its_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    received = tmp_path / "played.raw"
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {MIX_RATE * 2 * 8} {received}")
    playing = threading.Event()
    player = Player()
    player.add_listener(lambda event: playing.set() if event.status.state is PlayerState.PLAYING else None)
    try:
        player.play(lambda: timer_programme(TimerSpec(1, prepare_seconds=0)))
        assert playing.wait(60)
        assert portaudio.streams_open() == 1
        assert not look_again_for_inputs()  # restarting PortAudio now would cut the sound off
        status = player.wait(120)
    finally:
        player.close()
    assert status.state is PlayerState.FINISHED and status.underruns == 0
    assert received.stat().st_size >= 60 * MIX_RATE * 2  # all of its minute was played
    assert portaudio.streams_open() == 0
    assert look_again_for_inputs()
