"""Speaking rate as heard: words per minute of speech, turned into each engine's own setting.

A practice's `pace.rate`, `--rate` and the rate in Settings all mean words a
minute as a listener hears them: the words of the captions divided by how long
the voice takes to say them (each sentence from its first sound to its last,
its own commas included, the gaps between sentences not). Engines take
something else. eSpeak NG's "words per minute" runs about a fifth faster than
asked; Piper takes a length scale that stretches each sound, which does not
stretch a sentence's every part alike. Both are calibrated here against the
shipped practices (tests/audio/tts/test_rate.py measures the heard rate from real
captions at two rates, for both engines, and holds it within 10 %).

No imports beyond the standard library: the parent process works these out
for every sentence's cache key.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

# eSpeak NG 1.51, voice gmw/en-us, speaking the three shipped practices (769 +
# 540 + 552 words): (the rate eSpeak is given, the rate heard). British English
# (gmw/en-gb-x-rp) is heard 2 % faster. eSpeak speaks no slower than at 85
# (at 80 it is heard at 103.2 as well).
ESPEAK_HEARD = ((85, 103.9), (90, 109.8), (95, 116.2), (100, 121.9), (105, 127.9), (112, 136.7), (120, 146.0),
                (130, 158.8), (150, 181.9), (180, 218.0), (220, 264.2), (260, 306.1))
ESPEAK_MIN, ESPEAK_MAX = 80, 450

LENGTH_SCALE_MIN, LENGTH_SCALE_MAX = 0.5, 4.0


class PiperPace(NamedTuple):
    """How long one of a Piper voice's words takes: `fixed + stretched * length_scale` seconds.

    Measured per voice: the pinned voice's figures are in piper_voices.py; a
    voice added from a file is measured when it is added.
    """

    fixed: float
    stretched: float


def espeak_rate(heard: float) -> int:
    """The rate to give eSpeak NG for speech heard at `heard` words a minute."""
    heard_at = [pair[1] for pair in ESPEAK_HEARD]
    # Between two measured rates, or beyond the ends along the nearest segment.
    index = min(max(bisect.bisect_left(heard_at, heard), 1), len(heard_at) - 1)
    (low_given, low_heard), (high_given, high_heard) = ESPEAK_HEARD[index - 1], ESPEAK_HEARD[index]
    rate = low_given + (heard - low_heard) * (high_given - low_given) / (high_heard - low_heard)
    return int(round(min(max(rate, ESPEAK_MIN), ESPEAK_MAX)))


def piper_length_scale(heard: float, pace: PiperPace) -> float:
    """Piper's length scale for speech heard at `heard` words a minute (to 3 decimals, as cache keys keep it)."""
    scale = (60.0 / heard - pace.fixed) / pace.stretched
    return round(min(max(scale, LENGTH_SCALE_MIN), LENGTH_SCALE_MAX), 3)


def fit_piper_pace(words: int, seconds: tuple[tuple[float, float], ...]) -> PiperPace:
    """The pace from speech measured at two or more length scales: (length scale, seconds of speech) pairs."""
    if words <= 0 or len(seconds) < 2:
        raise ValueError("a pace needs words and at least two length scales")
    count = len(seconds)
    mean_scale = sum(scale for scale, _ in seconds) / count
    mean_seconds = sum(spoken for _, spoken in seconds) / count
    spread = sum((scale - mean_scale) ** 2 for scale, _ in seconds)
    slope = sum((scale - mean_scale) * (spoken - mean_seconds) for scale, spoken in seconds) / spread
    if slope <= 0:
        raise ValueError("speech did not get longer with a larger length scale")
    return PiperPace(fixed=(mean_seconds - slope * mean_scale) / words, stretched=slope / words)
