"""ITU-R BS.1770 loudness and true peak, measured per 20 ms cell.

pyloudnorm measures a whole signal held in memory; a 45-minute practice is too
big for that, and the player must know levels before the practice is even fully
synthesised. So each clip is measured once, when it is prepared: its K-weighted
energy and its true peak per cell are stored with it. The loudness of a whole
programme is then the BS.1770 gating applied to the clips' cells placed at their
start times, which costs microseconds instead of a pass over the audio. The
filters come from pyloudnorm, and tests hold these figures against pyloudnorm's
own measurement of rendered files.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from kindaudio.audio.format import CELL, CELLS_PER_BLOCK, CELLS_PER_STEP, MIX_RATE

if TYPE_CHECKING:
    import numpy.typing as npt  # 1 ms of a cold start, for one annotation

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
OVERSAMPLING = 4
_OVERSHOOT_BOUND = 10 ** (3 / 20)

# BS.1770's K-weighting at MIX_RATE as second-order sections (b0 b1 b2 a0 a1 a2):
# pyloudnorm's two stages (a 4 dB high shelf at 1500 Hz, Q 1/sqrt(2), then a
# 38 Hz high pass, Q 0.5), normalised by a0. Written out because designing them
# means importing pyloudnorm and with it scipy.signal (over a second of a cold
# start); a test holds them to pyloudnorm's design.
_K_WEIGHTING_AT_MIX_RATE = (
    (1.4802124951095657, -2.1737231318788472, 0.8624871263635091, 1.0, -1.3403468087053119, 0.5093232982995392),
    (0.9892590370862477, -1.9785180741724955, 0.9892590370862477, 1.0, -1.9784600781432964, 0.9785760702016946),
)


@functools.cache
def _k_weighting_sos(rate: int) -> np.ndarray:
    if rate == MIX_RATE:
        return np.array(_K_WEIGHTING_AT_MIX_RATE)
    from pyloudnorm.iirfilter import IIRfilter

    # The two stages of BS.1770's K-weighting, as pyloudnorm defines them.
    stages = (IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, rate, "high_shelf"),
              IIRfilter(0.0, 0.5, 38.0, rate, "high_pass"))
    rows = []
    for stage in stages:
        b, a = np.asarray(stage.b, dtype=float), np.asarray(stage.a, dtype=float)
        rows.append(np.concatenate([b / a[0], a / a[0]]))
    return np.vstack(rows)


@functools.cache
def _k_weighting_sos32(rate: int) -> np.ndarray:
    return _k_weighting_sos(rate).astype(np.float32)


def k_weighted_squares(samples: np.ndarray, rate: int = MIX_RATE) -> np.ndarray:
    """The K-weighted signal squared, per sample (BS.1770's mean-square input)."""
    # float32 keeps the measurement within 0.01 dB of float64 at half the memory traffic.
    return np.square(sosfilt(_k_weighting_sos32(rate), np.asarray(samples, dtype=np.float32)))


_SosKernel = Callable[[np.ndarray, np.ndarray, np.ndarray], None]


def sosfilt(sos: np.ndarray, samples: np.ndarray) -> np.ndarray:
    """scipy.signal.sosfilt(sos, samples), the same to the last bit, without
    importing scipy.signal.

    Importing scipy.signal loads scipy.stats, its windows and the array-API
    machinery: about a second of every cold start, for one filter. The filter
    itself is scipy's compiled kernel, which is loaded on its own
    (_sosfilt_kernel); this does what scipy.signal.sosfilt does around it for
    a one-dimensional signal in zero initial state. Anything else, or a scipy
    whose kernel cannot be loaded that way, goes to scipy.signal.sosfilt.
    """
    kernel = _sosfilt_kernel()
    sos, x = np.asarray(sos), np.asarray(samples)
    dtype = np.result_type(sos, x)
    if (kernel is None or x.ndim != 1 or sos.ndim != 2 or sos.shape[1] != 6 or not np.all(sos[:, 3] == 1)
            or dtype.char not in "fdgFDG"):
        from scipy.signal import sosfilt as public

        return np.asarray(public(sos, x))
    # A copy, which the kernel filters in place (one signal per row), as sosfilt does.
    out = np.array(x.reshape(-1, x.shape[-1]), dtype, order="C")
    state = np.zeros((1, len(sos), 2), dtype=dtype)
    kernel(np.ascontiguousarray(sos, dtype=dtype), out, state)
    return out.reshape(x.shape)


@functools.cache
def _sosfilt_kernel() -> _SosKernel | None:
    """scipy's compiled kernel behind scipy.signal.sosfilt, loaded from its file
    without running scipy.signal's package __init__; None if that cannot be
    done (another layout of scipy) or it does not filter as sosfilt does.

    The module is registered under its own name, as any import would, so a
    later `import scipy.signal` finds it there and uses the same one.
    """
    name = "scipy.signal._sosfilt"
    if "scipy.signal" in sys.modules or name in sys.modules:
        module = sys.modules.get(name)
        kernel = getattr(module, "_sosfilt", None)
        return kernel if kernel is not None and _kernel_filters_right(kernel) else None
    import importlib.machinery
    import importlib.util
    import os

    try:
        scipy = importlib.util.find_spec("scipy")  # a top-level name: nothing is imported
        if scipy is None or not scipy.submodule_search_locations:
            return None
        for folder in scipy.submodule_search_locations:
            finder = importlib.machinery.FileFinder(
                os.path.join(folder, "signal"),
                (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES))
            spec = finder.find_spec(name)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules.setdefault(name, module)
        try:
            spec.loader.exec_module(module)
        except BaseException:
            if sys.modules.get(name) is module:
                del sys.modules[name]
            raise
        kernel = module._sosfilt
    except Exception:  # noqa: BLE001 - any failure means: use scipy's public sosfilt instead
        return None
    return kernel if _kernel_filters_right(kernel) else None


def _kernel_filters_right(kernel: _SosKernel) -> bool:
    """Whether `kernel` filters a short test signal as a plain direct form II
    transposed filter does (it would not if scipy changed its signature)."""
    sos = np.array([[0.5, -0.25, 0.125, 1.0, -0.5, 0.25], [1.0, 0.3, -0.2, 1.0, 0.1, 0.05]])
    signal = np.array([1.0, -0.5, 0.25, 0.0, 2.0, 0.0, 0.0, -1.0])
    expected = signal.copy()
    for b0, b1, b2, _, a1, a2 in sos:
        z1 = z2 = 0.0
        for index, value in enumerate(expected):
            out = b0 * value + z1
            z1 = b1 * value - a1 * out + z2
            z2 = b2 * value - a2 * out
            expected[index] = out
    try:
        for dtype in (np.float32, np.float64):
            filtered = signal.astype(dtype)[None, :].copy()
            kernel(sos.astype(dtype), filtered, np.zeros((1, len(sos), 2), dtype=dtype))
            if not np.allclose(filtered[0], expected, rtol=1e-5, atol=1e-6):
                return False
    except Exception:  # noqa: BLE001 - a kernel that fails here is not used
        return False
    return True


def cell_sums(per_sample: np.ndarray) -> np.ndarray:
    """Sum over each cell (the last cell zero-padded), in float64."""
    whole = len(per_sample) // CELL
    sums = per_sample[: whole * CELL].reshape(whole, CELL).sum(axis=1, dtype=np.float64)
    if len(per_sample) > whole * CELL:
        sums = np.append(sums, per_sample[whole * CELL:].sum(dtype=np.float64))
    return sums


def cell_energy(samples: np.ndarray, rate: int = MIX_RATE) -> np.ndarray:
    """Sum of squared K-weighted samples per cell."""
    return cell_sums(k_weighted_squares(samples, rate))


@functools.cache
def _phases() -> np.ndarray:
    """The 4x interpolation filter split into its phases: shape (13, 4).

    49 taps (about 12 per phase, as BS.1770-4 Annex 2 describes for 4x); an odd
    length delays by whole samples, so the oversampled points include the
    original sample positions rather than falling half a step beside them.
    Phase p of output sample k is sum_i x[k - 6 + i] * phases[i, p].
    """
    taps = lowpass_taps(49, 1 / OVERSAMPLING) * OVERSAMPLING
    phases = np.zeros((OVERSAMPLING, 13))
    for phase in range(OVERSAMPLING):
        for offset in range(-6, 7):
            index = OVERSAMPLING * offset + phase + 24
            if 0 <= index < len(taps):
                phases[phase, offset + 6] = taps[index]
    return phases[:, ::-1].T.astype(np.float32).copy()


def lowpass_taps(count: int, cutoff: float) -> np.ndarray:
    """scipy.signal.firwin(count, cutoff): a windowed-sinc low pass (Hamming
    window, unit gain at 0 Hz, cutoff relative to Nyquist), the same to the
    last bit, computed as firwin computes it but without importing scipy.signal."""
    m = np.arange(count, dtype=np.float64) - 0.5 * (count - 1)
    # scipy's general_hamming(count, 0.54), which firwin uses: 0.54 + (1 - 0.54) cos(x), x over [-pi, pi].
    window = 0.54 + (1.0 - 0.54) * np.cos(np.linspace(-np.pi, np.pi, count))
    taps = cutoff * np.sinc(cutoff * m) * window
    return taps / taps.sum()


def pad_to_cells(samples: np.ndarray, context: int = 0, dtype: npt.DTypeLike = np.float64) -> np.ndarray:
    """The samples zero-padded to whole cells, with `context` zeros either side."""
    cells = -(-len(samples) // CELL)
    padded = np.zeros(context + cells * CELL + context, dtype=dtype)
    padded[context: context + len(samples)] = samples
    return padded


@functools.cache
def _pair_weights() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three in-between phases, folded by their symmetry: weights per pair of samples.

    The filter is symmetric, so phase 2 (halfway) weighs x[k - 6 + i] and
    x[k + 7 - i] alike, and phase 3 is phase 1 mirrored. With the sum S_i and
    the difference D_i of each such pair (i = 1..6), phase 2 is a weighted sum
    of the S_i, and phases 1 and 3 come from their own sum (weights on S_i) and
    difference (weights on D_i): max(|p1|, |p3|) = (|p1 + p3| + |p1 - p3|) / 2.
    A third fewer operations than applying each phase's taps in turn.
    Returns (halfway, outer sum, outer difference), each for i = 1..6.
    """
    phases = _phases()
    first, mirror = np.arange(1, 7), np.arange(12, 6, -1)
    halfway = phases[first, 2]
    outer_sum = phases[first, 1] + phases[mirror, 1]
    outer_difference = phases[first, 1] - phases[mirror, 1]
    return halfway, outer_sum, outer_difference


def oversampled_cell_peaks(samples: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """True peak (BS.1770 Annex 2, 4x oversampling) of each cell listed in `cells`.

    The polyphase filter is applied by shifting and adding in float32, folded
    by its symmetry (_pair_weights): for a few dozen cells this is several
    times faster than scipy's upfirdn, which matters because every sentence
    is measured.
    """
    halfway, outer_sum, outer_difference = _pair_weights()
    samples = np.asarray(samples, dtype=np.float32)
    # Each cell with the 6 samples either side that shape it. Only cells at the
    # clip's edges need zeros beyond it: the clip is copied and padded just then.
    span = cells[:, None] * CELL + np.arange(-6, CELL + 6)[None, :]
    if len(cells) and (cells.min() == 0 or (int(cells.max()) + 1) * CELL + 6 > len(samples)):
        windows = pad_to_cells(samples, context=6, dtype=np.float32)[span + 6]
    else:
        windows = samples[span]
    shape = (len(cells), CELL)
    half, plus, minus = np.zeros(shape, np.float32), np.zeros(shape, np.float32), np.zeros(shape, np.float32)
    pair, scratch = np.empty(shape, np.float32), np.empty(shape, np.float32)
    # Output k sits at column k + 6 of the window; pair i is x[k - 6 + i] and x[k + 7 - i].
    for index in range(6):
        near, far = windows[:, index + 1: index + 1 + CELL], windows[:, 12 - index: 12 - index + CELL]
        np.add(near, far, out=pair)
        half += np.multiply(pair, halfway[index], out=scratch)
        plus += np.multiply(pair, outer_sum[index], out=scratch)
        np.subtract(near, far, out=pair)
        minus += np.multiply(pair, outer_difference[index], out=scratch)
    # Phase 0 falls on the samples themselves (its taps are the unit impulse,
    # within 0.02 dB), and they are counted below: only the points between.
    outer = np.add(np.abs(plus, out=plus), np.abs(minus, out=minus), out=plus)
    interpolated = np.maximum(np.abs(half, out=half).max(axis=1), outer.max(axis=1) / 2)
    # The interpolator rolls off near Nyquist, so with content there it can
    # read below the samples themselves; a true peak never is.
    sampled = np.abs(windows[:, 6: 6 + CELL]).max(axis=1)
    return np.maximum(interpolated, sampled).astype(np.float64)


def cell_true_peaks(samples: np.ndarray, near: float) -> np.ndarray:
    """True peak per cell, exact wherever it could come near `near` (linear).

    Oversampling a whole clip costs more than synthesising it, and only cells
    whose peaks approach a limit matter. Other cells get the largest sample in
    and beside them raised by 3 dB: across all 40,898 cells of the shipped
    practices in eSpeak NG's voice, a cell's true peak was at most 1.8 dB above
    that. near=0 measures every cell.
    """
    samples = np.asarray(samples, dtype=np.float32)
    whole = len(samples) // CELL * CELL
    sample_peak = np.abs(samples[:whole]).reshape(-1, CELL).max(axis=1)
    if whole < len(samples):
        sample_peak = np.append(sample_peak, np.abs(samples[whole:]).max())
    # The waveform inside a cell is shaped by the samples around it too.
    nearby = sample_peak.copy()
    nearby[1:] = np.maximum(nearby[1:], sample_peak[:-1])
    nearby[:-1] = np.maximum(nearby[:-1], sample_peak[1:])
    bound = nearby * _OVERSHOOT_BOUND
    candidates = np.flatnonzero(bound >= near)
    if candidates.size:
        bound[candidates] = oversampled_cell_peaks(samples, candidates)
    return bound


def gated_loudness(cells: np.ndarray) -> float:
    """Integrated loudness (LUFS) of a signal described by its cell energies.

    400 ms blocks every 100 ms, absolute gate at -70 LUFS, relative gate 10 LU
    below the absolute-gated mean. A signal shorter than one block is measured
    as one block of its own length. Silence is -inf.
    """
    if len(cells) == 0:
        return float("-inf")
    block_samples = CELLS_PER_BLOCK * CELL
    if len(cells) < CELLS_PER_BLOCK:
        z = np.array([cells.sum() / (len(cells) * CELL)])
    else:
        totals = np.concatenate([[0.0], np.cumsum(cells)])
        starts = np.arange(0, len(cells) - CELLS_PER_BLOCK + 1, CELLS_PER_STEP)
        z = (totals[starts + CELLS_PER_BLOCK] - totals[starts]) / block_samples
    with np.errstate(divide="ignore"):
        block_loudness = -0.691 + 10 * np.log10(z)
    above_absolute = z[block_loudness >= ABSOLUTE_GATE_LUFS]
    if len(above_absolute) == 0:
        return float("-inf")
    relative_gate = -0.691 + 10 * np.log10(above_absolute.mean()) + RELATIVE_GATE_LU
    gated = z[(block_loudness >= ABSOLUTE_GATE_LUFS) & (block_loudness > relative_gate)]
    return float(-0.691 + 10 * np.log10(gated.mean()))


def max_momentary_loudness(cells: np.ndarray) -> float:
    """The loudest 400 ms block (BS.1770 momentary loudness), in LUFS."""
    if len(cells) == 0:
        return float("-inf")
    window = min(CELLS_PER_BLOCK, len(cells))
    totals = np.concatenate([[0.0], np.cumsum(cells)])
    z = (totals[window:] - totals[:-window]).max() / (window * CELL)
    return float(-0.691 + 10 * np.log10(z)) if z > 0 else float("-inf")


def db_to_gain(db: float) -> float:
    return float(10 ** (db / 20))


def gain_to_db(gain: float) -> float:
    return float(20 * np.log10(gain)) if gain > 0 else float("-inf")
