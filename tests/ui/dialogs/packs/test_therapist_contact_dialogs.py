"""A therapist's contact through the pack dialogs: added when sharing, shown on import, kept only with consent.

Real packs written by the share dialog in the therapist's home, real imports
into the client's home, the client's real support plan file read back.

With KINDAUDIO_SCREENSHOTS set, pictures of both dialogs are saved there
(light and dark, 1280x720 and 1920x1080, and 150 % text).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.journal.support_plan import SupportPlan, load_plan, plan_path, save_plan
from kindaudio.pack import export_pack, inspect_pack
from kindaudio.pack.therapist import TherapistContact
from kindaudio.ui.dialogs.packs.import_dialog import ImportPackDialog
from kindaudio.ui.dialogs.packs.share_dialog import SharePackDialog
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS, save_screenshots

PRACTICE = """---
title: Kind Words for Today
author: Sam Rivera
lengths: [1]
---
You might let yourself arrive here, just as you are. [pause 5s..2m]
"""
CONTACT = TherapistContact("Dr Sam Rivera", "sam@example.org", "I read messages on weekdays.")


@pytest.fixture
def sender(tmp_path: Path) -> AppPaths:
    root = tmp_path / "sender"
    paths = AppPaths(root / "data", root / "cache", root / "config")
    (ensure_dir(paths.practices) / "kind-words.md").write_text(PRACTICE, encoding="utf-8")
    return paths


@pytest.fixture
def pack_with_contact(sender: AppPaths, tmp_path: Path) -> Path:
    return export_pack(sender.practices / "kind-words.md", tmp_path / "kind-words.kindpack", sender,
                       author_note="For the evenings.", therapist=CONTACT)



def share_dialog(services: Services, sender: AppPaths, qtbot: QtBot) -> SharePackDialog:
    dialog = SharePackDialog(services, sender.practices / "kind-words.md")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
    return dialog


def open_import(services: Services, pack: Path, qtbot: QtBot) -> ImportPackDialog:
    dialog = ImportPackDialog(services, pack)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.inspected, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_the_sharer_can_add_their_contact_as_a_therapist_and_it_goes_in_the_pack(
        services: Services, sender: AppPaths, tmp_path: Path, qtbot: QtBot) -> None:
    dialog = share_dialog(services, sender, qtbot)
    assert not dialog.with_contact.isChecked() and not dialog.contact_box.isVisible()  # off unless asked for
    dialog.with_contact.click()
    assert dialog.contact_box.isVisible()
    qtbot.keyClicks(dialog.therapist_name, CONTACT.name)
    qtbot.keyClicks(dialog.therapist_contact, CONTACT.contact)
    dialog.therapist_note.setPlainText(CONTACT.note)
    for field in (dialog.with_contact, dialog.therapist_name, dialog.therapist_contact, dialog.therapist_note):
        assert field.accessibleName() and field.toolTip()
    save_screenshots(dialog, "share-dialog-therapist")
    with qtbot.waitSignal(dialog.shared, timeout=WAIT_MS) as shared:
        dialog.export_to(tmp_path / "for-alex.kindpack")
    assert inspect_pack(shared.args[0]).therapist == CONTACT


def test_a_contact_without_a_name_is_refused_before_anything_is_written(
        services: Services, sender: AppPaths, tmp_path: Path, qtbot: QtBot) -> None:
    dialog = share_dialog(services, sender, qtbot)
    dialog.with_contact.click()
    qtbot.keyClicks(dialog.therapist_contact, "sam@example.org")
    dialog.export_to(tmp_path / "nameless.kindpack")
    assert "needs a name" in dialog.status.text() and dialog.status.property("role") == "error"
    assert not (tmp_path / "nameless.kindpack").exists() and not dialog.busy


def test_the_contact_is_shown_on_import_and_not_kept_unless_the_box_is_ticked(
        services: Services, pack_with_contact: Path, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = open_import(services, pack_with_contact, qtbot)
    box = dialog.contact
    assert box.isVisible() and box.words.text().splitlines() == [CONTACT.name, CONTACT.contact, CONTACT.note]
    assert box.keep_check.isVisible() and not box.keep_check.isChecked()
    assert box.keep_check.text() == "Keep this as my therapist's contact"
    save_screenshots(dialog, "import-dialog-therapist")
    save_screenshots(dialog, "import-dialog-therapist", text_size=150)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.start_import()
    assert not plan_path(paths).exists()  # not asked: nothing kept
    assert "therapist" not in dialog.status.text()


def test_ticking_the_box_keeps_the_contact_beside_the_persons_own_plan(
        services: Services, pack_with_contact: Path, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = open_import(services, pack_with_contact, qtbot)
    save_plan(paths, SupportPlan(safety_plan="Call Alex."))  # written meanwhile: kept too
    dialog.contact.keep_check.click()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.start_import()
    assert load_plan(paths).plan == SupportPlan(safety_plan="Call Alex.", therapist_name=CONTACT.name,
                                                therapist_contact=CONTACT.contact, therapist_note=CONTACT.note)
    assert "Their contact is kept" in dialog.status.text()


def test_an_existing_contact_is_named_and_never_replaced_without_the_box(
        services: Services, pack_with_contact: Path, paths: AppPaths, qtbot: QtBot) -> None:
    mine = SupportPlan(therapist_name="Dr Jo Old", therapist_contact="jo@example.org")
    save_plan(paths, mine)
    dialog = open_import(services, pack_with_contact, qtbot)
    check = dialog.contact.keep_check
    assert check.text() == "Replace my saved therapist's contact (Dr Jo Old) with this one"
    assert not check.isChecked()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.start_import()
    assert load_plan(paths).plan == mine


def test_the_same_contact_asks_nothing(services: Services, pack_with_contact: Path, paths: AppPaths,
                                       qtbot: QtBot) -> None:
    save_plan(paths, SupportPlan(therapist_name=CONTACT.name, therapist_contact=CONTACT.contact,
                                 therapist_note=CONTACT.note))
    dialog = open_import(services, pack_with_contact, qtbot)
    assert dialog.contact.already.isVisible() and not dialog.contact.keep_check.isVisible()


def test_a_pack_without_a_contact_shows_no_contact_part(services: Services, sender: AppPaths, tmp_path: Path,
                                                       qtbot: QtBot) -> None:
    pack = export_pack(sender.practices / "kind-words.md", tmp_path / "plain.kindpack", sender)
    dialog = open_import(services, pack, qtbot)
    assert dialog.details.isVisible() and dialog.contact.isHidden()
