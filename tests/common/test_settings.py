"""The settings file: new preferences arrive with gentle defaults, and older files still load."""

from __future__ import annotations

import json

from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import Settings, load_settings, save_settings, settings_path


def test_check_ins_after_are_offered_and_before_and_streaks_are_not_by_default() -> None:
    settings = Settings()
    assert (settings.check_in_before, settings.check_in_after, settings.show_streak) == (False, True, False)


def test_a_settings_file_from_before_the_journal_loads_with_the_new_defaults(paths: AppPaths) -> None:
    paths.config.mkdir(parents=True)
    older = {"voice": "gmw/en-gb-x-rp", "rate": 150, "device": None, "theme": "dark", "text_size": 115,
             "show_captions": False, "ambience": True, "bells": False}
    settings_path(paths).write_text(json.dumps(older), encoding="utf-8")
    loaded = load_settings(paths)
    assert loaded == Settings(voice="gmw/en-gb-x-rp", rate=150, theme="dark", text_size=115, show_captions=False,
                              ambience=True, bells=False)
    assert settings_path(paths).exists()  # read as it is, not set aside


def test_a_key_this_version_does_not_know_is_ignored_not_fatal(paths: AppPaths) -> None:
    paths.config.mkdir(parents=True)
    settings_path(paths).write_text(json.dumps({"show_streak": True, "from_a_newer_version": 1}), encoding="utf-8")
    assert load_settings(paths) == Settings(show_streak=True)


def test_the_journal_switches_are_saved_and_read_back(paths: AppPaths) -> None:
    chosen = Settings(check_in_before=True, check_in_after=False, show_streak=True)
    save_settings(paths, chosen)
    assert load_settings(paths) == chosen
    assert json.loads(settings_path(paths).read_text(encoding="utf-8"))["check_in_after"] is False


def test_the_microphone_is_remembered_by_name_and_is_the_usual_one_until_chosen(paths: AppPaths) -> None:
    assert Settings().input_device is None
    save_settings(paths, Settings(input_device="USB Microphone: Audio (hw:2,0)"))
    assert load_settings(paths).input_device == "USB Microphone: Audio (hw:2,0)"
    assert json.loads(settings_path(paths).read_text(encoding="utf-8"))["input_device"] == \
        "USB Microphone: Audio (hw:2,0)"


def test_a_microphone_saved_as_a_number_is_set_aside_not_used(paths: AppPaths) -> None:
    paths.config.mkdir(parents=True)
    settings_path(paths).write_text(json.dumps({"input_device": 3}), encoding="utf-8")
    assert load_settings(paths) == Settings()
    assert settings_path(paths).with_name("settings.json.unreadable").exists()


def test_a_new_profile_is_in_the_client_view_and_has_not_seen_the_welcome() -> None:
    settings = Settings()
    assert (settings.view, settings.therapist_view, settings.first_run_seen) == ("client", False, False)


def test_the_view_and_the_first_run_are_saved_and_read_back(paths: AppPaths) -> None:
    chosen = Settings(view="therapist", first_run_seen=True)
    save_settings(paths, chosen)
    assert load_settings(paths) == chosen and load_settings(paths).therapist_view


def test_a_view_this_version_does_not_know_is_set_aside_with_the_file(paths: AppPaths) -> None:
    paths.config.mkdir(parents=True)
    settings_path(paths).write_text(json.dumps({"view": "admin", "first_run_seen": True}), encoding="utf-8")
    assert load_settings(paths) == Settings()  # the defaults: the welcome again, in the client view
    assert not settings_path(paths).exists()
    assert settings_path(paths).with_name("settings.json.unreadable").exists()
