"""Fixtures for tests that need a desktop's services (`desktop`, `screen`).

Registered for every test by tests/conftest.py (pytest_plugins), so a test just names them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.support.desktop import Output, check_tools, message_bus, screensaver
from tests.support.login1 import SleepLocks
from tests.xserver import virtual_screen


@dataclass
class Desktop:
    """A session: its environment (also set in this process), its screensaver and the system bus's sleep locks."""

    env: dict[str, str]
    screensaver: Output
    sleep_locks: SleepLocks


@pytest.fixture(scope="module")
def screen() -> Iterator[str]:
    """A virtual screen (DISPLAY value) for the desktop services that draw or watch one."""
    check_tools()
    with virtual_screen() as display:
        yield display


@pytest.fixture
def desktop(screen: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desktop]:
    """A session bus with xssproxy as its screensaver, and a system bus with login1's Inhibit."""
    with message_bus() as session, message_bus() as system:
        env = {"DISPLAY": screen, "DBUS_SESSION_BUS_ADDRESS": session, "DBUS_SYSTEM_BUS_ADDRESS": system}
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        with screensaver(env) as saver:
            locks = SleepLocks(system)
            try:
                yield Desktop(env, saver, locks)
            finally:
                locks.close()
