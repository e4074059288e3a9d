"""The front matter's YAML reader: the same refusals with libyaml's parser and with PyYAML's own."""

from __future__ import annotations

import pytest
import yaml

from kindaudio.script.frontmatter import loader
from kindaudio.script.frontmatter.loader import RefusedYAML, load

REFUSED = {
    "a: &a [1]\nb: *a": "aliases (*name) are not used in practice files; write the value out where it is needed",
    "x: &x [*x]": "aliases (*name) are not used in practice files; write the value out where it is needed",
    "x: " + "[" * 30 + "]" * 30: "the front matter nests more than 20 levels deep here; practice files need at most a few",
    "x: " + "7" * 60: "this number has 60 characters; numbers here are at most 50",
    "x: 1." + "5" * 60: "this number has 62 characters; numbers here are at most 50",
    'x: "\\ud800"': "this text holds half of a character pair (an escape such as \\ud800), which cannot be saved "
                    "as UTF-8; remove that escape",
    "? [a]\n: b": "a key must be a plain word, not a list or mapping",
}


@pytest.fixture(params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure":
        monkeypatch.setattr(loader, "_FAST_LOADER", None)
    elif loader._FAST_LOADER is None:
        pytest.skip("PyYAML is built without libyaml here")
    return str(request.param)


@pytest.mark.parametrize("text", list(REFUSED))
def test_what_could_blow_up_or_crash_is_refused_before_it_is_walked(parser: str, text: str) -> None:
    with pytest.raises(RefusedYAML) as caught:
        load(text)
    assert caught.value.problem == REFUSED[text]


def test_keys_are_read_as_the_text_they_show(parser: str) -> None:
    root, data = load("1: a\ntrue: b\nnull: c\ntitle: d")
    assert data == {"1": "a", "true": "b", "null": "c", "title": "d"}
    assert isinstance(root, yaml.MappingNode)


def test_a_mistake_is_told_in_pyyaml_words_whichever_parser_found_it(parser: str) -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load("title: T\nsummary: a: b")
    assert getattr(caught.value, "problem", None) == "mapping values are not allowed here"
