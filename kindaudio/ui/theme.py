"""The look: one stylesheet, a light and a dark palette, the text size, the app icon.

Widgets never set colours or fonts; they carry a `role` property and the one
stylesheet (kindaudio/data/style.qss) styles them. The stylesheet is a template so
that the two palettes (kindaudio/data/palettes.json) and the type sizes live in
one place each: a person who needs larger text gets every role scaled, not
only body text. "Follow the system" is re-applied when the system switches
between light and dark while the app runs.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from kindaudio.common.paths import shipped
from kindaudio.common.settings import Settings

log = logging.getLogger(__name__)

SCHEMES = ("light", "dark")
MIN_BASE_POINTS = 11.0  # large, readable body text even where the platform default is 9 pt

# Each label role's size, relative to body text.
TYPE_SCALE = {
    "body": 1.0,
    "small": 0.9,
    "subtitle": 1.2,
    "section": 1.35,
    "card_title": 1.25,
    "title": 2.0,
    "caption": 1.75,
    "big": 4.5,
}

ROLE_SELECTORS = (
    'QLabel[role="page-title"]', 'QLabel[role="subtitle"]', 'QLabel[role="muted"]',
    'QLabel[role="section-title"]', 'QLabel[role="big-time"]', 'QLabel[role="caption"]',
    'QLabel[role="error"]', 'QLabel[role="note"]',
    'QPushButton[role="primary"]', 'QPushButton[role="secondary"]', 'QPushButton[role="ground"]',
    'QPushButton[role="link"]', 'QFrame[role="card"]', 'QFrame[role="panel"]',
)

_BASE_POINTS_PROPERTY = "kindaudio_base_points"
_KEEPER_NAME = "kindaudio-theme-keeper"


def icons_dir() -> Path:
    return shipped("icons")


@cache
def palettes() -> dict[str, dict[str, str]]:
    """Both colour schemes, by name ("light", "dark")."""
    raw = json.loads(shipped("palettes.json").read_text(encoding="utf-8"))
    return {scheme: dict(raw[scheme]) for scheme in SCHEMES}


def stylesheet(scheme: str, body_points: float) -> str:
    """The stylesheet for a scheme with body text of `body_points` (roles scale from it)."""
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be light or dark, not {scheme!r}")
    template = Template(shipped("style.qss").read_text(encoding="utf-8"))
    values: dict[str, str] = dict(palettes()[scheme])
    values.update({f"{name}_pt": f"{body_points * factor:.1f}" for name, factor in TYPE_SCALE.items()})
    values["scheme"] = scheme
    values["icons"] = icons_dir().as_posix()
    return template.substitute(values)


def system_scheme(app: QApplication) -> str:
    return "dark" if app.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"


def base_points(app: QApplication) -> float:
    """The body text size at 100 %: the platform's own, remembered before we first scale it."""
    stored = app.property(_BASE_POINTS_PROPERTY)
    if isinstance(stored, float) and stored > 0:
        return stored
    points = app.font().pointSizeF()
    base = max(points if points > 0 else MIN_BASE_POINTS, MIN_BASE_POINTS)
    app.setProperty(_BASE_POINTS_PROPERTY, base)
    return base


def apply_theme(app: QApplication, settings: Settings) -> None:
    """Style the whole app for these settings (call again whenever they change)."""
    _apply(app, settings, system_scheme(app))


def _apply(app: QApplication, settings: Settings, system: str) -> None:
    keeper = _keeper(app)
    keeper.settings = settings
    scheme = system if settings.theme == "system" else settings.theme
    body = base_points(app) * settings.text_size / 100
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")  # the same widgets everywhere; the stylesheet builds on it
    font = QFont(app.font())
    font.setPointSizeF(body)
    app.setFont(font)
    app.setPalette(_qpalette(palettes()[scheme]))
    app.setStyleSheet(stylesheet(scheme, body))
    log.debug("theme %s (%s), text %d%%", scheme, settings.theme, settings.text_size)


def app_icon() -> QIcon:
    icon = QIcon(str(icons_dir() / "kindaudio.svg"))
    if icon.isNull():
        log.warning("the app icon could not be loaded from %s", icons_dir())
    return icon


class _ThemeKeeper(QObject):
    """Remembers the last settings so a change of the system scheme can re-apply them."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(_KEEPER_NAME)
        self.app = app
        self.settings: Settings | None = None
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def _system_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.settings is not None and self.settings.theme == "system":
            _apply(self.app, self.settings, "dark" if scheme == Qt.ColorScheme.Dark else "light")


def _keeper(app: QApplication) -> _ThemeKeeper:
    keeper = app.findChild(_ThemeKeeper, _KEEPER_NAME)
    return keeper if isinstance(keeper, _ThemeKeeper) else _ThemeKeeper(app)


def _qpalette(colours: dict[str, str]) -> QPalette:
    """The same colours for what the stylesheet does not reach (popups, native bits)."""
    role = QPalette.ColorRole
    palette = QPalette()
    pairs = {
        role.Window: "window", role.WindowText: "text", role.Base: "input", role.AlternateBase: "surface_alt",
        role.Text: "text", role.Button: "surface", role.ButtonText: "text", role.BrightText: "text",
        role.Highlight: "selection", role.HighlightedText: "selection_text", role.ToolTipBase: "surface",
        role.ToolTipText: "text", role.PlaceholderText: "muted", role.Link: "accent_text",
        role.LinkVisited: "accent_text", role.Mid: "border", role.Dark: "border_strong", role.Light: "surface",
        role.Midlight: "surface_alt", role.Shadow: "border_strong", role.Accent: "accent",
    }
    for colour_role, name in pairs.items():
        palette.setColor(colour_role, QColor(colours[name]))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, colour_role, QColor(colours["disabled"]))
    return palette
