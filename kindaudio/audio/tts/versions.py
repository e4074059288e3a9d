"""Installed packages' versions, read without importing them.

Versions go into cache keys and engine descriptions at every render. Reading
the name of the metadata folder beside a package costs a directory listing;
importing importlib.metadata costs 15-30 ms, and importing onnxruntime to ask
it costs a quarter of a second. Anything unusual (no such folder, or more than
one) is left to importlib.metadata.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path


@functools.cache
def installed_version(distribution: str, package: str) -> str | None:
    """The version of `distribution` (whose import name is `package`); None when it is not installed."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or ())
    origin = Path(folders[0]) if folders else Path(spec.origin) if spec.origin else None
    if origin is not None:
        stem = distribution.replace("-", "_").lower()
        found = [folder for folder in origin.resolve().parent.glob("*.dist-info")
                 if folder.name.lower().startswith(f"{stem}-")]
        if len(found) == 1:
            return found[0].name[len(stem) + 1:].removesuffix(".dist-info")
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def importable(package: str) -> bool:
    """The package can be found (it is not imported: that may be slow, or fail later, in a worker)."""
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False
