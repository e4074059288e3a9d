"""Export: a real audio file rendered in the background, with progress, and no sound device needed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import soundfile
from pytestqt.qtbot import QtBot

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.files.export import AudioFormat
from kindaudio.audio.files.render import RenderResult
from kindaudio.audio.format import MIX_RATE
from kindaudio.script.model import Practice
from kindaudio.script.parser import load_practice
from kindaudio.ui.dialogs.export_dialog import ExportDialog, TaskProgress, format_problem
from kindaudio.ui.services import Services
from tests.support.ui import SHORT_BODY, SHORT_FRONT, WAIT_MS, shown_practice_page


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(SHORT_BODY, front=SHORT_FRONT, name="short-test.md"))


def test_export_writes_the_practice_at_the_chosen_length_with_progress(services: Services, practice: Practice,
                                                                       qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(services, practice, PlayChoices(minutes=2))
    qtbot.addWidget(dialog)
    dialog.show()
    folder = tmp_path / "exported"
    folder.mkdir()
    dialog.set_folder(folder)
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)

    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as exported:
        dialog.export_button.click()
        assert not dialog.export_button.isEnabled()  # one export at a time

    result = exported.args[0]
    assert isinstance(result, RenderResult)
    assert result.audio == folder / "short-test-2min.wav"
    info = soundfile.info(str(result.audio))
    assert info.samplerate == MIX_RATE
    assert info.duration == pytest.approx(120, abs=0.5)
    assert result.captions.exists()
    assert dialog.progress.value() == 100
    assert seen == sorted(seen) and len(seen) > 2  # it moved, and never went back
    assert str(result.audio) in dialog.status.text()
    assert dialog.open_button.isVisibleTo(dialog)
    assert dialog.export_button.isEnabled()


def test_export_into_a_missing_folder_says_so_and_can_be_tried_again(services: Services, practice: Practice,
                                                                     qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(services, practice, PlayChoices(minutes=1))
    qtbot.addWidget(dialog)
    dialog.set_folder(tmp_path / "nowhere")

    with qtbot.waitSignal(dialog.export_failed, timeout=WAIT_MS) as failed:
        dialog.export_button.click()

    assert "there is no such folder" in failed.args[0]
    assert "there is no such folder" in dialog.status.text()
    assert dialog.export_button.isEnabled()
    assert not (tmp_path / "nowhere").exists()


def test_the_renders_folder_is_the_default_and_is_made_when_needed(services: Services, practice: Practice,
                                                                   qtbot: QtBot) -> None:
    dialog = ExportDialog(services, practice, PlayChoices(minutes=1))
    qtbot.addWidget(dialog)
    assert dialog.folder.text() == str(services.paths.renders)
    assert not services.paths.renders.exists()

    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as exported:
        dialog.export_button.click()

    assert exported.args[0].audio.parent == services.paths.renders
    assert soundfile.info(str(exported.args[0].audio)).duration == pytest.approx(60, abs=0.5)


def test_formats_this_computer_cannot_write_are_shown_disabled_with_the_reason(services: Services,
                                                                              practice: Practice,
                                                                              qtbot: QtBot) -> None:
    dialog = ExportDialog(services, practice, PlayChoices(minutes=1))
    qtbot.addWidget(dialog)
    for fmt, button in dialog.format_buttons.items():
        problem = format_problem(fmt)
        assert button.isEnabled() == (problem is None)
        assert (problem or f"Save as {fmt.value.upper()}") in button.toolTip()
    assert dialog.chosen_format() is AudioFormat.WAV


def test_render_progress_becomes_one_rising_fraction() -> None:
    reported: list[float] = []
    progress = TaskProgress(reported.append)
    progress.phase("preparing speech", 4)
    for _ in range(4):
        progress.advance(1)
    progress.phase("mixing", 1000)
    for _ in range(10):
        progress.advance(100)
    progress.done()

    assert reported[0] == 0.0 and reported[-1] == 1.0
    assert reported == sorted(reported)
    assert 0.5 in reported  # speech done: half way


def test_the_practice_page_opens_export_with_its_choices(services: Services, qtbot: QtBot,
                                                         write_practice: Callable[..., Path]) -> None:
    page = shown_practice_page(services, qtbot, write_practice(SHORT_BODY, front=SHORT_FRONT, name="short-test.md"))
    page.length.combo.setCurrentIndex(1)
    page.bells.setChecked(False)
    page.background.setCurrentIndex(page.background.findData(True))

    dialog = page.open_export()

    assert dialog is not None and dialog.isVisible()
    chosen = dialog.choices
    assert (chosen.minutes, chosen.bells, chosen.ambience, chosen.rate) == (2.0, False, True, 160)
    dialog.close()
