"""The look: the stylesheet styles every role, light and dark both load and read well, text scales."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.common.settings import TEXT_SIZES, Settings
from kindaudio.ui.theme import (
    ROLE_SELECTORS,
    SCHEMES,
    TYPE_SCALE,
    app_icon,
    apply_theme,
    base_points,
    palettes,
    stylesheet,
)

# (text, background) pairs that carry words; each must meet WCAG AA for body text (4.5:1).
TEXT_PAIRS = [
    ("text", "window"), ("text", "surface"), ("text", "input"), ("text", "surface_alt"),
    ("muted", "window"), ("muted", "surface"), ("on_accent", "accent"), ("accent_text", "window"),
    ("accent_text", "surface"), ("tint_text", "tint"), ("ground_text", "ground"), ("error", "window"),
    ("error", "surface"), ("note_text", "note"), ("selection_text", "selection"), ("disabled", "surface_alt"),
]
# Outlines that must stand out from what they sit on (WCAG 1.4.11: 3:1).
OUTLINE_PAIRS = [("focus", "window"), ("focus", "surface"), ("ground_border", "window"),
                 ("border_strong", "surface"), ("accent", "surface")]


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The test app, put back as it was afterwards so other tests keep their look."""
    sheet, font, palette, style = qapp.styleSheet(), qapp.font(), qapp.palette(), qapp.style().name()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyle(style)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_stylesheet_styles_every_role_in_light_and_dark(app: QApplication, scheme: str) -> None:
    apply_theme(app, Settings(theme=scheme))
    sheet = app.styleSheet()
    for selector in ROLE_SELECTORS:
        assert selector in sheet
    assert "$" not in sheet  # every placeholder filled in
    assert palettes()[scheme]["window"] in sheet
    assert app.palette().color(QPalette.ColorRole.Window).name().upper() == palettes()[scheme]["window"]
    assert f"chevron-down-{scheme}.svg" in sheet


def test_light_and_dark_are_different_palettes_with_the_same_names() -> None:
    light, dark = palettes()["light"], palettes()["dark"]
    assert light.keys() == dark.keys()
    assert light["window"] != dark["window"] and light["text"] != dark["text"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_text_colour_reads_well_on_its_background(scheme: str) -> None:
    colours = palettes()[scheme]
    for text, background in TEXT_PAIRS:
        assert contrast(colours[text], colours[background]) >= 4.5, (scheme, text, background)
    for outline, background in OUTLINE_PAIRS:
        assert contrast(colours[outline], colours[background]) >= 3.0, (scheme, outline, background)


def test_text_size_scales_the_whole_app_and_every_role(app: QApplication, qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    body, title, button = QLabel("Words"), QLabel("A title"), QPushButton("Press")
    title.setProperty("role", "page-title")
    for widget in (body, title, button):
        layout.addWidget(widget)
    window.show()

    base = base_points(app)
    sizes = {}
    for size in (100, max(TEXT_SIZES)):
        apply_theme(app, Settings(text_size=size))
        sizes[size] = (app.font().pointSizeF(), body.font().pointSizeF(), button.font().pointSizeF(),
                       title.font().pointSizeF())
    assert sizes[100][0] == pytest.approx(base)
    for before, after in zip(sizes[100], sizes[max(TEXT_SIZES)], strict=True):
        assert after == pytest.approx(before * max(TEXT_SIZES) / 100, rel=0.02)
    assert sizes[100][3] == pytest.approx(base * TYPE_SCALE["title"], rel=0.02)
    assert f"font-size: {base * 1.5 * TYPE_SCALE['big']:.1f}pt" in app.styleSheet()


def test_following_the_system_switches_when_the_system_does(app: QApplication) -> None:
    window = QPalette.ColorRole.Window
    apply_theme(app, Settings(theme="system"))
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert app.palette().color(window).name().upper() == palettes()["dark"]["window"]
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert app.palette().color(window).name().upper() == palettes()["light"]["window"]

    apply_theme(app, Settings(theme="light"))  # a chosen scheme stays, whatever the system does
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert app.palette().color(window).name().upper() == palettes()["light"]["window"]


def test_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="light or dark"):
        stylesheet("sepia", 11)


def test_the_app_icon_is_drawn(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64
    centre, corner = image.pixelColor(32, 32), image.pixelColor(1, 1)
    assert centre.alpha() == 255 and corner.alpha() == 0  # a round badge on a clear ground
