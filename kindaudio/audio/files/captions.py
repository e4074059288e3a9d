"""WebVTT captions and chapters from a Timeline.

One cue per spoken sentence, from the first to the last sample of its speech
(clips are trimmed to the voice, so a cue starts as the voice does). Sections
appear as NOTE lines before their first cue; a separate chapters file lists the
sections for players that show chapters.
"""

from __future__ import annotations

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind, Timeline


def vtt_time(samples: int) -> str:
    """hh:mm:ss.ttt, rounded to the millisecond."""
    millis = int(round(samples * 1000 / MIX_RATE))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _cue_text(text: str) -> str:
    # WebVTT cue text may not contain "-->", and & and < must be escaped.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("-->", "→")


def captions_vtt(timeline: Timeline) -> str:
    lines = ["WEBVTT", "", "NOTE", f"{_cue_text(timeline.title)}: captions made by KindAudio", ""]
    section_starts = {span.index: span for span in timeline.sections}
    announced: set[int] = set()
    number = 0
    for clip in timeline.clips:
        if clip.section not in announced and clip.section in section_starts:
            span = section_starts[clip.section]
            lines += [f"NOTE Section {span.index + 1}: {_cue_text(span.title)} (from {vtt_time(span.start)})", ""]
            announced.add(clip.section)
        if clip.kind is not ClipKind.SPEECH or clip.sentence is None:
            continue
        number += 1
        lines += [str(number), f"{vtt_time(clip.start)} --> {vtt_time(clip.end)}", _cue_text(clip.sentence.text), ""]
    return "\n".join(lines)


def chapters_vtt(timeline: Timeline) -> str:
    lines = ["WEBVTT", ""]
    for span in timeline.sections:
        lines += [f"chapter-{span.index + 1}", f"{vtt_time(span.start)} --> {vtt_time(span.end)}",
                  _cue_text(span.title), ""]
    return "\n".join(lines)
