"""The loudness filters come out exactly as pyloudnorm and scipy.signal make them,
without importing either: scipy.signal's import alone was over a second of every
cold start, for one filter and one filter design."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from kindaudio.audio.clips import loudness
from kindaudio.audio.clips.levelling import prepare_speech, to_mix_format
from kindaudio.audio.format import MIX_RATE


def _pyloudnorm_k_weighting(rate: int) -> np.ndarray:
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)  # the filters the reference measurement uses
    rows = []
    for name in ("high_shelf", "high_pass"):
        stage = meter._filters[name]
        b, a = np.asarray(stage.b, dtype=float), np.asarray(stage.a, dtype=float)
        rows.append(np.concatenate([b / a[0], a / a[0]]))
    return np.vstack(rows)


def test_the_k_weighting_at_the_mix_rate_is_pyloudnorms_design() -> None:
    ours = loudness._k_weighting_sos(MIX_RATE)
    assert ours.shape == (2, 6)
    np.testing.assert_allclose(ours, _pyloudnorm_k_weighting(MIX_RATE), rtol=0, atol=1e-12)


def test_other_rates_are_still_designed_by_pyloudnorm() -> None:
    np.testing.assert_allclose(loudness._k_weighting_sos(48_000), _pyloudnorm_k_weighting(48_000), rtol=0, atol=1e-12)


@pytest.mark.parametrize(("count", "cutoff"), [(49, 0.25), (49, 0.5), (31, 0.1), (101, 0.3)])
def test_the_interpolator_taps_are_firwins(count: int, cutoff: float) -> None:
    from scipy.signal import firwin

    np.testing.assert_allclose(loudness.lowpass_taps(count, cutoff), firwin(count, cutoff), rtol=0, atol=1e-12)


def test_the_true_peak_phases_are_those_of_firwin() -> None:
    from scipy.signal import firwin

    taps = firwin(49, 1 / loudness.OVERSAMPLING) * loudness.OVERSAMPLING
    expected = np.zeros((loudness.OVERSAMPLING, 13))
    for phase in range(loudness.OVERSAMPLING):
        for offset in range(-6, 7):
            index = loudness.OVERSAMPLING * offset + phase + 24
            if index < len(taps):
                expected[phase, offset + 6] = taps[index]
    assert np.array_equal(loudness._phases(), expected[:, ::-1].T.astype(np.float32))


def _signals(speech: tuple[np.ndarray, int]) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    voice = to_mix_format(*speech)
    return [voice, voice.astype(np.float64), rng.standard_normal(50_000).astype(np.float32),
            rng.standard_normal(50_000), rng.uniform(-1, 1, 3), np.zeros(441, dtype=np.float32),
            (rng.standard_normal(10_000) * 8000).astype(np.int16)]


def test_the_fast_filter_is_loaded() -> None:
    """If this fails, scipy changed its layout: sosfilt still works, through
    scipy.signal, but a cold start is a second slower again."""
    assert loudness._sosfilt_kernel() is not None


def test_the_k_weighting_filter_is_scipys_sample_for_sample(speech: tuple[np.ndarray, int]) -> None:
    from scipy.signal import butter, sosfilt

    designs = [loudness._k_weighting_sos(MIX_RATE), loudness._k_weighting_sos(MIX_RATE).astype(np.float32),
               butter(6, 0.2, output="sos")]
    for sos in designs:
        for signal in _signals(speech):
            ours, theirs = loudness.sosfilt(sos, signal), sosfilt(sos, signal)
            assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
            assert np.array_equal(ours, theirs)


def test_the_weighted_squares_are_those_of_scipys_filter(speech: tuple[np.ndarray, int]) -> None:
    from scipy.signal import sosfilt

    samples = to_mix_format(*speech)
    expected = np.square(sosfilt(loudness._k_weighting_sos(MIX_RATE).astype(np.float32), samples))
    assert np.array_equal(loudness.k_weighted_squares(samples), expected)


def test_without_the_fast_filter_scipy_signal_does_the_same(speech: tuple[np.ndarray, int],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    fast = prepare_speech(*speech)
    sos = loudness._k_weighting_sos(MIX_RATE)
    signals = _signals(speech)
    fast_filtered = [loudness.sosfilt(sos, signal) for signal in signals]
    monkeypatch.setattr(loudness, "_sosfilt_kernel", lambda: None)
    slow = prepare_speech(*speech)
    assert np.array_equal(fast.samples, slow.samples)
    assert np.array_equal(fast.cell_energy, slow.cell_energy)
    assert np.array_equal(fast.cell_peak, slow.cell_peak)
    for signal, expected in zip(signals, fast_filtered, strict=True):
        assert np.array_equal(loudness.sosfilt(sos, signal), expected)


def test_unusual_input_goes_to_scipy_signal() -> None:
    from scipy.signal import sosfilt

    sos = loudness._k_weighting_sos(MIX_RATE)
    rows = np.random.default_rng(3).standard_normal((2, 1000))
    assert np.array_equal(loudness.sosfilt(sos, rows), sosfilt(sos, rows))
    with pytest.raises(ValueError):
        loudness.sosfilt(sos[:, :5], rows[0])


def test_a_kernel_that_filters_differently_is_not_used() -> None:
    kernel = loudness._sosfilt_kernel()
    assert kernel is not None and loudness._kernel_filters_right(kernel)

    def nothing(sos: np.ndarray, x: np.ndarray, zi: np.ndarray) -> None:
        pass

    def poles_first(sos: np.ndarray, x: np.ndarray, zi: np.ndarray) -> None:
        kernel(np.ascontiguousarray(sos[:, [3, 4, 5, 0, 1, 2]]), x, zi)

    def refuses(sos: np.ndarray, x: np.ndarray, zi: np.ndarray) -> None:
        raise TypeError("a different signature")

    assert not loudness._kernel_filters_right(nothing)
    assert not loudness._kernel_filters_right(poles_first)
    assert not loudness._kernel_filters_right(refuses)


def test_levelling_loads_only_what_it_needs() -> None:
    """A fresh process levels speech (limited too), the bell and the ambience without
    scipy.signal, pyloudnorm or numpy.ma, and scipy.signal imported afterwards still works and agrees."""
    program = (
        "import sys, numpy as np\n"
        "from kindaudio.audio.format import MIX_RATE, to_int16\n"
        "from kindaudio.audio.clips.levelling import prepare_speech, warm_up\n"
        "from kindaudio.audio.clips.loudness import k_weighted_squares, _k_weighting_sos, cell_true_peaks\n"
        "from kindaudio.audio.clips.limiter import limit_true_peak\n"
        "from kindaudio.audio.sounds.bell import bell_audio\n"
        "from kindaudio.audio.sounds.ambience import ambience_audio\n"
        "warm_up()\n"
        "rng = np.random.default_rng(5)\n"
        "tone = 0.9 * np.sin(2 * np.pi * 310 * np.arange(MIX_RATE) / MIX_RATE) * rng.uniform(0.5, 1, MIX_RATE)\n"
        "clip = prepare_speech(to_int16(tone), MIX_RATE)\n"
        "spiky = 0.05 * tone\n"
        "spiky[::2000] = 0.9\n"  # peaks far above its loudness: the limiter acts
        "assert limit_true_peak(spiky * 4, cell_true_peaks(spiky * 4, near=0.8), 0.8) is not None\n"
        "prepare_speech(to_int16(spiky), MIX_RATE)\n"
        "bell_audio(2)\n"
        "ambience_audio()\n"
        "print(sorted(m for m in ('scipy.signal', 'scipy.stats', 'pyloudnorm', 'numpy.ma') if m in sys.modules))\n"
        "noise = rng.standard_normal(20_000).astype(np.float32)\n"
        "ours = k_weighted_squares(noise)\n"
        "import scipy.signal\n"
        "theirs = np.square(scipy.signal.sosfilt(_k_weighting_sos(MIX_RATE).astype(np.float32), noise))\n"
        "print(np.array_equal(ours, theirs), len(scipy.signal.resample_poly(noise, 2, 1)))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "True 40000"]


def test_scipy_signal_imported_first_is_used_as_it_is() -> None:
    program = (
        "import numpy as np, scipy.signal\n"
        "from kindaudio.audio.clips.loudness import _sosfilt_kernel, sosfilt\n"
        "from scipy.signal import _sosfilt\n"
        "print(_sosfilt_kernel() is _sosfilt._sosfilt)\n"
        "x = np.random.default_rng(1).standard_normal(5000)\n"
        "sos = scipy.signal.butter(4, 0.1, output='sos')\n"
        "print(np.array_equal(sosfilt(sos, x), scipy.signal.sosfilt(sos, x)))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
