"""Local calendar days and the UTC instants that bound them.

The journal stores UTC; people think in their own days and weeks. Queries turn
a local day range into a UTC range once, so SQLite can answer from an index.
"""

from __future__ import annotations

import math
import time as _time
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_EPOCH = datetime(1970, 1, 1)


class SystemLocalTime(tzinfo):
    """The machine's own zone with its daylight-saving rules, as the C library knows them.

    `datetime.now().astimezone().tzinfo` is a fixed offset, which would put
    practice on the wrong day across a clock change inside a 12-week window.
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=_time.localtime().tm_gmtoff)
        stamp = _time.mktime((dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1))
        return timedelta(seconds=_time.localtime(stamp).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta:
        stamp = _time.time() if dt is None else _time.mktime(
            (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1)
        )
        return timedelta(hours=1) if _time.localtime(stamp).tm_isdst > 0 else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return _time.localtime().tm_zone if dt is None else _time.strftime("%Z", _time.localtime(
            _time.mktime((dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1))))

    def fromutc(self, dt: datetime) -> datetime:
        seconds = math.floor((dt.replace(tzinfo=None) - _EPOCH).total_seconds())
        local = _time.localtime(seconds)
        return datetime(*local[:6], microsecond=dt.microsecond, tzinfo=self)

    def __repr__(self) -> str:
        return "SystemLocalTime()"


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The UTC instant at which `day` begins in `tz`."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def local_noon(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(12), tzinfo=tz).astimezone(UTC)


def local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())
