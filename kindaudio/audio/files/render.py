"""Rendering a practice to an audio file with captions: the whole pipeline.

Practice -> clips (recorded, cached or synthesised) -> Timeline at the chosen
length -> programme gain -> mixed blocks -> audio file with its tags and
chapters embedded, plus captions and chapters beside it.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from kindaudio.audio.choices import (
    PlayChoices,
    chosen_minutes,
    settle_recordings,
    speech_settings,
)
from kindaudio.audio.clips.clip import ClipInfo
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.files.captions import captions_vtt, chapters_vtt
from kindaudio.audio.files.export import (
    AudioFormat,
    EncodedTooLoud,
    block_size_for,
    check_format,
    mix_ceiling_dbtp,
    wants_pcm16,
    write_audio,
    write_wav,
)
from kindaudio.audio.files.tags import Chapter, Tags, timeline_chapters
from kindaudio.audio.mixing.mixer import Mixer, Sound, place_sounds
from kindaudio.audio.mixing.normalise import ProgrammeLevels, programme_levels
from kindaudio.audio.mixing.peaks import MEASURED_LIMIT_DBTP
from kindaudio.audio.mixing.timeline import Timeline, fit_timeline, length_range
from kindaudio.audio.sounds.ambience import ambience_clip
from kindaudio.audio.sounds.bell import no_bell
from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.errors import UserInputError
from kindaudio.common.output_target import check_folder_takes_files, check_output_target, disk_full_error
from kindaudio.common.paths import ensure_dir
from kindaudio.script.model import Practice, Sentence
from kindaudio.script.timing import LengthRange

log = logging.getLogger(__name__)

PRIVATE_RENDER = 0o600


class Progress:
    """Told how a render goes; the command line draws a bar from it."""

    def phase(self, name: str, total: float) -> None:
        """A new phase of `total` units begins."""

    def advance(self, amount: float) -> None:
        """`amount` more units are done."""

    def done(self) -> None:
        """The render is finished."""


@dataclass(frozen=True)
class RenderRequest:
    """A practice to write to a file: how it sounds (the same choices as playing it) and where it goes."""

    practice: Practice
    choices: PlayChoices = PlayChoices()
    format: AudioFormat = AudioFormat.WAV
    output: Path | None = None  # a file, or a folder for the default name
    quiet_cues: bool = True  # captions say [quiet] where the voice leaves a long silence (captions.py says why)
    # Replace files already at `output` (the command line asks for --force first; the window and packs render
    # into folders of their own, where a new render of the same practice takes the old one's place).
    replace: bool = True


@dataclass(frozen=True)
class RenderResult:
    audio: Path
    captions: Path
    chapters: Path
    timeline: Timeline
    levels: ProgrammeLevels
    reachable: LengthRange
    synthesized: int
    cached: int
    recorded: int
    voice: str = ""  # the voice's id ("recorded" for the recorded voice alone)

    @property
    def seconds(self) -> float:
        return self.timeline.seconds


def output_paths(request: RenderRequest, minutes: float, default_folder: Path) -> tuple[Path, Path, Path]:
    """Audio, captions and chapters files for a request."""
    name = f"{request.practice.id}-{minutes:g}min{request.format.extension}"
    target = request.output
    if target is None:
        audio = ensure_dir(default_folder) / name
    elif target.is_dir():
        audio = target / name
    else:
        check_output(request)
        audio = target
    files = audio, audio.with_suffix(".vtt"), audio.with_suffix(".chapters.vtt")
    if target is not None:
        for path in files:
            check_output_target(path, replace=request.replace, what="render")
    return files


def check_output(request: RenderRequest) -> None:
    """Refuse an output file that cannot be written, before any speech is made (a natural voice takes a while)."""
    target = request.output
    if target is None:
        return
    if target.is_dir():
        check_folder_takes_files(target)
        return
    if target.suffix.lower() != request.format.extension:
        raise UserInputError(f"{target}: the file name should end in {request.format.extension} "
                             f"for {request.format.value.upper()} audio")
    for path in (target, target.with_suffix(".vtt"), target.with_suffix(".chapters.vtt")):
        check_output_target(path, replace=request.replace, what="render")


def gather(futures: dict[str, Future[ClipInfo]]) -> dict[str, ClipInfo]:
    """Wait for every clip; the first failure is raised (the rest are cancelled)."""
    try:
        return {key: future.result() for key, future in futures.items()}
    except BaseException:
        for future in futures.values():
            future.cancel()
        raise


ENCODING_ATTEMPTS = 3


def _write_programme(fmt: AudioFormat, timeline: Timeline, sounds: list[Sound], bed: ClipInfo | None,
                     target: Path, tags: Tags, chapters: Sequence[Chapter], progress: Progress) -> ProgrammeLevels:
    """Mix and write the programme at -18 LUFS, its true peak at most -1 dBTP as the file decodes.

    A lossy file whose encoder lifted a peak over the limit is mixed again with
    the limiter that much lower (the loudness stays); the last attempt is kept
    whatever it measures, and said in the log.
    """
    ceiling = mix_ceiling_dbtp(fmt)
    most = MEASURED_LIMIT_DBTP
    for attempt in range(1, ENCODING_ATTEMPTS + 1):
        levels = programme_levels(sounds, timeline.length, bed=bed, ceiling_dbtp=ceiling)
        progress.phase("mixing", timeline.length)
        mixer = Mixer(timeline, sounds, levels.gain, bed=bed, bed_gain=levels.bed_gain, envelope=levels.envelope)
        if wants_pcm16(fmt):
            write_wav(mixer.pcm16_pieces(block_size_for(fmt)), mixer.length, target, tags,
                      on_progress=progress.advance, chapters=chapters)
            return levels
        try:
            measured = write_audio(mixer.blocks(block_size_for(fmt)), target, fmt, tags, on_block=progress.advance,
                                   chapters=chapters, most_dbtp=most, keep_if_over=attempt == ENCODING_ATTEMPTS)
        except EncodedTooLoud as over:
            log.info("encoded true peak %.2f dBTP (mixed to %.2f): mixing again", over.true_peak_dbtp, ceiling)
            ceiling -= over.true_peak_dbtp - most + 0.1
            continue
        assert measured is not None
        if measured > most:
            log.warning("the encoded true peak is %.2f dBTP, over %.2f dBTP", measured, most)
        # What the file holds: the encoder's peaks, the loudness the limiter's model gives (encoding keeps it).
        return dataclasses.replace(levels, output_true_peak_dbtp=measured)
    raise AssertionError("unreachable: the last attempt always returns")


def render(request: RenderRequest, clips: ClipProvider, progress: Progress | None = None,
           default_folder: Path | None = None) -> RenderResult:
    """Render a practice to a file. Raises UserInputError for lengths it cannot reach."""
    progress = progress or Progress()
    practice, choices = request.practice, request.choices
    minutes = chosen_minutes(practice, choices.minutes)
    check_format(request.format)
    check_output(request)
    choices = settle_recordings(clips, practice, choices)  # one test take does not take over
    clips.prepare_bells(practice)
    settings = speech_settings(clips, practice, choices)

    sentences = practice.unique_sentences()
    before = dataclasses.replace(clips.stats)
    progress.phase("preparing speech", len(sentences))
    # A future's done-callbacks may still be running when gather() returns: one
    # counted after the mixing began would move the bar back.
    counting = threading.Lock()
    speech_phase = [True]

    def sentence_ready(_sentence: Sentence, _clip: ClipInfo) -> None:
        with counting:
            if speech_phase[0]:
                progress.advance(1)

    futures = clips.prepare(practice, settings, use_recordings=bool(choices.use_recordings), on_ready=sentence_ready,
                            longest_first=True)
    speech = gather(futures)
    with counting:
        speech_phase[0] = False
    speech_samples = {key: info.n_samples for key, info in speech.items()}
    reachable = length_range(practice, speech_samples)
    if minutes is None:
        whole = reachable.whole_minutes()
        minutes = whole[0] if whole else math.ceil(reachable.shortest / 60)
    timeline = fit_timeline(practice, speech_samples, minutes * 60)

    sounds = place_sounds(timeline, speech, clips.bell if choices.bells else no_bell)
    bed = ambience_clip() if choices.ambience else None
    audio_path, captions_path, chapters_path = output_paths(
        request, minutes, default_folder or clips.paths.renders)
    tags = Tags(title=practice.title, comment=f"{minutes:g} minutes, "
                f"{'the recorded voice' if choices.recorded_only else 'voice ' + settings.voice}")
    chapters = timeline_chapters(timeline)
    try:
        levels = _write_files(request, timeline, sounds, bed, audio_path, tags, chapters, progress,
                              captions_path, chapters_path)
    except Exception as exc:  # an encoder's own error type too, when the disk filled under it
        full = disk_full_error(exc, audio_path.parent, f"the render {audio_path.name}")
        if full is None:
            raise
        raise full from exc
    progress.done()
    log.info("rendered %s (%.1f s) to %s: %.1f LUFS, %.1f dBTP", practice.id, timeline.seconds, audio_path,
             levels.output_loudness_lufs, levels.output_true_peak_dbtp)
    after = clips.stats
    return RenderResult(audio_path, captions_path, chapters_path, timeline, levels, reachable,
                        after.synthesized - before.synthesized, after.cached - before.cached,
                        after.recorded - before.recorded, settings.voice)


def _write_files(request: RenderRequest, timeline: Timeline, sounds: list[Sound], bed: ClipInfo | None,
                 audio_path: Path, tags: Tags, chapters: tuple[Chapter, ...], progress: Progress,
                 captions_path: Path, chapters_path: Path) -> ProgrammeLevels:
    levels = _write_programme(request.format, timeline, sounds, bed, audio_path, tags, chapters, progress)
    # Private like the journal: captions carry the words a therapist wrote in for this client (template
    # variables), and the audio speaks them. The person shares a render by copying it where they choose.
    os.chmod(audio_path, PRIVATE_RENDER)
    write_text_atomic(captions_path, captions_vtt(timeline, quiet_cues=request.quiet_cues), mode=PRIVATE_RENDER)
    write_text_atomic(chapters_path, chapters_vtt(timeline), mode=PRIVATE_RENDER)
    return levels
