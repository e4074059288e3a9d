"""The support plan on real files: private, whole or not at all, an unreadable file set aside, nothing logged."""

from __future__ import annotations

import json
import os
import stat

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.support_plan import (
    MAX_NAME_CHARS,
    SupportPlan,
    load_plan,
    plan_path,
    save_plan,
)

PLAN = SupportPlan(safety_plan="Call Alex.\nWalk to the park and sit by the pond.", therapist_name="Dr Sam Rivera",
                   therapist_contact="sam@example.org, Tuesdays", therapist_note="Message me any time before 6.")


def test_a_saved_plan_comes_back_whole_from_a_private_file_in_the_data_folder(paths: AppPaths) -> None:
    assert load_plan(paths).plan == SupportPlan()  # nothing yet: an empty plan, no problem
    path = save_plan(paths, PLAN)

    assert path == plan_path(paths) and path.parent == paths.data
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    loaded = load_plan(paths)
    assert loaded.plan == PLAN and loaded.problem == ""
    assert not (paths.config / "settings.json").exists() or "Rivera" not in (paths.config / "settings.json").read_text()


def test_saving_again_replaces_the_file_and_leaves_no_temporary_beside_it(paths: AppPaths) -> None:
    save_plan(paths, PLAN)
    save_plan(paths, PLAN.with_therapist("Jo", "0000", ""))

    assert load_plan(paths).plan.therapist_name == "Jo"
    assert sorted(p.name for p in paths.data.iterdir() if "support" in p.name) == ["support-plan.json"]


def test_a_failed_write_leaves_the_old_plan_as_it_was(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    save_plan(paths, PLAN)

    def refuse(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)  # the last step of an atomic write
    with pytest.raises(OSError):
        save_plan(paths, SupportPlan(safety_plan="new words"))
    monkeypatch.undo()
    assert load_plan(paths).plan == PLAN
    assert [p.name for p in paths.data.iterdir() if p.name.endswith(".partial")] == []


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"safety_plan": 5}',
                                     json.dumps({"therapist_name": "x" * (MAX_NAME_CHARS + 1)}).encode()])
def test_an_unreadable_file_is_set_aside_with_a_message_and_an_empty_plan_is_shown(
        paths: AppPaths, content: bytes, caplog: pytest.LogCaptureFixture) -> None:
    paths.data.mkdir(parents=True, exist_ok=True)
    plan_path(paths).write_bytes(content)

    loaded = load_plan(paths)

    assert loaded.plan == SupportPlan()
    assert loaded.set_aside is not None and loaded.set_aside.read_bytes() == content
    assert not plan_path(paths).exists()
    assert str(loaded.set_aside) in loaded.problem and "could not be read" in loaded.problem
    save_plan(paths, PLAN)  # the person can go on and write a new one
    assert load_plan(paths).plan == PLAN and loaded.set_aside.exists()


def test_a_second_unreadable_file_does_not_overwrite_the_first_one_set_aside(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True, exist_ok=True)
    plan_path(paths).write_text("first {")
    first = load_plan(paths).set_aside
    plan_path(paths).write_text("second {")
    second = load_plan(paths).set_aside

    assert first is not None and second is not None and first != second
    assert (first.read_text(), second.read_text()) == ("first {", "second {")


def test_nothing_the_plan_says_reaches_the_log(paths: AppPaths, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    save_plan(paths, PLAN)
    load_plan(paths)
    plan_path(paths).write_text('{"safety_plan": "Call Alex' + "\x00" + '"}')
    load_plan(paths)

    for words in ("Alex", "Rivera", "pond", "example.org"):
        assert words not in caplog.text


@pytest.mark.parametrize(("field", "value", "says"), [
    ("therapist_name", "x" * (MAX_NAME_CHARS + 1), "at most"),
    ("therapist_contact", "bell\x07", "control characters"),
])
def test_bad_values_are_refused_with_a_plain_message(field: str, value: str, says: str) -> None:
    with pytest.raises(UserInputError, match=says):
        SupportPlan(**{field: value})
