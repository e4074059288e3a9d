"""A Piper voice is prepared once (cut at its decoder, decoded in windows, 2-D convolutions) and sounds the same.

The voice speaks in a speech worker where the app's session setup matters:
onnxruntime flushes denormal numbers to zero on the threads it runs on
(piper_engine.py), which must not change the floating point of the test
process itself. Sessions made here, in the test process, are made without it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import onnx
import pytest

from kindaudio.audio.tts import piper_prepare
from kindaudio.audio.tts.engine import PIPER, SpeechSettings
from kindaudio.audio.tts.engines import PIPER_FACTORY, PiperVoicesHere, cache_fields
from kindaudio.audio.tts.piper_engine import PiperJob
from kindaudio.audio.tts.piper_layout import DECODER, NotLaidOut, cut_at_decoder
from kindaudio.audio.tts.piper_prepare import (
    PREPARE_ENV,
    Prepared,
    find_prepared,
    needs_preparing,
    prepare,
    record_path,
)
from kindaudio.audio.tts.piper_voices import JOE, _pinned_files
from kindaudio.audio.tts.piper_windows import WINDOW_FRAMES, WindowedSession
from kindaudio.audio.tts.pool import SynthesisPool
from kindaudio.common.paths import AppPaths

# Long enough, spoken slowly, for more than one of the decoder's windows.
TEXT = "You might let your shoulders soften, just a little, and let the breath come and go as it likes."
SLOW = 2.5
DEADLINE_SECONDS = 180
WAIT = 120  # seconds a sentence may take at most; never reached when things work


@pytest.fixture(scope="module")
def joe_files() -> tuple[Path, Path]:
    found = _pinned_files(JOE)
    assert found is not None, "the voice extra is installed by make test"
    return found


@pytest.fixture(scope="module")
def pool() -> Iterator[SynthesisPool]:
    with SynthesisPool(PIPER_FACTORY, workers=1, threads=1) as workers:
        yield workers


@pytest.fixture(scope="module")
def prepared(joe_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    made = prepare(joe_files[0], JOE.model_sha256, tmp_path_factory.mktemp("cache"))
    assert made is not None
    return made


def job(files: tuple[Path, Path], **changes: object) -> PiperJob:
    made = PiperJob(str(files[0]), str(files[1]), JOE.model_sha256, JOE.config_sha256, SLOW, 0.0, 0.0)
    return made._replace(**changes)


def with_record(joe: tuple[Path, Path], found: Prepared) -> PiperJob:
    return job(joe, prepared=str(found.record), prepared_sha256=found.sha256)


def record_of(found: Prepared) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(found.record.read_text())
    return loaded


def session(model: bytes) -> object:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    return onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


def phonemes(count: int) -> dict[str, np.ndarray]:
    ids = (np.arange(count, dtype=np.int64) * 7 % 40 + 8)[None, :]
    return {"input": ids, "input_lengths": np.array([count], dtype=np.int64),
            "scales": np.array([0.0, 1.5, 0.0], dtype=np.float32)}


def test_the_model_is_cut_at_its_decoder_whose_convolutions_become_two_dimensional(
        joe_files: tuple[Path, Path]) -> None:
    cut = cut_at_decoder(joe_files[0].read_bytes())
    text, decoder = onnx.load_model_from_string(cut.text), onnx.load_model_from_string(cut.decoder)
    assert not any(node.name.startswith(DECODER) for node in text.graph.node)
    assert [output.name for output in text.graph.output] == [cut.latent]
    assert [tensor.name for tensor in decoder.graph.input] == [cut.latent]
    weights = {tensor.name: len(tensor.dims) for tensor in decoder.graph.initializer}
    convolutions = [node for node in decoder.graph.node if node.op_type in ("Conv", "ConvTranspose")]
    assert len(convolutions) > 20 and {weights[node.input[1]] for node in convolutions} == {4}
    assert cut.hop == 256  # the voice's 22050 samples a second from 86 frames
    assert 8 <= cut.context <= 40
    onnx.checker.check_model(decoder)


@pytest.mark.parametrize("window", [40, 96, 512])
def test_decoding_in_windows_gives_the_whole_models_samples(joe_files: tuple[Path, Path], window: int) -> None:
    data = joe_files[0].read_bytes()
    cut = cut_at_decoder(data)
    feed = phonemes(240)
    whole = np.asarray(session(data).run(None, feed)[0])  # type: ignore[attr-defined]
    windowed = WindowedSession(session(cut.text), session(cut.decoder), cut.latent, cut.hop, cut.context,
                               window=window).run(None, feed)[0]
    assert windowed.shape == whole.shape and whole.shape[-1] > 600 * cut.hop  # more than one window of 512
    assert np.abs(windowed - whole).max() <= 1e-4  # float rounding: about -80 dBFS


def test_too_little_context_is_caught_before_anything_is_written(joe_files: tuple[Path, Path]) -> None:
    data = joe_files[0].read_bytes()
    short = dataclasses.replace(cut_at_decoder(data), context=1)
    with pytest.raises(NotLaidOut, match="differs from the whole"):
        piper_prepare._check(data, short)


def test_the_prepared_voice_sounds_the_same_within_float_rounding(joe_files: tuple[Path, Path], pool: SynthesisPool,
                                                                   prepared: Prepared) -> None:
    assert pool.call("warm", job(joe_files)).result(WAIT) == "as it is"
    as_it_is = np.frombuffer(pool.submit(TEXT, job(joe_files)).result(WAIT).pcm, dtype="<i2").astype(float)
    laid_out = with_record(joe_files, prepared)
    assert pool.call("warm", laid_out).result(WAIT) == "prepared"
    quicker = np.frombuffer(pool.submit(TEXT, laid_out).result(WAIT).pcm, dtype="<i2").astype(float)
    assert len(as_it_is) == len(quicker) > WINDOW_FRAMES * 256  # decoded in more than one window
    assert np.abs(as_it_is - quicker).max() <= 8  # of 32767: about -72 dBFS, float rounding only
    # Not part of the cache key: clips made either way serve each other.
    assert cache_fields(PIPER, laid_out) == cache_fields(PIPER, job(joe_files))


@pytest.mark.parametrize("change", ["decoder part", "text part", "record", "missing part"])
def test_a_prepared_voice_that_changed_since_it_was_made_is_passed_over(
        joe_files: tuple[Path, Path], pool: SynthesisPool, prepared: Prepared, tmp_path: Path, change: str) -> None:
    copy = tmp_path / piper_prepare.FOLDER
    shutil.copytree(prepared.record.parent, copy)
    found = Prepared(copy / prepared.record.name, prepared.sha256)
    record = record_of(found)
    if change == "record":
        found.record.write_text(json.dumps({**record, "context": 1}))
    else:
        part = record["decoder" if change != "text part" else "text"]
        assert isinstance(part, dict)
        target = copy / part["file"]
        if change == "missing part":
            target.unlink()
        else:
            with target.open("r+b") as model:
                model.seek(-100, 2)
                model.write(b"\0" * 50)
    changed = with_record(joe_files, found)
    assert pool.call("warm", changed).result(WAIT) == "as it is"
    assert len(pool.submit("Still speaking.", changed).result(WAIT).pcm) > 22050


def test_preparing_checks_the_model_first_and_writes_nothing_for_another(joe_files: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not the file it was checked as"):
        prepare(joe_files[0], "0" * 64, tmp_path)
    assert not (tmp_path / piper_prepare.FOLDER).exists()
    assert find_prepared(tmp_path, "0" * 64) is None


def test_a_prepared_voice_is_found_by_its_record_for_this_onnxruntime(prepared: Prepared) -> None:
    import onnxruntime

    cache = prepared.record.parent.parent
    assert find_prepared(cache, JOE.model_sha256) == prepared
    assert hashlib.sha256(prepared.record.read_bytes()).hexdigest() == prepared.sha256
    record = record_of(prepared)
    assert record["source_sha256"] == JOE.model_sha256 and record["layout"] == piper_prepare.LAYOUT
    assert record["onnxruntime"] == onnxruntime.__version__
    assert not needs_preparing(cache, JOE.model_sha256)


@pytest.mark.parametrize("record", [{"source_sha256": "1" * 64}, {"onnxruntime": "0.1"}, {"layout": "older"}, None])
def test_a_record_for_another_model_onnxruntime_or_layout_or_unreadable_finds_nothing(
        prepared: Prepared, tmp_path: Path, record: dict[str, str] | None) -> None:
    copy = tmp_path / piper_prepare.FOLDER
    shutil.copytree(prepared.record.parent, copy)
    target = copy / prepared.record.name
    target.write_text("{ not json" if record is None else json.dumps({**record_of(prepared), **record}))
    assert find_prepared(tmp_path, JOE.model_sha256) is None
    assert needs_preparing(tmp_path, JOE.model_sha256)  # so it is made again


def test_a_model_that_cannot_be_cut_is_recorded_as_such_and_not_tried_again(tmp_path: Path) -> None:
    from onnx import TensorProto, helper

    plain = helper.make_model(helper.make_graph(
        [helper.make_node("Identity", ["input"], ["output"], name="/not/a/decoder")], "plain",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1])]))
    model = tmp_path / "plain.onnx"
    model.write_bytes(plain.SerializeToString())
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    cache = tmp_path / "cache"
    assert prepare(model, digest, cache) is None
    assert "decoder" in json.loads(record_path(cache, digest).read_text())["refused"]
    assert find_prepared(cache, digest) is None
    assert not needs_preparing(cache, digest)
    assert piper_prepare.prepare_in_background(model, digest, cache) is None


def test_the_first_use_of_a_voice_prepares_it_in_the_background_and_later_jobs_use_it(
        paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PREPARE_ENV, "1")
    monkeypatch.setattr(piper_prepare, "_started", {})
    voices = PiperVoicesHere(paths)
    voice = next(files.voice for files in voices.found().voices if files.voice.id == f"{PIPER}:{JOE.native}")
    settings = SpeechSettings(voice.id, 125, 1.0)
    first = voices.job(voice, settings)
    assert first.prepared is None  # this run speaks with the voice as it is
    assert voices.job(voice, settings).prepared is None  # and starts one preparation, not two
    process = piper_prepare.preparation(JOE.model_sha256)
    assert process is not None and process.wait(timeout=DEADLINE_SECONDS) == 0
    later = voices.job(voice, settings)
    assert later.prepared == str(record_path(paths.cache, JOE.model_sha256))
    assert later.prepared_sha256 == hashlib.sha256(Path(later.prepared).read_bytes()).hexdigest()


def test_no_preparation_starts_when_it_is_turned_off(paths: AppPaths, joe_files: tuple[Path, Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PREPARE_ENV, "0")
    monkeypatch.setattr(piper_prepare, "_started", {})
    assert piper_prepare.prepare_in_background(joe_files[0], JOE.model_sha256, paths.cache) is None
    assert piper_prepare.preparation(JOE.model_sha256) is None
