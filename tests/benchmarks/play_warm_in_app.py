"""Press Play in the window with its speech workers warm, several times; print the times to sound as JSON.

Run by run.py with the test sound card writing to a file as fast as it is
fed (tests/alsa/asound.conf), on a virtual screen. The window starts as a
person starts it; once its background start-up has warmed the voice (the
Library shown, then Services.warm_speech), each run empties the clip cache (so
every sentence is made afresh, as for a practice never played) and presses
Start: from then to the first block with sound (the opening bell) and to the
first words reaching the device.

    python play_warm_in_app.py PRACTICE MINUTES RUNS
"""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time

from PySide6.QtCore import QTimer

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.playback.programmes import practice_programme
from kindaudio.audio.playback.status import PlayerState
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.parser import load_practice
from kindaudio.ui.app import build_app
from kindaudio.ui.play_request import PlayRequest


def main() -> int:
    name, minutes, runs = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    running = build_app()
    services, window = running.services, running.window
    practice = load_practice(shipped_practices_dir() / f"{name}.md")
    results: list[dict[str, float]] = []
    waited = {"warm_at": 0.0}
    started = time.perf_counter()

    # What the window does a moment after the Library is shown, waited for here (it is quick when done already).
    warmed = threading.Event()
    threading.Thread(target=lambda: (services.warm_speech(), warmed.set()), daemon=True).start()

    def wait_warm() -> None:
        if not warmed.is_set():
            QTimer.singleShot(50, wait_warm)
            return
        waited["warm_at"] = time.perf_counter() - started
        QTimer.singleShot(500, play)  # the Library settled

    def play() -> None:
        shutil.rmtree(services.clips.cache.folder, ignore_errors=True)
        services.clips.cache.folder.mkdir(parents=True)
        window.play(PlayRequest(practice.title, lambda: practice_programme(services.clips, practice,
                                                                                 PlayChoices(minutes=minutes)),
                                minutes, practice.id), back_to="library")
        QTimer.singleShot(50, check)

    def check() -> None:
        stats = services.player.stats
        status = services.player.status()
        if status.state is PlayerState.FAILED:
            results.append({"failed": 1.0})
            window.close()
            return
        if stats.first_speech_at is None or stats.play_called_at is None or stats.first_sound_at is None:
            QTimer.singleShot(20, check)
            return
        results.append({"first_sound": stats.first_sound_at - stats.play_called_at,
                        "first_words": stats.first_speech_at - stats.play_called_at})
        services.player.stop(wait=False)
        if len(results) < runs:
            QTimer.singleShot(1000, play)
        else:
            window.close()

    wait_warm()
    code = running.app.exec()
    running.close()
    print(json.dumps({"runs": results, "warm_after": waited["warm_at"]}))
    return code


if __name__ == "__main__":
    sys.exit(main())
