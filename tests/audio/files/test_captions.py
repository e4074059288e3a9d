"""Captions: one WebVTT cue per sentence, at its exact time; sections as NOTE lines and chapters."""

from __future__ import annotations

import re

from kindaudio.audio.files.captions import captions_vtt, chapters_vtt, vtt_time
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind, fit_timeline, length_range
from kindaudio.script import load_practice

BODY = """## Arriving
Welcome <friend> & guest. Watch the arrow --> here.

## Resting
[pause 3s]
Rest now.
"""

CUE_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")


def _timeline(write_practice):  # type: ignore[no-untyped-def]
    practice = load_practice(write_practice(BODY))
    lengths = {s.id: (index + 1) * MIX_RATE for index, s in enumerate(practice.unique_sentences())}
    return fit_timeline(practice, lengths, length_range(practice, lengths).shortest)


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def test_time_stamps_round_to_the_millisecond() -> None:
    assert vtt_time(0) == "00:00:00.000"
    assert vtt_time(MIX_RATE * 3723 + 11) == "01:02:03.000"
    assert vtt_time(MIX_RATE // 2) == "00:00:00.500"


def test_one_cue_per_sentence_at_its_exact_time(write_practice) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice)
    text = captions_vtt(timeline)
    assert text.startswith("WEBVTT\n\n")
    blocks = [block.split("\n") for block in text.strip().split("\n\n")]
    cues = [block for block in blocks if len(block) >= 2 and CUE_TIME.match(block[1])]
    speech = [clip for clip in timeline.clips if clip.kind is ClipKind.SPEECH]
    assert len(cues) == len(speech) == 3
    for number, (cue, clip) in enumerate(zip(cues, speech, strict=True), start=1):
        assert cue[0] == str(number)
        start, end = CUE_TIME.match(cue[1]).groups()[:4], CUE_TIME.match(cue[1]).groups()[4:]  # type: ignore[union-attr]
        assert abs(_seconds(*start) - clip.start_seconds) <= 0.0005
        assert abs(_seconds(*end) - clip.end_seconds) <= 0.0005


def test_cue_text_is_escaped_so_players_show_it_as_written(write_practice) -> None:  # type: ignore[no-untyped-def]
    text = captions_vtt(_timeline(write_practice))
    assert "Welcome &lt;friend&gt; &amp; guest." not in text  # '>' needs no escape in WebVTT
    assert "Welcome &lt;friend> &amp; guest." in text
    assert "Watch the arrow → here." in text
    assert text.count("-->") == 3  # only the cue timings


def test_sections_appear_as_notes_before_their_first_cue(write_practice) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice)
    text = captions_vtt(timeline)
    resting = timeline.sections[1]
    note = f"NOTE Section 2: Resting (from {vtt_time(resting.start)})"
    assert note in text
    assert text.index("NOTE Section 1: Arriving") < text.index("Welcome") < text.index(note) < text.index("Rest now.")


def test_chapters_cover_the_whole_practice(write_practice) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice)
    text = chapters_vtt(timeline)
    assert text.startswith("WEBVTT\n\n")
    assert f"00:00:00.000 --> {vtt_time(timeline.sections[1].start)}\nArriving" in text
    assert f"{vtt_time(timeline.sections[1].start)} --> {vtt_time(timeline.length)}\nResting" in text
