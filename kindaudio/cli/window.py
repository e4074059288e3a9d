"""Whether the window can open here, asked before Qt is loaded (Qt itself aborts with a long message)."""

from __future__ import annotations

import os
import sys

from kindaudio.common.errors import KindAudioError


class NoScreenError(KindAudioError):
    """The window cannot open: there is no screen to open it on."""


def check_screen() -> None:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoScreenError("no screen was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window "
                            "cannot open. On a desktop, run kindaudio there; without one, play in the terminal: "
                            "kindaudio play affectionate-breathing")
