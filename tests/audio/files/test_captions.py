"""Captions: cues of at most two lines of 42 characters at the voice's time, bells and long silences as sound
cues, sections as NOTE lines and chapters; read back by webvtt-py and by ffmpeg's WebVTT reader."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import webvtt
from hypothesis import given
from hypothesis import strategies as st

from kindaudio.audio.files.captions import (
    CUE_LINES,
    LINE_CHARS,
    LINGER_SECONDS,
    caption_cues,
    captions_vtt,
    chapters_vtt,
    split_caption,
    vtt_time,
)
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind, Timeline, fit_timeline, length_range
from kindaudio.script import load_practice
from tests.audio.files.readers import ffprobe

BODY = """## Arriving
Welcome <friend> & guest. Watch the arrow --> here.

## Resting
[pause 3s]
Rest now.
"""

LONG = ("Let yourself find a position that feels supportive, and if it feels right, let your eyes close gently, "
        "or let your gaze rest softly on the floor in front of you, wherever feels comfortable today.")

SOUNDS = f"""## Opening
[bell]
{LONG}

[pause 40s]

## Closing
Short one.
[pause 5s]
[bell 3]
"""

CUE_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")


def _timeline(write_practice, body: str = BODY, title: str = "Test practice") -> Timeline:  # type: ignore[no-untyped-def]
    practice = load_practice(write_practice(body, front=f"title: {json.dumps(title)}"))
    # Speech lasts a second for every 15 characters: about as fast as a calm voice.
    lengths = {s.id: len(s.text) * MIX_RATE // 15 for s in practice.unique_sentences()}
    return fit_timeline(practice, lengths, length_range(practice, lengths).shortest)


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _at(stamp: str) -> float:
    """Seconds for a time stamp as webvtt-py gives it (its own *_in_seconds are whole seconds)."""
    match = re.fullmatch(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)", stamp)
    assert match is not None, stamp
    return _seconds(*match.groups())


def _read_back(text: str, tmp_path: Path) -> list[webvtt.Caption]:
    """The cues as webvtt-py reads them, after checking it read every cue written."""
    path = tmp_path / "captions.vtt"
    path.write_text(text, encoding="utf-8")
    captions = list(webvtt.read(str(path)))
    assert len(captions) == text.count(" --> ")
    return captions


def test_time_stamps_round_to_the_millisecond() -> None:
    assert vtt_time(0) == "00:00:00.000"
    assert vtt_time(MIX_RATE * 3723 + 11) == "01:02:03.000"
    assert vtt_time(MIX_RATE // 2) == "00:00:00.500"


def test_a_short_sentence_is_one_cue_from_its_first_sound_lingering_into_the_quiet_after_it(
        write_practice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice)
    captions = _read_back(captions_vtt(timeline), tmp_path)
    speech = timeline.speech
    assert len(captions) == len(speech) == 3
    for number, (caption, clip) in enumerate(zip(captions, speech, strict=True)):
        assert caption.identifier == str(number + 1)
        assert _at(caption.start) == pytest.approx(clip.start_seconds, abs=0.0005)
        following = speech[number + 1].start_seconds if number + 1 < len(speech) else timeline.seconds
        assert _at(caption.end) == pytest.approx(min(clip.end_seconds + LINGER_SECONDS, following), abs=0.0015)
        assert html.unescape(caption.text) == clip.sentence.text  # type: ignore[union-attr]


def test_cue_text_escapes_what_webvtt_reads_as_markup_so_players_show_it_as_written(
        write_practice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = captions_vtt(_timeline(write_practice))
    assert "Welcome &lt;friend&gt; &amp; guest." in text
    assert "Watch the arrow --&gt; here." in text
    assert text.count("-->") == 3  # only the cue timings
    texts = [html.unescape(caption.text) for caption in _read_back(text, tmp_path)]
    assert texts[:2] == ["Welcome <friend> & guest.", "Watch the arrow --> here."]


def test_notes_are_plain_text_never_character_references(write_practice) -> None:  # type: ignore[no-untyped-def]
    title = "Für Zoë & Jürgen <evening> --> rest"
    text = captions_vtt(_timeline(write_practice, title=title))
    assert "NOTE\nFür Zoë & Jürgen <evening> → rest: captions made by KindAudio\n" in text
    assert "&amp;" not in text.split("\n\n1\n")[0]  # the notes before the first cue


def test_sections_appear_as_notes_before_their_first_cue(write_practice) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice)
    text = captions_vtt(timeline)
    resting = timeline.sections[1]
    note = f"NOTE Section 2: Resting (from {vtt_time(resting.start)})"
    assert note in text
    assert text.index("NOTE Section 1: Arriving") < text.index("Welcome") < text.index(note) < text.index("Rest now.")


def test_a_long_sentence_becomes_several_cues_of_two_short_lines_sharing_its_time(
        write_practice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice, body=f"{LONG}\n")
    (clip,) = timeline.speech
    captions = _read_back(captions_vtt(timeline, quiet_cues=False), tmp_path)
    assert len(captions) == 3  # 197 characters: as few cues as fit
    assert all(1 <= len(c.lines) <= CUE_LINES and all(len(line) <= LINE_CHARS for line in c.lines) for c in captions)
    assert " ".join(" ".join(c.lines) for c in captions) == LONG  # every word, in order
    assert captions[0].lines[-1].endswith("if it feels right,")  # a break at the end of a clause
    assert _at(captions[0].start) == pytest.approx(clip.start_seconds, abs=0.0005)
    for before, after in zip(captions, captions[1:]):
        assert _at(before.end) == pytest.approx(_at(after.start), abs=0.0005)
    # No word times from the engine: each cue's share of the sentence's time is its share of the characters.
    for caption in captions[:-1]:
        share = (len(" ".join(caption.lines)) + 1) / (len(LONG) + 1)
        assert _at(caption.end) - _at(caption.start) == pytest.approx(share * clip.length / MIX_RATE,
                                                                                 abs=0.002)
    assert _at(captions[-1].end) == pytest.approx(min(clip.end_seconds + LINGER_SECONDS, timeline.seconds), abs=0.0005)


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßé’,.", min_size=1, max_size=50), min_size=1,
                max_size=60))
def test_any_sentence_is_split_into_cues_that_fit_and_keep_every_word(words: list[str]) -> None:
    text = " ".join(words)
    cues = split_caption(text)
    assert all(1 <= len(lines) <= CUE_LINES for lines in cues)
    assert all(0 < len(line) <= LINE_CHARS for lines in cues for line in lines)
    assert "".join("".join(lines) for lines in cues).replace(" ", "") == "".join(words)
    assert len(cues) <= len(text) // LINE_CHARS + 1  # never more than a cue per line's worth


def test_bells_and_long_silences_are_captioned_as_sounds(write_practice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice, body=SOUNDS)
    captions = _read_back(captions_vtt(timeline), tmp_path)
    texts = [c.text for c in captions]
    bells = [clip for clip in timeline.clips if clip.kind is ClipKind.BELL]
    assert texts[0] == "[bell]" and texts[-1] == "[3 bells]"
    assert _at(captions[0].start) == pytest.approx(bells[0].start_seconds, abs=0.0005)
    assert _at(captions[-1].start) == pytest.approx(bells[1].start_seconds, abs=0.0005)
    # The 40 s pause gets a [quiet] cue (after the last words have lingered); the 5 s one does not.
    assert texts.count("[quiet]") == 1
    quiet = captions[texts.index("[quiet]")]
    before = captions[texts.index("[quiet]") - 1]
    assert _at(quiet.start) == pytest.approx(_at(before.end), abs=0.0005)
    assert 3 <= _at(quiet.end) - _at(quiet.start) <= 5
    # Cues never overlap, so a player shows one at a time.
    for first, second in zip(captions, captions[1:]):
        assert _at(first.end) <= _at(second.start) + 0.0005
    without = [c.text for c in _read_back(captions_vtt(timeline, quiet_cues=False), tmp_path)]
    assert "[quiet]" not in without and without.count("[bell]") == 1


def test_every_cue_of_a_spoken_sentence_lies_within_its_speech(write_practice) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice, body=SOUNDS)
    cues = caption_cues(timeline)
    for clip in timeline.speech:
        words = [cue for cue in cues if not cue.sound and clip.start <= cue.start < clip.end]
        assert words[0].start == clip.start
        assert all(cue.end <= clip.end for cue in words[:-1])


def test_ffmpeg_reads_every_cue_at_its_time(write_practice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A second reader, written apart from webvtt-py: ffmpeg's WebVTT demuxer."""
    timeline = _timeline(write_practice, body=SOUNDS)
    path = tmp_path / "captions.vtt"
    path.write_text(captions_vtt(timeline), encoding="utf-8")
    packets = ffprobe(path, "-show_packets")["packets"]
    cues = caption_cues(timeline)
    assert len(packets) == len(cues)
    for packet, cue in zip(packets, cues, strict=True):
        assert float(packet["pts_time"]) == pytest.approx(cue.start / MIX_RATE, abs=0.0015)


def test_chapters_cover_the_whole_practice(write_practice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    timeline = _timeline(write_practice, title="Zoë & Jürgen")
    text = chapters_vtt(timeline)
    assert text.startswith("WEBVTT\n\n")
    assert f"00:00:00.000 --> {vtt_time(timeline.sections[1].start)}\nArriving" in text
    assert f"{vtt_time(timeline.sections[1].start)} --> {vtt_time(timeline.length)}\nResting" in text
    assert [c.text for c in _read_back(text, tmp_path)] == ["Arriving", "Resting"]
