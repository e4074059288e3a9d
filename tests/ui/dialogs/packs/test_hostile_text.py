"""Someone else's words in the pack dialogs: plain text only, overrides spelt out (issue 17, hardening 4 and 14).

Real packs made by kindaudio.pack.export_pack in the sender's home, with a
title, author and note holding markup ("<a href=…>", "<b>") and right-to-left
overrides; every label in the dialog that shows them is checked, not only the
ones the dialog names: a label that guessed rich text from a title would make
it a link. The share dialog shows the practice's `for_whom:` and `notes:`,
which travel in the practice's file, and leaves them out when asked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.common.text import control_character
from kindaudio.pack import export_pack, inspect_pack
from kindaudio.pack.therapist import TherapistContact
from kindaudio.ui.dialogs.packs.import_dialog import ImportPackDialog
from kindaudio.ui.dialogs.packs.share_dialog import SharePackDialog
from kindaudio.ui.services import Services
from tests.pack.conftest import entries_of, relist, write_zip
from tests.support.ui import WAIT_MS, save_screenshots

TITLE = "<a href='https://example.invalid/'>Kind</a> \\u202eWords\\u202c"  # as YAML writes it
SHOWN_TITLE = "<a href='https://example.invalid/'>Kind</a> \\u202eWords\\u202c"  # spelt out, as it shows
NOTE = "<b>Call me</b> on \u202e0102 555 020\u202c\n<img src='x'> whenever you like."
PRACTICE = f"""---
title: "{TITLE}"
summary: A few kind words.
author: "<b>Sam</b> Rivera"
for_whom: Alex
notes: |
  Alex finds the chest area hard.
  Offer the hands instead.
lengths: [1, 2]
---
## Arriving
You might let yourself arrive here, just as you are. [pause 5s..2m]

## Closing
Whenever you are ready, you can let this practice come to an end.
"""
MARKERS = ("<a href", "<b>", "<img", "\\u202e", "Alex")


@pytest.fixture
def sender(tmp_path: Path) -> AppPaths:
    root = tmp_path / "sender"
    paths = AppPaths(root / "data", root / "cache", root / "config")
    (ensure_dir(paths.practices) / "kind-words.md").write_text(PRACTICE, encoding="utf-8")
    return paths


@pytest.fixture
def pack(sender: AppPaths, tmp_path: Path) -> Path:
    return export_pack(sender.practices / "kind-words.md", tmp_path / "kind-words.kindpack", sender,
                       author_note=NOTE, therapist=TherapistContact("Dr <i>Sam</i> Rivera", "sam@example.org"))


def labels_with_pack_words(widget: QWidget) -> list[QLabel]:
    return [label for label in widget.findChildren(QLabel) if any(m in label.text() for m in MARKERS)]


def assert_plain_and_spelt_out(widget: QWidget) -> None:
    labels = labels_with_pack_words(widget)
    assert labels
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
        assert control_character(label.text()) is None and "\u202e" not in label.text(), label.text()


def open_import(services: Services, pack: Path, qtbot: QtBot) -> ImportPackDialog:
    dialog = ImportPackDialog(services, pack)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.inspected, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_a_packs_markup_and_overrides_show_as_written_never_as_rich_text(
        services: Services, pack: Path, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = open_import(services, pack, qtbot)
    assert dialog.title_label.text() == SHOWN_TITLE
    assert dialog.author_label.text() == "By <b>Sam</b> Rivera"
    assert dialog.note_label.text() == "<b>Call me</b> on \\u202e0102 555 020\\u202c\n<img src='x'> whenever you like."
    assert dialog.contact.words.text() == "Dr <i>Sam</i> Rivera\nsam@example.org"
    assert_plain_and_spelt_out(dialog)
    assert "\u202e" not in dialog.windowTitle()
    save_screenshots(dialog, "import-dialog-hostile-text")
    save_screenshots(dialog, "import-dialog-hostile-text", text_size=150)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.start_import()
    assert SHOWN_TITLE in dialog.status.text()
    assert_plain_and_spelt_out(dialog)


def test_asking_to_replace_shows_the_title_as_plain_text(services: Services, pack: Path, qtbot: QtBot) -> None:
    first = open_import(services, pack, qtbot)
    with qtbot.waitSignal(first.imported, timeout=WAIT_MS):
        first.start_import()
    again = open_import(services, pack, qtbot)
    again.start_import()
    qtbot.waitUntil(lambda: again.confirm_replace is not None, timeout=WAIT_MS)
    box = again.confirm_replace
    assert box is not None and SHOWN_TITLE in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert_plain_and_spelt_out(box)
    box.reject()


def test_a_refused_packs_reason_is_plain_and_quotes_nothing_raw(
        services: Services, pack: Path, tmp_path: Path, qtbot: QtBot) -> None:
    entries = entries_of(pack)
    hostile = entries["practice.md"].decode("utf-8").replace('title: "', 'title: "\\e]0;pwned\\a\\e[2J')
    bad = write_zip(tmp_path / "bad.kindpack", relist({**entries, "practice.md": hostile.encode("utf-8")}))
    dialog = open_import(services, bad, qtbot)
    text = dialog.refusal_label.text()
    assert "practice.md: its title holds a control character (U+001B)" in text
    assert control_character(text) is None and dialog.refusal_label.textFormat() == Qt.TextFormat.PlainText
    assert not dialog.import_button.isEnabled()


def share_dialog(services: Services, sender: AppPaths, qtbot: QtBot) -> SharePackDialog:
    dialog = SharePackDialog(services, sender.practices / "kind-words.md")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
    return dialog


def test_sharing_shows_whom_it_is_for_and_the_notes_that_go_along(
        services: Services, sender: AppPaths, tmp_path: Path, qtbot: QtBot) -> None:
    dialog = share_dialog(services, sender, qtbot)
    assert dialog.heading.text() == f"Share “{SHOWN_TITLE}” as a pack"
    assert dialog.private_notes.isVisible()
    assert dialog.private_notes_label.text() == ("For whom: Alex\nYour notes:\nAlex finds the chest area hard.\n"
                                                 "Offer the hands instead.")
    assert not dialog.leave_out_notes.isChecked()  # as before: they go along unless left out; now it is said
    assert dialog.leave_out_notes.accessibleName() and dialog.leave_out_notes.toolTip()
    assert_plain_and_spelt_out(dialog)
    save_screenshots(dialog, "share-dialog-notes")
    save_screenshots(dialog, "share-dialog-notes", text_size=150)
    with qtbot.waitSignal(dialog.shared, timeout=WAIT_MS) as shared:
        dialog.export_to(tmp_path / "with-notes.kindpack")
    assert inspect_pack(shared.args[0]).notes.startswith("Alex finds")

    dialog.leave_out_notes.click()
    with qtbot.waitSignal(dialog.shared, timeout=WAIT_MS) as shared:
        dialog.export_to(tmp_path / "without-notes.kindpack")
    summary = inspect_pack(shared.args[0])
    assert (summary.for_whom, summary.notes) == ("", "")
    text = entries_of(shared.args[0])["practice.md"].decode("utf-8")
    assert "Alex" not in text and "notes:" not in text and 'author: "<b>Sam</b> Rivera"' in text


def test_a_practice_without_notes_shows_no_such_part(services: Services, sender: AppPaths, qtbot: QtBot) -> None:
    practice = sender.practices / "kind-words.md"
    text = practice.read_text(encoding="utf-8")
    practice.write_text(text.replace("for_whom: Alex\n", "").split("notes: |")[0]
                        + "lengths:" + text.split("lengths:")[1], encoding="utf-8")
    dialog = share_dialog(services, sender, qtbot)
    assert not dialog.private_notes.isVisibleTo(dialog)

