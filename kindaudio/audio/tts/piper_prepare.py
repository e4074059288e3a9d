"""Preparing a Piper voice once per machine, in the background, and finding it prepared.

What is made (piper_layout.py says why): the model cut at its decoder, the
decoder's convolutions made 2-D, and the text part already optimised by
onnxruntime (its extended, hardware-independent optimisations), so a worker
loads it in 0.2 s instead of 0.4-0.6 s, all of which is spent while nothing
else can happen before the first sentence. Those optimisations belong to the
onnxruntime version that made them: the record names it, and another version
finds nothing and prepares the voice again.

Before anything is written, the cut voice is held to the whole one: both
speak the same made-up phonemes without noise, decoded in many small windows,
and must give the same samples within float rounding. A voice that cannot be
cut, or does not pass, is left as it is (a record says so, so it is not tried
again on every run).

Rewriting needs the `onnx` package, whose import alone takes 1.5 s, so it is
never done while someone waits: the first time a voice is used, a
low-priority process prepares it and that run speaks with the voice as it is.
The files are named by the source model's SHA-256; the record, written last,
holds their sums, which the worker checks against the bytes it loads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, NamedTuple

from kindaudio.audio.tts.launch import prepare_command
from kindaudio.audio.tts.piper_layout import Cut, NotLaidOut, cut_at_decoder
from kindaudio.audio.tts.versions import installed_version
from kindaudio.common.atomicfile import write_bytes_atomic, write_text_atomic
from kindaudio.common.paths import ensure_dir

log = logging.getLogger(__name__)

LAYOUT = "cut-2d-2"  # what piper_layout makes; a new one gets new file names, so old files are simply not used
PREPARE_ENV = "KINDAUDIO_PREPARE_VOICES"  # "0": never start a preparation (the test suite's default)
FOLDER = "voices"  # in the cache folder
CHECK_WINDOW_FRAMES = 96  # the self-check decodes in windows this small, so many joins are checked
CHECK_TOLERANCE = 2e-4  # of full scale (about -74 dBFS): float rounding, nothing audible
_started: dict[str, subprocess.Popen[bytes] | None] = {}  # model sum -> its preparation (None: could not start)
_started_lock = threading.Lock()


class Prepared(NamedTuple):
    record: Path
    sha256: str  # of the record's bytes: the worker loads what the record it was given names


def record_path(cache: Path, model_sha256: str) -> Path:
    return cache / FOLDER / f"{model_sha256}-{LAYOUT}.json"


def _read_record(cache: Path, model_sha256: str) -> tuple[dict[str, Any], bytes] | None:
    path = record_path(cache, model_sha256)
    try:
        data = path.read_bytes()
        record = json.loads(data)
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("source_sha256") != model_sha256 or record.get("layout") != LAYOUT:
        return None
    return record, data


def find_prepared(cache: Path, model_sha256: str) -> Prepared | None:
    """The voice with this sum as prepared here for this onnxruntime, if it was (and could be)."""
    found = _read_record(cache, model_sha256)
    if found is None:
        return None
    record, data = found
    if record.get("onnxruntime") != installed_version("onnxruntime", "onnxruntime") or "refused" in record:
        return None
    parts = [record.get(part) for part in ("text", "decoder")]
    if not all(isinstance(part, dict) and (cache / FOLDER / str(part.get("file"))).is_file() for part in parts):
        return None
    return Prepared(record_path(cache, model_sha256), hashlib.sha256(data).hexdigest())


def needs_preparing(cache: Path, model_sha256: str) -> bool:
    """No record for this voice and onnxruntime, not even one saying it cannot be prepared."""
    found = _read_record(cache, model_sha256)
    return found is None or found[0].get("onnxruntime") != installed_version("onnxruntime", "onnxruntime")


def prepare(model: Path, model_sha256: str, cache: Path) -> Prepared | None:
    """Prepare the model (checked against its sum first) into the cache folder, the record written last.

    None when the voice cannot be prepared: the record then says why.
    """
    data = model.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != model_sha256:
        raise ValueError(f"{model} is not the file it was checked as (SHA-256 {actual}, expected {model_sha256})")
    import onnxruntime

    record: dict[str, Any] = {"source_sha256": model_sha256, "layout": LAYOUT, "onnxruntime": onnxruntime.__version__}
    try:
        cut = cut_at_decoder(data)
        cut = dataclasses.replace(cut, text=_optimised(cut.text))
        _check(data, cut)
    except NotLaidOut as exc:
        record["refused"] = str(exc)
    path = record_path(cache, model_sha256)
    ensure_dir(path.parent)
    if "refused" not in record:
        for part, content in (("text", cut.text), ("decoder", cut.decoder)):
            name = f"{model_sha256}-{LAYOUT}-{part}.onnx"
            write_bytes_atomic(path.parent / name, content)
            record[part] = {"file": name, "sha256": hashlib.sha256(content).hexdigest()}
        record.update(latent=cut.latent, hop=cut.hop, context=cut.context)
    write_text_atomic(path, json.dumps(record, indent=1) + "\n")
    return find_prepared(cache, model_sha256)


def _optimised(model: bytes) -> bytes:
    """The model as onnxruntime's extended optimisations leave it (the same on every machine, for this version)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.log_severity_level = 3
    with tempfile.TemporaryDirectory(prefix="kindaudio-voice-") as folder:
        options.optimized_model_filepath = str(Path(folder) / "text.onnx")
        ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
        return (Path(folder) / "text.onnx").read_bytes()


def _check(whole_model: bytes, cut: Cut) -> None:
    """Hold the cut voice to the whole one on made-up phonemes, without noise (raises NotLaidOut if it differs)."""
    import numpy as np
    import onnxruntime as ort

    from kindaudio.audio.tts.piper_windows import WindowedSession

    def session(model: bytes) -> Any:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.log_severity_level = 3
        return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])

    phonemes = (np.arange(120, dtype=np.int64) % 30 + 10)[None, :]
    feed = {"input": phonemes, "input_lengths": np.array([phonemes.shape[1]], dtype=np.int64),
            "scales": np.array([0.0, 1.0, 0.0], dtype=np.float32)}
    try:
        whole = np.asarray(session(whole_model).run(None, feed)[0])
        windowed = WindowedSession(session(cut.text), session(cut.decoder), cut.latent, cut.hop, cut.context,
                                   window=CHECK_WINDOW_FRAMES).run(None, feed)[0]
    except Exception as exc:  # onnxruntime's own errors, for a model it cannot run this way
        raise NotLaidOut(f"the cut voice could not speak ({type(exc).__name__}: {exc})") from exc
    if whole.shape != windowed.shape:
        raise NotLaidOut(f"the cut voice gave {windowed.shape} samples for {whole.shape}")
    differs = float(np.max(np.abs(whole - windowed), initial=0.0))
    if differs > CHECK_TOLERANCE:
        raise NotLaidOut(f"the cut voice differs from the whole by {differs:.2g} of full scale")


def prepare_in_background(model: Path, model_sha256: str, cache: Path) -> subprocess.Popen[bytes] | None:
    """Start preparing the model in a low-priority process, once per model in this process (None: not started).

    It outlives this process if need be (its own session): the files are
    written whole or not at all, and the next run finds them.
    """
    if os.environ.get(PREPARE_ENV, "1") == "0" or not needs_preparing(cache, model_sha256):
        return None
    with _started_lock:
        if model_sha256 in _started:
            return None
        try:
            process = subprocess.Popen(prepare_command([str(model), model_sha256, str(cache)]),
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            log.warning("could not start preparing the voice for quicker speech (%s)", exc)
            process = None
        _started[model_sha256] = process
    if process is not None:
        log.info("preparing voice %s… for quicker speech, in the background", model_sha256[:12])
    return process


def preparation(model_sha256: str) -> subprocess.Popen[bytes] | None:
    """The background preparation this process started for the model, if any."""
    with _started_lock:
        return _started.get(model_sha256)


def main(argv: list[str]) -> int:
    if hasattr(os, "nice"):
        os.nice(19)  # only the cores' spare time: a practice may be playing
    model, model_sha256, cache = Path(argv[0]), argv[1], Path(argv[2])
    if needs_preparing(cache, model_sha256):
        prepare(model, model_sha256, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
