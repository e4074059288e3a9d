"""WebVTT captions and chapters from a Timeline, made for people who read them.

Each cue holds at most two lines of at most 42 characters (the usual limit
for captions, which a reader takes in at a glance). A sentence that does not
fit is split into several cues at word boundaries, preferring the ends of
clauses, into as few and as even parts as fit. The speech engines give no
word times (Piper and eSpeak through pyttsx3 return audio only), so a long
sentence's time is shared among its parts in proportion to their characters;
the first part starts exactly where the voice does (clips are trimmed to the
voice). The last part stays up to a second longer, into the quiet after it,
so the end of a sentence can still be read when the voice stops.

Sounds are captioned too, as people who cannot hear them expect: `[bell]`
where a bell strikes, and `[quiet]` for a few seconds where the voice leaves a
long silence, so a reader knows the pause is meant (not a broken file) and
can rest with it. `[quiet]` can be left out (quiet_cues=False). Sections
appear as NOTE lines before their first cue; a separate chapters file lists
the sections for players that show chapters.
"""

from __future__ import annotations

from dataclasses import dataclass

from kindaudio.audio.files.tags import clock
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import Clip, ClipKind, SectionSpan, Timeline

LINE_CHARS = 42
CUE_LINES = 2
QUIET_SECONDS = 20.0  # a silence at least this long gets a [quiet] cue ...
QUIET_SHOWN_SECONDS = 4.0  # ... shown this long at its start
LINGER_SECONDS = 1.0  # a sentence's last cue stays up this much longer, if nothing follows sooner

_CLAUSE_ENDS = (",", ";", ":", ".", "!", "?", "—", "–", ")")
# Breaking a line or cue right after one of these leaves a word hanging from what follows.
_CLINGING = frozenset("a an the my your our their his her its to of in on at by for with from into and or but "
                      "i you we as if so".split())


@dataclass(frozen=True)
class Cue:
    """One caption: its lines as written (not yet escaped), from `start` to `end` in samples."""

    start: int
    end: int
    lines: tuple[str, ...]
    sound: bool = False  # a sound cue ([bell], [quiet]) rather than words


def vtt_time(samples: int) -> str:
    """hh:mm:ss.ttt, rounded to the millisecond."""
    return clock(int(round(samples * 1000 / MIX_RATE)))


def cue_text(text: str) -> str:
    """Text as WebVTT cue text: &, < and > as character references, so players show it as written.

    With > escaped, "-->" (which would end a cue's text) cannot appear either.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def note_text(text: str) -> str:
    """Text for a NOTE line: read as it is (no character references in comments), on one line, without "-->"."""
    return " ".join(text.split()).replace("-->", "→")


# ---- Splitting text into cues --------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    """The text's words; a word longer than a line is cut into line-long pieces."""
    words = []
    for word in text.split():
        words += [word[i: i + LINE_CHARS] for i in range(0, len(word), LINE_CHARS)]
    return words


def _break_penalty(before: str) -> float:
    """How bad it is to end a line or cue after the word `before`: 0 at a clause's end."""
    if before.endswith(_CLAUSE_ENDS):
        return 0.0
    if before.lower().strip("\"'“”‘’(") in _CLINGING:
        return 40.0
    return 15.0


class _Words:
    """A sentence's words with what the splitting asks of them again and again, worked out once."""

    def __init__(self, text: str) -> None:
        self.words = _words(text)
        self.penalty = [_break_penalty(word) for word in self.words]
        self._before = [0]  # characters of the words before each index
        for word in self.words:
            self._before.append(self._before[-1] + len(word))

    def chars(self, begin: int, end: int) -> int:
        """Length of words[begin:end] joined by spaces."""
        return self._before[end] - self._before[begin] + end - begin - 1

    def two_lines(self, begin: int, end: int) -> tuple[float, int] | None:
        """The best way to show words[begin:end] in at most two lines of LINE_CHARS: (cost, where the second
        line begins, or `end` for one line); None if they do not fit."""
        if self.chars(begin, end) <= LINE_CHARS:
            return 0.0, end
        best: tuple[float, int] | None = None
        for cut in range(begin + 1, end):
            top, bottom = self.chars(begin, cut), self.chars(cut, end)
            if top > LINE_CHARS or bottom > LINE_CHARS:
                continue
            cost = self.penalty[cut - 1] + abs(top - bottom) / 2
            if best is None or cost < best[0]:
                best = (cost, cut)
        return best

    def lines(self, begin: int, cut: int, end: int) -> tuple[str, ...]:
        return tuple(" ".join(self.words[a:b]) for a, b in ((begin, cut), (cut, end)) if b > a)


def split_caption(text: str) -> list[tuple[str, ...]]:
    """A sentence as cues of at most CUE_LINES lines of at most LINE_CHARS characters each.

    As few cues as fit; among those, breaks at the ends of clauses and parts of
    even length (a dynamic programme over the word boundaries).
    """
    sentence = _Words(text)
    count = len(sentence.words)
    if not count:
        return []
    inf = float("inf")
    # best[i]: the cheapest way to show words[:i] as (cost, where its last cue begins, where that cue's
    # second line begins).
    best = [(0.0, 0, 0)] + [(inf, 0, 0)] * count
    for end in range(1, count + 1):
        for begin in range(end - 1, -1, -1):
            chars = sentence.chars(begin, end)
            if chars > CUE_LINES * LINE_CHARS + 1:
                break
            if best[begin][0] == inf:
                continue
            shown = sentence.two_lines(begin, end)
            if shown is None:
                continue
            cost = best[begin][0] + 1000 + shown[0] + ((CUE_LINES * LINE_CHARS - chars) / 10) ** 2
            if end < count:
                cost += sentence.penalty[end - 1]
            if cost < best[end][0]:
                best[end] = (cost, begin, shown[1])
    cues = []
    end = count
    while end > 0:
        _, begin, cut = best[end]
        cues.append(sentence.lines(begin, cut, end))
        end = begin
    return cues[::-1]


# ---- Cues from the Timeline ----------------------------------------------------------------------------------

def _speech_cues(clip: Clip) -> list[Cue]:
    """The cues of one spoken sentence, its time shared among them by their characters."""
    assert clip.sentence is not None
    parts = split_caption(clip.sentence.text)
    sizes = [len(" ".join(lines)) + 1 for lines in parts]
    total = sum(sizes)
    cues, done = [], 0
    for lines, size in zip(parts, sizes, strict=True):
        start = clip.start + clip.length * done // total
        done += size
        cues.append(Cue(start, clip.start + clip.length * done // total, lines))
    return cues


def _bell_cue(clip: Clip) -> Cue:
    return Cue(clip.start, clip.end, ("[bell]" if clip.strikes <= 1 else f"[{clip.strikes} bells]",), sound=True)


def caption_cues(timeline: Timeline, quiet_cues: bool = True) -> list[Cue]:
    """Every cue of the captions in time order: speech, bells, and (if wanted) long silences."""
    cues: list[Cue] = []
    sentence_ends: set[int] = set()  # indices of each sentence's last cue
    quiet_from: int | None = None
    for clip in timeline.clips:
        if clip.kind is ClipKind.SILENCE:
            quiet_from = clip.start if quiet_from is None else quiet_from
            continue
        if quiet_from is not None and quiet_cues:
            cues += _quiet_cue(quiet_from, clip.start)
        quiet_from = None
        if clip.kind is ClipKind.BELL:
            cues.append(_bell_cue(clip))
        elif clip.sentence is not None:
            cues += _speech_cues(clip)
            sentence_ends.add(len(cues) - 1)
    if quiet_from is not None and quiet_cues:
        cues += _quiet_cue(quiet_from, timeline.length)
    linger = int(LINGER_SECONDS * MIX_RATE)
    for index in sentence_ends:
        following = cues[index + 1].start if index + 1 < len(cues) else timeline.length
        cue = cues[index]
        cues[index] = Cue(cue.start, max(cue.end, min(cue.end + linger, following)), cue.lines)
    return cues


def _quiet_cue(start: int, end: int) -> list[Cue]:
    if end - start < QUIET_SECONDS * MIX_RATE:
        return []
    # Shown after the last words have had their moment to be read.
    begin = start + int(LINGER_SECONDS * MIX_RATE)
    return [Cue(begin, begin + int(QUIET_SHOWN_SECONDS * MIX_RATE), ("[quiet]",), sound=True)]


def captions_vtt(timeline: Timeline, quiet_cues: bool = True) -> str:
    """The captions file: a NOTE naming the practice, a NOTE before each section, then its cues."""
    lines = ["WEBVTT", "", "NOTE", f"{note_text(timeline.title)}: captions made by KindAudio", ""]
    sections = list(timeline.sections)
    for number, cue in enumerate(caption_cues(timeline, quiet_cues), start=1):
        while sections and sections[0].start <= cue.start:
            lines += _section_note(sections.pop(0))
        lines += [str(number), f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}", *map(cue_text, cue.lines), ""]
    for span in sections:  # sections with nothing to read (only silence) after the last cue
        lines += _section_note(span)
    return "\n".join(lines)


def _section_note(span: SectionSpan) -> list[str]:
    return [f"NOTE Section {span.index + 1}: {note_text(span.title)} (from {vtt_time(span.start)})", ""]


def chapters_vtt(timeline: Timeline) -> str:
    lines = ["WEBVTT", ""]
    for span in timeline.sections:
        lines += [f"chapter-{span.index + 1}", f"{vtt_time(span.start)} --> {vtt_time(span.end)}",
                  cue_text(span.title), ""]
    return "\n".join(lines)
