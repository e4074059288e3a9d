"""Practice packs (.kindpack): hand a practice, its recordings and its audio over as one file.

A pack is a zip holding manifest.json, practice.md, recordings/<sentence-id>.*
and optionally audio/<name>.(wav|mp3|vtt). Packs come from other people, so
opening one checks everything before anything is written (see validation.py
for the list). No Qt here: the window calls these through its task runner.
"""

from kindaudio.pack.errors import PackRefused, PracticeAlreadyThere, RecordingsAlreadyThere
from kindaudio.pack.export import SharedRecordings, export_pack, recordings_to_share
from kindaudio.pack.importer import ImportedPractice, import_pack
from kindaudio.pack.limits import PACK_SUFFIX
from kindaudio.pack.validation import PackSummary, inspect_pack

__all__ = [
    "PACK_SUFFIX",
    "ImportedPractice",
    "PackRefused",
    "PackSummary",
    "PracticeAlreadyThere",
    "RecordingsAlreadyThere",
    "SharedRecordings",
    "export_pack",
    "import_pack",
    "inspect_pack",
    "recordings_to_share",
]
