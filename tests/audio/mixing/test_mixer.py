"""The mixer streams the timeline block by block and gets the same audio as mixing it whole."""

from __future__ import annotations

import numpy as np
import pytest

from kindaudio.audio.clips.clip import ClipInfo
from kindaudio.audio.format import MIX_RATE, to_int16
from kindaudio.audio.mixing.mixer import (
    EDGE_FADE_SECONDS,
    FADE_IN_SECONDS,
    FADE_OUT_SECONDS,
    Mixer,
    place_sounds,
)
from kindaudio.audio.mixing.timeline import ClipKind, Timeline
from kindaudio.audio.sounds.bell import bell_clip


def _edge_faded(samples: np.ndarray) -> np.ndarray:
    """A spoken clip as the mixer places it: a raised-cosine fade over its first and last few milliseconds."""
    count = int(EDGE_FADE_SECONDS * MIX_RATE)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(count) / count)
    faded = samples / 32768.0
    faded[:count] *= ramp
    faded[-count:] *= ramp[::-1]
    return faded


def _reference(timeline: Timeline, clips: dict[str, ClipInfo], gain: float) -> np.ndarray:
    """The whole programme mixed in one array, the simple way."""
    out = np.zeros(timeline.length + 40 * MIX_RATE)
    for clip in timeline.clips:
        if clip.kind is ClipKind.SPEECH and clip.sentence:
            samples = _edge_faded(clips[clip.sentence.id].samples)
            out[clip.start: clip.start + len(samples)] += samples
        elif clip.kind is ClipKind.BELL:
            info = bell_clip(clip.strikes)
            out[clip.start: clip.start + info.n_samples] += info.samples / 32768.0
    out = out[: timeline.length] * gain
    fade_in = int(FADE_IN_SECONDS * MIX_RATE)
    out[:fade_in] *= np.arange(fade_in) / fade_in
    fade_out = int(FADE_OUT_SECONDS * MIX_RATE)
    out[-fade_out:] *= (timeline.length - np.arange(timeline.length - fade_out, timeline.length)) / fade_out
    return out


@pytest.mark.parametrize("block_size", [1000, 4096, 1 << 16])
def test_streaming_blocks_add_up_to_the_whole_mix(mixed: tuple[Timeline, dict[str, ClipInfo]], block_size: int) -> None:
    timeline, clips = mixed
    mixer = Mixer(timeline, place_sounds(timeline, clips), gain=0.8)
    blocks = list(mixer.blocks(block_size))
    assert all(len(block) <= block_size for block in blocks)
    streamed = np.concatenate(blocks)
    assert len(streamed) == timeline.length
    assert np.allclose(streamed, _reference(timeline, clips, 0.8), atol=1e-5)


def test_mixing_can_start_anywhere(mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    timeline, clips = mixed
    mixer = Mixer(timeline, place_sounds(timeline, clips))
    whole = np.concatenate(list(mixer.blocks(4096)))
    start = timeline.length // 3 + 17
    assert np.array_equal(np.concatenate(list(mixer.blocks(4096, start=start))), whole[start:])


def test_the_bell_rings_on_under_the_silence_after_it(mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    timeline, clips = mixed
    whole = np.concatenate(list(Mixer(timeline, place_sounds(timeline, clips)).blocks(4096)))
    bell = next(clip for clip in timeline.clips if clip.kind is ClipKind.BELL)
    after = whole[bell.end: bell.end + MIX_RATE]  # the next clip's time (the first sentence)
    assert np.abs(after).max() > 0


def test_the_start_and_end_are_silent_with_soft_fades(mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    timeline, clips = mixed
    whole = np.concatenate(list(Mixer(timeline, place_sounds(timeline, clips)).blocks(4096)))
    assert whole[0] == 0 and abs(whole[-1]) < 1e-6
    tail = np.abs(whole[-int(FADE_OUT_SECONDS * MIX_RATE):])
    assert tail[-2205:].max() < tail[:2205].max()  # the last bell fades out


def test_16_bit_blocks_are_the_rounded_float_blocks(mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    timeline, clips = mixed
    mixer = Mixer(timeline, place_sounds(timeline, clips), gain=1.1)
    floats = np.concatenate(list(mixer.blocks(8192)))
    ints = np.concatenate(list(mixer.pcm16_blocks(8192)))
    assert ints.dtype == np.int16
    assert np.array_equal(ints, to_int16(floats))


def test_silence_costs_no_mixing(mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    timeline, clips = mixed
    blocks = list(Mixer(timeline, place_sounds(timeline, clips)).pcm16_blocks(256))
    shared = [block for block in blocks if not block.flags.writeable]
    assert shared and all(not block.any() for block in shared)


@pytest.mark.parametrize("most", [256, 8192, 1 << 16])
def test_16_bit_pieces_are_the_programme_where_it_sounds_and_silence_elsewhere(
        mixed: tuple[Timeline, dict[str, ClipInfo]], most: int) -> None:
    """A WAV is written from pieces: wherever no piece lies, every sample is zero."""
    timeline, clips = mixed
    mixer = Mixer(timeline, place_sounds(timeline, clips), gain=1.1)
    whole = np.concatenate(list(mixer.pcm16_blocks(4096)))
    from_pieces = np.zeros(mixer.length, dtype=np.int16)
    end_of_last = 0
    for start, samples in mixer.pcm16_pieces(most):
        assert start >= end_of_last and 0 < len(samples) <= most
        from_pieces[start: start + len(samples)] = samples
        end_of_last = start + len(samples)
    assert np.array_equal(from_pieces, whole)
    silent = mixer.length - sum(end - start for start, end in mixer.sounding())
    assert silent >= MIX_RATE  # the silence (here the second before the first bell) is never made


def test_with_the_ambience_under_it_all_the_whole_programme_sounds(
        mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    from kindaudio.audio.sounds.ambience import ambience_clip

    timeline, clips = mixed
    mixer = Mixer(timeline, place_sounds(timeline, clips), bed=ambience_clip())
    assert mixer.sounding() == [(0, mixer.length)]
    assert np.array_equal(np.concatenate([samples for _, samples in mixer.pcm16_pieces(5000)]),
                          np.concatenate(list(mixer.pcm16_blocks(4096))))


def test_every_spoken_clip_fades_in_and_out_over_a_few_milliseconds(
        mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    """Clips cut out of running speech start and stop loud; placed in the programme, each rises from and
    falls to silence within EDGE_FADE_SECONDS, and is untouched in between."""
    from kindaudio.audio.sounds.bell import no_bell

    timeline, clips = mixed
    whole = np.concatenate(list(Mixer(timeline, place_sounds(timeline, clips, no_bell)).blocks(4096)))
    edge = int(EDGE_FADE_SECONDS * MIX_RATE)
    raw_edges = []
    for clip in timeline.speech:
        samples = clips[clip.sentence.id].samples / 32768.0
        placed = whole[clip.start: clip.start + len(samples)]
        raw_edges += [abs(samples[0]), abs(samples[-1])]
        assert whole[clip.start - 1] == 0 and abs(placed[0]) < 1e-6 and abs(placed[-1]) < 1e-4
        assert np.all(np.abs(placed[:edge]) <= np.abs(samples[:edge]) + 1e-6)
        assert np.allclose(placed, _edge_faded(clips[clip.sentence.id].samples), atol=1e-6)
        assert np.array_equal(placed[edge:-edge], samples[edge:-edge].astype(np.float32))
    assert max(raw_edges) > 10 ** (-40 / 20)  # without the fades these edges would tick


def test_the_limiter_keeps_every_true_peak_under_the_ceiling_wherever_mixing_starts(
        mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    from kindaudio.audio.mixing.peaks import MIX_CEILING_DBTP
    from tests.audio.conftest import true_peak_db

    timeline, clips = mixed
    sounds = place_sounds(timeline, clips)
    loud = Mixer(timeline, sounds, gain=3.0)  # clips limited at -2 dBTP, lifted 9.5 dB
    assert len(loud.envelope.cells) > 0
    whole = np.concatenate(list(loud.blocks(4096)))
    unlimited = np.concatenate(list(Mixer(timeline, sounds, gain=3.0, ceiling_dbtp=20.0).blocks(4096)))
    assert true_peak_db(unlimited) > MIX_CEILING_DBTP + 6
    assert true_peak_db(whole) <= MIX_CEILING_DBTP + 0.05
    # Only around the peaks: most of the programme is exactly the unlimited mix.
    assert np.count_nonzero(whole != unlimited) < 0.5 * np.count_nonzero(unlimited)
    for start in (0, 12345, timeline.length // 2 + 7):
        assert np.array_equal(np.concatenate(list(loud.blocks(1000, start=start))), whole[start:])


def test_the_peak_bound_is_never_under_the_mixed_true_peak(mixed: tuple[Timeline, dict[str, ClipInfo]]) -> None:
    """Clips start between cell boundaries and a bell rings under the first sentence: the bound still holds."""
    from kindaudio.audio.clips.loudness import oversampled_cell_peaks
    from kindaudio.audio.format import CELL

    timeline, clips = mixed
    mixer = Mixer(timeline, place_sounds(timeline, clips), gain=0.5)
    assert any(clip.start % CELL for clip in timeline.clips)
    whole = np.concatenate(list(mixer.blocks(4096)))
    cells = np.arange(-(-len(whole) // CELL))
    measured = oversampled_cell_peaks(whole, cells)
    bound = mixer.peak_bound()[: len(cells)]
    assert np.all(measured <= bound + 1e-6)


@pytest.mark.parametrize("block_size", [1024, 5000])
def test_a_long_programme_ends_with_the_same_fades_whatever_blocks_mix_it(block_size: int) -> None:
    """Past 2**24 samples (12.7 minutes) a float32 position is no longer exact: the fades
    are reckoned from whole-number positions, so the end of a 20-minute practice with the
    ambience comes out the same in the player's blocks as in a file's, and falls smoothly
    to silence (it was once block by block, and upside down where a position came out
    past the end)."""
    from kindaudio.audio.mixing.mixer import BED_FADE_SECONDS
    from kindaudio.audio.sounds.ambience import ambience_clip

    length = 20 * 60 * MIX_RATE
    assert length > 2**24
    bed = ambience_clip()
    mixer = Mixer(Timeline("", "", (), (), length, 0.0), [], bed=bed)
    start = length - int((BED_FADE_SECONDS + 1) * MIX_RATE)
    whole = np.empty(length - start, dtype=np.float32)
    mixer.mix_into(whole, start)
    blocks = np.concatenate(list(mixer.blocks(block_size, start=start)))
    assert np.array_equal(blocks, whole)
    # The ambience alone, as the simple way says: its loop under a straight fade (the programme's own
    # over its last FADE_OUT_SECONDS), every position in whole numbers.
    position = np.arange(start, length)
    fade = int(BED_FADE_SECONDS * MIX_RATE)
    expected = bed.samples[position % bed.n_samples] / 32768.0 * np.minimum((length - position) / fade, 1.0)
    last = int(FADE_OUT_SECONDS * MIX_RATE)
    expected[-last:] *= (length - position[-last:]) / last
    assert np.allclose(whole, expected, atol=1e-6)
