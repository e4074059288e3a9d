"""The one audio format inside KindAudio.

22 050 Hz mono is eSpeak NG's native output, so synthesised speech needs no
resampling, and it carries speech (and the bell) well; it halves the work and
the file sizes of 44.1 kHz. Clips are stored as 16-bit; mixing is float32.
"""

from __future__ import annotations

import numpy as np

MIX_RATE = 22_050
SAMPLE_DTYPE = np.int16
INT16_SCALE = 32768.0

# Loudness is tracked per cell of 441 samples (20 ms): five cells make the
# 100 ms step and twenty the 400 ms block of ITU-R BS.1770 gating.
CELL = 441
CELLS_PER_STEP = 5
CELLS_PER_BLOCK = 20


def to_int16(samples: np.ndarray) -> np.ndarray:
    """float samples as int16, rounded and clipped (never wrapping around)."""
    scaled = np.multiply(samples, INT16_SCALE, dtype=np.float32 if samples.dtype == np.float32 else np.float64)
    np.rint(scaled, out=scaled)
    np.clip(scaled, -INT16_SCALE, INT16_SCALE - 1, out=scaled)
    return scaled.astype(SAMPLE_DTYPE)
