"""What the window's helpers (practice_flow.py, window_dialogs.py) use of the main window.

Named here, as a Protocol, so the helpers and main_window.py do not import
each other: the window owns its helpers, and they see only this much of it
(tests/ui/test_practice_flow.py drives a flow with a small stand-in).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kindaudio.ui.pages.checkin_page import CheckInPage
    from kindaudio.ui.pages.library.page import LibraryPage
    from kindaudio.ui.pages.player.page import PlayerPage
    from kindaudio.ui.pages.practice.page import PracticePage
    from kindaudio.ui.pages.support.page import SupportView
    from kindaudio.ui.services import Services
    from kindaudio.ui.widgets.message_banner import MessageBanner


class Window(Protocol):
    """The pages a helper reaches, the banner, and moving between pages."""

    services: Services
    library: LibraryPage
    banner: MessageBanner

    @property
    def practice(self) -> PracticePage: ...

    @property
    def player(self) -> PlayerPage: ...

    @property
    def checkin(self) -> CheckInPage: ...

    @property
    def support(self) -> SupportView: ...

    def current_page(self) -> str: ...

    def show_page(self, name: str) -> None: ...

    def go_to(self, there: str) -> None: ...

    def open_practice(self, path: Path) -> None: ...
