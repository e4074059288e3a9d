"""The code keeps one style: ruff's checks, configured in pyproject.toml ([tool.ruff]), pass.

Import order, unused names, blind excepts that do not say why, names that are
not Python's (Qt's overrides say so in a noqa comment), long lines in the package.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing_to_mend() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "--no-cache", "kindaudio", "tests", "packaging"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout
