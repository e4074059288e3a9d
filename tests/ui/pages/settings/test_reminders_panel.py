"""Settings' Reminders panel: off by default; turning it on writes the autostart entry (valid, by the real
validator) and starts the real waiting part on a real session bus; turning it off takes both away.

With KINDAUDIO_SCREENSHOTS set to a folder, a picture of the panel is saved there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import load_settings, settings_path
from kindaudio.desktop.autostart import WAITING_BUS_NAME, autostart_path
from kindaudio.ui.pages.settings.page import SettingsPage
from kindaudio.ui.pages.settings.reminders_panel import ANY_PRACTICE
from kindaudio.ui.services import Services
from tests.support.desktop import message_bus, wait_for_name
from tests.support.ui import WAIT_MS, settings_page


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The session's config folder (where autostart entries live), a temporary one."""
    folder = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with message_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


def shown(services: Services, qtbot: QtBot) -> SettingsPage:
    page = settings_page(services, qtbot)
    panel = page.reminders_panel
    if panel.practice_combo.count() <= 1:
        qtbot.waitSignal(panel.practices_loaded, timeout=WAIT_MS).wait()
    return page


def test_reminders_are_off_by_default_and_an_older_settings_file_still_loads(
        services: Services, paths: AppPaths, config_home: Path, qtbot: QtBot) -> None:
    os.makedirs(paths.config, exist_ok=True)
    settings_path(paths).write_text(json.dumps({"theme": "dark", "text_size": 115}), encoding="utf-8")
    services.settings.current = load_settings(paths)
    assert services.settings.current.theme == "dark"  # not set aside: read as it was
    page = shown(services, qtbot)
    panel = page.reminders_panel
    assert not panel.on_check.isChecked() and not panel.form_holder.isEnabled()
    assert [check.isChecked() for check in panel.day_checks] == [True] * 7
    assert panel.time_edit.time() == QTime(19, 0)
    assert panel.practice_combo.currentText() == ANY_PRACTICE
    assert panel.practice_combo.findText("Affectionate Breathing") > 0
    assert panel.skip_check.isChecked()
    assert not autostart_path().exists()
    for widget in (panel.on_check, panel.time_edit, panel.practice_combo, panel.skip_check, *panel.day_checks):
        assert widget.accessibleName()


def test_turning_reminders_on_starts_them_and_off_stops_them(
        services: Services, paths: AppPaths, config_home: Path, session_bus: str, qtbot: QtBot) -> None:
    page = shown(services, qtbot)
    panel = page.reminders_panel
    panel.on_check.setChecked(True)
    assert load_settings(paths).reminders and panel.form_holder.isEnabled()
    entry = config_home / "autostart" / "org.kindaudio.KindAudio-reminders.desktop"
    assert entry.is_file() and autostart_path() == entry
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-utils is installed by packaging/system-deps.sh"
    checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    wait_for_name(WAITING_BUS_NAME, session_bus)  # the waiting part runs, now, not only from the next login
    assert panel.status.text().startswith("The next reminder: ") and panel.status.text().endswith(", 19:00.")

    # The days, the time and the practice are kept as they are chosen.
    for check in panel.day_checks:
        check.setChecked(False)
    assert panel.status.text() == "Choose at least one day for a reminder to come."
    for check in panel.day_checks[:5]:
        check.setChecked(True)
    panel.time_edit.setTime(QTime(7, 45))
    panel.practice_combo.setCurrentIndex(panel.practice_combo.findText("Affectionate Breathing"))
    panel.skip_check.setChecked(False)
    settings = load_settings(paths)
    assert (settings.reminder_days, settings.reminder_time) == ((0, 1, 2, 3, 4), "07:45")
    assert panel.status.text().endswith(", 07:45.") and "Saturday" not in panel.status.text()
    assert (settings.reminder_practice, settings.reminder_skip_if_practised) == ("affectionate-breathing", False)
    _screenshot(page)

    panel.on_check.setChecked(False)
    assert not load_settings(paths).reminders and not entry.exists()
    wait_for_name(WAITING_BUS_NAME, session_bus, owned=False)  # told to stop, and it did
    assert panel.status.text() == "Reminders are off." and not panel.form_holder.isEnabled()


def _screenshot(page: SettingsPage) -> None:
    folder = os.environ.get("KINDAUDIO_SCREENSHOTS")
    if not folder:
        return
    from PySide6.QtWidgets import QApplication

    from kindaudio.common.settings import Settings
    from kindaudio.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, Settings())
    Path(folder).mkdir(parents=True, exist_ok=True)
    panel = page.reminders_panel
    QApplication.processEvents()
    panel.grab().save(str(Path(folder) / "settings-reminders-panel.png"))
