"""Opening a pack's zip without trusting it.

Before zipfile parses anything, the end-of-archive record is read here to
bound the number of entries and the size of the entry list (zipfile would
otherwise build one object per entry of a hostile list). Each entry's name,
type and declared sizes are checked next; and when an entry is read, the
bytes that actually come out of the decompressor are counted and reading stops
at the first byte over its limit, whatever the zip's headers say.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from kindaudio.common.errors import UserInputError
from kindaudio.common.text import printable
from kindaudio.pack.errors import PackRefused
from kindaudio.pack.limits import (
    FOLDER_ENTRIES,
    MAX_CENTRAL_DIRECTORY_BYTES,
    MAX_ENTRIES,
    MAX_PACK_FILE_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR_BYTES,
    unsafe_name_reason,
)

log = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 16
_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_MAX_COMMENT = 0xFFFF
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)


@dataclass(frozen=True)
class Digest:
    """What was read from an entry: how many bytes, and their SHA-256."""

    size: int
    sha256: str


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def ratio_limit(compressed: int) -> int:
    """The most an entry of `compressed` bytes may unpack to."""
    return max(RATIO_FLOOR_BYTES, compressed * MAX_RATIO)


class PackArchive:
    """An open pack whose entry list passed the checks; entries are read through bounded streams.

    The total that may be read across all entries is MAX_TOTAL_BYTES, counted
    from the decompressed bytes; each reading pass opens the pack afresh.
    """

    def __init__(self, path: Path, archive: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo]) -> None:
        self.path = path
        self._zip = archive
        self.files = files  # file entries by name (folder entries left out)
        self._read_total = 0

    def read(self, name: str, limit: int, too_big: str) -> bytes:
        """An entry's bytes, at most `limit` of them (else refused with `too_big` as the reason)."""
        chunks: list[bytes] = []
        self._copy(name, chunks.append, limit, too_big)
        return b"".join(chunks)

    def copy_to(self, name: str, target: BinaryIO, limit: int, too_big: str) -> Digest:
        """Stream an entry into `target`, counting and hashing what comes out."""
        return self._copy(name, target.write, limit, too_big)

    def _copy(self, name: str, write: Callable[[bytes], object], limit: int, too_big: str) -> Digest:
        info = self.files[name]
        limits = [
            (limit, too_big),
            (info.file_size, "it holds more than its zip header says: it is damaged or made to mislead"),
            (ratio_limit(info.compress_size), f"it unpacks to more than {MAX_RATIO} times its packed size "
                                              "(a zip bomb?)"),
            (MAX_TOTAL_BYTES - self._read_total, f"the pack unpacks to more than {_mb(MAX_TOTAL_BYTES)}"),
        ]
        allowed, reason = min(limits, key=lambda item: item[0])
        counted = _Counter(write)
        try:
            with self._zip.open(info) as stream:
                return copy_bounded(stream, counted, allowed)
        except LimitExceeded:
            raise PackRefused(self.path, reason, name) from None
        except WriteFailed as failed:
            raise failed.error from None
        except _DAMAGE as exc:
            raise PackRefused(self.path, f"it is damaged and cannot be unpacked ({exc})", name) from None
        finally:
            self._read_total += counted.count


class LimitExceeded(Exception):
    """A stream held more bytes than it was allowed to."""


class WriteFailed(Exception):
    """Writing an unpacked entry out failed (a full disk, say): a fault of this computer, not of the pack."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Counter:
    """Passes bytes on, counting them (so a refused entry still counts towards the total)."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self.write = write
        self.count = 0

    def __call__(self, chunk: bytes) -> None:
        self.count += len(chunk)
        try:
            self.write(chunk)
        except OSError as exc:  # kept apart from reading's errors, which say the pack is damaged
            raise WriteFailed(exc) from exc


def copy_bounded(stream: IO[bytes], write: Callable[[bytes], object], limit: int) -> Digest:
    """Copy a stream through `write`, hashing it; LimitExceeded at the first byte over `limit`.

    The bytes are counted as they come out of the stream (for a zip entry: out
    of the decompressor), so a header that lies about its size changes nothing.
    """
    digest = hashlib.sha256()
    count = 0
    while True:
        chunk = stream.read(min(CHUNK_BYTES, limit - count + 1))
        if not chunk:
            return Digest(count, digest.hexdigest())
        count += len(chunk)
        if count > limit:
            raise LimitExceeded
        digest.update(chunk)
        write(chunk)


@contextlib.contextmanager
def open_pack(pack: Path) -> Iterator[PackArchive]:
    """The pack opened for reading, once its entry list has passed every structural check."""
    pack = Path(pack)
    try:
        handle = open_plain_file(pack, "a practice pack")
    except NotAPlainFile as exc:
        raise PackRefused(pack, f"it is {exc.kind}, not a file; a practice pack is a plain file") from None
    with handle:
        _check_end_record(pack, handle)
        try:
            archive = zipfile.ZipFile(handle)
        except _DAMAGE as exc:
            raise PackRefused(pack, f"it is not a practice pack or it is damaged ({exc})") from None
        with archive:
            yield PackArchive(pack, archive, _checked_entries(pack, archive))


class NotAPlainFile(UserInputError):
    """A path that is a named pipe, a device or a socket, where a file was expected."""

    def __init__(self, path: Path, kind: str, expected: str) -> None:
        super().__init__(f"{printable(str(path))}: it is {kind}, not {expected}")
        self.kind = kind


def open_plain_file(path: Path, expected: str = "a file") -> BinaryIO:
    """`path` opened for reading: UserInputError unless it is a plain file (NotAPlainFile for a special one).

    `expected` names what it should be, for the message ("a practice pack").

    A named pipe would make open() wait for a writer for ever, and a device
    (/dev/zero, /dev/tty) is no pack either: what the path is is asked first,
    without opening it; then it is opened without waiting (O_NONBLOCK, which
    changes nothing for a plain file) and asked again, so a pipe put in its
    place in between cannot make it wait either.
    """
    shown = printable(str(path))
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISREG(mode):
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0))
            try:
                mode = os.fstat(fd).st_mode
                if stat.S_ISREG(mode):
                    return os.fdopen(fd, "rb")
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
    except FileNotFoundError:
        raise UserInputError(f"{shown}: no such file") from None
    except PermissionError:
        raise UserInputError(f"{shown}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise UserInputError(f"{shown}: cannot be opened ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise UserInputError(f"{shown}: is a folder, not {expected}")
    raise NotAPlainFile(path, special_kind(mode), expected)


def special_kind(mode: int) -> str:
    """What a file that is not a plain file is, in a few words ("a named pipe (FIFO)")."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _check_end_record(pack: Path, handle: BinaryIO) -> None:
    """Bound the entry list from the zip's end record, before zipfile reads the list itself."""
    size = handle.seek(0, 2)
    if size > MAX_PACK_FILE_BYTES:
        raise PackRefused(pack, f"the file is {_mb(size)}; a pack may hold at most {_mb(MAX_TOTAL_BYTES)}")
    tail_size = min(size, _END_RECORD.size + _MAX_COMMENT + _ZIP64_LOCATOR_SIZE)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or len(tail) - at < _END_RECORD.size:
        raise PackRefused(pack, "it is not a practice pack: not a zip archive, or cut short")
    _sig, disk, cd_disk, _here, entries, cd_size, _cd_offset, _comment = _END_RECORD.unpack_from(tail, at)
    if disk != 0 or cd_disk != 0:
        raise PackRefused(pack, "it is split over several files; a pack is one file")
    if at >= _ZIP64_LOCATOR_SIZE and tail[at - _ZIP64_LOCATOR_SIZE: at - _ZIP64_LOCATOR_SIZE + 4] \
            == _ZIP64_LOCATOR_SIGNATURE:
        raise PackRefused(pack, "it is a ZIP64 archive, which no pack needs (packs are at most 200 MB)")
    if entries > MAX_ENTRIES:
        raise PackRefused(pack, f"it holds {entries:,} entries; a pack may hold at most {MAX_ENTRIES:,}")
    if cd_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise PackRefused(pack, f"its list of entries takes {_mb(cd_size)}, more than a pack ever needs")
    handle.seek(0)


def _checked_entries(pack: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackRefused(pack, f"it holds {len(infos):,} entries; a pack may hold at most {MAX_ENTRIES:,}")
    files: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        reason = unsafe_name_reason(name)
        if reason:
            raise PackRefused(pack, reason, repr(name))
        if name in seen:
            raise PackRefused(pack, "it appears twice in the pack", name)
        seen.add(name)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackRefused(pack, "it is a link; a pack holds only plain files", name)
        file_type = stat.S_IFMT(mode)
        if file_type and file_type not in (stat.S_IFREG, stat.S_IFDIR):
            raise PackRefused(pack, "it is a special file (a device or pipe); a pack holds only plain files", name)
        if info.flag_bits & 0x1:
            raise PackRefused(pack, "it is encrypted; a pack is never encrypted", name)
        if info.is_dir():
            if name not in FOLDER_ENTRIES:
                raise PackRefused(pack, "a pack has no such folder; it has only recordings/ and audio/", name)
            if info.file_size:
                raise PackRefused(pack, "a folder entry holds data", name)
            continue
        if file_type == stat.S_IFDIR:
            raise PackRefused(pack, "it is marked as a folder but named as a file", name)
        if info.compress_type not in _METHODS:
            raise PackRefused(pack, "it is packed with a compression method KindAudio does not read "
                                    "(packs use stored or deflated entries)", name)
        if info.file_size > ratio_limit(info.compress_size):
            raise PackRefused(pack, f"it unpacks to more than {MAX_RATIO} times its packed size "
                                    f"({_mb(info.file_size)} from {info.compress_size:,} bytes; a zip bomb?)", name)
        files[name] = info
    total = sum(info.file_size for info in files.values())
    packed = sum(info.compress_size for info in files.values())
    if total > MAX_TOTAL_BYTES:
        raise PackRefused(pack, f"it unpacks to {_mb(total)}; a pack may hold at most {_mb(MAX_TOTAL_BYTES)}")
    if total > ratio_limit(packed):
        raise PackRefused(pack, f"as a whole it unpacks to more than {MAX_RATIO} times its packed size "
                                f"({_mb(total)} from {packed:,} bytes; a zip bomb?)")
    return files
