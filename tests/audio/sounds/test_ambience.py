"""The soft ambience is a quiet, warm, breathing bed that loops without a seam."""

from __future__ import annotations

import numpy as np
import pytest

from kindaudio.audio.clips.levelling import SPEECH_LOUDNESS_LUFS
from kindaudio.audio.clips.loudness import gated_loudness
from kindaudio.audio.format import CELL, MIX_RATE
from kindaudio.audio.sounds.ambience import (
    AMBIENCE_CEILING_DBTP,
    AMBIENCE_LOOP_SECONDS,
    AMBIENCE_LUFS,
    ambience_audio,
)
from tests.audio.conftest import reference_loudness, true_peak_db


def _loop() -> np.ndarray:
    return ambience_audio().samples.astype(np.float64) / 32768


def _cell_levels_db(samples: np.ndarray) -> np.ndarray:
    cells = len(samples) // CELL
    energy = np.square(samples[: cells * CELL]).reshape(cells, CELL).mean(axis=1)
    return np.asarray(10 * np.log10(energy + 1e-30))


def test_one_loop_lasts_its_stated_length() -> None:
    assert len(ambience_audio().samples) == AMBIENCE_LOOP_SECONDS * MIX_RATE


def test_the_last_sample_flows_into_the_first_like_any_other_step() -> None:
    loop = _loop()
    steps = np.abs(np.diff(loop))
    assert abs(loop[0] - loop[-1]) <= np.percentile(steps, 99)


def test_two_loops_joined_sound_the_same_across_the_join_as_anywhere_else() -> None:
    from scipy.signal import butter, sosfilt

    loop = _loop()
    twice = np.concatenate([loop, loop])
    join = len(loop) // CELL
    # A seam is a click, and a click is heard as a burst of high sound, where
    # the ambience itself has almost none: listen above 5 kHz.
    high = _cell_levels_db(sosfilt(butter(8, 5000, "highpass", fs=MIX_RATE, output="sos"), twice))
    assert high[join - 2: join + 2].max() <= high[5: join - 5].max()
    # And the level, cell by cell, moves across the join no more than elsewhere.
    level = _cell_levels_db(twice)
    assert np.abs(np.diff(level[join - 2: join + 2])).max() <= np.abs(np.diff(level[5: join - 5])).max()


def test_a_seam_would_be_heard() -> None:
    """The check above does catch a join that does not flow."""
    from scipy.signal import butter, sosfilt

    loop = _loop()
    seamed = np.concatenate([loop, np.roll(loop, 12_345)])
    join = len(loop) // CELL
    high = _cell_levels_db(sosfilt(butter(8, 5000, "highpass", fs=MIX_RATE, output="sos"), seamed))
    assert high[join - 2: join + 2].max() > high[5: join - 5].max() + 10


def test_it_sits_far_under_the_voice() -> None:
    assert reference_loudness(_loop()) == pytest.approx(AMBIENCE_LUFS, abs=0.5)
    assert gated_loudness(ambience_audio().cell_energy) == pytest.approx(AMBIENCE_LUFS, abs=0.1)
    assert AMBIENCE_LUFS <= SPEECH_LOUDNESS_LUFS - 20


def test_its_peaks_stay_under_the_ceiling_so_nothing_was_limited() -> None:
    assert true_peak_db(_loop()) < AMBIENCE_CEILING_DBTP


def test_it_is_the_same_sound_every_time() -> None:
    first = ambience_audio().samples.copy()
    ambience_audio.cache_clear()
    assert np.array_equal(ambience_audio().samples, first)


def test_it_is_warm_with_little_high_hiss() -> None:
    from scipy.signal import welch

    frequencies, power = welch(_loop(), MIX_RATE, nperseg=8192)
    high = power[frequencies > 4000].sum()
    middle = power[(frequencies >= 200) & (frequencies <= 1000)].sum()
    assert 10 * np.log10(high / middle) <= -30


def test_it_has_no_rumble_below_the_low_cut() -> None:
    from scipy.signal import welch

    frequencies, power = welch(_loop(), MIX_RATE, nperseg=65536)
    below = power[frequencies < 30].sum()
    low = power[(frequencies >= 60) & (frequencies <= 200)].sum()
    assert 10 * np.log10(below / low) <= -15


def test_it_has_no_offset() -> None:
    loop = ambience_audio().samples.astype(np.float64)
    assert abs(loop.mean()) < 0.01 * np.sqrt(np.mean(loop**2))


def test_it_swells_gently() -> None:
    loop = _loop()
    second = MIX_RATE
    windows = [loop[start: start + second] for start in range(0, len(loop) - second + 1, second // 4)]
    levels = [10 * np.log10(np.mean(window**2)) for window in windows]
    assert 2.0 <= max(levels) - min(levels) <= 8.0
