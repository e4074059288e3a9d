"""A prepared Piper voice as Piper sees a session: the text part, then the decoder window by window.

Piper's PiperVoice asks its session for one thing, `run(None, inputs)`, and
takes the first output as the audio. This does the same with the two models
piper_layout.cut_at_decoder made: the text part gives the latent frames, and
the decoder turns them into samples a window at a time, each window with
`context` frames either side, whose samples are dropped. So a sentence's
working memory is that of one window, whatever its length, and the samples
are those of the whole model (the decoder's receptive field is inside the
context; tests/audio/tts/test_piper_layout.py holds them to the whole model's).

A sentence longer than one window is cut into equal windows, not full ones
and a short rest: the cost of the context is then the same for each, and no
window is too short to be worth its context.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# Frames decoded at once (86 a second): measured with two of the body scan's longest sentences spoken at once
# in one worker, whole 587 MB at most, 768 frames 560 MB, 512 frames 442 MB, 400 frames 400 MB; CPU the same
# within the noise (+-2 %), the context being about 15 frames either side.
WINDOW_FRAMES = 512


class WindowedSession:
    """The two parts of a cut voice, run as one onnxruntime session would run the whole (thread-safe)."""

    def __init__(self, text: Any, decoder: Any, latent: str, hop: int, context: int,
                 window: int = WINDOW_FRAMES) -> None:
        self.text, self.decoder = text, decoder
        self.latent, self.hop, self.context, self.window = latent, hop, context, window

    def run(self, output_names: Any, feed: dict[str, Any]) -> list[np.ndarray]:
        (frames,) = self.text.run([self.latent], feed)
        return [self.decode(frames)]

    def decode(self, frames: np.ndarray) -> np.ndarray:
        """The decoder's output for `frames` (batch, channels, count), window by window, joined on the last axis."""
        count = frames.shape[-1]
        if count <= self.window:
            (audio,) = self.decoder.run(None, {self.latent: frames})
            return np.asarray(audio)
        size = -(-count // -(-count // self.window))
        parts = []
        for start in range(0, count, size):
            lo, hi = max(start - self.context, 0), min(start + size + self.context, count)
            (audio,) = self.decoder.run(None, {self.latent: frames[..., lo:hi]})
            keep = min(size, count - start)
            parts.append(audio[..., (start - lo) * self.hop: (start - lo + keep) * self.hop])
        return np.concatenate(parts, axis=-1)


def open_prepared(record_path: str, record_sha256: str,
                  session: Callable[[bytes, bool], Any]) -> WindowedSession | None:
    """The prepared voice the record names, when every file is what it says; else None (the voice as it is serves).

    `session(model, optimised)` makes an onnxruntime session; `optimised`: the
    model was optimised when it was prepared (the text part) and needs nothing more.
    """
    record_file = Path(record_path)
    try:
        data = record_file.read_bytes()
        if hashlib.sha256(data).hexdigest() != record_sha256:
            raise ValueError("the record changed since it was read")
        record = json.loads(data)
        parts = {}
        for part in ("text", "decoder"):
            model = (record_file.parent / Path(str(record[part]["file"])).name).read_bytes()  # beside the record
            if hashlib.sha256(model).hexdigest() != record[part]["sha256"]:
                raise ValueError(f"its {part} part differs from the record")
            parts[part] = model
        latent, hop, context = str(record["latent"]), int(record["hop"]), int(record["context"])
        return WindowedSession(session(parts["text"], True), session(parts["decoder"], False), latent, hop, context)
    except Exception as exc:  # noqa: BLE001 - unreadable, changed, or refused by onnxruntime: the voice as it is speaks
        log.warning("the prepared voice %s cannot be used (%s: %s); using the voice as it is", record_file.name,
                    type(exc).__name__, exc)
        return None
