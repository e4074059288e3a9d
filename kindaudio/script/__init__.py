"""The practice language: text with pauses and bells becomes a Practice.

No Qt here, and no audio: this package only reads and checks scripts.

The names below load on first use: importing a light part of the package (ids,
the practice listing) must not load the parser's YAML and Jinja2, which would
slow the window's start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kindaudio.script.errors import Diagnostic, ScriptError
    from kindaudio.script.model import Bell, Item, Pace, Pause, Practice, Section, Sentence, SourcePos
    from kindaudio.script.parser import load_practice, parse_practice

_HOMES = {
    "Diagnostic": "errors", "ScriptError": "errors",
    "Bell": "model", "Item": "model", "Pace": "model", "Pause": "model", "Practice": "model",
    "Section": "model", "Sentence": "model", "SourcePos": "model",
    "load_practice": "parser", "parse_practice": "parser",
}

__all__ = [
    "Bell", "Diagnostic", "Item", "Pace", "Pause", "Practice", "ScriptError", "Section", "Sentence",
    "SourcePos", "load_practice", "parse_practice",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
