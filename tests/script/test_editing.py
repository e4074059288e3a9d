"""A practice file as the editor handles it: copies of a shipped practice get an id and a file of their own."""

from __future__ import annotations

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.editing import copy_into_practices, fresh_practice_id, with_identity
from kindaudio.script.parser import load_practice


def test_a_copy_never_takes_the_id_or_file_of_another_practice(paths: AppPaths) -> None:
    ensure_dir(paths.practices)
    (paths.practices / "evening-rest.md").write_text("---\ntitle: x\n---\nHello.\n", encoding="utf-8")
    assert fresh_practice_id("Evening rest", paths) == "evening-rest-2"
    assert fresh_practice_id("Affectionate Breathing", paths) == "affectionate-breathing-2"  # a shipped id
    assert fresh_practice_id("🙂", paths) == "my-practice"

    text = "---\nid: old-id\ntitle: >\n  Folded\n  title\nsummary: s\n---\nHello.\n"
    assert with_identity(text, "new-id", 'A "quoted" title') == \
        '---\nid: new-id\ntitle: "A \\"quoted\\" title"\nsummary: s\n---\nHello.\n'
    path, _text = copy_into_practices(text, "Evening rest", paths)
    assert path.name == "evening-rest-2.md" and load_practice(path).title == "Evening rest"
    assert (paths.practices / "evening-rest.md").read_text(encoding="utf-8") == "---\ntitle: x\n---\nHello.\n"
