"""The window opens inside the screen's free area and where it was last closed, if that still fits.

The offscreen platform's one screen is 800×800, smaller than the old fixed
1280×800, so the real window's tests below are a small screen's.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.services import Services
from kindaudio.ui.window_geometry import (
    DEFAULT_SIZE,
    Placing,
    choose_geometry,
    first_placing,
    fit_to_screen,
    geometry_path,
    load,
    minimum_size,
    save,
)

LAPTOP = QRect(0, 0, 1280, 720 - 32)  # a 1280×720 screen less a 32-pixel panel
LARGE = QRect(0, 0, 1920, 1080 - 40)
SECOND = QRect(1920, 0, 1280, 1024)  # a monitor to the right of LARGE


def test_a_first_start_on_a_small_screen_fits_inside_its_free_area() -> None:
    placed = choose_geometry(None, [LAPTOP], LAPTOP)
    assert LAPTOP.contains(placed.rect)
    assert placed.rect.size() == QSize(1280, 688)
    assert not placed.maximized


def test_a_first_start_on_a_large_screen_is_the_usual_size_centred() -> None:
    placed = first_placing(LARGE)
    assert placed.size() == DEFAULT_SIZE
    assert placed.center() == LARGE.center()


def test_a_remembered_place_is_used_when_it_still_fits_a_screen() -> None:
    saved = Placing(QRect(2000, 100, 1000, 700))
    assert choose_geometry(saved, [LARGE, SECOND], LARGE) == saved


def test_a_remembered_place_on_a_screen_gone_or_too_small_is_placed_afresh() -> None:
    on_second = Placing(QRect(2000, 100, 1000, 700), maximized=True)
    gone = choose_geometry(on_second, [LARGE], LARGE)
    assert LARGE.contains(gone.rect) and gone.rect.size() == DEFAULT_SIZE
    assert gone.maximized, "maximised stays maximised"
    too_big = choose_geometry(Placing(QRect(0, 0, 1600, 900)), [LAPTOP], LAPTOP)
    assert LAPTOP.contains(too_big.rect)


def test_the_minimum_size_gives_way_to_a_smaller_screen() -> None:
    assert minimum_size(LARGE) == QSize(900, 600)
    assert minimum_size(QRect(0, 0, 800, 560)) == QSize(800, 560)


def test_an_unreadable_remembered_place_is_no_place(paths: AppPaths) -> None:
    assert load(paths) is None
    geometry_path(paths).parent.mkdir(parents=True, exist_ok=True)
    geometry_path(paths).write_text("{not json", encoding="utf-8")
    assert load(paths) is None
    geometry_path(paths).write_text(json.dumps({"x": 1, "y": 2}), encoding="utf-8")
    assert load(paths) is None
    save(paths, Placing(QRect(10, 20, 900, 650), True))
    assert load(paths) == Placing(QRect(10, 20, 900, 650), True)
    assert geometry_path(paths).stat().st_mode & 0o777 == 0o600


def test_the_window_opens_within_the_available_screen(services: Services, qtbot: QtBot) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert available.width() < DEFAULT_SIZE.width(), "this test wants a screen smaller than the usual size"
    qtbot.waitUntil(lambda: available.contains(window.frameGeometry()))  # its frame, title bar and all
    assert window.width() >= available.width() - 10, "as large as the screen allows"
    assert window.minimumWidth() <= available.width() and window.minimumHeight() <= available.height()


def test_the_window_remembers_its_size_and_place(services: Services, qtbot: QtBot) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QGuiApplication.primaryScreen().availableGeometry().contains(window.frameGeometry()))
    window.setMinimumSize(QSize(600, 500))
    chosen = QRect(20, 30, 700, 580)  # smaller than the usual minimum: the person made it so
    window.setGeometry(chosen)
    qtbot.waitUntil(lambda: window.geometry() == chosen)
    window.close()
    assert load(services.paths) == Placing(chosen, False)

    again = MainWindow(services)
    qtbot.addWidget(again)
    assert again.geometry() == chosen
    again.show()
    qtbot.waitExposed(again)
    fit_to_screen(again)  # as it does by itself just after it is shown: it fits already, so nothing moves
    assert again.geometry() == chosen
