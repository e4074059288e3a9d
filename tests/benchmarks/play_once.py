"""Play one practice in this fresh process and print what it cost, as JSON.

Run by run.py, never by pytest, with ALSA_CONFIG_PATH and
KINDAUDIO_TEST_AUDIO_OUT naming the test sound card (tests/alsa/asound.conf).

    python play_once.py PRACTICE MINUTES first-audio   # stop once speech has played
    python play_once.py PRACTICE MINUTES whole         # play it all

Imports and the levelling warm-up happen before play() (an app has done them
at start-up); the clip cache is empty, so every sentence is synthesised while
the practice plays.
"""

from __future__ import annotations

import json
import sys
import threading
import time

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.clips.levelling import warm_up
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import practice_programme
from kindaudio.audio.playback.status import EventKind, PlayerEvent
from kindaudio.common.paths import app_paths
from kindaudio.script.library import resolve_practice
from kindaudio.script.parser import load_practice


def main() -> None:
    name, minutes, mode = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    paths = app_paths()
    practice = load_practice(resolve_practice(name, paths))
    warm_up()
    import sounddevice  # noqa: F401  (PortAudio's start-up: once per app)

    speaking = threading.Event()

    def listen(event: PlayerEvent) -> None:
        if event.kind is EventKind.SENTENCE and event.status.sentence is not None:
            speaking.set()

    with ClipProvider(paths) as clips:
        player = Player()
        player.add_listener(listen)
        player.play(lambda: practice_programme(clips, practice, PlayChoices(minutes=minutes)))
        if mode == "first-audio":
            speaking.wait(120)
            player.stop()
        status = player.wait()
        player.close()
        stats = player.stats
        assert stats.play_called_at is not None
        print(json.dumps({
            "state": status.state.value,
            "first_speech": (stats.first_speech_at - stats.play_called_at) if stats.first_speech_at else None,
            "first_callback": (stats.first_callback_at - stats.play_called_at) if stats.first_callback_at else None,
            "longest_callback": stats.longest_callback,
            "callbacks": stats.callbacks,
            "underruns": stats.underruns,
            "holds": stats.holds,
            "length": status.length,
            "block_seconds": player.block / 22050,
            "wall": time.perf_counter() - stats.play_called_at,
        }))


if __name__ == "__main__":
    main()
