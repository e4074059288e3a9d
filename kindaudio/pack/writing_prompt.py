"""A therapist's own writing prompt in a pack: `writing.toml`, one writing kind, optional.

It is untrusted like everything in a pack: read within a size limit, checked
against the manifest's checksum, parsed by the journal's strict parser
(kindaudio.journal.writing: UTF-8, TOML, ids, lengths, no control characters,
at most 12 prompts), and refused with a clear reason naming the entry. Its id
may not be one of the kinds that ship (it would be hidden by them). Once the
rest of the pack is imported it is kept in the data folder's `writing/` as
`<id>.toml`, where the Journal page and `kindaudio write --kind ID` find it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from kindaudio.common.atomicfile import atomic_output
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.journal.writing import (
    MAX_KIND_FILE_BYTES,
    WritingKind,
    WritingKindProblem,
    added_folder,
    parse_writing_kind,
    shipped_kinds,
)
from kindaudio.pack.archive import PackArchive, open_plain_file
from kindaudio.pack.errors import PackRefused
from kindaudio.pack.limits import WRITING_NAME
from kindaudio.pack.manifest import Manifest

log = logging.getLogger(__name__)

FILE_MODE = 0o600


def check_writing(archive: PackArchive, manifest: Manifest) -> tuple[WritingKind, bytes] | None:
    """The pack's writing kind and its bytes, checked; None when the pack has none."""
    if WRITING_NAME not in manifest.files:
        return None
    listed = manifest.files[WRITING_NAME].size
    limit = min(listed, MAX_KIND_FILE_BYTES)
    reason = ("it is larger than the manifest says: it is damaged or was changed" if listed < MAX_KIND_FILE_BYTES
              else f"a writing prompt may take at most {MAX_KIND_FILE_BYTES:,} bytes")
    data = archive.read(WRITING_NAME, limit, reason)
    record = manifest.files[WRITING_NAME]
    if len(data) != record.size or hashlib.sha256(data).hexdigest() != record.sha256:
        raise PackRefused(archive.path, "its checksum does not match the one in the manifest: it is damaged or was "
                                        "changed", WRITING_NAME)
    kind = writing_kind_of(data, archive.path)
    return kind, data


def writing_kind_of(data: bytes, where: Path) -> WritingKind:
    """`data` as a pack's writing kind, or PackRefused saying why not."""
    try:
        kind = parse_writing_kind(data, source="pack")
    except WritingKindProblem as exc:
        raise PackRefused(where, f"its writing prompt cannot be used: {exc}", WRITING_NAME) from None
    if kind.id in {shipped.id for shipped in shipped_kinds()}:
        raise PackRefused(where, f"its writing prompt has the id '{kind.id}' of one that comes with KindAudio",
                          WRITING_NAME, hint="Give the prompt an id of its own and make the pack again.")
    return kind


def read_writing_file(path: Path) -> bytes:
    """A writing prompt file to put in a pack, checked now so a bad one never leaves the sender's computer."""
    try:
        with open_plain_file(Path(path), "a writing prompt file") as handle:  # a named pipe would wait for ever
            data = handle.read()
    except OSError as exc:
        raise UserInputError(f"{path}: the writing prompt could not be read ({exc.strerror or exc}).") from None
    try:
        parse_writing_kind(data, source="pack")
    except WritingKindProblem as exc:
        raise UserInputError(f"{path}: this writing prompt cannot be used: {exc}.",
                             hint="kindaudio/data/writing/README.md describes the format.") from None
    return data


def install_writing(data: bytes, kind: WritingKind, paths: AppPaths) -> Path:
    """Keep an imported writing kind as <id>.toml in the data folder's writing/ (replacing an older copy)."""
    target = ensure_dir(added_folder(paths.data)) / f"{kind.id}.toml"
    with atomic_output(target, mode=FILE_MODE) as temp:
        temp.write_bytes(data)
    log.info("writing kind %s added from a pack", kind.id)
    return target
