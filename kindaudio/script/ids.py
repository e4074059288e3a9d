"""What a practice is called by: its id, and the id a file name gives.

Kept apart from the parser so that listing practices (the Library at start-up)
can work out ids without loading YAML and Jinja2.
"""

from __future__ import annotations

import re
from pathlib import Path

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def default_id(path: Path) -> str:
    """An id from a file name: 'My Body Scan.md' -> 'my-body-scan'."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug if ID_PATTERN.fullmatch(slug) else "practice"
