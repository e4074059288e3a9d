"""Finding the front matter: a file must open with it and close it."""

from __future__ import annotations

import pytest

from kindaudio.script import ScriptError, parse_practice


def test_a_file_without_front_matter_is_refused_at_its_start() -> None:
    with pytest.raises(ScriptError) as caught:
        parse_practice("Hello there.\n", "plain.md")
    assert str(caught.value) == (
        "plain.md:1:1: expected front matter first: a line with ---, then at least 'title: ...', "
        "then another line with ---"
    )


def test_front_matter_that_is_never_closed_is_refused() -> None:
    with pytest.raises(ScriptError) as caught:
        parse_practice("---\ntitle: T\nHello.\n", "open.md")
    assert str(caught.value) == "open.md:1:1: the front matter opened here is never closed; add a line with --- after it"
