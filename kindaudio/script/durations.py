"""Durations as people write them in scripts: 5s, 2.5s, 1m30s, 2m, 1h."""

from __future__ import annotations

import re

_DURATION = re.compile(
    r"(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?", re.IGNORECASE
)
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")

EXAMPLES = "e.g. 5s, 2.5s, 1m30s or 2m"
MAX_DIGITS = 12  # per unit; more is no duration anyone means (and Python refuses ints over 4,300 digits)


class DurationError(ValueError):
    """A duration that does not parse; the message says what would."""


def parse_duration(text: str) -> float:
    """Seconds in `text`; raises DurationError with a suggestion otherwise."""
    stripped = text.strip()
    match = _DURATION.fullmatch(stripped)
    if stripped and match and any(len(match.group(unit) or "") > MAX_DIGITS for unit in "hms"):
        raise DurationError(f"the duration '{_shortened(stripped)}' is far too long; write it like {EXAMPLES}")
    if stripped and match and any(match.group(unit) for unit in "hms"):
        hours = int(match.group("h") or 0)
        minutes = int(match.group("m") or 0)
        seconds = float(match.group("s") or 0)
        return hours * 3600 + minutes * 60 + seconds
    if _BARE_NUMBER.fullmatch(stripped):
        raise DurationError(f"malformed duration '{_shortened(text)}': missing unit; "
                            f"did you mean {_shortened(stripped)}s?")
    raise DurationError(f"malformed duration '{_shortened(text)}'; write it like {EXAMPLES}")


def _shortened(text: str) -> str:
    return text if len(text) <= 20 else f"{text[:8]}…{text[-4:]}"


def format_duration(seconds: float) -> str:
    """The shortest way to write `seconds` in script notation (inverse of parse)."""
    if seconds < 0:
        raise ValueError("durations are never negative")
    whole = int(seconds)
    fraction = round(seconds - whole, 3)
    if fraction >= 1:
        whole, fraction = whole + 1, 0.0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or fraction or not parts:
        number = f"{secs + fraction:.3f}".rstrip("0").rstrip(".")
        parts.append(f"{number}s")
    return "".join(parts)


def format_clock(seconds: float) -> str:
    """m:ss (or h:mm:ss) for people reading a length."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
