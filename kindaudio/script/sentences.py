"""Splitting spoken text into sentences.

Sentence boundaries decide sentence ids, and ids key the audio cache and the
recordings a therapist makes, so the rules must stay predictable and stable
across versions. They are small and written out here rather than delegated to a
statistical splitter:

- a sentence ends at ., !, ?, or … (and any run of them), with closing quotes or
  brackets, followed by whitespace and then something that is not lowercase;
- known abbreviations ("e.g.", "Dr.", "etc.") and single-letter initials do not
  end a sentence. ("No." is not among them: in these texts "no" is a word.)
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset({
    "e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "ca.", "vol.", "fig.",
    "dr.", "mr.", "mrs.", "ms.", "mx.", "prof.", "st.", "jr.", "sr.", "mt.",
    "a.m.", "p.m.", "min.", "sec.", "hr.", "hrs.", "e.t.c.",
})

_TERMINATOR = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) index pairs of the sentences in `text`, whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _TERMINATOR.finditer(text):
        end = match.end()
        if end <= start:
            continue
        following = _skip_space(text, end)
        if following < len(text) and not _ends_sentence(text, start, match.start(), match.group(), following):
            continue
        spans.append((start, end))
        start = following
    if start < len(text):
        end = len(text.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _ends_sentence(text: str, start: int, term_start: int, terminator: str, following: int) -> bool:
    if text[following].islower():
        return False
    if terminator.startswith(".") and terminator.rstrip("\"'”’»)]") == ".":
        word_start = max(text.rfind(" ", start, term_start), text.rfind("\n", start, term_start), start - 1) + 1
        word = text[word_start:term_start + 1].lower().lstrip("(\"'“‘«")
        if word in ABBREVIATIONS:
            return False
        if len(word) == 2 and word[0].isalpha():  # an initial, as in "J. Smith"
            return False
    return True
