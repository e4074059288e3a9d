"""`kindaudio write` and `kindaudio entries` as real processes: through a pipe, and at a (pseudo-)terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Mood
from kindaudio.journal.store import open_journal
from tests.support.command import EXIT_BAD_INPUT, EXIT_OK, assert_clean_failure, kindaudio
from tests.support.terminal import Terminal

ROOT = Path(__file__).resolve().parents[2]


def piped(*args: str, data: bytes) -> subprocess.CompletedProcess[bytes]:
    """`kindaudio ARGS` with `data` (raw bytes) on standard input, this worktree's copy imported."""
    return subprocess.run([sys.executable, "-m", "kindaudio", *args], input=data, capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)


def test_blocks_from_a_pipe_become_the_answers_in_order(paths: AppPaths) -> None:
    text = "I froze when asked to speak\n\nfear,\na tight throat\n\n\n\nmany people freeze\n"
    result = piped("write", data=text.encode())
    assert result.returncode == EXIT_OK, result.stderr
    assert b"Saved in your journal as entry 1. It stays private" in result.stdout
    with open_journal(paths, backup=False) as journal:
        [entry] = journal.entries()
    assert (entry.kind, entry.shared) == ("three-parts", False)
    assert [a.text for a in entry.answers] == ["I froze when asked to speak", "fear,\na tight throat",
                                               "many people freeze", ""]


def test_json_keeps_blank_lines_inside_an_answer_and_share_marks_it(paths: AppPaths) -> None:
    answers = {"critic": "You always mess up.", "friend": "You were tired.\n\nAnd you tried."}
    result = piped("write", "--kind", "critic-friend", "--json", "--share", "--day", "2026-11-30",
                   "--mood-before", "-2", "--mood-after", "1", data=json.dumps(answers).encode())
    assert result.returncode == EXIT_OK, result.stderr
    with open_journal(paths, backup=False) as journal:
        [entry] = journal.entries()
    assert entry.shared and entry.day.isoformat() == "2026-11-30"
    assert (entry.valence_before, entry.valence_after) == (-2, 1)
    assert {a.key: a.text for a in entry.answers} == {"critic": "You always mess up.", "tone": "",
                                                      "friend": "You were tired.\n\nAnd you tried."}
    listed = kindaudio("entries", "--search", "tired", "--full", env={"PYTHONPATH": str(ROOT)})
    assert listed.returncode == EXIT_OK, listed.stderr
    assert "Critic and friend · shared with your therapist" in listed.stdout
    assert "  And you tried." in listed.stdout


@pytest.mark.parametrize(("args", "data", "said"), [
    (["write"], b"ok\xff\xfe\n", "not UTF-8 text (byte 0xff on line 1)"),
    (["write"], b"line\x1b[2Jhidden\n", "control character (U+001B)"),
    (["write"], ("x" * 100_001).encode(), "at most 100,000"),
    (["write", "--kind", "letter"], b"one\n\ntwo\n", "2 blocks of text"),
    (["write", "--json"], b"{not json", "not valid JSON (line 1"),
    (["write", "--json"], b'{"moment": 5}', "should be text, not int"),
    (["write", "--json"], b'{"mood": "x"}', "no prompt called mood"),
    (["write", "--kind", "poem"], b"", "no kind of writing called 'poem'"),
    (["write", "--mood-after", "5"], b"words", "from -3 (very unpleasant) to 3"),
])
def test_bad_input_is_refused_plainly_and_nothing_is_saved(paths: AppPaths, args: list[str], data: bytes,
                                                          said: str) -> None:
    with open_journal(paths, backup=False) as journal:  # a journal that exists, so "nothing saved" is checked
        journal.add_check_in(Mood(0), moment="standalone")  # type: ignore[arg-type]
    result = piped(*args, data=data)
    assert_clean_failure(subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(),
                                                     result.stderr.decode()), EXIT_BAD_INPUT)
    assert said in result.stderr.decode()
    with open_journal(paths, backup=False) as journal:
        assert journal.entry_count() == 0


def test_nothing_written_saves_nothing(paths: AppPaths) -> None:
    result = piped("write", data=b"\n\n  \n")
    assert result.returncode == EXIT_OK and b"nothing was saved" in result.stdout
    assert not paths.journal.exists()  # the journal is opened only once there is something to keep


def test_entries_lists_newest_first_and_says_when_there_is_nothing(paths: AppPaths) -> None:
    empty = kindaudio("entries", env={"PYTHONPATH": str(ROOT)})
    assert empty.returncode == EXIT_OK and "No entries yet" in empty.stdout
    for text in ("first page", "second page"):
        assert piped("write", "--kind", "free", "--day", "2026-11-0" + str(len(text) % 7), data=text.encode()
                     ).returncode == EXIT_OK
    listed = kindaudio("entries", env={"PYTHONPATH": str(ROOT)})
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["DAY", "KIND", "SHARED", "FIRST", "WORDS"]
    assert "second page" in lines[1] and "first page" in lines[2]
    assert "2 entries, 0 marked to share" in listed.stdout
    since = kindaudio("entries", "--since", "2026-11-04", env={"PYTHONPATH": str(ROOT)})
    assert "second page" in since.stdout and "first page" not in since.stdout
    missing = kindaudio("entries", "--search", "heron", env={"PYTHONPATH": str(ROOT)})
    assert "No entry holds “heron”" in missing.stdout


def test_at_a_terminal_each_prompt_is_asked_and_the_share_question_comes_last(paths: AppPaths, home: Path) -> None:
    terminal = Terminal(["write", "--kind", "critic-friend"], {"PYTHONPATH": str(ROOT)})
    at = terminal.read_until("What the critical voice said")
    at = terminal.read_until("> ", at)
    terminal.type("Not again.\nSo careless.\n\n")
    at = terminal.read_until("Its tone", at)
    terminal.type("\n")  # skipped
    at = terminal.read_until("What a kind friend would answer", at)
    terminal.type("Anyone can drop a glass.\n\n")
    at = terminal.read_until("share with your therapist? [y/N]", at)
    terminal.type("y\n")
    terminal.read_until("Saved in your journal as entry 1", at)
    assert terminal.close() == EXIT_OK
    with open_journal(paths, backup=False) as journal:
        [entry] = journal.entries()
    assert entry.shared
    assert [a.text for a in entry.answers] == ["Not again.\nSo careless.", "", "Anyone can drop a glass."]


def test_what_is_written_never_reaches_the_log_even_with_debug(paths: AppPaths, home: Path) -> None:
    result = piped("--debug", "write", "--share", data=b"Brackenwort7 by the shed\n\nMarrowfen4\n")
    assert result.returncode == EXIT_OK, result.stderr
    listed = kindaudio("--debug", "entries", "--search", "brackenwort7", "--full", env={"PYTHONPATH": str(ROOT)})
    assert "Brackenwort7" in listed.stdout
    logs = [path for path in home.rglob("*.log*") if path.is_file()]
    assert logs, "the log file is where the debug lines go"
    for path in logs:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "Brackenwort7" not in text and "Marrowfen4" not in text and "brackenwort7" not in text
    assert b"Brackenwort7" not in result.stderr


def test_history_as_csv_is_the_persons_own_view_with_every_entry(paths: AppPaths) -> None:
    assert piped("write", "--kind", "free", data=b"a private page").returncode == EXIT_OK
    result = kindaudio("history", "--csv", "entries", env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == EXIT_OK, result.stderr
    header, rest = result.stdout.split("\n", 1)
    assert header.startswith("entry_id,day,kind,shared") and ",Free page,no," in rest and "a private page" in rest
