"""Rendering whole practices with real speech, checked by reading the files back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
import webvtt

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.files.export import AudioFormat
from kindaudio.audio.files.render import Progress, RenderRequest, RenderResult, gather, render
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind, LengthError, fit_timeline, length_range
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.timing import _WORD
from tests.audio.conftest import reference_loudness
from tests.audio.files.readers import ffprobe_chapters, ffprobe_tags

pytestmark = pytest.mark.slow

SHIPPED = sorted(p.stem for p in shipped_practices_dir().glob("*.md") if p.name != "README.md")
GUIDED = [name for name in SHIPPED if name != "silent-timer"]


def _render(clips: ClipProvider, name: str, folder: Path, minutes: float | None = None,
            fmt: AudioFormat = AudioFormat.WAV) -> RenderResult:
    practice = load_practice(shipped_practices_dir() / f"{name}.md")
    return render(RenderRequest(practice, PlayChoices(minutes=minutes), format=fmt, output=folder), clips)


def _true_peak_db(samples: np.ndarray) -> float:
    """4x-oversampled peak, a minute at a time (with overlap) to keep memory small."""
    from scipy.signal import resample_poly

    peak, step, overlap = 0.0, 60 * MIX_RATE, MIX_RATE
    for start in range(0, len(samples), step):
        chunk = samples[max(start - overlap, 0): start + step + overlap]
        peak = max(peak, float(np.abs(resample_poly(chunk, 4, 1)).max()))
    return 20 * np.log10(peak)


def _onset(samples: np.ndarray, around: float) -> float | None:
    """When new sound first rises within 0.3 s of `around` (5 ms frames).

    New sound is 12 dB over what was there just before (silence, or a bell
    ringing on), and at least -55 dBFS: soft consonants count as speech.
    """
    frame = int(0.005 * MIX_RATE)

    def rms(start: float, end: float) -> np.ndarray:
        part = samples[max(int(start * MIX_RATE), 0): int(end * MIX_RATE)]
        frames = len(part) // frame
        return np.sqrt(np.mean(part[: frames * frame].reshape(frames, frame) ** 2, axis=1))

    before = float(np.percentile(rms(around - 0.4, around - 0.1), 95))
    threshold = max(before * 4, 10 ** (-55 / 20))
    loud = np.flatnonzero(rms(around - 0.3, around + 0.3) > threshold)
    return None if len(loud) == 0 else around - 0.3 + loud[0] * frame / MIX_RATE


@pytest.fixture(scope="module")
def eight_minutes(session_clips: ClipProvider, tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return _render(session_clips, "affectionate-breathing", tmp_path_factory.mktemp("render"), 8)


def test_the_file_lasts_exactly_the_chosen_length(eight_minutes: RenderResult) -> None:
    info = soundfile.info(str(eight_minutes.audio))
    assert (info.samplerate, info.channels) == (MIX_RATE, 1)
    assert info.frames == 8 * 60 * MIX_RATE
    assert eight_minutes.audio.name == "affectionate-breathing-8min.wav"


def test_loudness_is_spoken_word_standard(eight_minutes: RenderResult) -> None:
    samples, _ = soundfile.read(str(eight_minutes.audio))
    measured = reference_loudness(samples)
    assert measured == pytest.approx(-18.0, abs=1.0)
    assert measured == pytest.approx(eight_minutes.levels.output_loudness_lufs, abs=0.1)
    assert _true_peak_db(samples) <= -1.0


def _cue_seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_every_caption_starts_on_its_speech_onset(eight_minutes: RenderResult) -> None:
    """Read by webvtt-py: each sentence's first cue starts within 50 ms of the voice in the file, each bell's
    cue on the bell, and the later cues of a long sentence (timed by characters) while the voice speaks."""
    samples, _ = soundfile.read(str(eight_minutes.audio))
    captions = list(webvtt.read(str(eight_minutes.captions)))
    assert len(captions) == eight_minutes.captions.read_text(encoding="utf-8").count(" --> ")
    assert all(len(c.lines) <= 2 and all(len(line) <= 42 for line in c.lines) for c in captions)
    starts = {round(_cue_seconds(c.start), 3): c for c in captions}
    timeline = eight_minutes.timeline
    firsts = [clip for clip in timeline.clips if clip.kind is not ClipKind.SILENCE]
    assert len(timeline.speech) == 36  # every spoken sentence of Affectionate Breathing
    late = []
    for clip in firsts:
        cue = starts.get(round(clip.start_seconds, 3))
        onset = _onset(samples, clip.start_seconds)
        if cue is None or onset is None or abs(onset - clip.start_seconds) > 0.050:
            late.append((clip.sentence.text if clip.sentence else "[bell]", clip.start_seconds, onset))
    assert late == []
    bells = [clip for clip in firsts if clip.kind is ClipKind.BELL]
    assert [c.text for c in captions if c.text.startswith("[bell") or c.text.endswith("bells]")] == [
        "[bell]" if clip.strikes == 1 else f"[{clip.strikes} bells]" for clip in bells]
    first_starts = {round(clip.start_seconds, 3) for clip in firsts}
    continued = [c for c in captions if round(_cue_seconds(c.start), 3) not in first_starts
                 and not c.text.startswith("[")]
    assert continued  # some sentences of this practice are longer than one cue
    frame = int(0.25 * MIX_RATE)
    for cue in continued:
        at = int(_cue_seconds(cue.start) * MIX_RATE)
        assert 20 * np.log10(np.sqrt(np.mean(samples[at - frame: at + frame] ** 2))) > -45, cue.text


def test_chapters_name_the_sections(eight_minutes: RenderResult) -> None:
    chapters = eight_minutes.chapters.read_text(encoding="utf-8")
    for span in eight_minutes.timeline.sections:
        assert span.title in chapters
    embedded = ffprobe_chapters(eight_minutes.audio)
    assert [(round(start, 3), title) for start, _, title in embedded] == [
        (round(span.start_seconds, 3), span.title) for span in eight_minutes.timeline.sections]


@pytest.mark.parametrize("name", SHIPPED)
def test_every_offered_length_is_reached_with_real_speech(session_clips: ClipProvider, name: str) -> None:
    practice = load_practice(shipped_practices_dir() / f"{name}.md")
    speech = gather(session_clips.prepare(practice, session_clips.settings_for(practice)))
    lengths = {key: clip.n_samples for key, clip in speech.items()}
    for minutes in practice.lengths:
        assert fit_timeline(practice, lengths, minutes * 60).length == minutes * 60 * MIX_RATE
    reach = length_range(practice, lengths)
    with pytest.raises(LengthError, match="outside that range"):
        fit_timeline(practice, lengths, reach.longest + 60)


@pytest.mark.parametrize("name", GUIDED)
def test_the_guided_practices_are_paced_for_a_beginner(session_clips: ClipProvider, name: str) -> None:
    practice = load_practice(shipped_practices_dir() / f"{name}.md")
    speech = gather(session_clips.prepare(practice, session_clips.settings_for(practice)))
    lengths = {key: clip.n_samples for key, clip in speech.items()}
    words = sum(len(_WORD.findall(s.text)) for s in practice.sentences)
    spoken = sum(speech[s.id].seconds for s in practice.sentences)
    assert 115 <= words / spoken * 60 <= 145  # about 140 words a minute or slower, never rushed
    for minutes in practice.lengths:
        timeline = fit_timeline(practice, lengths, minutes * 60)
        starts_and_ends = [(c.start, c.end) for c in timeline.clips if c.kind is ClipKind.SPEECH]
        wordless = [(b[0] - a[1]) / MIX_RATE for a, b in zip(starts_and_ends, starts_and_ends[1:], strict=False)]
        assert max(wordless) <= 150  # never more than two and a half minutes without a word
        assert spoken / timeline.seconds <= 0.6  # at least 40 % of any length is quiet


def test_the_silent_timer_keeps_its_bells_at_their_usual_level(session_clips: ClipProvider, tmp_path: Path) -> None:
    result = _render(session_clips, "silent-timer", tmp_path, 5)
    samples, _ = soundfile.read(str(result.audio))
    assert len(samples) == 5 * 60 * MIX_RATE
    assert result.levels.gain_db == 0.0
    assert [clip.strikes for clip in result.timeline.clips if clip.kind is ClipKind.BELL] == [1, 3]
    assert -25 < 20 * np.log10(np.abs(samples).max()) < -8
    assert result.synthesized == 0


def test_an_export_can_carry_the_soft_ambience_under_the_voice(session_clips: ClipProvider, tmp_path: Path) -> None:
    practice = load_practice(shipped_practices_dir() / "silent-timer.md")
    plain = render(RenderRequest(practice, PlayChoices(minutes=5), output=tmp_path / "plain.wav"), session_clips)
    bed = render(RenderRequest(practice, PlayChoices(minutes=5, ambience=True), output=tmp_path / "bed.wav"),
                 session_clips)
    quiet, _ = soundfile.read(str(plain.audio))
    ambient, _ = soundfile.read(str(bed.audio))
    middle = slice(2 * 60 * MIX_RATE, 2 * 60 * MIX_RATE + 10 * MIX_RATE)  # between the bells
    assert len(ambient) == len(quiet)
    assert np.abs(quiet[middle]).max() < 1e-3  # silence without it ...
    assert np.sqrt(np.mean(ambient[middle] ** 2)) > 1e-3  # ... a soft, steady sound with it


@pytest.mark.parametrize("fmt", [AudioFormat.MP3, AudioFormat.OGG])
def test_compressed_renders_last_the_same_and_are_tagged(session_clips: ClipProvider, tmp_path: Path,
                                                         fmt: AudioFormat) -> None:
    result = _render(session_clips, "compassionate-breathing", tmp_path, 8, fmt)
    with soundfile.SoundFile(str(result.audio)) as written:
        assert written.title == "Compassionate Breathing"
        assert written.artist == "KindAudio"
        assert abs(written.frames - 8 * 60 * MIX_RATE) <= 0.05 * MIX_RATE
    assert result.audio.suffix == fmt.extension and result.captions.exists()
    tags = ffprobe_tags(result.audio)
    assert (tags["title"], tags["artist"]) == ("Compassionate Breathing", "KindAudio")
    embedded = ffprobe_chapters(result.audio)
    assert len(embedded) == len(result.timeline.sections) > 1
    for (start, _, title), span in zip(embedded, result.timeline.sections, strict=True):
        assert (start, title) == (pytest.approx(span.start_seconds, abs=0.001), span.title)


def test_the_longest_body_scan_renders(session_clips: ClipProvider, tmp_path: Path) -> None:
    result = _render(session_clips, "compassionate-body-scan", tmp_path, 45)
    assert soundfile.info(str(result.audio)).frames == 45 * 60 * MIX_RATE
    assert result.levels.output_loudness_lufs == pytest.approx(-18.0, abs=0.2)
    assert result.levels.output_true_peak_dbtp <= -1.0


def test_the_default_length_is_the_shortest_offered(session_clips: ClipProvider, tmp_path: Path) -> None:
    result = _render(session_clips, "affectionate-breathing", tmp_path)
    assert result.seconds == 8 * 60


def test_progress_counts_each_sentence_in_the_speech_phase_and_never_goes_back(
        session_clips: ClipProvider, tmp_path: Path) -> None:
    class Recorded(Progress):
        def __init__(self) -> None:
            self.phases: list[tuple[str, float]] = []
            self.done_in: dict[str, float] = {}
            self.finished = False

        def phase(self, name: str, total: float) -> None:
            self.phases.append((name, total))
            self.done_in[name] = 0.0

        def advance(self, amount: float) -> None:
            assert not self.finished
            self.done_in[self.phases[-1][0]] += amount

        def done(self) -> None:
            self.finished = True

    practice = load_practice(shipped_practices_dir() / "affectionate-breathing.md")
    progress = Recorded()
    result = render(RenderRequest(practice, PlayChoices(), output=tmp_path), session_clips, progress)
    assert [name for name, _ in progress.phases] == ["preparing speech", "mixing"]
    assert progress.done_in["preparing speech"] == len(practice.unique_sentences())
    assert progress.done_in["mixing"] == result.timeline.length  # not a sentence more: each in its own phase
    assert progress.finished


def test_an_output_file_that_cannot_be_written_is_refused_before_any_speech_is_made(
        paths: AppPaths, write_practice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A natural voice takes a while: a file name that cannot be used is said at once, not after."""
    from kindaudio.common.errors import UserInputError

    practice = load_practice(write_practice("Hello there.\n\n[pause 2s..2m]\n"))
    with ClipProvider(paths) as clips:
        with pytest.raises(UserInputError, match=r"x: the file name should end in \.wav for WAV audio"):
            render(RenderRequest(practice, PlayChoices(), output=tmp_path / "x"), clips)
        with pytest.raises(UserInputError, match="no/such: no such folder"):
            render(RenderRequest(practice, PlayChoices(), output=tmp_path / "no" / "such" / "out.wav"), clips)
        assert clips.started_pools() == {} and clips.stats.synthesized == 0
