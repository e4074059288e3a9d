"""Practice packs in the window: looking at a pack before importing it, importing, and sharing one.

Real packs throughout: made by kindaudio.pack.export_pack in another person's
home (with real FLAC recordings), or a real zip changed in one way to be hostile.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.pack import PACK_SUFFIX, export_pack, inspect_pack
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.parser import load_practice
from kindaudio.ui.dialogs.packs.import_dialog import ImportPackDialog
from kindaudio.ui.dialogs.packs.share_dialog import SharePackDialog
from kindaudio.ui.dialogs.packs.text import made_on_text, recordings_text
from kindaudio.ui.main_window import PACK_FILE_SUFFIX, MainWindow
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS

PRACTICE = """---
title: Kind Words for Today
summary: A few kind words, with room to rest between them.
author: Sam Rivera
for_whom: Alex
lengths: [1, 2]
---
## Arriving
You might let yourself arrive here, just as you are. [pause 5s..2m]
If it feels right, you could rest a hand somewhere that feels comforting.

## Closing
Whenever you are ready, you can let this practice come to an end.
"""
NOTE = "For the evenings when sleep is slow to come. Stop whenever you like."


def files_under(root: Path) -> dict[str, bytes]:
    """Every file below `root`, with its bytes: to see that nothing was written or changed."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
            and "cache" not in path.relative_to(root).parts}


@pytest.fixture
def sender(tmp_path: Path) -> AppPaths:
    """The therapist's computer: another home, with the practice and two recordings of it."""
    root = tmp_path / "sender"
    paths = AppPaths(root / "data", root / "cache", root / "config")
    practice_path = ensure_dir(paths.practices) / "kind-words.md"
    practice_path.write_text(PRACTICE, encoding="utf-8")
    practice = load_practice(practice_path)
    times = np.arange(48_000) / 48_000
    for index in (0, 2):
        sentence = practice.sentences[index]
        folder = ensure_dir(paths.recordings / practice.id)
        voice = (0.3 * np.sin(np.pi * times) ** 2 * np.sin(2 * np.pi * (180 + 40 * index) * times))
        soundfile.write(folder / f"{sentence.id}.flac", voice.astype(np.float32), 48_000)
    return paths


@pytest.fixture
def pack(sender: AppPaths, tmp_path: Path) -> Path:
    """A real pack of the sender's practice, with their recordings and a note."""
    return export_pack(sender.practices / "kind-words.md", tmp_path / "kind-words.kindpack", sender, author_note=NOTE)


@pytest.fixture
def hostile_pack(pack: Path, tmp_path: Path) -> Path:
    """The same pack with one more entry, climbing out of wherever it is unpacked."""
    hostile = tmp_path / "hostile.kindpack"
    with zipfile.ZipFile(pack) as good, zipfile.ZipFile(hostile, "w") as bad:
        for info in good.infolist():
            bad.writestr(info, good.read(info))
        bad.writestr("../evil.md", "---\ntitle: Evil\n---\nHello.\n")
    return hostile


def open_import(services: Services, pack: Path, qtbot: QtBot) -> ImportPackDialog:
    dialog = ImportPackDialog(services, pack)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.inspected, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_a_pack_shows_what_it_holds_and_who_made_it_before_anything_is_imported(
        services: Services, pack: Path, paths: AppPaths, home: Path, qtbot: QtBot) -> None:
    before = files_under(home)
    dialog = open_import(services, pack, qtbot)
    assert dialog.title_label.text() == "Kind Words for Today"
    assert dialog.author_label.text() == "By Sam Rivera"
    assert dialog.note_label.text() == NOTE and dialog.note_label.isVisible()
    assert dialog.recordings_label.text() == recordings_text(2) == \
        "2 sentences recorded in their voice; a computer voice reads any others."
    assert dialog.audio_label.text() == "No ready-made audio: it is spoken when you play it."
    assert dialog.made_on_label.text().startswith("Made on ")
    assert dialog.import_button.isEnabled() and dialog.refusal_label.isHidden()
    assert files_under(home) == before  # looking writes nothing
    for control in (dialog.import_button, dialog.close_button):
        assert control.accessibleName() and control.toolTip()


@pytest.mark.therapist_view  # it checks the imported practice can be shared on, a therapist's tool
def test_importing_adds_the_practice_and_its_recordings_and_the_library_shows_who_made_it(
        window: MainWindow, pack: Path, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = window.open_pack(pack)
    assert isinstance(dialog, ImportPackDialog) and window.import_dialog is dialog
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(window.library.loaded, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    practice_path = imported.args[0]
    assert practice_path == paths.practices / "kind-words.md"
    assert practice_path.read_text(encoding="utf-8") == PRACTICE
    assert len(list((paths.recordings / "kind-words").glob("*.flac"))) == 2
    assert "is now in your practices" in dialog.status.text()
    assert not dialog.import_button.isEnabled()

    card = window.library.card("Kind Words for Today")
    assert card.author_label is not None and card.author_label.text() == "By Sam Rivera"
    assert card.toolTip().startswith("Made for Alex")
    assert card.info.own and card.share_button is not None


def test_a_hostile_pack_is_refused_with_its_reason_and_nothing_is_written(
        services: Services, hostile_pack: Path, home: Path, qtbot: QtBot) -> None:
    before = files_under(home)
    dialog = open_import(services, hostile_pack, qtbot)
    assert dialog.refusal_label.isVisible()
    message = dialog.refusal_label.text()
    assert message.startswith(f"This pack can't be imported: {hostile_pack}: ")
    assert "../evil.md" in message and "Nothing was imported" in message
    assert dialog.details.isHidden()
    assert not dialog.import_button.isEnabled()
    assert dialog.close_button.text() == "Close"
    dialog.start_import()  # even asked directly, nothing happens
    assert files_under(home) == before


def test_a_practice_already_there_is_replaced_only_when_the_person_says_so(
        services: Services, pack: Path, sender: AppPaths, paths: AppPaths, tmp_path: Path, qtbot: QtBot) -> None:
    first = open_import(services, pack, qtbot)
    with qtbot.waitSignal(first.imported, timeout=WAIT_MS):
        first.start_import()
    mine = paths.practices / "kind-words.md"
    changed = PRACTICE.replace("Kind Words for Today", "Kind Words, my way")
    mine.write_text(changed, encoding="utf-8")

    again = open_import(services, pack, qtbot)
    again.start_import()
    qtbot.waitUntil(lambda: again.confirm_replace is not None, timeout=WAIT_MS)
    box = again.confirm_replace
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Kind Words for Today" in box.text() and str(mine) in box.informativeText()
    next(button for button in box.buttons() if button.text() == "Keep mine").click()
    assert mine.read_text(encoding="utf-8") == changed  # kept as it was
    assert "Nothing was imported" in again.status.text()
    assert again.import_button.isEnabled()

    again.start_import()
    qtbot.waitUntil(lambda: again.confirm_replace is not None, timeout=WAIT_MS)
    box = again.confirm_replace
    assert box is not None
    with qtbot.waitSignal(again.imported, timeout=WAIT_MS):
        next(button for button in box.buttons() if button.text() == "Replace").click()
    assert mine.read_text(encoding="utf-8") == PRACTICE


def test_a_dropped_pack_opens_the_import_window(window: MainWindow, pack: Path, qtbot: QtBot) -> None:
    from tests.support.ui import drop

    assert PACK_FILE_SUFFIX == PACK_SUFFIX
    drop(window, pack)
    dialog = window.import_dialog
    assert isinstance(dialog, ImportPackDialog) and dialog.pack == pack
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=WAIT_MS)
    assert dialog.title_label.text() == "Kind Words for Today"
    assert window.current_page() == "library"


def test_sharing_writes_a_pack_with_the_note_that_imports_elsewhere(
        services: Services, sender: AppPaths, tmp_path: Path, qtbot: QtBot) -> None:
    dialog = SharePackDialog(services, sender.practices / "kind-words.md")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
    assert dialog.heading.text() == "Share “Kind Words for Today” as a pack"
    dialog.note.setPlainText(NOTE)
    out = tmp_path / "for Alex"  # the suffix is added
    with qtbot.waitSignal(dialog.shared, timeout=WAIT_MS) as shared:
        dialog.export_to(out)
    written = shared.args[0]
    assert written == tmp_path / f"for Alex{PACK_SUFFIX}"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    summary = inspect_pack(written)
    assert (summary.title, summary.author, summary.author_note) == ("Kind Words for Today", "Sam Rivera", NOTE)
    assert dialog.progress.value() == 100
    assert dialog.show_button.isVisible()
    assert written.name in dialog.status.text()
    for control in (dialog.note, dialog.with_audio, dialog.audio_format, dialog.save_button, dialog.close_button,
                    dialog.show_button):
        assert control.accessibleName() and control.toolTip()


def test_sharing_with_ready_made_audio_shows_progress_and_puts_the_audio_in(
        services: Services, sender: AppPaths, tmp_path: Path, qtbot: QtBot) -> None:
    dialog = SharePackDialog(services, sender.practices / "kind-words.md")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
    assert not dialog.audio_format.isEnabled() and not dialog.audio_length.isEnabled()
    dialog.with_audio.setChecked(True)
    assert dialog.audio_format.isEnabled() and dialog.audio_format.currentData() == "wav"
    # The lengths the practice offers, the first chosen until another is.
    assert dialog.audio_length.isEnabled()
    assert [dialog.audio_length.itemText(i) for i in range(dialog.audio_length.count())] == ["1 minute", "2 minutes"]
    assert dialog.audio_length.currentData() == 1
    dialog.audio_length.setCurrentIndex(1)
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(dialog.shared, timeout=WAIT_MS) as shared:
        dialog.export_to(tmp_path / "with-audio.kindpack")
        assert not dialog.save_button.isEnabled() and dialog.progress.isVisible()
        assert not dialog.audio_length.isEnabled() and not dialog.audio_format.isEnabled()
    summary = inspect_pack(shared.args[0])
    assert [Path(name).suffix for name in summary.audio] == [".wav"]
    with zipfile.ZipFile(shared.args[0]) as archive:
        wav = next(name for name in archive.namelist() if name.endswith(".wav"))
        with archive.open(wav) as audio:
            assert soundfile.info(audio).duration == pytest.approx(120, abs=0.5)  # the length chosen
    assert seen == sorted(seen) and seen[-1] == 100 and len(seen) > 2
    assert dialog.audio_length.isEnabled() and dialog.audio_length.accessibleName() and dialog.audio_length.toolTip()


def test_a_practice_that_cannot_be_read_cannot_be_shared_and_says_why(
        services: Services, tmp_path: Path, qtbot: QtBot) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: Not yet\n---\nYou might rest.\n[paws 5s]\n", encoding="utf-8")
    dialog = SharePackDialog(services, broken)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.status.text()), timeout=WAIT_MS)
    assert "broken.md:5:1" in dialog.status.text()
    assert not dialog.save_button.isEnabled()


def test_the_date_a_pack_was_made_is_shown_in_local_words() -> None:
    assert made_on_text("2025-03-04T10:00:00Z").startswith("Made on 4 March 2025") or \
        made_on_text("2025-03-04T10:00:00Z").startswith("Made on 3 March 2025")  # far west of Greenwich
    assert made_on_text("not a date") == ""


# -- a therapist's voice for a practice that comes with KindAudio ----------------------------------

SHIPPED = shipped_practices_dir() / "affectionate-breathing.md"


def record_shipped(home: AppPaths, count: int) -> None:
    """Real FLAC takes of the shipped practice's first `count` sentences, in `home`'s recordings."""
    practice = load_practice(SHIPPED)
    times = np.arange(48_000) / 48_000
    folder = ensure_dir(home.recordings / practice.id)
    for index in range(count):
        voice = 0.3 * np.sin(np.pi * times) ** 2 * np.sin(2 * np.pi * (180 + 20 * index) * times)
        soundfile.write(folder / f"{practice.sentences[index].id}.flac", voice.astype(np.float32), 48_000)


def sentence_count() -> int:
    return len({sentence.id for sentence in load_practice(SHIPPED).sentences})


@pytest.fixture
def voice_pack(tmp_path: Path) -> Path:
    """Sam's voice for Affectionate Breathing: two sentences recorded on Sam's computer."""
    root = tmp_path / "therapist"
    therapist = AppPaths(root / "data", root / "cache", root / "config")
    record_shipped(therapist, 2)
    return export_pack(SHIPPED, tmp_path / "ab.kindpack", therapist, recorded_by="Sam Rivera", author_note=NOTE)


def test_a_voice_pack_says_whose_voice_for_which_practice_before_anything_is_imported(
        services: Services, voice_pack: Path, home: Path, qtbot: QtBot) -> None:
    before = files_under(home)
    dialog = open_import(services, voice_pack, qtbot)
    total = sentence_count()
    assert dialog.title_label.text() == "Affectionate Breathing"
    assert dialog.author_label.text() == f"Sam Rivera's voice for Affectionate Breathing: 2 of {total} sentences " \
                                         "recorded"
    assert dialog.recordings_label.text() == (
        "Affectionate Breathing comes with KindAudio, so importing adds only these recordings: the practice then "
        "plays in this voice. A computer voice reads the sentences without a recording.")
    assert dialog.note_label.text() == NOTE
    assert dialog.import_button.text() == "Import the recordings" and dialog.import_button.isEnabled()
    assert dialog.import_button.accessibleName() == "Import the recordings" and dialog.import_button.toolTip()
    assert "Importing adds its recordings to Affectionate Breathing" in dialog.status.text()
    assert files_under(home) == before


def test_importing_a_voice_pack_adds_only_its_recordings_and_the_library_keeps_one_card(
        window: MainWindow, voice_pack: Path, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = window.open_pack(voice_pack)
    assert isinstance(dialog, ImportPackDialog)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(window.library.loaded, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [SHIPPED]
    assert len(list((paths.recordings / "affectionate-breathing").glob("*.flac"))) == 2
    assert not paths.practices.exists()
    assert dialog.status.text() == ("The recordings are in place: “Affectionate Breathing” now plays in Sam "
                                    "Rivera's voice wherever a sentence is recorded.")
    titles = [card.title for card in window.library.cards()]
    assert titles.count("Affectionate Breathing") == 1
    assert window.library.own_grid.cards() == []


def test_recordings_already_there_are_replaced_only_when_the_person_says_so(
        services: Services, voice_pack: Path, paths: AppPaths, qtbot: QtBot) -> None:
    record_shipped(paths, 3)
    mine = sorted((paths.recordings / "affectionate-breathing").iterdir())
    dialog = open_import(services, voice_pack, qtbot)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.confirm_replace is not None, timeout=WAIT_MS)
    box = dialog.confirm_replace
    assert box is not None and box.windowTitle() == "Replace the recordings?"
    assert box.text() == ("You already have recordings for “Affectionate Breathing”. Replace them with the ones "
                          "in the pack?")
    next(button for button in box.buttons() if button.text() == "Keep mine").click()
    assert sorted((paths.recordings / "affectionate-breathing").iterdir()) == mine
    assert dialog.status.text() == "Nothing was imported; your recordings are as they were."

    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.confirm_replace is not None, timeout=WAIT_MS)
    box = dialog.confirm_replace
    assert box is not None
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        next(button for button in box.buttons() if button.text() == "Replace").click()
    assert len(list((paths.recordings / "affectionate-breathing").iterdir())) == 2


def test_a_pack_that_changes_a_shipped_practices_text_is_refused_saying_what_the_sender_can_do(
        services: Services, voice_pack: Path, home: Path, tmp_path: Path, qtbot: QtBot) -> None:
    changed = tmp_path / "changed.kindpack"
    with zipfile.ZipFile(voice_pack) as good:
        entries = {info.filename: good.read(info) for info in good.infolist()}
    entries["practice.md"] = entries["practice.md"].replace(b"Affectionate Breathing", b"My Breathing", 1)
    manifest = json.loads(entries["manifest.json"])
    manifest["files"]["practice.md"] = {"sha256": hashlib.sha256(entries["practice.md"]).hexdigest(),
                                        "size": len(entries["practice.md"])}
    entries["manifest.json"] = json.dumps(manifest).encode("utf-8")
    with zipfile.ZipFile(changed, "w") as bad:
        for name, data in entries.items():
            bad.writestr(name, data)
    before = files_under(home)
    dialog = open_import(services, changed, qtbot)
    message = dialog.refusal_label.text()
    assert "practice.md: its practice has the id 'affectionate-breathing' of a practice that comes with " \
           "KindAudio, but its text is not that practice's text" in message
    assert "\"Save a copy…\"" in message
    assert not dialog.import_button.isEnabled()
    assert files_under(home) == before


def test_sharing_a_shipped_practice_shares_ones_voice_for_it_under_ones_name(
        own_services: Services, paths: AppPaths, tmp_path: Path, qtbot: QtBot) -> None:
    record_shipped(paths, 2)
    dialog = SharePackDialog(own_services, SHIPPED)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
    total = sentence_count()
    assert dialog.heading.text() == "Share your voice for “Affectionate Breathing”"
    assert dialog.holds.text() == (f"It will hold your recordings of 2 of its {total} sentences; a computer voice "
                                   "reads the others.")
    assert dialog.recorded_by.isVisible() and dialog.recorded_by.accessibleName() and dialog.recorded_by.toolTip()
    dialog.recorded_by.setText("  Sam Rivera ")
    with qtbot.waitSignal(dialog.shared, timeout=WAIT_MS) as shared:
        dialog.export_to(tmp_path / "for Alex")
    summary = inspect_pack(shared.args[0])
    assert (summary.voice_only, summary.recorded_by, summary.recordings) == (True, "Sam Rivera", 2)


def test_a_shipped_practice_with_nothing_recorded_says_so_and_cannot_be_shared(
        own_services: Services, qtbot: QtBot) -> None:
    dialog = SharePackDialog(own_services, SHIPPED)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "not recorded any of it yet" in dialog.holds.text(), timeout=WAIT_MS)
    assert dialog.holds.property("role") == "error"
    assert not dialog.save_button.isEnabled()


def test_ones_own_practice_does_not_ask_whose_voice_it_is(services: Services, sender: AppPaths,
                                                          qtbot: QtBot) -> None:
    dialog = SharePackDialog(services, sender.practices / "kind-words.md")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
    assert dialog.recorded_by.isHidden()  # its author, in the practice, says who made it


def test_a_pack_says_it_holds_your_voice_only_when_something_is_recorded(own_services: Services, sender: AppPaths,
                                                                       tmp_path: Path, qtbot: QtBot) -> None:
    unrecorded = ensure_dir(own_services.paths.practices) / "quiet-words.md"
    unrecorded.write_text(PRACTICE.replace("Kind Words for Today", "Quiet Words"), encoding="utf-8")
    recorded = own_services.paths.practices / "kind-words.md"
    shutil.copy(sender.practices / "kind-words.md", recorded)
    shutil.copytree(sender.recordings, own_services.paths.recordings, dirs_exist_ok=True)  # its two recordings
    shown: dict[str, tuple[str, str]] = {}
    for name, path in (("unrecorded", unrecorded), ("recorded", recorded)):
        dialog = SharePackDialog(own_services, path)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
        with qtbot.waitSignal(dialog.shared, timeout=WAIT_MS):
            dialog.export_to(tmp_path / f"{name}.kindpack")
        shown[name] = (dialog.about.text(), dialog.status.text())
    about, status = shown["unrecorded"]
    assert "recordings" not in about and "voice" not in status
    about, status = shown["recorded"]
    assert "your recordings of it" in about and status.endswith("it holds your voice.")
