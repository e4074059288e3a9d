"""`kindaudio pack show|import|export` with someone else's hostile pack, as real processes (issue 17, hardening).

The packs are real zips (a real export with one thing changed) and the
command is the real `kindaudio` in its own process, with this worktree on
PYTHONPATH, so what reaches the terminal is exactly what the command printed.
A named pipe used to make `pack show` wait for ever: the process gets a
timeout, which turns such a hang into a failure.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kindaudio.common.paths import HOME_ENV, AppPaths, ensure_dir
from kindaudio.common.text import control_character
from kindaudio.pack import export_pack
from kindaudio.script.parser import load_practice
from tests.pack.conftest import PRACTICE_ID, PRACTICE_TEXT, entries_of, record, relist, write_zip
from tests.pack.test_hostile_files import float_wav, spoiled
from tests.support.command import EXIT_BAD_INPUT, EXIT_OK, assert_clean_failure, kindaudio

ROOT = Path(__file__).resolve().parents[2]
HANG_SECONDS = 120  # a refusal takes about a second; a pipe opened for reading would wait for ever
ERASE, RETITLE = "\\e[2J\\e[H", "\\e]0;you have been pwned\\a"
HYPERLINK, C1_CSI = "\\e]8;;https://example.invalid/\\e\\\\help\\e]8;;\\e\\\\", "\\x9b31m"


@pytest.fixture
def sender(tmp_path: Path) -> AppPaths:
    """The sender's home: their practice, with two sentences recorded."""
    root = tmp_path / "sender"
    paths = AppPaths(root / "data", root / "cache", root / "config")
    practice = ensure_dir(paths.practices) / f"{PRACTICE_ID}.md"
    practice.write_text(PRACTICE_TEXT, encoding="utf-8")
    parsed = load_practice(practice)
    record(paths, parsed, 0)
    record(paths, parsed, 2)
    return paths


@pytest.fixture
def good(sender: AppPaths, tmp_path: Path) -> dict[str, bytes]:
    pack = export_pack(sender.practices / f"{PRACTICE_ID}.md", tmp_path / "good.kindpack", sender,
                       author_note="For you, with care.")
    return entries_of(pack)


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return kindaudio(*args, env={HOME_ENV: str(home), "PYTHONPATH": str(ROOT)}, timeout=HANG_SECONDS)


def assert_terminal_safe(result: subprocess.CompletedProcess[str]) -> None:
    """Nothing printed could drive the terminal: no control character but line breaks, no override."""
    for stream in (result.stdout, result.stderr):
        assert control_character(stream) is None, stream
        assert "\u202e" not in stream and "\u2066" not in stream


def practice_with(field: str, value: str) -> bytes:
    """The practice with one front-matter field set to `value` (a YAML double-quoted string)."""
    rows = [f'{field}: "{value}"' if row.startswith(f"{field}:") else row for row in PRACTICE_TEXT.split("\n")]
    return "\n".join(rows).encode("utf-8")


@pytest.mark.parametrize("hostile", [ERASE, RETITLE, HYPERLINK, C1_CSI], ids=["erase", "retitle", "osc8", "c1"])
@pytest.mark.parametrize("field", ["title", "author"])
def test_a_title_or_author_that_would_drive_the_terminal_is_refused_and_never_printed(
        field: str, hostile: str, good: dict[str, bytes], tmp_path: Path) -> None:
    pack = write_zip(tmp_path / "hostile.kindpack",
                     relist({**good, "practice.md": practice_with(field, f"Kind {hostile} Words")}))
    home = tmp_path / "recipient"
    for command in ("show", "import"):
        result = run("pack", command, str(pack), home=home)
        assert_clean_failure(result, EXIT_BAD_INPUT)
        assert f"practice.md: its {field} holds a control character (U+00" in result.stderr
        assert_terminal_safe(result)
    assert not (home / "data").exists()  # nothing written


def test_an_author_note_with_half_a_character_is_refused_before_anything_is_imported(
        good: dict[str, bytes], tmp_path: Path) -> None:
    """It used to be imported, then the command failed printing it (exit 1, UnicodeEncodeError)."""
    def change(manifest: dict) -> None:
        manifest["author_note"] = "For you \ud800 with care."

    pack = write_zip(tmp_path / "surrogate.kindpack", relist(good, change))
    home = tmp_path / "recipient"
    for command in ("import", "show"):
        result = run("pack", command, str(pack), home=home)
        assert_clean_failure(result, EXIT_BAD_INPUT)
        assert "manifest.json: its author note holds U+D800 (half of a character" in result.stderr
        assert "Nothing was imported" in result.stderr
    assert not (home / "data").exists()


def test_right_to_left_overrides_are_shown_spelt_out(good: dict[str, bytes], tmp_path: Path) -> None:
    """They may be real writing, so the pack is accepted; what shows them spells them out."""
    def change(manifest: dict) -> None:
        manifest["author_note"] = "Call \u202e0102 555 020\u202c\nor write \u2066to me\u2069."

    entries = {**good, "practice.md": practice_with("title", "Kind \\u202eWords\\u202c")}
    pack = write_zip(tmp_path / "rlo.kindpack", relist(entries, change))
    home = tmp_path / "recipient"
    shown = run("pack", "show", str(pack), home=home)
    assert shown.returncode == EXIT_OK, shown.stderr
    assert "  Kind \\u202eWords\\u202c (id kind-words)" in shown.stdout
    assert "    Call \\u202e0102 555 020\\u202c\n    or write \\u2066to me\\u2069." in shown.stdout
    assert_terminal_safe(shown)
    imported = run("pack", "import", str(pack), home=home)
    assert imported.returncode == EXIT_OK, imported.stderr
    assert "Imported Kind \\u202eWords\\u202c from Sam Rivera." in imported.stdout
    assert_terminal_safe(imported)


def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    """Nobody writes to the pipe: before, `pack show` waited for a writer for ever."""
    fifo = tmp_path / "from-sam.kindpack"
    os.mkfifo(fifo)
    for command in ("show", "import"):
        result = run("pack", command, str(fifo), home=tmp_path / "recipient")
        assert_clean_failure(result, EXIT_BAD_INPUT)
        assert f"{fifo}: it is a named pipe (FIFO), not a file; a practice pack is a plain file" in result.stderr


def test_a_recording_with_nan_is_refused_with_its_reason(good: dict[str, bytes], tmp_path: Path) -> None:
    name = next(key for key in good if key.startswith("recordings/"))
    entries = {key: data for key, data in good.items() if key != name}
    wav = name.rsplit(".", 1)[0] + ".wav"
    pack = write_zip(tmp_path / "nan.kindpack", relist({**entries, wav: float_wav(spoiled(np.nan))}))
    result = run("pack", "show", str(pack), home=tmp_path / "recipient")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert f"{wav}: some of its samples are not numbers (NaN or infinity), the first 0.50 seconds in" \
        in result.stderr


def test_a_hostile_file_name_is_shown_spelt_out(tmp_path: Path) -> None:
    result = run("pack", "show", str(tmp_path / "\x1b]0;pwned\x07.kindpack"), home=tmp_path / "recipient")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "\\x1b]0;pwned\\x07.kindpack: no such file" in result.stderr
    assert_terminal_safe(result)


def test_export_says_that_notes_and_whom_it_is_for_go_along_and_can_be_left_out(
        sender: AppPaths, tmp_path: Path) -> None:
    """`pack export` used to carry the therapist's notes: and for_whom: to the recipient without a word."""
    practice = sender.practices / f"{PRACTICE_ID}.md"
    practice.write_text(PRACTICE_TEXT.replace(
        "lengths: [2]", "for_whom: Alex\nnotes: |\n  Alex finds the chest area hard.\n  Offer the hands instead.\n"
                        "lengths: [2]"), encoding="utf-8")
    carried = tmp_path / "with-notes.kindpack"
    result = run("pack", "export", str(practice), "-o", str(carried), home=sender.data.parent)
    assert result.returncode == EXIT_OK, result.stderr
    assert ("  the practice's file goes along as it is, with what it says about\n"
            "    whom it is for: Alex\n"
            "    your notes:\n"
            "      Alex finds the chest area hard.\n"
            "      Offer the hands instead.\n"
            "  to leave these out, make the pack again with --without-notes\n") in result.stdout
    with zipfile.ZipFile(carried) as archive:
        assert "Alex finds the chest area hard." in archive.read("practice.md").decode("utf-8")

    left = tmp_path / "without-notes.kindpack"
    result = run("pack", "export", str(practice), "-o", str(left), "--without-notes", home=sender.data.parent)
    assert result.returncode == EXIT_OK, result.stderr
    assert "  left out: the practice's notes and whom it is for (its notes: and for_whom: lines)" in result.stdout
    assert "Alex" not in result.stdout
    with zipfile.ZipFile(left) as archive:
        text = archive.read("practice.md").decode("utf-8")
    assert text == PRACTICE_TEXT  # exactly those lines taken out, every other byte kept
    shown = run("pack", "show", str(left), home=tmp_path / "recipient")
    assert shown.returncode == EXIT_OK and "2 recorded sentences" in shown.stdout  # recordings still match


def test_export_of_a_practice_without_notes_says_nothing_of_them(sender: AppPaths, tmp_path: Path) -> None:
    result = run("pack", "export", PRACTICE_ID, "-o", str(tmp_path / "plain.kindpack"), home=sender.data.parent)
    assert result.returncode == EXIT_OK, result.stderr
    assert "goes along" not in result.stdout and "--without-notes" not in result.stdout
