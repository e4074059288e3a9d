"""The log file: written, private, bounded, and never holding health data.

Real parts: real files in the test's home; the `kindaudio` command run as a
real process with --debug (the most it ever logs), writing a real journal.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kindaudio.common.logfile import PrivateLogFile, open_log_file, where_the_details_are
from kindaudio.common.paths import AppPaths
from tests.support.command import EXIT_FAILURE, EXIT_OK, kindaudio


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def every_log(paths: AppPaths) -> str:
    """The log and its rotated copies, as one text."""
    return "".join(path.read_text(encoding="utf-8") for path in sorted(paths.state.glob("kindaudio.log*")))


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """A logger of this test's own, so the handlers a test adds reach nothing else."""
    own = logging.getLogger("kindaudio.tests.logfile")
    own.setLevel(logging.DEBUG)
    own.propagate = False
    yield own
    for handler in own.handlers[:]:
        own.removeHandler(handler)
        handler.close()


def test_warnings_and_errors_go_to_a_private_file_with_their_tracebacks(paths: AppPaths,
                                                                        logger: logging.Logger) -> None:
    logger.addHandler(open_log_file(paths.log_file))
    logger.info("an everyday step")  # below the file's level unless --debug
    logger.warning("the cache entry is corrupt; it will be made again")
    try:
        {}["missing"]
    except KeyError:
        logger.exception("background work failed")
    text = paths.log_file.read_text(encoding="utf-8")
    assert "WARNING kindaudio.tests.logfile: the cache entry is corrupt" in text
    assert "ERROR kindaudio.tests.logfile: background work failed" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'missing'" in text
    assert "an everyday step" not in text
    assert paths.log_file == paths.state / "kindaudio.log"
    assert mode(paths.log_file) == 0o600
    assert mode(paths.state) == 0o700


def test_the_log_rotates_and_keeps_a_few_files_all_private(paths: AppPaths, logger: logging.Logger) -> None:
    logger.addHandler(open_log_file(paths.log_file, max_bytes=2_000, backups=2))
    for number in range(200):
        logger.warning("line %03d of a long afternoon", number)
    files = sorted(paths.state.glob("kindaudio.log*"))
    assert [path.name for path in files] == ["kindaudio.log", "kindaudio.log.1", "kindaudio.log.2"]
    assert all(path.stat().st_size <= 2_000 for path in files)
    assert all(mode(path) == 0o600 for path in files)
    assert "line 199 " in paths.log_file.read_text(encoding="utf-8")  # the newest lines are in the file itself
    assert "line 000 " not in every_log(paths)  # the oldest went with the oldest copy


def test_a_log_left_readable_by_others_is_made_private(paths: AppPaths, logger: logging.Logger) -> None:
    paths.state.mkdir(parents=True)
    paths.log_file.write_text("from an older version\n", encoding="utf-8")
    paths.log_file.chmod(0o644)
    logger.addHandler(open_log_file(paths.log_file))
    assert mode(paths.log_file) == 0o600
    logger.warning("appended")
    assert paths.log_file.read_text(encoding="utf-8").startswith("from an older version\n")


def test_messages_about_unexpected_errors_name_the_real_file(paths: AppPaths) -> None:
    assert where_the_details_are() == "Run `kindaudio --debug` to see the details."  # no file in this process
    handler = open_log_file(paths.log_file)
    logging.getLogger().addHandler(handler)
    try:
        assert where_the_details_are() == f"The details are in the log: {paths.log_file}"
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_check_says_where_the_log_is(paths: AppPaths) -> None:
    result = kindaudio("check")
    assert f"ok  log             {paths.log_file} (warnings and errors; never your journal)" in result.stdout
    assert f"state {paths.state}" in result.stdout
    assert paths.log_file.is_file() and mode(paths.log_file) == 0o600


def test_check_says_so_when_the_log_cannot_be_written(paths: AppPaths) -> None:
    paths.state.parent.mkdir(parents=True)
    paths.state.write_text("a file where the state folder should be\n")
    result = kindaudio("check")
    assert result.returncode == EXIT_FAILURE
    assert f"no log file: {paths.log_file} cannot be written" in result.stderr
    assert f"NO  log             not written; it would be {paths.log_file}" in result.stdout


def test_an_internal_error_is_one_line_on_screen_and_its_traceback_in_the_log(paths: AppPaths,
                                                                              tmp_path: Path) -> None:
    # A command that fails as a bug would, run through the real main().
    script = textwrap.dedent("""
        import sys
        import kindaudio.cli as cli

        class Broken:
            def add_parser(self, commands):
                commands.add_parser("broken")

            def run(self, args):
                raise RuntimeError("an unforeseen turn")

        cli.COMMANDS["broken"] = Broken()
        sys.exit(cli.main(["broken"]))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == EXIT_FAILURE
    assert result.stderr == ("kindaudio: internal error: RuntimeError: an unforeseen turn. "
                             f"The details are in the log: {paths.log_file}\n")
    text = paths.log_file.read_text(encoding="utf-8")
    assert "ERROR kindaudio.cli: internal error" in text
    assert "Traceback (most recent call last)" in text and "in run\nRuntimeError: an unforeseen turn" in text


def test_an_error_nobody_caught_in_a_thread_reaches_the_log(paths: AppPaths) -> None:
    script = textwrap.dedent("""
        import threading
        from kindaudio.common.logfile import setup_logging

        setup_logging()
        worker = threading.Thread(target=lambda: 1 / 0, name="speech-warmer")
        worker.start()
        worker.join()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == EXIT_OK, result.stderr
    text = paths.log_file.read_text(encoding="utf-8")
    assert "ERROR kindaudio.common.logfile: uncaught error in the thread speech-warmer" in text
    assert "ZeroDivisionError: division by zero" in text


def test_a_check_in_leaves_no_trace_of_its_feelings_or_note_in_the_log(paths: AppPaths, tmp_path: Path) -> None:
    note, feeling = "Quillwort7 heavy morning", "Marram5"
    saved = kindaudio("--debug", "checkin", "--valence", "-2", "--feeling", feeling, "--difficult",
                      "--note", note, "--share-note")
    assert saved.returncode == EXIT_OK, saved.stderr
    # The same words read back from the journal, shown and exported, all with --debug.
    history = kindaudio("--debug", "history")
    assert history.returncode == EXIT_OK, history.stderr
    for fmt in ("csv", "pdf"):
        exported = kindaudio("--debug", "export", "--format", fmt, "--from", date.today().isoformat(),
                             "--notes", "all", "-o", str(tmp_path / f"report.{fmt}"))
        assert exported.returncode == EXIT_OK, exported.stderr
    # The words were really used: a check-in on its own is in the CSV export's check-ins table.
    assert feeling in (tmp_path / "report-check-ins.csv").read_text(encoding="utf-8-sig")

    text = every_log(paths)
    assert "DEBUG" in text or "INFO" in text  # --debug wrote KindAudio's own lines: there was something to leak
    assert "kindaudio.journal" in text
    for private in ("Quillwort7", "Marram5", "heavy morning"):
        assert private not in text
        for shown in (saved, history):
            assert private not in shown.stderr  # nor on screen, where --debug shows the same lines
    assert mode(paths.log_file) == 0o600


def test_setting_up_twice_adds_one_log_file(paths: AppPaths) -> None:
    script = textwrap.dedent("""
        import logging
        from kindaudio.common.logfile import PrivateLogFile, setup_logging

        print(setup_logging())
        print(sum(isinstance(h, PrivateLogFile) for h in logging.getLogger().handlers))
        print(setup_logging())  # a second call adds nothing
        print(sum(isinstance(h, PrivateLogFile) for h in logging.getLogger().handlers))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.split() == [str(paths.log_file), "1", str(paths.log_file), "1"], result.stderr
    assert issubclass(PrivateLogFile, logging.handlers.RotatingFileHandler)
