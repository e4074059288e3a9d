"""A writing prompt of the sender's own in a pack: carried, checked like the rest, added to the Journal's kinds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.writing import added_folder, all_kinds
from kindaudio.pack import PackRefused, export_pack, import_pack, inspect_pack
from kindaudio.pack.limits import WRITING_NAME
from tests.pack.conftest import entries_of, tree, write_zip
from tests.support.command import EXIT_OK, kindaudio

PROMPT = """id = "kind-to-my-body"
title = "Kind to my body"
summary = "A few words of thanks to your body, if that feels right."
[[prompts]]
key = "noticed"
label = "What I noticed"
prompt = "What did your body carry for you today?"
[[prompts]]
key = "thanks"
label = "A word of thanks"
"""


@pytest.fixture
def prompt_file(tmp_path: Path) -> Path:
    path = tmp_path / "kind-to-my-body.toml"
    path.write_text(PROMPT, encoding="utf-8")
    return path


def test_a_pack_carries_a_writing_prompt_that_import_adds_to_the_journal(own_practice: Path, paths: AppPaths,
                                                                         tmp_path: Path, prompt_file: Path) -> None:
    pack = export_pack(own_practice, tmp_path / "with-writing.kindpack", paths, writing=prompt_file)
    assert entries_of(pack)[WRITING_NAME] == PROMPT.encode()
    assert inspect_pack(pack).writing == "Kind to my body"
    own_practice.unlink()
    import_pack(pack, paths)
    kinds = all_kinds(added_folder(paths.data))
    assert kinds[-1].id == "kind-to-my-body" and [p.key for p in kinds[-1].prompts] == ["noticed", "thanks"]
    assert (added_folder(paths.data) / "kind-to-my-body.toml").stat().st_mode & 0o777 == 0o600
    written = kindaudio("write", "--kind", "kind-to-my-body", stdin="my legs, on the long walk\n\nthank you\n")
    assert written.returncode == EXIT_OK, written.stderr


def test_a_bad_prompt_never_leaves_the_senders_computer(own_practice: Path, paths: AppPaths, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(PROMPT.replace("Kind to my body", "Kind\\u0007"), encoding="utf-8")
    with pytest.raises(UserInputError, match="control character"):
        export_pack(own_practice, tmp_path / "p.kindpack", paths, writing=bad)
    assert not (tmp_path / "p.kindpack").exists()


@pytest.mark.parametrize(("prompt", "reason"), [
    (PROMPT.replace('"kind-to-my-body"', '"three-parts"'), "id 'three-parts' of one that comes with KindAudio"),
    (PROMPT.replace("[[prompts]]", "[[prompt]]"), "no [[prompts]]"),
    (PROMPT + "x" * 70_000, "at most 64,000 bytes"),
    ("id = [", "not valid TOML"),
])
def test_a_hostile_prompt_in_a_pack_is_refused_naming_it_and_nothing_is_written(
        own_practice: Path, paths: AppPaths, tmp_path: Path, home: Path, prompt: str, reason: str) -> None:
    good = entries_of(export_pack(own_practice, tmp_path / "good.kindpack", paths))
    data = prompt.encode()
    manifest = json.loads(good["manifest.json"])
    manifest["files"][WRITING_NAME] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    hostile = write_zip(tmp_path / "hostile.kindpack",
                        {**good, WRITING_NAME: data, "manifest.json": json.dumps(manifest).encode()})
    own_practice.unlink()
    before = tree(home)
    with pytest.raises(PackRefused) as caught:
        import_pack(hostile, paths)
    assert WRITING_NAME in str(caught.value) and reason in str(caught.value)
    assert tree(home) == before
