"""The practice language: text with pauses and bells becomes a Practice.

No Qt here, and no audio: this package only reads and checks scripts.
"""

from kindaudio.script.errors import Diagnostic, ScriptError
from kindaudio.script.model import Bell, Item, Pace, Pause, Practice, Section, Sentence, SourcePos
from kindaudio.script.parser import load_practice, parse_practice

__all__ = [
    "Bell", "Diagnostic", "Item", "Pace", "Pause", "Practice", "ScriptError", "Section", "Sentence",
    "SourcePos", "load_practice", "parse_practice",
]
