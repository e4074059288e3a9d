"""Properties of the parser over generated scripts, and a fuzz test for everything else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindaudio.script import Pause, ScriptError, Sentence, parse_practice
from kindaudio.script.model import sentence_id
from tests.script.support import summary

SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Words that are not abbreviations, not single letters, and start no markup.
WORDS = ["breathe", "gently", "rest", "kind", "warm", "soft", "notice", "body", "light", "calm", "quiet",
         "friend", "heart", "ease", "slowly", "here", "now", "feel", "hands", "feet", "café", "naïve"]
TITLE = "Generated practice"


# --- building blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    words: tuple[str, ...]
    end: str

    @property
    def text(self) -> str:
        return " ".join(self.words) + self.end


@dataclass(frozen=True)
class Mark:
    source: str
    expected: tuple[Any, ...]  # ('pause', lo, hi) or ('bell', n)


Token = Said | Mark


@dataclass
class Script:
    """A generated body, and what parsing it must give."""

    lines: list[str] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)  # ('say', text, paragraph) / marks
    titles: list[str] = field(default_factory=list)


sentences = st.builds(
    Said,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda ws: (ws[0].capitalize(), *ws[1:])),
    st.sampled_from([".", "!", "?", "…", "..."]),
)


@st.composite
def durations(draw: st.DrawFn, max_hours: int = 2) -> tuple[str, float]:
    hours = draw(st.integers(0, max_hours))
    minutes = draw(st.integers(0, 59))
    seconds = draw(st.sampled_from([0, 1, 5, 30, 59, 2.5, 0.25]))
    if not (hours or minutes or seconds):
        seconds = 1
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{seconds}s" if seconds else "")
    return text, hours * 3600 + minutes * 60 + seconds


@st.composite
def marks(draw: st.DrawFn) -> Mark:
    kind = draw(st.sampled_from(["pause", "elastic", "bell", "bells"]))
    if kind == "pause":
        text, seconds = draw(durations())
        return Mark(f"[pause {text}]", ("pause", seconds, seconds))
    if kind == "elastic":
        (low_text, low), (high_text, high) = draw(durations(1)), draw(durations(1))
        if low > high:
            (low_text, low), (high_text, high) = (high_text, high), (low_text, low)
        return Mark(f"[pause {low_text}..{high_text}]", ("pause", low, high))
    if kind == "bell":
        return Mark("[bell]", ("bell", 1))
    strikes = draw(st.integers(1, 9))
    return Mark(f"[bell {strikes}]", ("bell", strikes))


comments = st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map(lambda ws: "<!-- " + " ".join(ws) + " -->")
multiline_comments = st.lists(st.sampled_from([*WORDS, "", "[paws 5s]", "## not a heading"]), min_size=1,
                              max_size=4).map(lambda ws: "<!--\n" + "\n".join(ws) + "\n-->")


@st.composite
def paragraph_lines(draw: st.DrawFn, tokens: list[Token]) -> list[str]:
    """Tokens laid out on lines: spaces or line breaks between them, comments in between."""
    text = ""
    for index, token in enumerate(tokens):
        if index:
            text += draw(st.sampled_from([" ", " ", "\n", "  "]))
            if draw(st.integers(0, 9)) == 0:
                text += draw(comments) + " "
            elif draw(st.integers(0, 9)) == 0 and text.endswith("\n"):
                text += draw(comments) + "\n"  # a comment-only line inside the paragraph
        if isinstance(token, Said):
            separators = [draw(st.sampled_from([" ", " ", "\n"])) for _ in token.words[1:]]
            words = token.words[0] + "".join(sep + word for sep, word in zip(separators, token.words[1:], strict=True))
            text += words + token.end
        else:
            text += token.source
    return text.split("\n")


@st.composite
def scripts(draw: st.DrawFn) -> Script:
    script = Script()
    paragraph = 0
    opening = draw(st.booleans())
    section_count = draw(st.integers(1, 4))
    for number in range(section_count):
        if number or not opening:
            title = " ".join(w.capitalize() for w in draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
            script.lines.append(f"## {title}")
            script.titles.append(title)
        else:
            script.titles.append(TITLE)
        for index in range(draw(st.integers(1, 3))):
            if index:
                script.lines.append("")
                if draw(st.booleans()):
                    script.lines.extend(draw(multiline_comments).split("\n"))
                    script.lines.append("")
            tokens = draw(st.lists(st.one_of(sentences, marks()), min_size=1, max_size=6))
            script.lines.extend(draw(paragraph_lines(tokens)))
            for token in tokens:
                script.items.append(("say", token.text, paragraph) if isinstance(token, Said) else token.expected)
            paragraph += 1
        if draw(st.booleans()):
            script.lines.append("")
    return script


def parse_script(script: Script) -> Any:
    return parse_practice(f"---\ntitle: {TITLE}\n---\n" + "\n".join(script.lines), "generated.md")


def observed(practice: Any) -> list[tuple[Any, ...]]:
    return summary(practice, paragraphs=True)


# --- properties -----------------------------------------------------------------------------


@SETTINGS
@given(scripts())
def test_generated_scripts_parse_into_their_sentences_and_marks_in_order(script: Script) -> None:
    practice = parse_script(script)
    assert observed(practice) == script.items
    assert [s.title for s in practice.sections] == script.titles


@SETTINGS
@given(scripts())
def test_spoken_sentences_are_exactly_the_generated_ones(script: Script) -> None:
    practice = parse_script(script)
    assert [s.text for s in practice.sentences] == [item[1] for item in script.items if item[0] == "say"]


@SETTINGS
@given(scripts())
def test_every_item_points_at_where_it_is_written(script: Script) -> None:
    lines = ["---", f"title: {TITLE}", "---", *script.lines]
    practice = parse_script(script)
    for section in practice.sections:
        for item in section.items:
            at = lines[item.pos.line - 1][item.pos.column - 1:]
            if isinstance(item, Sentence):
                assert at.startswith(item.text.split()[0].rstrip(".!?…")), (item, at)
            else:
                assert at.startswith("[pause" if isinstance(item, Pause) else "[bell"), (item, at)


@SETTINGS
@given(scripts(), st.randoms(use_true_random=False))
def test_sentence_ids_depend_only_on_the_text(script: Script, random: Any) -> None:
    practice = parse_script(script)
    assert all(s.id == sentence_id(s.text) for s in practice.sentences)
    texts = [s.text for s in practice.sentences]
    if not texts:
        return
    random.shuffle(texts)
    rearranged = parse_practice("---\ntitle: Other\n---\n## Elsewhere\n" + "\n\n[pause 1s]\n".join(texts), "other.md")
    assert {s.text: s.id for s in rearranged.sentences} == {s.text: s.id for s in practice.sentences}


# --- fuzz -----------------------------------------------------------------------------------


def assert_inside_file(error: ScriptError, text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for diagnostic in error.diagnostics:
        assert diagnostic.path == "fuzz.md"
        assert 1 <= diagnostic.line <= len(lines), (diagnostic, len(lines))
        assert 1 <= diagnostic.column <= len(lines[diagnostic.line - 1]) + 1, (diagnostic, lines[diagnostic.line - 1])
        assert diagnostic.message


def parse_or_script_error(text: str) -> None:
    try:
        practice = parse_practice(text, "fuzz.md")
    except ScriptError as error:
        assert_inside_file(error, text)
    else:
        assert practice.sections


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_body_parses_or_gives_a_script_error_inside_the_file(body: str) -> None:
    parse_or_script_error("---\ntitle: Fuzz\n---\n" + body)


PIECES = ["[", "]", "pause", "bell", " ", " ", "\n", "\n\n", "5s", "1m", "..", "-", "#", "##", "<!--", "-->", "|",
          "\\", "*", "_", "{{", "}}", "{%", "%}", "{#", "#}", "if", "for", "x", "Rest", "now", ".", "?", "…",
          "\r", "\t", "3", "(", "'", "\ufeff", "é"]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_bodies_made_of_language_syntax_parse_or_give_a_script_error_inside_the_file(body: str) -> None:
    parse_or_script_error("---\ntitle: Fuzz\n---\n" + body)


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_after_an_opening_line_parses_or_gives_a_script_error_inside_the_file(text: str) -> None:
    parse_or_script_error("---\n" + text)
