"""`kindaudio list` and `kindaudio check`, run as real processes: the library, the machine, practice files."""

from __future__ import annotations

from pathlib import Path

from kindaudio.common.paths import AppPaths
from tests.support.command import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, assert_clean_failure, kindaudio


def test_list_shows_the_practices_with_their_lengths_and_range(paths: AppPaths) -> None:
    paths.practices.mkdir(parents=True)
    (paths.practices / "evening.md").write_text("---\ntitle: Evening\n---\nGood evening. [pause 5s..5m]\n")
    (paths.practices / "broken.md").write_text("no front matter\n")
    result = kindaudio("list")
    assert result.returncode == EXIT_OK
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "LENGTHS", "(MIN)", "REACHABLE", "(ESTIMATED)", "FROM"]
    body = "\n".join(lines[1:])
    for practice_id in ("affectionate-breathing", "compassionate-body-scan", "compassionate-breathing",
                        "silent-timer", "evening"):
        assert practice_id in body
    assert "10, 20, 30, 45" in body
    assert f"{paths.practices / 'broken.md'}: cannot be read:" in result.stderr


def test_list_spells_out_a_titles_direction_overrides_rather_than_turning_the_line_around(paths: AppPaths) -> None:
    """A practice can come from someone else: its title is shown as text, never acted on by the terminal."""
    paths.practices.mkdir(parents=True)
    (paths.practices / "sent.md").write_text("---\ntitle: \"Calm \\u202eevil\"\n---\nGood evening. [pause 5s..5m]\n")
    result = kindaudio("list")
    assert result.returncode == EXIT_OK, result.stderr
    assert "Calm \\u202eevil" in result.stdout and "\u202e" not in result.stdout


def test_check_says_what_works_and_what_to_do_about_the_rest(paths: AppPaths) -> None:
    result = kindaudio("check")
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok  basic voices") and "espeak-ng" in line for line in lines)
    assert any(line.startswith("ok  natural voice") and "piper:en_US-joe-medium" in line for line in lines)
    assert any(line.startswith("ok  export formats") and "WAV, MP3, OGG" in line for line in lines)
    assert any(line.startswith("ok  folders") and str(paths.data) in line for line in lines)
    assert any(line.startswith("ok  practices") and "4 shipped" in line for line in lines)
    audio = next(line for line in lines if "audio output" in line)
    if audio.startswith("NO "):  # a machine without a sound card, as in CI
        assert result.returncode == EXIT_FAILURE
        assert "to fix:" in result.stdout
    else:
        assert result.returncode == EXIT_OK


def test_check_reports_every_mistake_in_a_file(tmp_path: Path) -> None:
    broken = tmp_path / "two.md"
    broken.write_text("---\ntitle: Two\nlenghts: [5]\n---\nHello. [pause 2m..20s]\n", encoding="utf-8")
    result = kindaudio("check", str(broken))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert result.stderr.splitlines() == [
        f"{broken}:3:1: unknown key 'lenghts'; did you mean 'lengths'?",
        f"{broken}:5:15: the elastic pause's minimum 2m is longer than its maximum 20s; write the shorter one first",
    ]


def test_check_accepts_a_good_file(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Good\n---\nHello there. [pause 5s..1m]\n", encoding="utf-8")
    result = kindaudio("check", str(good))
    assert result.returncode == EXIT_OK
    assert result.stdout.startswith(f"{good}: ok: Good, 1 sections, 1 sentences, about ")
