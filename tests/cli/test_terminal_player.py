"""Playing at a terminal (kindaudio.cli.terminal_player): keys, the status line, a line per section without one.

The options of `play` and `timer` and what they keep in the journal are tests/cli/test_play.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.mixer import Mixer, place_sounds
from kindaudio.audio.mixing.timeline import SectionSpan
from kindaudio.audio.playback.output import BLOCK_SAMPLES as B
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import timer_programme
from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.audio.playback.timer import TimerSpec, bell_starts
from kindaudio.audio.sounds.bell import bell_clip
from kindaudio.cli.terminal_player import keys_to_actions, status_line
from kindaudio.script.model import Sentence, SourcePos
from tests.audio.sound_card import after_priming, assert_same
from tests.support.command import kindaudio
from tests.support.terminal import Terminal, paced

ALSA = Path(__file__).resolve().parents[1] / "alsa"
PRACTICE = """---
title: Terminal test
pace: {rate: 170, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}
---
## First
Here we begin.
[pause 2s..20s]
## Second
And here we end.
"""


def test_timer_bells_sound_at_their_scheduled_samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    received = tmp_path / "timer.raw"
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", paced(received))
    spec = TimerSpec(1, prepare_seconds=3, interval_minutes=0.5, bell_times_minutes=(0.25,))
    player = Player()
    player.play(lambda: timer_programme(spec))
    status = player.wait(120)
    player.close()
    assert status.state is PlayerState.FINISHED, status.message
    timeline = player.timeline
    assert timeline is not None
    expected = np.concatenate(list(Mixer(timeline, place_sounds(timeline, {}, bell_clip)).pcm16_blocks(4096)))
    heard = after_priming(np.fromfile(received, dtype="<i2"), expected)
    assert_same(heard, expected)
    cell = MIX_RATE // 50  # 20 ms
    starts = bell_starts(timeline)
    assert [strikes for _, strikes in starts] == [1, 1, 1, 3]
    for sample, _ in starts:
        assert not heard[sample - cell: sample].any()  # quiet just before (the timer has no other sound) ...
        assert np.abs(heard[sample: sample + cell]).max() > 300  # ... and ringing within 20 ms
    assert player.stats.underruns == 0


def test_play_without_a_terminal_prints_a_line_per_section(tmp_path: Path) -> None:
    practice = tmp_path / "terminal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    result = kindaudio("play", str(practice), "--minutes", "0.25",
                       env={"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "play.raw")})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Preparing Terminal test ..."
    assert lines[1] == "Playing Terminal test (0:15)"
    assert lines[2].endswith("  First") and lines[3].endswith("  Second")
    assert lines[-1].startswith("Finished: Terminal test (0:15).")
    assert np.fromfile(tmp_path / "play.raw", dtype="<i2").any()


def test_no_sound_device_gives_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    practice = tmp_path / "terminal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    broken = {"ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{ALSA / 'broken.conf'}"}
    result = kindaudio("play", str(practice), "--minutes", "0.25", env=broken)
    assert result.returncode == 1
    assert "no sound output device was found" in result.stderr
    assert "Check that speakers or headphones are connected" in result.stderr
    assert "Traceback" not in result.stderr
    result = kindaudio("devices", env=broken)
    assert result.returncode == 1 and "No sound output device was found." in result.stdout


def test_keys_become_player_actions() -> None:
    assert keys_to_actions(" ") == ["pause"]
    assert keys_to_actions("\x1b[D\x1b[C") == ["back", "forward"]
    assert keys_to_actions("np+-q") == ["next", "previous", "louder", "softer", "quit"]
    assert keys_to_actions("xyz") == []


def test_the_status_line_shows_where_you_are_and_fits_the_terminal() -> None:
    sentence = Sentence("abc", "Let the breath be as it is.", SourcePos(1, 1), 1)
    status = PlayerStatus(PlayerState.PLAYING, position=75.0, length=480.0,
                          section=SectionSpan(0, "Arriving", 0, 100), sentence=sentence, volume=0.5)
    line = status_line(status, 200)
    assert line == "▶  1:15 / -6:45  Arriving  vol 50%  Let the breath be as it is."
    assert len(status_line(status, 30)) == 29 and status_line(status, 30).endswith("…")
    paused = PlayerStatus(PlayerState.PAUSED, position=0, length=60, waiting_for_speech=True)
    assert status_line(paused, 80) == "‖  0:00 / -1:00  (waiting for the voice)"


def test_keys_steer_playback_and_ctrl_c_stops_with_a_fade(tmp_path: Path) -> None:
    practice = tmp_path / "terminal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    received = tmp_path / "keys.raw"
    terminal = Terminal(["play", str(practice), "--minutes", "0.4"],
                        {"KINDAUDIO_TEST_AUDIO_OUT": paced(received, speed=2), "KINDAUDIO_HOME": str(tmp_path)})
    try:
        at = terminal.read_until("space pause")  # the keys are offered in a terminal
        at = terminal.read_until("First  Here we begin.", at)  # the status line: section and caption
        terminal.type("n")
        at = terminal.read_until("Second", at)
        terminal.type(" ")
        at = terminal.read_until("‖", at)
        terminal.type(" ")
        at = terminal.read_until("▶", at)
        at = terminal.read_until("And here we end.", at)
        terminal.type("\x03")  # Ctrl-C, mid-sentence
        at = terminal.read_until("stopped", at)
        terminal.read_until("How do you feel, from 1 to 7?", at)  # a gentle stop: the after check-in
        terminal.type("\n")  # Enter skips it
    finally:
        code = terminal.close()
    assert code == 0
    assert terminal.restored  # the terminal echoes and reads lines again
    assert "Traceback" not in terminal.screen
    sound = np.fromfile(received, dtype="<i2")
    last = int(np.flatnonzero(sound)[-1])
    assert np.abs(sound[last - 2 * B: last - B]).max() > 1000  # stopped while speaking ...
    assert np.abs(sound[last - B // 16: last + 1]).max() < 3000  # ... and faded to nothing, not cut
