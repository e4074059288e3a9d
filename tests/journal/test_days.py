"""Local days: the machine's own zone follows its clock changes, unlike a fixed offset."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kindaudio.journal.days import local_day, local_midnight, week_start

REPO = Path(__file__).resolve().parents[2]


def test_local_midnight_follows_the_zone_s_clock_changes() -> None:
    london = ZoneInfo("Europe/London")
    assert local_midnight(date(2024, 1, 15), london) == datetime(2024, 1, 15, 0, tzinfo=UTC)
    assert local_midnight(date(2024, 4, 1), london) == datetime(2024, 3, 31, 23, tzinfo=UTC)
    assert local_day(datetime(2024, 3, 31, 23, 30, tzinfo=UTC), london) == date(2024, 4, 1)


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2024, 5, 19)) == date(2024, 5, 13)
    assert week_start(date(2024, 5, 13)) == date(2024, 5, 13)


def test_the_system_zone_knows_summer_and_winter_time() -> None:
    code = (
        "from datetime import date, datetime, timezone\n"
        "from kindaudio.journal.days import SystemLocalTime, local_day, local_midnight\n"
        "tz = SystemLocalTime()\n"
        "print(local_midnight(date(2024, 1, 15), tz).isoformat())\n"
        "print(local_midnight(date(2024, 7, 15), tz).isoformat())\n"
        "print(local_day(datetime(2024, 7, 14, 23, 30, tzinfo=timezone.utc), tz))\n"
        "print(datetime(2024, 7, 15, 9, tzinfo=tz).astimezone(timezone.utc).isoformat())\n"
    )
    env = {**os.environ, "TZ": "Europe/London", "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.split() == ["2024-01-15T00:00:00+00:00", "2024-07-14T23:00:00+00:00", "2024-07-15",
                                     "2024-07-15T08:00:00+00:00"]
