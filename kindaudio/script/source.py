"""Reading a practice file: size limit, UTF-8, line endings.

Practice files can come from anywhere (a therapist's pack, an e-mail), so the
reader refuses what it cannot safely handle before any parsing starts.
"""

from __future__ import annotations

from pathlib import Path

from kindaudio.common.errors import UserInputError
from kindaudio.script.errors import Diagnostic, ScriptError

MAX_SOURCE_BYTES = 1_000_000  # 1 MB; the longest shipped practice is about 10 KB

# Private-use characters the template step uses to track source positions.
LINE_MARK = ("\ue000", "\ue001")
COLUMN_MARK = ("\ue002", "\ue003")
RESERVED_CHARACTERS = LINE_MARK + COLUMN_MARK


def read_source(path: Path) -> bytes:
    """The raw bytes of a practice file, refusing files over the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise ScriptError(
                [Diagnostic(str(path), 1, 1, f"the file is {size:,} bytes; practice files are limited "
                            f"to {MAX_SOURCE_BYTES:,} bytes (1 MB)")]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise UserInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserInputError(f"{path}: is a folder, not a practice file") from None
    except PermissionError:
        raise UserInputError(f"{path}: cannot be read (permission denied)") from None


def decode_source(data: bytes, path: str) -> str:
    """UTF-8 text with a BOM removed and line endings made '\\n'."""
    if len(data) > MAX_SOURCE_BYTES:
        raise ScriptError(
            [Diagnostic(path, 1, 1, f"the text is {len(data):,} bytes; practice files are limited "
                        f"to {MAX_SOURCE_BYTES:,} bytes (1 MB)")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise ScriptError(
            [Diagnostic(path, line, column,
                        f"this is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                        "save the file as UTF-8 in your editor")]
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for reserved in RESERVED_CHARACTERS:
        index = text.find(reserved)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            raise ScriptError(
                [Diagnostic(path, line, column,
                            f"the character U+{ord(reserved):04X} is not allowed in practice files")]
            )
    return text
