"""The shipped templates on offer: listed by title, found by id, an unknown id refused."""

from __future__ import annotations

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.script.builder.templates import list_templates, load_template, shipped_templates_dir
from tests.script.builder.support import SCB


def test_the_four_templates_are_listed_by_title() -> None:
    assert [(t.id, t.title) for t in list_templates()] == [
        ("custom-body-scan", "Custom Body Scan"),
        ("loving-kindness-phrases", "Loving-Kindness Phrases"),
        ("self-compassion-break", "Self-Compassion Break"),
        ("soles-of-the-feet", "Soles of the Feet"),
    ]


def test_a_template_is_found_by_its_id_with_what_it_asks_for() -> None:
    info = load_template(SCB)
    assert info.path == shipped_templates_dir() / "self-compassion-break.md"
    assert [v.name for v in info.variables] == ["noticing", "not_alone", "kind_wish", "touch"]
    assert info.summary


@pytest.mark.parametrize("wrong", ["nope", "../scripts/affectionate-breathing", "Self-Compassion-Break", ""])
def test_an_unknown_template_is_refused_naming_the_ones_there_are(wrong: str) -> None:
    with pytest.raises(UserInputError) as caught:
        load_template(wrong)
    assert str(caught.value) == (
        f"there is no template called '{wrong}'; the templates are: custom-body-scan, loving-kindness-phrases, "
        "self-compassion-break, soles-of-the-feet")
