"""`kindaudio new`, run as a real process: a practice from a template, or the list of templates."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.model import MadeFrom
from tests.support.command import EXIT_BAD_INPUT, EXIT_OK, kindaudio


def assert_refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr
    assert result.stdout == ""


def test_new_alone_lists_the_templates_with_what_each_asks_for() -> None:
    result = kindaudio("new")
    assert result.returncode == EXIT_OK, result.stderr
    out = result.stdout
    for template_id in ("custom-body-scan", "loving-kindness-phrases", "self-compassion-break", "soles-of-the-feet"):
        assert f"\n{template_id}  (" in out
    assert out.index("custom-body-scan") < out.index("loving-kindness") < out.index("self-compassion-break")
    assert "  --set phrase_count=...\n      How many phrases: a number from 1 to 4; default: 3\n" in out
    assert "  --set touch=...\n      Invite a soothing touch: yes or no; default: yes\n" in out
    assert "Noticing that it's hard: text; default: \"Right now, this feels really hard.\"" in out
    assert "Sitting or standing: one of: sitting, standing; default: \"sitting\"" in out
    assert "Body areas, in the order spoken: any of, in order, separated by commas: feet, legs," in out
    assert "Any area" in out  # the help text


def test_new_makes_a_practice_in_the_practice_folder_with_the_values_given(paths: AppPaths) -> None:
    result = kindaudio("new", "--template", "loving-kindness-phrases", "--set", "phrase_count=2",
                       "--set", "phrase_1=May I rest tonight.", "--set", "phrase_2=May I be patient, too.",
                       "--title", "Evening phrases", "--for", "Sam", "--notes", "Week 3", "--author", "Dr. K")
    assert result.returncode == EXIT_OK, result.stderr
    path = paths.practices / "evening-phrases.md"
    lines = result.stdout.splitlines()
    assert lines[0] == f"Made 'Evening phrases' from Loving-Kindness Phrases: {path}"
    assert lines[1].startswith("It can last about 5:")
    assert lines[1].endswith("(estimated); it offers 6, 10, 15, 20 min.")
    assert lines[2] == "Listen with `kindaudio play evening-phrases`, or find it in the Library."
    practice = load_practice(path)
    assert (practice.title, practice.for_whom, practice.notes, practice.author) == (
        "Evening phrases", "Sam", "Week 3", "Dr. K")
    assert practice.made_from == MadeFrom("loving-kindness-phrases", {
        "phrase_count": 2, "phrase_1": "May I rest tonight.", "phrase_2": "May I be patient, too.",
        "phrase_3": "May I feel at home in myself.", "phrase_4": "May I rest when I need to.", "rounds": 4})
    spoken = [s.text for s in practice.sentences]
    assert spoken.count("May I rest tonight.") == 4 and "May I feel at home in myself." not in spoken
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_new_twice_with_one_title_makes_two_practices(paths: AppPaths) -> None:
    for _ in range(2):
        assert kindaudio("new", "--template", "soles-of-the-feet").returncode == EXIT_OK
    assert sorted(p.name for p in paths.practices.iterdir()) == ["soles-of-the-feet-2.md", "soles-of-the-feet.md"]


def test_new_writes_to_a_file_of_your_choosing_but_never_over_one(tmp_path: Path, paths: AppPaths) -> None:
    target = tmp_path / "scan.md"
    result = kindaudio("new", "--template", "custom-body-scan", "--set", "regions=face, hands", "-o", str(target))
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.splitlines()[0] == f"Made 'Custom Body Scan' from Custom Body Scan: {target}"
    assert [s.title for s in load_practice(target).sections][2:4] == ["Face", "Hands"]
    assert not paths.practices.exists()
    before = target.read_bytes()
    again = kindaudio("new", "--template", "custom-body-scan", "-o", str(target))
    assert_refused(again, f"{target} already exists; choose another name")
    assert target.read_bytes() == before


def test_a_value_that_does_not_fit_is_refused_with_where_and_why(paths: AppPaths) -> None:
    result = kindaudio("new", "--template", "loving-kindness-phrases", "--set", "rounds=20")
    assert_refused(result, "loving-kindness-phrases.md:")
    assert "value for 'rounds' (Rounds of repetition): 20 is above the maximum 8" in result.stderr
    assert not paths.practices.exists()


def test_an_unknown_variable_is_refused_naming_the_ones_there_are() -> None:
    result = kindaudio("new", "--template", "self-compassion-break", "--set", "phrase=x")
    assert_refused(result, "a value was given for 'phrase', which this practice does not declare "
                           "(its variables: noticing, not_alone, kind_wish, touch)")


def test_a_set_without_a_name_and_value_is_refused() -> None:
    assert_refused(kindaudio("new", "--template", "self-compassion-break", "--set", "touch"),
                   "--set takes NAME=VALUE, e.g. --set phrase_1=\"May I rest\", not 'touch'")
    assert_refused(kindaudio("new", "--template", "self-compassion-break", "--set", "touch=no", "--set", "touch=yes"),
                   "--set touch=... is given twice; give each value once")


def test_an_unknown_template_is_refused_naming_the_templates() -> None:
    assert_refused(kindaudio("new", "--template", "body-scan"),
                   "there is no template called 'body-scan'; the templates are: custom-body-scan, "
                   "loving-kindness-phrases, self-compassion-break, soles-of-the-feet")


def test_options_without_a_template_are_refused() -> None:
    assert_refused(kindaudio("new", "--set", "touch=no"),
                   "kindaudio new: --set needs --template ID; `kindaudio new` alone lists the templates")


def test_a_chosen_file_must_be_a_practice_file_in_a_folder_that_exists(tmp_path: Path) -> None:
    assert_refused(kindaudio("new", "--template", "soles-of-the-feet", "-o", str(tmp_path / "x.txt")),
                   "x.txt: a practice file's name ends in .md")
    assert_refused(kindaudio("new", "--template", "soles-of-the-feet", "-o", str(tmp_path / "no" / "x.md")),
                   f"{tmp_path / 'no'}: no such folder")


def test_curly_braces_in_a_value_are_refused(paths: AppPaths) -> None:
    result = kindaudio("new", "--template", "self-compassion-break", "--set", "kind_wish={{ 7 * 7 }}")
    assert_refused(result, "curly braces { } cannot be spoken; leave them out")
    assert not paths.practices.exists()
