"""Background work comes back to the GUI thread, every time, even when it is over at once."""

from __future__ import annotations

import logging

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from kindaudio.common.errors import UserInputError
from kindaudio.common.logfile import open_log_file
from kindaudio.common.paths import AppPaths
from kindaudio.ui.tasks import Task, TaskRunner


def fail(message: str) -> None:
    raise UserInputError(message)


def test_every_quick_task_reports_its_result_or_its_failure(qtbot: QtBot) -> None:
    runner = TaskRunner(QThreadPool())
    results: list[object] = []
    failures: list[str] = []

    def connect(task: Task) -> None:
        task.succeeded.connect(results.append)
        task.failed.connect(failures.append)

    for n in range(150):
        runner.run(abs, -n, connect=connect)
        runner.run(fail, f"bad {n}", connect=connect)
    qtbot.waitUntil(lambda: len(results) + len(failures) == 300, timeout=30_000)
    assert sorted(results) == list(range(150))  # type: ignore[type-var]
    assert sorted(failures) == sorted(f"bad {n}" for n in range(150))


def test_progress_arrives_before_the_result(qtbot: QtBot) -> None:
    runner = TaskRunner(QThreadPool())
    heard: list[object] = []

    def work(report: object) -> str:
        for step in (0.25, 0.5, 1.0):
            report(step)  # type: ignore[operator]
        return "made"

    def connect(task: Task) -> None:
        task.progress.connect(heard.append)
        task.succeeded.connect(heard.append)

    runner.run(work, with_progress=True, connect=connect)
    qtbot.waitUntil(lambda: "made" in heard, timeout=30_000)
    assert heard == [0.25, 0.5, 1.0, "made"]


def test_an_unexpected_error_is_told_plainly_not_lost(qtbot: QtBot, paths: AppPaths) -> None:
    handler = open_log_file(paths.log_file)  # as `kindaudio` sets it up
    logging.getLogger().addHandler(handler)
    try:
        runner = TaskRunner(QThreadPool())
        failures: list[str] = []
        runner.run(lambda: 1 / 0, connect=lambda task: task.failed.connect(failures.append))
        qtbot.waitUntil(lambda: bool(failures), timeout=30_000)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert failures == [f"Something went wrong: division by zero. The details are in the log: {paths.log_file}"]
    logged = paths.log_file.read_text(encoding="utf-8")
    assert "background work failed\nTraceback (most recent call last)" in logged
    assert "ZeroDivisionError: division by zero" in logged
