"""Reading exported files back with tools nobody on the team wrote: ffprobe (ffmpeg) and exiftool."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

SETUP = "packaging/system-deps.sh installs it (make test runs it)"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; {SETUP}")
    return found


def ffprobe(path: Path, *show: str) -> dict[str, Any]:
    """ffprobe's JSON for `path`, e.g. ffprobe(path, "-show_format", "-show_chapters")."""
    done = subprocess.run([tool("ffprobe"), "-v", "error", "-of", "json", *show, str(path)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def ffprobe_tags(path: Path) -> dict[str, str]:
    """The file's tags as ffmpeg reads them (the container's and the audio stream's), keys in lower case."""
    probed = ffprobe(path, "-show_format", "-show_streams")
    tags = {**probed["format"].get("tags", {}), **probed["streams"][0].get("tags", {})}
    return {key.lower(): value for key, value in tags.items()}


def ffprobe_chapters(path: Path) -> list[tuple[float, float, str]]:
    """(start, end, title) of each embedded chapter, in seconds, as ffmpeg lists them, in time order."""
    chapters = ffprobe(path, "-show_chapters")["chapters"]
    listed = [(float(c["start_time"]), float(c["end_time"]), c.get("tags", {}).get("title", "")) for c in chapters]
    return sorted(listed)


def exiftool_tags(path: Path) -> dict[str, Any]:
    """exiftool's reading of the file's tags (one JSON object, names as exiftool gives them)."""
    done = subprocess.run([tool("exiftool"), "-j", "-charset", "utf8", str(path)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    (tags,) = json.loads(done.stdout)
    assert isinstance(tags, dict)
    return tags


def ffmpeg_loudness(path: Path) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP) as ffmpeg's EBU R128 meter reads the decoded file
    (its loudnorm filter's measuring pass: 192 kHz true peak, two decimals)."""
    done = subprocess.run([tool("ffmpeg"), "-nostats", "-hide_banner", "-i", str(path), "-af",
                           "loudnorm=print_format=json", "-f", "null", "-"],
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stderr[done.stderr.rindex("{"):])
    return float(report["input_i"]), float(report["input_tp"])


def ffmpeg_decoded(path: Path) -> Any:
    """The file's samples as ffmpeg decodes them: mono float32 at the file's own rate (a numpy array)."""
    import numpy as np

    done = subprocess.run([tool("ffmpeg"), "-v", "error", "-i", str(path), "-f", "f32le", "-acodec", "pcm_f32le",
                           "-ac", "1", "-"], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return np.frombuffer(done.stdout, dtype="<f4")
