"""A Piper voice is laid out once for onnxruntime's quicker 2-D convolutions, and sounds the same.

The voice speaks in a speech worker, as in the app: onnxruntime flushes
denormal numbers to zero on the threads it runs on (piper_engine.py), which
must not change the floating point of the test process itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.tts import piper_layout
from kindaudio.audio.tts.engine import PIPER, SpeechSettings
from kindaudio.audio.tts.engines import PIPER_FACTORY, PiperVoicesHere, cache_fields
from kindaudio.audio.tts.piper_engine import PiperJob
from kindaudio.audio.tts.piper_layout import PREPARE_ENV, find_prepared, prepare, prepared_path, rewrite_to_2d
from kindaudio.audio.tts.piper_voices import JOE, _pinned_files
from kindaudio.audio.tts.pool import SynthesisPool
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths

TEXT = "You might let your shoulders soften, just a little, and rest."
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
def prepared(joe_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> piper_layout.Prepared:
    return prepare(joe_files[0], JOE.model_sha256, tmp_path_factory.mktemp("cache"))


def job(files: tuple[Path, Path], **changes: object) -> PiperJob:
    made = PiperJob(str(files[0]), str(files[1]), JOE.model_sha256, JOE.config_sha256, 1.5, 0.0, 0.0)
    return made._replace(**changes)


def test_the_decoders_one_dimensional_convolutions_become_two_dimensional(joe_files: tuple[Path, Path]) -> None:
    import onnx

    before = onnx.load_model_from_string(joe_files[0].read_bytes())
    after = onnx.load_model_from_string(rewrite_to_2d(joe_files[0].read_bytes()))
    convolutions = ("Conv", "ConvTranspose")

    def shapes(model: onnx.ModelProto, decoder: bool) -> list[int]:
        weights = {tensor.name: len(tensor.dims) for tensor in model.graph.initializer}
        return [weights[node.input[1]] for node in model.graph.node
                if node.op_type in convolutions and node.name.startswith(piper_layout.DECODER) == decoder]

    assert set(shapes(before, True)) == set(shapes(before, False)) == {3} and len(shapes(before, True)) > 20
    assert shapes(after, True) == [4] * len(shapes(before, True))
    assert shapes(after, False) == shapes(before, False)  # the rest as it was: its weights stay single
    onnx.checker.check_model(after)


def test_the_prepared_voice_sounds_the_same_within_float_rounding(joe_files: tuple[Path, Path], pool: SynthesisPool,
                                                                   prepared: piper_layout.Prepared) -> None:
    as_it_is = np.frombuffer(pool.submit(TEXT, job(joe_files)).result(WAIT).pcm, dtype="<i2").astype(float)
    laid_out = job(joe_files, prepared=str(prepared.path), prepared_sha256=prepared.sha256)
    quicker = np.frombuffer(pool.submit(TEXT, laid_out).result(WAIT).pcm, dtype="<i2").astype(float)
    assert len(as_it_is) == len(quicker) > 22050
    assert np.abs(as_it_is - quicker).max() <= 8  # of 32767: about -72 dBFS, float rounding only
    # Not part of the cache key: clips made either way serve each other.
    assert cache_fields(PIPER, laid_out) == cache_fields(PIPER, job(joe_files))


def test_the_worker_loads_the_prepared_bytes_when_they_match_their_record(joe_files: tuple[Path, Path],
                                                                          pool: SynthesisPool, tmp_path: Path) -> None:
    """Shown with a prepared file that is no model at all: loading it fails, so it was the one loaded."""
    broken = tmp_path / "prepared.onnx"
    broken.write_bytes(b"not a model")
    asked = pool.submit(TEXT, job(joe_files, prepared=str(broken),
                                  prepared_sha256=hashlib.sha256(b"not a model").hexdigest()))
    with pytest.raises(UserInputError, match="could not be loaded"):
        asked.result(WAIT)


def test_a_prepared_file_that_differs_from_its_record_is_passed_over(joe_files: tuple[Path, Path],
                                                                     pool: SynthesisPool, tmp_path: Path) -> None:
    changed = tmp_path / "prepared.onnx"
    changed.write_bytes(b"changed since it was made")
    missing = tmp_path / "gone.onnx"
    for path in (changed, missing):
        speech = pool.submit(TEXT, job(joe_files, prepared=str(path), prepared_sha256="0" * 64)).result(WAIT)
        assert len(speech.pcm) > 22050 * 2


def test_preparing_checks_the_model_first_and_writes_nothing_for_another(joe_files: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not the file it was checked as"):
        prepare(joe_files[0], "0" * 64, tmp_path)
    assert not (tmp_path / piper_layout.FOLDER).exists() or not any((tmp_path / piper_layout.FOLDER).iterdir())
    assert find_prepared(tmp_path, "0" * 64) is None


def test_a_prepared_voice_is_found_by_its_record(prepared: piper_layout.Prepared) -> None:
    cache = prepared.path.parent.parent
    assert find_prepared(cache, JOE.model_sha256) == prepared
    assert hashlib.sha256(prepared.path.read_bytes()).hexdigest() == prepared.sha256
    record = json.loads(prepared.path.with_suffix(".json").read_text())
    assert record["source_sha256"] == JOE.model_sha256 and record["layout"] == piper_layout.LAYOUT


def test_a_record_that_names_another_model_or_cannot_be_read_finds_nothing(tmp_path: Path) -> None:
    path = prepared_path(tmp_path, JOE.model_sha256)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"model")
    path.with_suffix(".json").write_text(json.dumps({"source_sha256": "1" * 64, "sha256": "2" * 64}))
    assert find_prepared(tmp_path, JOE.model_sha256) is None
    path.with_suffix(".json").write_text("{ not json")
    assert find_prepared(tmp_path, JOE.model_sha256) is None


def test_the_first_use_of_a_voice_prepares_it_in_the_background_and_later_jobs_use_it(
        paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PREPARE_ENV, "1")
    monkeypatch.setattr(piper_layout, "_started", {})
    voices = PiperVoicesHere(paths)
    voice = next(files.voice for files in voices.found().voices if files.voice.id == f"{PIPER}:{JOE.native}")
    settings = SpeechSettings(voice.id, 125, 1.0)
    first = voices.job(voice, settings)
    assert first.prepared is None  # this run speaks with the voice as it is
    assert voices.job(voice, settings).prepared is None  # and starts one preparation, not two
    process = piper_layout.preparation(JOE.model_sha256)
    assert process is not None and process.wait(timeout=DEADLINE_SECONDS) == 0
    later = voices.job(voice, settings)
    assert later.prepared == str(prepared_path(paths.cache, JOE.model_sha256))
    assert later.prepared_sha256 == hashlib.sha256(Path(later.prepared).read_bytes()).hexdigest()


def test_no_preparation_starts_when_it_is_turned_off(paths: AppPaths, joe_files: tuple[Path, Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PREPARE_ENV, "0")
    monkeypatch.setattr(piper_layout, "_started", {})
    assert piper_layout.prepare_in_background(joe_files[0], JOE.model_sha256, paths.cache) is None
    assert piper_layout.preparation(JOE.model_sha256) is None
