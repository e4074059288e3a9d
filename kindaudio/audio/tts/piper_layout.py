"""A Piper voice laid out for onnxruntime's fast convolutions, made once per voice and kept in the cache folder.

Piper's models are VITS networks whose time goes almost all into 1-D
convolutions (73 % of a sentence's, most of it in the decoder, which works
sample by sample). onnxruntime's blocked (NCHWc) convolution kernels, much
quicker on AVX2 machines, only serve 2-D convolutions. The same weights, read
as 2-D convolutions over a height of one, compute the same thing, so each of
the decoder's 1-D convolutions is rewritten as Unsqueeze -> 2-D Conv ->
Squeeze; the weights' bytes stay as they are, only their shape gains the 1.
Only the decoder's: onnxruntime keeps a blocked copy of each rewritten weight,
70 MB more for the whole model against 5 MB for the decoder, for the same
speed. Measured on this 2-core machine with 30 of the body scan's sentences,
one thread: 0.90-0.91 of the CPU time, and the sound is the same to within
1e-4 of full scale (float rounding; Piper's own noise makes every render
differ far more, so clips made either way are interchangeable and the layout
is not part of a sentence's cache key).

Rewriting needs the `onnx` package, whose import alone takes 1.5 s (its
ml_dtypes extension), so it is never done while someone waits: the first time
a voice is used, a low-priority process prepares it in the background and that
run speaks with the voice as it is; every later run loads the prepared file.
The prepared file is named by the source model's SHA-256 and carries its own
sum in a record beside it, which the worker checks against the bytes it loads.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, NamedTuple

from kindaudio.audio.tts.launch import prepare_command
from kindaudio.common.atomicfile import write_bytes_atomic, write_text_atomic
from kindaudio.common.paths import ensure_dir

log = logging.getLogger(__name__)

LAYOUT = "conv2d-dec-1"  # the rewrite below; a new one gets new file names, so old files are simply not used
PREPARE_ENV = "KINDAUDIO_PREPARE_VOICES"  # "0": never start a preparation (the test suite's default)
FOLDER = "voices"  # in the cache folder
DECODER = "/dec/"  # Piper's exported node names: the decoder, where nearly all the work is
_started: dict[str, subprocess.Popen[bytes] | None] = {}  # model sum -> its preparation (None: could not start)
_started_lock = threading.Lock()


class Prepared(NamedTuple):
    path: Path
    sha256: str


def prepared_path(cache: Path, model_sha256: str) -> Path:
    return cache / FOLDER / f"{model_sha256}-{LAYOUT}.onnx"


def find_prepared(cache: Path, model_sha256: str) -> Prepared | None:
    """The prepared form of the model with this sum, when one was made here; its own sum from its record."""
    path = prepared_path(cache, model_sha256)
    try:
        record = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("source_sha256") != model_sha256 or not path.is_file():
        return None
    digest = record.get("sha256")
    return Prepared(path, digest) if isinstance(digest, str) else None


def rewrite_to_2d(data: bytes) -> bytes:
    """The model with every 1-D Conv and ConvTranspose computed as a 2-D one over a height of one."""
    import onnx
    from onnx import helper

    model = onnx.load_model_from_string(data)
    graph = model.graph
    weights = {tensor.name: tensor for tensor in graph.initializer}
    users: dict[str, set[str]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, set()).add(node.op_type)
    axes = "kindaudio_height_axis"
    graph.initializer.append(helper.make_tensor(axes, onnx.TensorProto.INT64, [1], [2]))
    nodes: list[Any] = []
    widened: set[str] = set()  # several convolutions may share a weight: it gains its height once
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type in ("Conv", "ConvTranspose") else None
        if (weight is None or not node.name.startswith(DECODER)
                or (len(weight.dims) != 3 and weight.name not in widened)
                or users[weight.name] - {"Conv", "ConvTranspose"}):
            nodes.append(node)
            continue
        if weight.name not in widened:
            weight.dims.insert(2, 1)
            widened.add(weight.name)
        wide_in, wide_out = f"{node.output[0]}_2d_in", f"{node.output[0]}_2d_out"
        nodes.append(helper.make_node("Unsqueeze", [node.input[0], axes], [wide_in]))
        nodes.append(helper.make_node(node.op_type, [wide_in, *node.input[1:]], [wide_out], name=node.name,
                                      **_attributes_2d(node)))
        nodes.append(helper.make_node("Squeeze", [wide_out, axes], list(node.output)))
    del graph.node[:]
    graph.node.extend(nodes)
    return bytes(model.SerializeToString())


def _attributes_2d(node: Any) -> dict[str, Any]:
    from onnx import helper

    attributes: dict[str, Any] = {}
    for attribute in node.attribute:
        value = helper.get_attribute_value(attribute)
        if attribute.name in ("dilations", "strides", "kernel_shape", "output_padding"):
            value = [1 if attribute.name != "output_padding" else 0, *value]
        elif attribute.name == "pads":
            value = [0, value[0], 0, value[1]]
        elif attribute.name == "output_shape":
            value = [1, *value]
        attributes[attribute.name] = value
    return attributes


def prepare(model: Path, model_sha256: str, cache: Path) -> Prepared:
    """Rewrite the model (checked against its sum first) into the cache folder, the record written last."""
    data = model.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != model_sha256:
        raise ValueError(f"{model} is not the file it was checked as (SHA-256 {actual}, expected {model_sha256})")
    prepared = rewrite_to_2d(data)
    path = prepared_path(cache, model_sha256)
    ensure_dir(path.parent)
    write_bytes_atomic(path, prepared)
    digest = hashlib.sha256(prepared).hexdigest()
    record = {"source_sha256": model_sha256, "sha256": digest, "layout": LAYOUT}
    write_text_atomic(path.with_suffix(".json"), json.dumps(record, indent=1) + "\n")
    return Prepared(path, digest)


def prepare_in_background(model: Path, model_sha256: str, cache: Path) -> subprocess.Popen[bytes] | None:
    """Start preparing the model in a low-priority process, once per model in this process (None: not started).

    It outlives this process if need be (its own session): the file is written
    whole or not at all, and the next run finds it.
    """
    if os.environ.get(PREPARE_ENV, "1") == "0":
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
    if find_prepared(cache, model_sha256) is None:
        prepare(model, model_sha256, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
