"""The journal under stress, through real `kindaudio` processes (issue 17, hardening 7, 8 and 9).

Read-only files and folders are tested as a person without root's power to write anywhere: when the tests run
as root, the command runs under `setpriv` with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped, so file modes
count as they do for everyone else. The full disk is a real 1 MB tmpfs (tests/support/disks.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.journal.store import open_journal
from tests.support.command import EXIT_FAILURE, EXIT_OK, assert_clean_failure
from tests.support.disks import fill, small_disk
from tests.support.journal import NEW_YORK
from tests.support.journal import fill as fill_journal

ROOT = Path(__file__).resolve().parents[2]


def kindaudio(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`kindaudio ARGS` as a person without root's override of file modes."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv (util-linux) is needed to drop root's override of file modes")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    env = {**os.environ, "TZ": NEW_YORK, "PYTHONPATH": str(ROOT)}
    if home is not None:
        env["KINDAUDIO_HOME"] = str(home)
    return subprocess.run([*prefix, sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env, timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(paths: AppPaths) -> Iterator[AppPaths]:
    """A journal with sessions and check-ins and today's backup, closed (no -wal or -shm beside it)."""
    fill_journal(paths)
    open_journal(paths).close()  # takes the day's backup
    yield paths
    for folder in (paths.data, paths.journal):
        if folder.exists():
            folder.chmod(0o700 if folder.is_dir() else 0o600)


# -- 7: an emptied journal ----------------------------------------------------------------------


def test_a_zero_byte_journal_is_kept_said_and_the_backup_offered(filled: AppPaths) -> None:
    filled.journal.write_bytes(b"")
    for args in (["history"], ["checkin", "--valence", "1"], ["export", "--format", "csv", "--from", "2024-05-01",
                                                               "-o", str(filled.data / "x.csv")]):
        result = kindaudio(*args)
        assert_clean_failure(result, EXIT_FAILURE)
        assert f"Your practice journal at {filled.journal} is empty" in result.stderr
        assert "A backup can be restored (the newest is from" in result.stderr
        assert "empty so far" not in result.stdout
    assert filled.journal.stat().st_size == 0  # kept exactly as it was
    assert not (filled.data / "x.csv").exists()


# -- 8: read-only -------------------------------------------------------------------------------


def test_a_read_only_journal_file_still_reads_and_saving_says_what_to_do(filled: AppPaths, tmp_path: Path) -> None:
    filled.journal.chmod(0o444)
    before = digest(filled.journal)
    history = kindaudio("history")
    assert history.returncode == EXIT_OK, history.stderr
    assert "Affectionate Breathing" in history.stdout and "2 sessions" in history.stdout
    exported = kindaudio("export", "--format", "csv", "--from", "2024-05-01", "--to", "2024-05-31",
                         "-o", str(tmp_path / "x.csv"))
    assert exported.returncode == EXIT_OK, exported.stderr
    assert kindaudio("entries").returncode == EXIT_OK
    saving = kindaudio("checkin", "--valence", "1")
    assert_clean_failure(saving, EXIT_FAILURE)
    assert f"Your practice journal at {filled.journal} is read-only, so KindAudio cannot save to it." \
        in saving.stderr
    assert f"chmod u+w '{filled.journal}'" in saving.stderr
    assert "internal error" not in history.stderr + saving.stderr
    assert digest(filled.journal) == before


def test_a_read_only_data_folder_still_reads_and_is_named(filled: AppPaths) -> None:
    filled.data.chmod(0o555)
    history = kindaudio("history")
    assert history.returncode == EXIT_OK, history.stderr
    assert "Affectionate Breathing" in history.stdout
    saving = kindaudio("checkin", "--valence", "1")
    assert_clean_failure(saving, EXIT_FAILURE)
    assert f"The folder of your practice journal, {filled.data}, is read-only" in saving.stderr
    assert "kept aside" not in saving.stderr  # nothing was set aside: it was never damaged
    assert sorted(p.name for p in filled.data.iterdir()) == ["backups", "journal.sqlite3"]


# -- 9: a full disk -----------------------------------------------------------------------------


def test_a_check_in_on_a_full_disk_is_printed_back_and_nothing_saved_is_lost(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "disk", size="1m") as disk:
        home = disk / "home"
        monkeypatch.setenv("KINDAUDIO_HOME", str(home))
        paths = AppPaths.from_environment()
        fill_journal(paths)
        # The journal is open elsewhere (the window, say) when the disk fills, so its lock file is there.
        with open_journal(paths, backup=False) as elsewhere:
            elsewhere.check_ins()
            fill(disk)
            result = kindaudio("checkin", "--valence", "2", "--feeling", "calm", "--difficult",
                               "--note", "words I typed just now", home=home)
            assert_clean_failure(result, EXIT_FAILURE)
            assert f"The disk is full: your journal could not be written to {paths.data}." in result.stderr
            assert "internal error" not in result.stderr
            assert "This check-in could not be saved. Here is what you entered" in result.stdout
            assert "mood: +2 (pleasant)" in result.stdout and "feelings: calm" in result.stdout
            assert "difficult feelings came up" in result.stdout
            assert "note: words I typed just now" in result.stdout
            (disk / "filler").unlink()
            assert len(elsewhere.sessions()) == 2 and len(elsewhere.check_ins()) == 3  # all that was saved
        log = home / "state" / "kindaudio.log"
        assert "words I typed" not in (log.read_text(encoding="utf-8") if log.exists() else "")


# -- 11: where an export goes -------------------------------------------------------------------


@pytest.mark.parametrize("output, message", [
    ("", "The output path is empty. Nothing was written."),
    ("~nosuchuser-kindaudio/x.csv", "there is no such user's home folder"),
    ("/proc/x.csv", "/proc: KindAudio cannot write to this folder"),
])
def test_export_refuses_an_empty_or_impossible_path(filled: AppPaths, output: str, message: str) -> None:
    result = kindaudio("export", "--format", "csv", "--from", "2024-05-01", "-o", output)
    assert_clean_failure(result, 2)
    assert message in result.stderr
