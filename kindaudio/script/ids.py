"""What a practice is called by: its id, and the id a file name gives.

Kept apart from the parser so that listing practices (the Library at start-up)
can work out ids without loading YAML and Jinja2.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_ID_CHARS = 100  # an id names files (the practice, its recordings, renders): well inside 255 bytes a name
ID_PATTERN = re.compile(rf"(?=.{{1,{MAX_ID_CHARS}}}\Z)[a-z0-9]+(?:-[a-z0-9]+)*")


def default_id(path: Path) -> str:
    """An id from a file name: 'My Body Scan.md' -> 'my-body-scan'."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug if ID_PATTERN.fullmatch(slug) else "practice"
