"""A Piper voice cut in two at its decoder, the decoder laid out for onnxruntime's fast convolutions.

Piper's models are VITS networks: a text part (encoder, duration predictor,
flow) turns phonemes into a latent sequence at 86 frames a second, and a
HiFi-GAN decoder turns that into samples, 256 for each frame. Nearly all the
time and nearly all the working memory of a sentence are the decoder's.

Two changes to the decoder, neither to what it computes:

- Its 1-D convolutions become 2-D ones over a height of one (Unsqueeze ->
  Conv -> Squeeze, the weights' bytes unchanged, only their shape gains the
  1): onnxruntime's blocked (NCHWc) kernels, much quicker on AVX2 machines,
  serve only 2-D convolutions. Measured on this 2-core machine, one thread,
  30 of the body scan's sentences: 0.90-0.91 of the CPU time.
- It runs as a model of its own (cut_at_decoder), so the worker can decode a
  sentence's frames in windows (piper_windows.py). The decoder is a stack of
  convolutions: each sample depends only on the frames within its receptive
  field, so a window decoded with that many frames of context either side
  gives the same samples as the whole sentence decoded at once. Its working
  memory no longer grows with the sentence: a worker speaking two of the body
  scan's longest sentences at once peaked at 587 MB whole and at 400 MB in
  windows (400 frames), for the same CPU within the noise.

Rewriting needs the `onnx` package; piper_prepare.py does it once per voice,
in the background.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

DECODER = "/dec/"  # Piper's exported node names: the decoder


class NotLaidOut(ValueError):
    """The model is not laid out as this rewriting expects (it is then used as it is)."""


@dataclass(frozen=True)
class Cut:
    """A Piper model cut at its decoder: two models, serialised, and how to join them."""

    text: bytes  # phoneme ids, lengths and scales -> the latent frames
    decoder: bytes  # the latent frames -> the audio output, as the whole model gives it
    latent: str  # the name of the tensor between them
    hop: int  # samples for each latent frame
    context: int  # frames either side that reach a sample (the decoder's receptive field, rounded up)


def cut_at_decoder(data: bytes) -> Cut:
    """The model in two parts, the decoder's convolutions made 2-D. Raises NotLaidOut for other shapes.

    The decoder must take one tensor from the rest of the model (a voice with
    several speakers also gives it the speaker's embedding: not cut) and give
    the model's only output.
    """
    import onnx
    from onnx.utils import Extractor

    model = onnx.load_model_from_string(data)
    graph = model.graph
    weights = {tensor.name for tensor in graph.initializer}
    decoder = [node for node in graph.node if node.name.startswith(DECODER)]
    made = {name for node in decoder for name in node.output}
    entering = {name for node in decoder for name in node.input if name and name not in made and name not in weights}
    if not decoder or len(entering) != 1 or len(graph.output) != 1:
        raise NotLaidOut(f"the decoder takes {sorted(entering)} and the model gives {len(graph.output)} outputs")
    (latent,) = entering
    weights_by_name = {tensor.name: tensor for tensor in graph.initializer}
    hop, context = _reach(decoder, weights_by_name)
    inputs = [tensor.name for tensor in graph.input if tensor.name not in weights]
    extractor = Extractor(model)
    try:
        text = extractor.extract_model(inputs, [latent])
        rest = extractor.extract_model([latent], [graph.output[0].name])
    except Exception as exc:  # onnx reports a graph it cannot cut in its own ways
        raise NotLaidOut(f"the model cannot be cut at {latent} ({type(exc).__name__}: {exc})") from exc
    if any(not node.name.startswith(DECODER) and node.op_type in ("Conv", "ConvTranspose") for node in rest.graph.node):
        raise NotLaidOut("convolutions after the decoder")
    # Shape inference leaves the latent's shape open: (batch, the first convolution's channels, frames).
    first = next((node for node in decoder if latent in node.input and node.op_type == "Conv"), None)
    if first is None:
        raise NotLaidOut("the decoder does not begin with a convolution")
    shape = ["batch_size", weights_by_name[first.input[1]].dims[1], "frames"]
    for values in (text.graph.output, rest.graph.input):
        del values[:]
        values.append(onnx.helper.make_tensor_value_info(latent, onnx.TensorProto.FLOAT, shape))
    return Cut(text.SerializeToString(), rewrite_to_2d(rest.SerializeToString()), latent, hop, context)


def _reach(decoder: list[Any], weights: dict[str, Any]) -> tuple[int, int]:
    """The decoder's samples per frame, and how many frames either side reach one sample.

    Follows every path through the decoder (its nodes come in order): each
    convolution widens the reach by half its span, counted in frames at the
    resolution it runs at; where paths join, the widest counts.
    """
    from onnx import helper

    scale: dict[str, int] = {}  # tensor -> samples per frame at its resolution
    reach: dict[str, float] = {}  # tensor -> frames either side that reach one of its values
    for node in decoder:
        known = [name for name in node.input if name in scale]
        at = max((scale[name] for name in known), default=1)
        widest = max((reach[name] for name in known), default=0.0)
        attributes = {attribute.name: helper.get_attribute_value(attribute) for attribute in node.attribute}
        if node.op_type in ("Conv", "ConvTranspose"):
            kernel = attributes.get("kernel_shape") or list(weights[node.input[1]].dims[2:])
            dilation = (attributes.get("dilations") or [1])[-1]
            stride = (attributes.get("strides") or [1])[-1]
            span = (kernel[-1] - 1) * dilation / 2
            if node.op_type == "ConvTranspose":
                widest += span / (at * stride) + 1  # an output sample sees inputs up to span/stride away
                at *= stride
            else:
                if stride != 1:
                    raise NotLaidOut(f"{node.name} is a strided convolution")
                widest += span / at
        for name in node.output:
            scale[name], reach[name] = at, widest
    last = decoder[-1].output[0]
    return scale[last], math.ceil(reach[last]) + 1


def rewrite_to_2d(data: bytes) -> bytes:
    """The model with the decoder's 1-D Conv and ConvTranspose computed as 2-D ones over a height of one."""
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
