"""Files the window is started with: `kindaudio FILE ...`, which is how the desktop opens them (Exec … %F).

A practice pack (.kindpack) goes to the import dialog, which shows what the
pack holds before anything is imported; several packs are offered one after
another, the next when the person is done with the previous one. A practice
file (.md) opens on the practice page; the page shows one practice, so of
several the first is shown. Files that are neither were refused by the
command line before the window opened (kindaudio.cli.window).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from kindaudio.ui.main_window import PACK_FILE_SUFFIX, MainWindow

log = logging.getLogger(__name__)


def is_pack(path: Path) -> bool:
    return path.suffix.lower() == PACK_FILE_SUFFIX


def open_files(window: MainWindow, files: Sequence[Path]) -> None:
    """Show the first practice file, then offer each pack for import, one dialog at a time."""
    practices = [Path(f) for f in files if not is_pack(Path(f))]
    packs = [Path(f) for f in files if is_pack(Path(f))]
    if practices:
        if len(practices) > 1:
            log.info("%d practice files given; showing the first", len(practices))
        window.open_practice(practices[0])
    _offer_packs(window, packs)


def _offer_packs(window: MainWindow, packs: list[Path]) -> None:
    if not packs or not window.isVisible():  # the window closed (and its dialog with it): nothing more to offer
        return
    dialog = window.open_pack(packs[0])
    if dialog is None:  # a practice is playing: the player keeps the window
        log.info("not offering %d packs while a practice plays", len(packs))
        return
    rest = packs[1:]
    if rest:
        dialog.finished.connect(lambda _result: _offer_packs(window, rest))
