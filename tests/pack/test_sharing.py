"""Sharing a practice, decided before the pack is written: what it would hold, its file's name, the note."""

from __future__ import annotations

from pathlib import Path

from kindaudio.common.paths import AppPaths
from kindaudio.pack.limits import MAX_AUTHOR_NOTE_CHARS
from kindaudio.pack.sharing import note_for_pack, pack_file_name, share_info, with_pack_suffix
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.model import Practice


def test_ones_own_practice_would_carry_its_recordings(recorded_practice: tuple[Path, Practice, list[Path]],
                                                      paths: AppPaths) -> None:
    path, practice, _recordings = recorded_practice

    info = share_info(path, paths)

    assert (info.title, info.recordings, info.shipped) == ("Kind Words for Today", 2, False)
    assert info.sentences == len({sentence.id for sentence in practice.sentences}) == 3
    assert info.lengths == (2,)
    assert not info.every_sentence_recorded and not info.nothing_to_share


def test_a_shipped_practice_not_recorded_has_nothing_to_share(paths: AppPaths) -> None:
    info = share_info(shipped_practices_dir() / "affectionate-breathing.md", paths)

    assert info.shipped and info.recordings == 0
    assert info.nothing_to_share


def test_the_pack_is_named_after_the_practice_file_and_always_ends_in_kindpack(tmp_path: Path) -> None:
    assert pack_file_name(tmp_path / "kind-words.md") == "kind-words.kindpack"
    assert with_pack_suffix(tmp_path / "for-sam") == tmp_path / "for-sam.kindpack"
    assert with_pack_suffix(tmp_path / "for-sam.KINDPACK") == tmp_path / "for-sam.KINDPACK"


def test_the_note_is_trimmed_and_kept_to_a_note() -> None:
    assert note_for_pack("  For the evenings.\n") == "For the evenings."
    assert len(note_for_pack("x" * (MAX_AUTHOR_NOTE_CHARS + 10))) == MAX_AUTHOR_NOTE_CHARS
