"""Hostile practice files from the attack of issue 17, each refused clearly, within bounds of memory and time.

Every case is the exact input that got through (the big ones generated here),
run as `kindaudio check FILE` in a bounded process (tests/script/bounded.py):
it must end with exit 2, no traceback and a message at file:line:col.
Before the fixes, the memory bomb took all memory, billion laughs and the long
lists ran for many minutes, and the rest were "internal error"s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.script.bounded import bounded_kindaudio
from tests.support.command import EXIT_BAD_INPUT, EXIT_OK, assert_clean_failure


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghi"
    for previous, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
    return "\n".join(lines)


HELLO = "Hello."
CASES = {  # name: (front matter after the title line, body, the message expected at line:col)
    "memory bomb": ("", "{{ [dict(a='x' * 999999)] * 999999 }}",
                    "4:1: template error: dict() would make about 1,000,006 characters of text; "
                    "a practice may hold at most 1,000,000"),
    "memory bomb of smaller dicts": ("", "{{ [dict(a='x' * 99999)] * 999999 }}",
                                     "4:1: template error: a repetition would make about 100,009,899,990 "
                                     "characters of text; a practice may hold at most 1,000,000"),
    "3,000 kept values of a million characters": ("", "".join(f"{{% set a{i} = 'x' * 999999 %}}\n"
                                                               for i in range(3000)) + "Hello.",
                                                  "24:1: template error: the template makes more than 20,000,000 "
                                                  "characters of text in all while it is filled in; a practice "
                                                  "needs far less"),
    "billion laughs": (_billion_laughs(), HELLO,
                       "4:8: aliases (*name) are not used in practice files; write the value out where it is needed"),
    "self-referencing alias": ("x: &x [*x]", HELLO,
                               "3:8: aliases (*name) are not used in practice files; write the value out where "
                               "it is needed"),
    "100,000 lengths": ("lengths: [" + ", ".join(str(i + 1) for i in range(100_000)) + "]", HELLO,
                        "3:10: 'lengths' offers 100,000 lengths; a practice offers at most 60, e.g. [10, 20, 45]"),
    "100,000 template tags": ("", "{{ 1 }}\n" * 100_000,
                              "5004:1: the practice holds more than 5,000 template tags; a practice needs far fewer"),
    "5,000 undeclared names": ("", "".join(f"{{{{ v{i} }}}}\n" for i in range(5000)),
                               "4:4: 'v0' is used but not declared; add it under 'variables:' in the front matter"),
    "bell with a superscript two": ("", "Hello. [bell ²]", "4:8: a bell is written [bell], or [bell 3] for 1 to 9 "
                                                           "strikes"),
    "NUL in front matter": ("summary: \"a\x00b\"", HELLO,
                            "3:12: the front matter holds the control character U+0000, which YAML does not allow; "
                            "remove it"),
    "bell character in front matter": ("summary: a\x07b", HELLO,
                                       "3:11: the front matter holds the control character U+0007, which YAML does "
                                       "not allow; remove it"),
    "5,000-digit length": ("lengths: [" + "9" * 5000 + "]", HELLO,
                           "3:11: this number has 5,000 characters; numbers here are at most 50"),
    "5,000-digit rate": ("pace: {rate: " + "9" * 5000 + "}", HELLO,
                         "3:14: this number has 5,000 characters; numbers here are at most 50"),
    "5,000-digit pause": ("", "Hello. [pause " + "9" * 5000 + "h]",
                          "4:15: the duration '99999999…999h' is far too long; write it like e.g. 5s, 2.5s, 1m30s "
                          "or 2m"),
    "lone surrogate in the title": ("summary: \"\\ud800\"", HELLO,
                                    "3:10: this text holds half of a character pair (an escape such as \\ud800), "
                                    "which cannot be saved as UTF-8; remove that escape"),
    "lone surrogate made by a template": ("", "Hello {{ \"\\ud800\" }}.",
                                          "4:7: the text holds half of a character pair (U+D800), which cannot be "
                                          "saved as UTF-8; remove it"),
    "a number as a variable name": ("variables: {1: {label: x}}", "Hello {{ x }}.",
                                    "3:13: '1' cannot be a variable name; use lowercase letters, digits and _, "
                                    "starting with a letter"),
    "5,000 nested lists": ("x: " + "[" * 5000 + "]" * 5000, HELLO,
                           "3:23: the front matter nests more than 20 levels deep here; practice files need at most "
                           "a few"),
    "5,000 nested mappings": ("x: " + "{a: " * 5000 + "1" + "}" * 5000, HELLO,
                              "3:77: the front matter nests more than 20 levels deep here; practice files need at "
                              "most a few"),
    "5,000 nested brackets in a tag": ("", "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
                                       "4:1: this template tag nests more than 20 brackets deep"),
    "a tag chaining 5,000 operators": ("", "{{ " + "not " * 5000 + "1 }}",
                                       "4:1: this template tag is longer than 200 words and signs; split it up"),
    "a 300-character id": ("id: " + "a" * 300, HELLO, "3:5: 'id' is 300 characters; an id has at most 100"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_practice_file_is_refused_clearly_within_bounds(case: str, tmp_path: Path) -> None:
    front, body, expected = CASES[case]
    path = tmp_path / "hostile.md"
    path.write_text(f"---\ntitle: Hostile\n{front}\n---\n{body}\n".replace("\n\n---", "\n---"), encoding="utf-8")
    result = bounded_kindaudio("check", str(path))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert result.stderr.splitlines()[0] == f"{path}:{expected}"


def test_fifty_thousand_unknown_keys_list_the_first_hundred_and_count_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "keys.md"
    keys = "".join(f"k{i}: 1\n" for i in range(50_000))
    path.write_text(f"---\ntitle: Keys\n{keys}---\nHello.\n", encoding="utf-8")
    result = bounded_kindaudio("check", str(path))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    lines = result.stderr.splitlines()
    assert len(lines) == 101
    assert lines[0] == (f"{path}:3:1: unknown key 'k0'; known keys are id, title, summary, author, lengths, pace, "
                        "variables, made_from, for_whom, notes")
    assert lines[-1] == f"{path}:102:1: and 49,900 more problems not listed; correct these and check again"


def test_a_library_holding_a_practice_of_100000_tags_lists_it_as_a_problem(tmp_path: Path) -> None:
    from kindaudio.common.paths import app_paths

    practices = app_paths().practices
    practices.mkdir(parents=True)
    (practices / "tags.md").write_text("---\ntitle: Tags\n---\n" + "{{ 1 }}\n" * 100_000, encoding="utf-8")
    result = bounded_kindaudio("list")
    assert result.returncode == EXIT_OK, result.stderr
    assert "affectionate-breathing" in result.stdout
    assert (f"{practices / 'tags.md'}:5004:1: the practice holds more than 5,000 template tags; "
            "a practice needs far fewer") in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "a" * 300), "there is no practice called '" + "a" * 40 + "…" + "a" * 12 + "' (an id has at most "
                                "100 characters); `kindaudio list` shows them all"),
        (("render", "a" * 300 + ".md"), "a" * 40 + "…" + "a" * 9 + ".md: a name of 303 characters is longer than a "
                                        "file name can be (255 bytes)"),
        (("new", "--template", "a" * 300), "there is no template called '" + "a" * 40 + "…'; the templates are: "
                                           "custom-body-scan, loving-kindness-phrases, self-compassion-break, "
                                           "soles-of-the-feet"),
        (("check", "~nosuchuser/x.md"), "~nosuchuser/x.md: there is no user called 'nosuchuser' here, so "
                                        "'~nosuchuser' names no folder; give the path in full"),
        (("new", "--template", "loving-kindness-phrases", "-o", "~nosuchuser/x.md"),
         "~nosuchuser/x.md: there is no user called 'nosuchuser' here, so '~nosuchuser' names no folder; "
         "give the path in full"),
        (("new", "--template", "loving-kindness-phrases", "--set", b"phrase_1=\xff\xfe"),
         "kindaudio new: --set holds bytes that are not UTF-8 text; check the character encoding of your terminal"),
    ],
)
def test_a_hostile_argument_is_refused_clearly(args: tuple[str | bytes, ...], message: str) -> None:
    result = bounded_kindaudio(*args)
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert result.stderr.splitlines() == [message]


def test_text_from_the_editor_holding_a_lone_surrogate_is_refused_at_its_place() -> None:
    from kindaudio.script import ScriptError, parse_practice

    with pytest.raises(ScriptError) as caught:
        parse_practice("---\ntitle: T\n---\nHi \ud800 there\n", "edited.md")
    assert str(caught.value) == "edited.md:4:4: this is not UTF-8 text (byte 0xed); save the file as UTF-8 in your editor"
