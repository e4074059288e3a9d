"""Long work off the GUI thread: run a function on a thread pool, get its result back as a signal.

One helper for every page, so there is one way work leaves the GUI thread and
one way it comes back. The pool is a parameter: tests can hand in their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kindaudio.common.errors import KindAudioError
from kindaudio.common.logfile import where_the_details_are

log = logging.getLogger(__name__)

Report = Callable[[float], None]


class Task(QObject):
    """One piece of background work.

    Signals:
        progress(float): 0..1, from tasks started with `with_progress=True`.
        succeeded(object): the function's return value.
        failed(str): a message for a person (a KindAudioError's text, or a plain
            account of an unexpected error; the traceback goes to the log).
        done(): after succeeded or failed, always.
    """

    progress = Signal(float)
    succeeded = Signal(object)
    failed = Signal(str)
    done = Signal()


class _Runnable(QRunnable):
    def __init__(self, task: Task, function: Callable[..., Any], args: tuple[Any, ...],
                 with_progress: bool) -> None:
        super().__init__()
        self.task, self.function, self.args, self.with_progress = task, function, args, with_progress

    def run(self) -> None:
        task = self.task
        try:
            if self.with_progress:
                result = self.function(*self.args, report=task.progress.emit)
            else:
                result = self.function(*self.args)
        except KindAudioError as exc:
            task.failed.emit(str(exc))
        except Exception as exc:
            log.exception("background work failed")
            task.failed.emit(f"Something went wrong: {exc}. {where_the_details_are()}")
        else:
            task.succeeded.emit(result)
        task.done.emit()


class TaskRunner:
    """Starts tasks on a QThreadPool; keeps each Task alive until it is done."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def run(self, function: Callable[..., Any], *args: Any, with_progress: bool = False,
            connect: Callable[[Task], None] | None = None) -> Task:
        """Start `function(*args)` (with `report=` a 0..1 progress callback when asked).

        `connect(task)` is called before the work starts: connect the Task's
        signals there. A signal emitted before anything is connected to it is
        lost, and a quick task can finish before `run` has even returned.
        """
        task = Task()
        self._running.add(task)
        task.done.connect(lambda: self._running.discard(task))
        if connect is not None:
            connect(task)
        self.pool.start(_Runnable(task, function, args, with_progress))
        return task

    def wait(self, milliseconds: int = -1) -> bool:
        """Wait for every started task (at shutdown)."""
        return self.pool.waitForDone(milliseconds)
