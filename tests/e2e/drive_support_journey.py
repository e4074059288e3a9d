"""Drive the real window through a hard moment, saving a screenshot at each screen.

    python drive_support_journey.py SCREENSHOT_FOLDER

A new person's way (issue 15): the welcome, the client view chosen, a
practice started and stopped part way, the check-in after it saying it was
very unpleasant, overwhelming and that difficult feelings came up, and then
the support place, shown at once. Run by test_support_journey.py on Xvfb at
1280x720 with the test sound card, like drive_app.py (whose helpers it uses).
Exits 0 when every step happened, else 1 naming the step that did not.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kindaudio.audio.playback.status import PlayerState
from kindaudio.journal.store import open_journal
from tests.e2e.drive_app import Step, button, click, run_steps, start_app


def main() -> int:
    running, shot = start_app(Path(sys.argv[1]))
    app, window, services = running.app, running.window, running.services
    heard: list[object] = []
    services.bridge.sentence_changed.connect(lambda status: heard.append(status.sentence))

    def choose_client_view() -> None:
        shot("1-welcome")
        click(window.welcome.view_choice.buttons["client"])
        QTest.keyClick(window.welcome.begin_button, Qt.Key.Key_Return)

    def choose_practice() -> None:
        shot("2-library-client-view")
        click(button(window.library.card("Affectionate Breathing"), "Choose: Affectionate Breathing"))

    def start() -> None:
        shot("3-practice")
        click(button(window.practice, "Start the practice"))

    def stop() -> None:
        shot("4-player")
        click(button(window.player, "Stop"))

    def check_in_hard() -> None:
        shot("5-check-in-after-stop")
        checkin = window.checkin
        click(checkin.valence.buttons[-3])  # very unpleasant
        checkin.feelings.chips["overwhelmed"].click()
        click(checkin.difficult)
        shot("6-check-in-filled")
        click(button(checkin, "Save the check-in"))

    def at_support() -> None:
        shot("7-support-place")
        click(window.support.continue_button)

    def stopped_and_asked() -> bool:
        return (window.current_page() == "checkin" and services.player.status().state is not PlayerState.PLAYING)

    steps = [
        Step("a new profile opens on the welcome", lambda: window.current_page() == "welcome"
             and window.welcome.voice_choice.combo.isEnabled(), choose_client_view),
        Step("the Library shows its cards in the client view",
             lambda: window.current_page() == "library" and bool(window.library.cards())
             and not window.library.is_loading() and services.settings.current.view == "client", choose_practice),
        Step("the practice page shows", lambda: window.current_page() == "practice", start),
        Step("the player speaks", lambda: window.current_page() == "player" and bool(heard), stop),
        Step("Stop fades and offers the check-in after", stopped_and_asked, check_in_hard),
        Step("the support place shows at once", lambda: window.current_page() == "support", at_support),
        Step("Continue goes on", lambda: window.current_page() not in ("support", "checkin", "player"),
             window.close),
    ]
    failed = run_steps(app, window, steps, shot)
    services.close()
    if failed:
        print(f"FAILED: {failed}", file=sys.stderr)
        return 1
    with open_journal(services.paths, backup=False) as journal:  # what the journal now holds, for the test
        session = journal.sessions()[0]
        after = session.after
        print(f"session: {session.status.value}; after: valence {after.mood.valence if after else None}, "
              f"difficult {after.mood.difficult if after else None}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
