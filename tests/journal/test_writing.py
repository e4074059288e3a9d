"""Writing kinds as data: the shipped ones read, and an untrusted one is refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.journal.writing import (
    MAX_KIND_FILE_BYTES,
    WritingKindProblem,
    all_kinds,
    find_kind,
    parse_writing_kind,
    shipped_kinds,
)

GOOD = b'id = "body-kindness"\ntitle = "Kind to my body"\n[[prompts]]\nkey = "noticed"\nlabel = "What I noticed"\n'


def test_the_four_shipped_kinds_in_their_order_with_their_prompts_and_credits() -> None:
    kinds = shipped_kinds()
    assert [(k.id, k.title) for k in kinds] == [("three-parts", "Three parts"), ("critic-friend", "Critic and friend"),
                                                ("letter", "A letter to myself"), ("free", "Free page")]
    assert [p.key for p in kinds[0].prompts] == ["moment", "felt", "human", "friend"]
    assert [p.key for p in kinds[1].prompts] == ["critic", "tone", "friend"]
    assert "Kristin Neff" in kinds[0].notes and "Mindful Self-Compassion" in kinds[1].notes
    assert all("KindAudio's own" in k.notes for k in kinds)
    for kind in kinds:  # invitational, never a score
        words = " ".join([kind.intro, kind.summary, *(p.prompt for p in kind.prompts)]).casefold()
        assert not any(word in words for word in ("score", "must", "should", "rate ")), kind.id


def test_answers_follow_the_kind_and_every_one_may_stay_empty() -> None:
    kind = find_kind("critic-friend")
    answers = kind.answers({"friend": "You did what you could."})
    assert [(a.key, a.text) for a in answers] == [("critic", ""), ("tone", ""), ("friend", "You did what you could.")]
    assert all(a.text == "" for a in kind.empty_answers())
    with pytest.raises(UserInputError, match="no kind of writing called 'poem'") as caught:
        find_kind("poem")
    assert "three-parts" in str(caught.value)


def test_a_kind_added_from_a_pack_is_listed_after_the_shipped_ones_and_never_hides_one(tmp_path: Path) -> None:
    (tmp_path / "body-kindness.toml").write_bytes(GOOD)
    (tmp_path / "three-parts.toml").write_bytes(GOOD.replace(b"body-kindness", b"three-parts"))
    (tmp_path / "broken.toml").write_bytes(b"id = [")
    kinds = all_kinds(tmp_path)
    assert [k.id for k in kinds][-1] == "body-kindness" and kinds[-1].source == "pack"
    assert find_kind("three-parts", tmp_path).title == "Three parts"


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xff\xfe", "not UTF-8"),
    (b"id = [", "not valid TOML"),
    (GOOD.replace(b'"body-kindness"', b'"Body Kindness"'), "lower-case letters"),
    (GOOD.replace(b'title = "Kind to my body"\n', b""), "no title"),
    (GOOD.replace(b"Kind to my body", b"Kind\\u001b[2J"), "control characters"),
    (GOOD.split(b"[[prompts]]")[0], "no [[prompts]]"),
    (GOOD + b'[[prompts]]\nkey = "noticed"\nlabel = "again"\n', "same key"),
    (GOOD + b"x" * MAX_KIND_FILE_BYTES, "at most 64,000"),
    (GOOD.replace(b'label = "What I noticed"', b'label = "' + b"w" * 300 + b'"'), "at most 100 fit"),
    (GOOD + b"".join(b'[[prompts]]\nkey = "k%d"\nlabel = "l"\n' % n for n in range(12)), "at most 12"),
])
def test_an_untrusted_kind_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(WritingKindProblem) as caught:
        parse_writing_kind(data, "pack")
    assert reason in str(caught.value).replace("control character (", "control characters (")
