"""Checking a whole pack before anything in it is used: inspect_pack.

Everything is checked in the order that gives the clearest reason first: the
zip's structure and sizes (archive.py), the manifest and its format version,
the layout, the checksums, the practice text (parsed, templates rendered in
the sandbox), then every recording and rendered file decoded. Entries are read
through bounded streams into anonymous temporary files; nothing is written
where the person's data lives.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.common.text import control_character, describe_character
from kindaudio.pack.archive import PackArchive, open_pack
from kindaudio.pack.audio_check import AudioProblem, check_captions, check_recording, check_rendered_audio
from kindaudio.pack.errors import PackRefused
from kindaudio.pack.limits import (
    LAYOUT_HELP,
    MANIFEST_NAME,
    MAX_CAPTIONS_BYTES,
    MAX_MANIFEST_BYTES,
    PRACTICE_NAME,
    EntryKind,
    EntryName,
    classify,
)
from kindaudio.pack.manifest import Manifest, ManifestProblem, parse_manifest
from kindaudio.pack.practice_text import PracticeText, read_practice_text
from kindaudio.pack.therapist import TherapistContact
from kindaudio.pack.untrusted_text import practice_text_problem, text_problem
from kindaudio.pack.writing_prompt import check_writing
from kindaudio.script.errors import ScriptError
from kindaudio.script.library import shipped_practice
from kindaudio.script.source import MAX_SOURCE_BYTES, decode_source

if TYPE_CHECKING:
    from kindaudio.journal.writing import WritingKind

log = logging.getLogger(__name__)

SPOOL_BYTES = 8_000_000  # entries larger than this are checked from a temporary file, not memory


@dataclass(frozen=True)
class PackSummary:
    """What a pack holds, for showing before it is imported."""

    practice_id: str
    title: str
    author: str
    author_note: str
    recordings: int
    audio: tuple[str, ...]  # rendered audio files, by name
    created: str
    recorded_by: str = ""  # whose voice the recordings are, when the sender said
    # A voice for a practice that comes with KindAudio: its text is the shipped one,
    # byte for byte, so only the recordings (and any audio) are imported.
    voice_only: bool = False
    sentences: int = 0  # distinct sentences in the practice (what could be recorded)
    writing: str = ""  # the title of the writing prompt it brings for the Journal, if any (writing_prompt.py)
    therapist: TherapistContact | None = None  # the sender's contact as a therapist, when the pack carries it
    # What the practice file says about whom it was made for, and the maker's notes (its front matter's
    # `for_whom:` and `notes:`): they travel with the file unless the sender left them out (private_notes.py).
    for_whom: str = ""
    notes: str = ""

    @property
    def voice(self) -> str:
        """Whose voice the recordings are: the name the sender gave, else the practice's author."""
        return self.recorded_by or self.author

    def voice_text(self) -> str:
        """What a voice pack brings, in a line: "Sam Rivera's voice for Affectionate Breathing: 40 of 42
        sentences recorded"."""
        whose = f"{self.voice}'s voice" if self.voice else "A recorded voice"
        counted = (f"{self.recordings} of {self.sentences} sentences" if self.sentences > self.recordings
                   else f"all {self.recordings} sentences" if self.recordings > 1 else f"{self.recordings} sentence")
        return f"{whose} for {self.title}: {counted} recorded"


@dataclass(frozen=True)
class CheckedPack:
    """A pack that passed every check, and what importing it needs."""

    path: Path
    summary: PackSummary
    manifest: Manifest
    practice_bytes: bytes
    text: PracticeText
    writing: tuple[WritingKind, bytes] | None = None  # its writing prompt, checked (writing_prompt.py)


def inspect_pack(pack: Path) -> PackSummary:
    """Check a pack completely and say what it holds; writes nothing."""
    return check_pack(Path(pack)).summary


def check_pack(pack: Path) -> CheckedPack:
    """Every check a pack must pass before import; PackRefused (naming the entry) at the first failure."""
    with open_pack(pack) as archive:
        manifest = _read_manifest(archive)
        entries = _layout(archive, manifest)
        practice_bytes = _read_verified(archive, manifest, PRACTICE_NAME, MAX_SOURCE_BYTES,
                                        f"it is larger than {MAX_SOURCE_BYTES:,} bytes, the most a practice may be")
        text = _practice(archive, manifest, practice_bytes)
        voice_only = _is_shipped_text(archive, manifest, practice_bytes)
        writing = check_writing(archive, manifest)
        sentence_ids = {sentence.id for sentence in text.practice.sentences}
        recordings = [e for e in entries.values() if e.kind is EntryKind.RECORDING]
        audio = [e for e in entries.values() if e.kind is EntryKind.AUDIO]
        captions = [e for e in entries.values() if e.kind is EntryKind.CAPTIONS]
        recorded: set[str] = set()
        for entry in sorted(recordings, key=lambda e: e.name):
            if entry.stem not in sentence_ids:
                raise PackRefused(pack, "it is a recording for a sentence this practice does not have", entry.name)
            if entry.stem in recorded:
                raise PackRefused(pack, "the same sentence has another recording in the pack", entry.name)
            recorded.add(entry.stem)
            _check_sound(archive, manifest, entry)
        audio_stems = {entry.stem for entry in audio}
        for entry in sorted(audio, key=lambda e: e.name):
            _check_sound(archive, manifest, entry)
        for entry in sorted(captions, key=lambda e: e.name):
            if entry.stem not in audio_stems:
                raise PackRefused(pack, "these captions belong to no audio file in the pack", entry.name)
            data = _read_verified(archive, manifest, entry.name, MAX_CAPTIONS_BYTES,
                                  f"captions may take at most {MAX_CAPTIONS_BYTES:,} bytes")
            try:
                check_captions(data)
            except AudioProblem as exc:
                raise PackRefused(pack, str(exc), entry.name) from None
    practice = text.practice
    if voice_only and not recordings:
        raise PackRefused(pack, f"it holds no recordings, and its practice ({practice.title}) comes with "
                                "KindAudio already, so there is nothing in it to import")
    summary = PackSummary(
        practice_id=manifest.practice_id, title=practice.title, author=text.author,
        author_note=manifest.author_note, recordings=len(recordings),
        audio=tuple(sorted(entry.name.partition("/")[2] for entry in audio)), created=manifest.created,
        recorded_by=manifest.recorded_by, voice_only=voice_only, sentences=len(sentence_ids),
        writing=writing[0].title if writing else "", therapist=manifest.therapist, for_whom=practice.for_whom,
        notes=practice.notes)
    log.info("pack %s checked: %s, %d recordings, %d audio files", pack, manifest.practice_id, len(recordings),
             len(audio))
    return CheckedPack(pack, summary, manifest, practice_bytes, text, writing)


def _read_manifest(archive: PackArchive) -> Manifest:
    if MANIFEST_NAME not in archive.files:
        raise PackRefused(archive.path, f"it has no {MANIFEST_NAME}, so it is not a practice pack (or it is damaged)")
    data = archive.read(MANIFEST_NAME, MAX_MANIFEST_BYTES,
                        f"it is larger than {MAX_MANIFEST_BYTES:,} bytes, far more than a manifest needs")
    try:
        return parse_manifest(data)
    except ManifestProblem as exc:
        raise PackRefused(archive.path, str(exc), MANIFEST_NAME) from None


def _layout(archive: PackArchive, manifest: Manifest) -> dict[str, EntryName]:
    """Every entry known by its place in the layout, and listed in the manifest (which lists nothing else)."""
    entries: dict[str, EntryName] = {}
    for name in sorted(archive.files):
        known = classify(name)
        if known is None:
            raise PackRefused(archive.path, f"a pack does not hold such a file ({LAYOUT_HELP})", name)
        if known.kind is not EntryKind.MANIFEST:
            entries[name] = known
    if PRACTICE_NAME not in entries:
        raise PackRefused(archive.path, f"it has no {PRACTICE_NAME}, so there is no practice in it")
    if MANIFEST_NAME in manifest.files:
        raise PackRefused(archive.path, "the manifest lists itself; it should list every other entry",
                          MANIFEST_NAME)
    for name in sorted(manifest.files):
        if name not in entries:
            raise PackRefused(archive.path, "the manifest lists it, but it is not in the pack", name)
    for name in sorted(entries):
        if name not in manifest.files:
            raise PackRefused(archive.path, "it is not listed in the pack's manifest", name)
        if archive.files[name].file_size != manifest.files[name].size:
            raise PackRefused(archive.path, f"its size ({archive.files[name].file_size:,} bytes) is not the size "
                                            f"the manifest gives ({manifest.files[name].size:,}): it is damaged "
                                            "or was changed", name)
    return entries


def _limit(manifest: Manifest, name: str, limit: int, too_big: str) -> tuple[int, str]:
    listed = manifest.files[name].size
    if listed < limit:
        return listed, "it is larger than the manifest says: it is damaged or was changed"
    return limit, too_big


def verify(archive: PackArchive, manifest: Manifest, name: str, size: int, sha256: str) -> None:
    """Refuse an entry whose bytes are not those the manifest lists."""
    record = manifest.files[name]
    if size != record.size or sha256 != record.sha256:
        raise PackRefused(archive.path, "its checksum does not match the one in the manifest: it is damaged "
                                        "or was changed", name)


def _read_verified(archive: PackArchive, manifest: Manifest, name: str, limit: int, too_big: str) -> bytes:
    allowed, reason = _limit(manifest, name, limit, too_big)
    data = archive.read(name, allowed, reason)
    verify(archive, manifest, name, len(data), hashlib.sha256(data).hexdigest())
    return data


def _practice(archive: PackArchive, manifest: Manifest, data: bytes) -> PracticeText:
    _refuse_raw_controls(archive, data)
    try:
        text = read_practice_text(data, f"{archive.path}:{PRACTICE_NAME}")
    except ScriptError as exc:
        raise PackRefused(archive.path, f"the practice in it cannot be read:\n{exc}", PRACTICE_NAME) from None
    # The front matter can spell a control character as a YAML escape ("\e[2J", "\x9b", "\ud800"): the
    # words it was read into are checked too, the author as the pack shows it among them.
    problem = practice_text_problem(text.practice) or text_problem(text.author, "author")
    if problem is not None:
        raise PackRefused(archive.path, problem, PRACTICE_NAME)
    if text.declared_id is not None and text.declared_id != manifest.practice_id:
        raise PackRefused(archive.path, f"the practice calls itself '{text.declared_id}' but the manifest says "
                                        f"'{manifest.practice_id}'", PRACTICE_NAME)
    return text


def _refuse_raw_controls(archive: PackArchive, data: bytes) -> None:
    """A control character written into the practice file itself, refused at its line and column."""
    try:
        source = decode_source(data, PRACTICE_NAME)
    except ScriptError:
        return  # not UTF-8, or too long: the parser says so, at its place
    found = control_character(source)
    if found is None:
        return
    at = source.index(found)
    line, column = source.count("\n", 0, at) + 1, at - (source.rfind("\n", 0, at) + 1) + 1
    raise PackRefused(archive.path, f"line {line}, column {column}: it holds a control character "
                                    f"({describe_character(found)}), which has no place in a practice",
                      PRACTICE_NAME)


def _is_shipped_text(archive: PackArchive, manifest: Manifest, data: bytes) -> bool:
    """Whether the pack's practice is one that comes with KindAudio (its text then must be that one exactly)."""
    shipped = shipped_practice(manifest.practice_id)
    if shipped is None:
        return False
    if shipped.read_bytes() != data:
        raise PackRefused(
            archive.path, f"its practice has the id '{manifest.practice_id}' of a practice that comes with "
                          "KindAudio, but its text is not that practice's text (it was changed, or it comes from "
                          "another version of KindAudio), so it cannot take that practice's place", PRACTICE_NAME,
            hint="A voice for a practice that comes with KindAudio can be shared only with its text unchanged. "
                 "If the sender changed the text, they can keep their own copy (in the script editor, "
                 "\"Save a copy…\") and share that copy as a pack instead. Nothing was imported and nothing "
                 "of yours was changed.")
    return True


def _check_sound(archive: PackArchive, manifest: Manifest, entry: EntryName) -> None:
    allowed = manifest.files[entry.name].size  # the total limit still applies, in the archive
    reason = "it is larger than the manifest says: it is damaged or was changed"
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        digest = archive.copy_to(entry.name, spool, allowed, reason)  # type: ignore[arg-type]
        verify(archive, manifest, entry.name, digest.size, digest.sha256)
        spool.seek(0)
        try:
            if entry.kind is EntryKind.RECORDING:
                check_recording(spool, entry.extension)
            else:
                check_rendered_audio(spool, entry.extension)
        except AudioProblem as exc:
            raise PackRefused(archive.path, str(exc), entry.name) from None
