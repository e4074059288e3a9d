"""Every rendered file meets spoken-word loudness, read back by ffmpeg's EBU R128 meter, and no clip ticks.

-18 LUFS integrated (within 1 LU) and a true peak at most -1 dBTP, for WAV, MP3 and Ogg alike: each
file is decoded by ffmpeg, which nobody on the team wrote, after the encoder has had its say.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.files.export import AudioFormat
from kindaudio.audio.files.render import RenderRequest, RenderResult, gather, render
from kindaudio.audio.format import MIX_RATE
from kindaudio.script import load_practice
from kindaudio.script.library import shipped_practices_dir
from tests.audio.files.readers import ffmpeg_loudness
from tests.conftest import NATURAL_VOICE

pytestmark = pytest.mark.slow

# A one-minute practice whose bells are a large share of it: before its programme had a limiter, the
# true-peak ceiling held its gain back and it ended near -20 LUFS.
SHORT = """[bell]
You might let yourself settle into a position that feels supportive.
Notice the breath moving in the body, just as it is.

[pause 5s..1m]
[bell 3]
Thank you for taking this time for yourself.
"""


def _short(write_practice, clips: ClipProvider, folder: Path, fmt: AudioFormat,  # type: ignore[no-untyped-def]
           **choices: object) -> RenderResult:
    practice = load_practice(write_practice(SHORT, front="title: A short one\nlengths: [1]"))
    return render(RenderRequest(practice, PlayChoices(minutes=1, **choices), format=fmt, output=folder), clips)


def _meets_spoken_word_loudness(result: RenderResult) -> None:
    loudness, true_peak = ffmpeg_loudness(result.audio)
    assert loudness == pytest.approx(-18.0, abs=0.5), result.audio.name
    assert true_peak <= -1.0, result.audio.name
    assert loudness == pytest.approx(result.levels.output_loudness_lufs, abs=0.15)


@pytest.mark.parametrize("fmt", list(AudioFormat))
def test_a_short_practice_with_bells_is_as_loud_as_any(session_clips: ClipProvider, write_practice,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path, fmt: AudioFormat) -> None:
    result = _short(write_practice, session_clips, tmp_path, fmt)
    assert result.levels.limited_cells > 0  # the ceiling alone would have held it near -20 LUFS
    _meets_spoken_word_loudness(result)


@pytest.mark.parametrize("fmt", [AudioFormat.OGG, AudioFormat.MP3])
def test_the_natural_voice_stays_under_the_ceiling_after_lossy_encoding(
        piper_clips: ClipProvider, write_practice, tmp_path: Path, fmt: AudioFormat) -> None:  # type: ignore[no-untyped-def]
    """Its peaks sit closest to the ceiling, and Vorbis lifted them by up to 0.45 dB: mixed with room for
    that, and checked by decoding before the file appears."""
    _meets_spoken_word_loudness(_short(write_practice, piper_clips, tmp_path, fmt, voice=NATURAL_VOICE))


@pytest.mark.parametrize(("name", "minutes", "fmt"), [
    ("compassionate-body-scan", 10, AudioFormat.OGG),
    ("compassionate-breathing", 30, AudioFormat.MP3),
    ("affectionate-breathing", 30, AudioFormat.WAV),
])
def test_shipped_practices_with_the_ambience_meet_it_too(session_clips: ClipProvider, tmp_path: Path, name: str,
                                                         minutes: int, fmt: AudioFormat) -> None:
    """Under a long, quiet practice the ambience sat at BS.1770's gate and pulled the measure down by 2 to 3 LU."""
    practice = load_practice(shipped_practices_dir() / f"{name}.md")
    result = render(RenderRequest(practice, PlayChoices(minutes=minutes, ambience=True), format=fmt,
                                  output=tmp_path), session_clips)
    _meets_spoken_word_loudness(result)


def test_no_spoken_clip_starts_or_stops_with_a_jump(session_clips: ClipProvider, tmp_path: Path) -> None:
    """At every sentence's first and last sample the file moves by less than -60 dBFS from the silence
    around it (bells off, so nothing else sounds there); the clips themselves end louder than that."""
    practice = load_practice(shipped_practices_dir() / "affectionate-breathing.md")
    result = render(RenderRequest(practice, PlayChoices(minutes=8, bells=False), output=tmp_path), session_clips)
    samples, _ = soundfile.read(str(result.audio), dtype="float64")
    quiet = 10 ** (-60 / 20)
    jumps = []
    for clip in result.timeline.speech:
        first, last = clip.start, clip.start + clip.length - 1
        jumps += [abs(samples[first] - samples[first - 1]), abs(samples[last + 1] - samples[last])]
        assert max(abs(samples[first]), abs(samples[last])) < quiet
    assert max(jumps) < quiet
    # The prepared clips' own edges: some would tick if placed as they are.
    speech = gather(session_clips.prepare(practice, session_clips.settings_for(practice)))
    edges = [max(abs(int(info.samples[0])), abs(int(info.samples[-1]))) / 32768 for info in speech.values()]
    assert max(edges) > quiet
    assert len(samples) == 8 * 60 * MIX_RATE
