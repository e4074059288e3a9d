"""Play the 45-minute body scan in the window, in this fresh process; print peak memory as JSON.

Run by run.py under a virtual screen with the test sound card paced at real
time. Plays until every sentence has been made (the clip cache starts empty)
and PLAY_ON_SECONDS more, then closes the window (stopping the sound) and
reports the peak resident memory of this process and of the speech workers.
"""

from __future__ import annotations

import json
import sys

from memory import TreeSampler, own_peak_mb, pool_pids
from PySide6.QtCore import QTimer

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.playback.programmes import practice_programme
from kindaudio.audio.playback.status import PlayerState
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.parser import load_practice
from kindaudio.ui.app import build_app
from kindaudio.ui.play_request import PlayRequest

PLAY_ON_SECONDS = 10
MINUTES = 45


def main() -> int:
    running = build_app()
    sampler = TreeSampler(lambda: pool_pids(running.services.clips)).__enter__()
    services, window = running.services, running.window
    practice = load_practice(shipped_practices_dir() / "compassionate-body-scan.md")
    report: dict[str, object] = {}

    def check() -> None:
        programme = services.player.programme
        status = services.player.status()
        if status.state is PlayerState.FAILED:
            report["failed"] = status.message
            window.close()
        elif programme is not None and programme.complete and "complete_at" not in report:
            report["complete_at"] = status.position
            QTimer.singleShot(PLAY_ON_SECONDS * 1000, finish)

    def finish() -> None:
        report["position"] = services.player.status().position
        report["underruns"] = services.player.stats.underruns
        sampler.__exit__()
        report["peak_mb_largest_worker"] = max(sampler.worker_hwm_mb.values(), default=0.0)
        report["peak_mb_all"] = sampler.peak_mb
        window.close()

    window.play(PlayRequest(practice.title, lambda: practice_programme(services.clips, practice,
                                                                             PlayChoices(minutes=MINUTES)),
                            MINUTES, practice.id), back_to="library")
    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(200)
    code = running.app.exec()
    services.close()
    report["peak_mb_app"] = own_peak_mb()
    print(json.dumps(report))
    return code


if __name__ == "__main__":
    sys.exit(main())
