"""The log: warnings and errors, with their tracebacks, in a file in the person's state folder.

The window is usually started from a desktop menu, where nobody reads stderr,
so "the details are in the log" has to mean a real file: `AppPaths.log_file`
(~/.local/state/KindAudio/kindaudio.log on Linux; under KINDAUDIO_HOME when it
is set). `kindaudio check` says where it is.

What goes in, and what never does:

- Warnings and errors from KindAudio and the libraries it uses, each error with
  its traceback; uncaught errors too (Qt slots, threads), which would
  otherwise go only to a stderr nobody sees.
- With --debug, also KindAudio's own info and debug lines (on stderr as
  before, and in the file). Libraries stay at warnings even then: SQLAlchemy
  at info level writes every statement it runs.
- Never health data: no moods, feelings, notes, practice text or journal
  contents. Log calls name things by id and count; the journal's engine hides
  statement parameters even in its errors (journal/store.py). A test writes a
  check-in with a unique word through the real command line and looks for it
  here (tests/common/test_logfile.py).

The file is private like the journal beside it (mode 0600, in a 0700 folder)
and bounded: it rotates at MAX_BYTES and keeps BACKUPS older files. Two
processes writing at once (the window and a command) each append whole lines;
the one that rotates leaves the other writing to the renamed file until it
next starts, which loses nothing.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from kindaudio.common.paths import AppPaths, app_paths, ensure_dir

MAX_BYTES = 1_000_000
BACKUPS = 3  # so at most about 4 MB in all
FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
STDERR_FORMAT = "%(levelname)s %(name)s: %(message)s"  # as the command printed before there was a file
OWN_LOGGER = "kindaudio"
# Pass as `extra=` to send a record to one place only:
FILE_ONLY = {"log_to": "file"}  # a traceback the person is spared on screen (they get one plain line)
SCREEN_ONLY = {"log_to": "screen"}  # a traceback asked for with --debug of an error that may quote what they typed

log = logging.getLogger(__name__)


class PrivateLogFile(RotatingFileHandler):
    """A RotatingFileHandler whose files only their owner can read (0600), new, reopened or rotated."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's own name
        # A log that cannot be written (a full or read-only disk) must not spill logging's traceback onto
        # the person's screen: the command itself says what went wrong, and the screen handler still shows it.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handleError(record)

    def _open(self) -> TextIOWrapper:
        # Always appending: RotatingFileHandler itself uses "a" whenever it rotates (maxBytes > 0).
        return open(self.baseFilename, "a", encoding=self.encoding, errors=self.errors,
                    opener=_open_private)


def _open_private(path: str, flags: int) -> int:
    descriptor = os.open(path, flags, 0o600)
    if hasattr(os, "fchmod"):  # a file left by an older version (or another umask) is made private too
        os.fchmod(descriptor, 0o600)
    return descriptor


def open_log_file(path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                  level: int = logging.WARNING) -> PrivateLogFile:
    """The handler for the log at `path` (its folder made private if new); raises OSError when it cannot be written."""
    ensure_dir(path.parent)
    handler = PrivateLogFile(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler.addFilter(lambda record: getattr(record, "log_to", "file") == "file")
    return handler


def setup_logging(*, debug: bool = False, paths: AppPaths | None = None) -> Path | None:
    """Send warnings and errors to stderr and to the log file; at the start of every `kindaudio` process.

    Returns the log file, or None when it cannot be written (said once on
    stderr; the program goes on without it). Like logging.basicConfig, it
    leaves alone a process whose logging is already set up (a test runner, a
    program that embeds KindAudio).
    """
    root = logging.getLogger()
    if root.handlers:
        return log_file()
    root.setLevel(logging.WARNING)
    logging.getLogger(OWN_LOGGER).setLevel(logging.DEBUG if debug else logging.WARNING)
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.DEBUG if debug else logging.WARNING)
    shown.setFormatter(logging.Formatter(STDERR_FORMAT))
    shown.addFilter(lambda record: getattr(record, "log_to", "screen") == "screen" or debug)
    root.addHandler(shown)
    path = (paths or app_paths()).log_file
    try:
        root.addHandler(open_log_file(path, level=logging.DEBUG if debug else logging.WARNING))
    except OSError as exc:
        log.warning("no log file: %s cannot be written (%s)", path, exc.strerror or exc)
        return None
    _log_uncaught_errors()
    return path


def log_file() -> Path | None:
    """The log file this process writes, if any (the first PrivateLogFile on the root logger)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrivateLogFile):
            return Path(handler.baseFilename)
    return None


def where_the_details_are() -> str:
    """The end of a message about an unexpected error: where its traceback went."""
    path = log_file()
    if path is None:
        return "Run `kindaudio --debug` to see the details."
    return f"The details are in the log: {path}"


def _log_uncaught_errors() -> None:
    """Uncaught errors (a Qt slot, a thread) go to the log with their traceback, not only to stderr."""
    previous: Callable[..., Any] = sys.excepthook

    def excepthook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt) or previous is not sys.__excepthook__:
            previous(kind, error, trace)  # Ctrl-C as usual; and a hook someone else installed still runs
        if not issubclass(kind, KeyboardInterrupt):
            log.error("uncaught error", exc_info=(kind, error, trace))

    previous_thread_hook = threading.excepthook

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        if previous_thread_hook is not threading.__excepthook__:
            previous_thread_hook(args)
        name = args.thread.name if args.thread is not None else "?"
        log.error("uncaught error in the thread %s", name,
                  exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback))

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
