"""Plain helpers the window's tests share across folders: waiting, the test sound card, practices, pages on screen.

Fixtures stay in tests/ui/conftest.py; what is here is imported by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood, SessionStatus
from kindaudio.journal.store import open_journal
from kindaudio.ui.pages.library.page import LibraryPage
from kindaudio.ui.pages.settings.page import SettingsPage
from kindaudio.ui.services import Services, SettingsStore
from tests.audio.sound_card import PACE  # noqa: F401 - the test sound card's pacer, for the window's tests
from tests.audio.sound_card import Device as SoundCard  # noqa: F401 - what the test sound card received

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton, QWidget

    from kindaudio.ui.main_window import MainWindow
    from kindaudio.ui.pages.practice.page import PracticePage

SPEED = 8  # the test sound card plays this many times faster than real time
WAIT_MS = 120_000  # for waitSignal: never reached when things work


# ---------------------------------------------------------------- practices to play

# Reaches about 0:52 to 2:20 at its own pace (1 and 2 minutes), but only 2 minutes at 80 words a minute.
SHORT_BODY = """## Arriving
[bell]
Welcome to this short practice, made only for checking that things work as they should.

You might let the breath be just as it is, without needing to change anything at all.

## Resting
Notice the feet on the floor, and the places where the body is held and supported.

[pause 2s..90s]

You can rest here for a while, or stop whenever you like, and that is completely fine.

That is all for now. Thank you for taking this small moment of time for yourself today.
[bell 2]
"""
SHORT_FRONT = ("title: Short test\nsummary: A small practice for the window's tests.\nlengths: [1, 2]\n"
               "pace: {rate: 160, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}")

# Thirty seconds in two sections, as the Player's tests play it.
BODY = """## Arriving
Welcome to this short practice. Let the breath be just as it is.
[pause 2s..40s]
## Resting
[bell]
Notice the feet on the floor. That is all, for now.
"""


# ---------------------------------------------------------------- a journal with known contents


@dataclass(frozen=True)
class Practised:
    """One session to write: how many days ago (local), what, how long, and its check-ins."""

    days_ago: int
    practice_id: str = "affectionate-breathing"
    title: str = "Affectionate Breathing"
    minutes: float = 10
    chosen_minutes: int = 10
    status: SessionStatus = SessionStatus.COMPLETED
    before: int | None = None
    after: int | None = None
    note: str = ""
    share: bool = False
    hour: int = 9


def local_start(days_ago: int, hour: int) -> datetime:
    """That day at `hour` local time (today: just after midnight, so it is never in the future)."""
    day = date.today() - timedelta(days=days_ago)
    at = time(0, 1) if days_ago == 0 else time(hour, 0)
    return datetime.combine(day, at).astimezone()


def write_sessions(paths: AppPaths, sessions: list[Practised]) -> list[int]:
    """Write sessions through the journal's API, each at its own time; returns their ids."""
    clock = [datetime.now(UTC)]
    ids = []
    with open_journal(paths, now=lambda: clock[0], backup=False) as journal:
        for item in sessions:
            start = local_start(item.days_ago, item.hour)
            clock[0] = start
            session_id = journal.start_session(practice_id=item.practice_id, title=item.title, content_hash="h",
                                               chosen_seconds=item.chosen_minutes * 60, voice=None)
            if item.before is not None:
                journal.add_check_in(Mood(item.before), moment=Moment.BEFORE, session_id=session_id, at=start)
            clock[0] = start + timedelta(minutes=item.minutes)
            journal.end_session(session_id, item.minutes * 60, item.status)
            if item.after is not None:
                journal.add_check_in(Mood(item.after, ("calm",), note=item.note, share_note=item.share),
                                     moment=Moment.AFTER, session_id=session_id, at=clock[0])
            ids.append(session_id)
    return ids


# ---------------------------------------------------------------- the window and its pages


def settled(settings: SettingsStore, *, therapist: bool = False) -> SettingsStore:
    """A profile that has seen the welcome, in the client view (or the therapist's).

    Only in memory: the settings file stays as the test left it (absent on a new home), so tests
    that check what was saved see only their own changes, with these two fields.
    """
    settings.current = settings.current.replace(first_run_seen=True, view="therapist" if therapist else "client")
    return settings


def back_links(page: QWidget) -> list[QPushButton]:
    """The buttons of a page that take the person back: an arrow, or named "Back" or "Back to …"."""
    from PySide6.QtWidgets import QPushButton

    return [button for button in page.findChildren(QPushButton)
            if button.text().startswith("←") or button.accessibleName() == "Back"
            or button.accessibleName().startswith("Back to")]


def drop(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def settings_page(services: Services, qtbot: QtBot) -> SettingsPage:
    page = SettingsPage(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    with qtbot.waitSignal(page.voices_loaded, timeout=WAIT_MS):
        page.show()
    return page


def shown_library(services: Services, qtbot: QtBot) -> LibraryPage:
    widget = LibraryPage(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    return widget


def own_file(paths: AppPaths, name: str, text: str) -> Path:
    paths.practices.mkdir(parents=True, exist_ok=True)
    path = paths.practices / name
    path.write_text(text, encoding="utf-8")
    return path


def load(page: LibraryPage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.refresh()


def save_screenshots(widget: QWidget, name: str, *, text_size: int = 100) -> None:
    """Pictures for people to look at, light and dark, saved as NAME-SCHEME-WxH.png in the folder
    KINDAUDIO_SCREENSHOTS names (nothing when it is unset): at 1280x720 and 1920x1080, or with
    `text_size` (percent) other than 100, at 1280x720 only, as NAME-SCHEME-150pc-1280x720.png."""
    import os

    from PySide6.QtWidgets import QApplication

    from kindaudio.common.settings import Settings
    from kindaudio.ui.theme import apply_theme

    folder = os.environ.get("KINDAUDIO_SCREENSHOTS")
    if not folder:
        return
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Path(folder).mkdir(parents=True, exist_ok=True)
    style, palette, font = app.styleSheet(), app.palette(), app.font()  # put back afterwards: tests measure
    sizes = ((1280, 720), (1920, 1080)) if text_size == 100 else ((1280, 720),)
    text = "" if text_size == 100 else f"-{text_size}pc"
    for scheme in ("light", "dark"):
        apply_theme(app, Settings(theme=scheme, text_size=text_size))
        for width, height in sizes:
            widget.resize(width, height)
            QApplication.processEvents()
            widget.grab().save(str(Path(folder) / f"{name}-{scheme}{text}-{width}x{height}.png"))
    app.setStyleSheet(style)
    app.setPalette(palette)
    app.setFont(font)


def shown_practice_page(services: Services, qtbot: QtBot, path: Path) -> PracticePage:
    """The practice page showing the practice at `path`, once it has loaded."""
    from kindaudio.ui.pages.practice.page import PracticePage

    page = PracticePage(services)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.practice_loaded, timeout=WAIT_MS):
        page.show_practice(path)
    return page
