"""The neural speech engine: Piper, through onnxruntime, inside a speech worker.

One worker process serves several sentences at once, each on a thread of its
own, all through one onnxruntime session per voice: the model's 150 MB are
loaded once, and onnxruntime lets go of Python while it runs. Measured on 2
cores with the body scan's 84 sentences: two threads in one process 15.2 s
and 380 MB at most; two processes 17.1 s and 2 x 310 MB; Piper's own command
line (one process, onnxruntime's default threads) 18.4 s.

The session is set up for this use (measured on the same sentences):
- one thread per operation: more threads per sentence cost CPU to hand work
  between them, and the worker's threads use the cores already;
- every graph optimisation: 4 % less CPU per sentence than the basic ones,
  for 0.1-0.4 s more when the voice is loaded;
- no memory pattern: every sentence has a length of its own, so a pattern
  planned for one never fits the next, and each planned pattern stays
  allocated (480 MB where 350 MB do without it);
- no spinning threads waiting for work;
- denormal numbers flushed to zero: about 4 % less CPU per sentence (12.3 s
  against 12.9 s for 30 of the body scan's sentences, one thread), for
  differences far below anything audible. The setup is part of each
  sentence's cache key (SESSION_SETUP), so clips made before it are made again.

The model is read once, its bytes checked against the sums the job names
(the listing checked the file; this checks what is loaded) and handed to
onnxruntime from memory. Once the voice has been prepared on this machine
(piper_prepare.py) the job names its record instead, and the worker loads the
two parts it names, checked against the record's sums, as one windowed
session (piper_windows.py): quicker, and a sentence's working memory no longer
grows with its length. Anything amiss with them and the voice as it is speaks.
Audio is not normalised by Piper (KindAudio levels every clip itself) and
goes back as 16-bit PCM.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from kindaudio.audio.tts.engine import PIPER, EngineInfo, Speech, TtsError, Voice
from kindaudio.audio.tts.piper_voices import INSTALL_HINT, Measured
from kindaudio.audio.tts.piper_windows import WindowedSession, open_prepared
from kindaudio.audio.tts.rate import fit_piper_pace
from kindaudio.audio.tts.versions import installed_version
from kindaudio.common.errors import UserInputError

log = logging.getLogger(__name__)

SESSION_SETUP = "all-optimisations,denormals-as-zero"  # how the session computes (see the module docstring)
SENTENCE_SILENCE_SECONDS = 0.3  # between the parts of a line Piper reads as more than one sentence
LOADED_VOICES = 1  # voices kept loaded in a worker (each about 90 MB)
_WORD = re.compile(r"[\w’']+")

# Our own words, spoken at two length scales when a voice is added, to measure its pace.
CALIBRATION_PASSAGE = (
    "Let yourself settle into this moment, just as you are.",
    "You might notice the weight of your body, resting on whatever holds you up.",
    "There is nothing you need to fix or change right now.",
    "If your attention wanders, that is fine; you can gently come back to the breath.",
    "Perhaps offer yourself a few kind words, the way you would speak to a good friend.",
    "When you are ready, let your eyes open, and take a little of this warmth with you.",
)
CALIBRATION_SCALES = (1.0, 1.8)


class PiperJob(NamedTuple):
    """Everything that decides how a sentence sounds, and where the voice's files are."""

    model: str
    config: str
    model_sha256: str
    config_sha256: str
    length_scale: float
    noise_scale: float | None = None  # None: the voice's own (its config's inference settings)
    noise_w_scale: float | None = None
    volume: float = 1.0
    # The record of the voice as prepared here (piper_prepare.py), and the record's sum; the worker then
    # loads the files it names. Not in the cache key: it sounds the same to within float rounding.
    prepared: str | None = None
    prepared_sha256: str | None = None

    def cache_fields(self) -> dict[str, Any]:
        """What goes into a sentence's cache key: all but where the files happen to be."""
        fields = self._asdict()
        del fields["model"], fields["config"], fields["prepared"], fields["prepared_sha256"]
        fields["session"] = SESSION_SETUP
        return fields


def engine_info() -> EngineInfo:
    return EngineInfo(PIPER, f"piper-tts-{installed_version('piper-tts', 'piper')}/"
                             f"onnxruntime-{installed_version('onnxruntime', 'onnxruntime')}")


class PiperEngine:
    """Piper voices in one worker process; thread-safe (sentences are spoken concurrently)."""

    concurrent = True  # the worker may run several sentences at once

    def __init__(self) -> None:
        try:
            import onnxruntime
            from piper.config import PiperConfig, SynthesisConfig
            from piper.voice import PiperVoice
        except Exception as exc:
            raise TtsError(f"the natural voice engine (Piper) could not start ({type(exc).__name__}: {exc})",
                           hint=INSTALL_HINT) from exc
        self._ort, self._piper_voice, self._piper_config, self._synthesis = (onnxruntime, PiperVoice, PiperConfig,
                                                                              SynthesisConfig)
        self._lock = threading.Lock()
        self._voices: dict[tuple[str | None, ...], Any] = {}  # the job's files and sums -> PiperVoice, the newest last

    def info(self) -> EngineInfo:
        return engine_info()

    def voices(self) -> list[Voice]:
        return []  # Piper's voices are files; piper_voices.py finds them without a worker

    def warm(self, job: PiperJob) -> str:
        """Load the voice (and run it once), so the first sentence asked for is spoken at once.

        Says which form of the voice speaks: "prepared" (piper_prepare.py) or "as it is".
        """
        self.synthesize("Hello.", job)
        return "prepared" if isinstance(self._voice(job).session, WindowedSession) else "as it is"

    def synthesize(self, text: str, job: PiperJob) -> Speech:
        if not text.strip():
            raise TtsError("nothing to say: the sentence is empty")
        voice = self._voice(job)
        config = self._synthesis(length_scale=job.length_scale, noise_scale=job.noise_scale,
                                 noise_w_scale=job.noise_w_scale, normalize_audio=False, volume=job.volume)
        parts = [chunk.audio_int16_array for chunk in voice.synthesize(text, syn_config=config)]
        if not parts:
            raise TtsError(f"the natural voice made no sound for {text[:60]!r}")
        rate = voice.config.sample_rate
        if len(parts) == 1:
            return Speech(parts[0].tobytes(), rate)
        import numpy as np

        gap = np.zeros(int(SENTENCE_SILENCE_SECONDS * rate), dtype=np.int16)
        joined = [parts[0]]
        for part in parts[1:]:
            joined += [gap, part]
        return Speech(np.concatenate(joined).tobytes(), rate)

    def measure(self, job: PiperJob) -> Measured:
        """Load a voice from files being added, speak a passage at two scales, and fit its pace."""
        import numpy as np

        from kindaudio.audio.clips.levelling import to_mix_format, trim_silence  # the clips' own trimming
        from kindaudio.audio.format import MIX_RATE

        words = sum(len(_WORD.findall(line)) for line in CALIBRATION_PASSAGE)

        def spoken(scale: float, line: str) -> tuple[float, int]:
            # Without the voice's noise: its random durations made one measurement of the same voice
            # differ from the next by up to a quarter; the noiseless durations are their middle.
            speech = self.synthesize(line, job._replace(length_scale=scale, noise_scale=0.0, noise_w_scale=0.0))
            trimmed = trim_silence(to_mix_format(np.frombuffer(speech.pcm, dtype="<i2"), speech.rate))
            return len(trimmed) / MIX_RATE, speech.rate

        asked = [(scale, line) for scale in CALIBRATION_SCALES for line in CALIBRATION_PASSAGE]
        with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as threads:
            results = list(threads.map(lambda pair: spoken(*pair), asked))
        rate = results[0][1]
        timed = tuple((scale, sum(seconds for (at, _), (seconds, _) in zip(asked, results, strict=True) if at == scale))
                      for scale in CALIBRATION_SCALES)
        try:
            pace = fit_piper_pace(words, timed)
        except ValueError as exc:
            raise UserInputError(f"{job.model}: the voice cannot be used: {exc}") from exc
        return Measured(pace, rate)

    def _voice(self, job: PiperJob) -> Any:
        # By files and sums: the same sums claimed for other files are checked again, from those files.
        key = (job.model, job.config, job.model_sha256, job.config_sha256, job.prepared, job.prepared_sha256)
        with self._lock:
            voice = self._voices.get(key)
            if voice is None:
                voice = self._load(job)
                while len(self._voices) >= LOADED_VOICES:
                    self._voices.pop(next(iter(self._voices)))
                self._voices[key] = voice
            return voice

    def _load(self, job: PiperJob) -> Any:
        model, config_path = Path(job.model), Path(job.config)
        config_bytes = _read(config_path)
        _check_sum(config_path, config_bytes, job.config_sha256)
        # Prepared here from the model with the job's sum (its record says so): the model itself is then not read.
        session = None if job.prepared is None or job.prepared_sha256 is None else \
            open_prepared(job.prepared, job.prepared_sha256, self._session)
        try:
            if session is None:
                data = _read(model)
                _check_sum(model, data, job.model_sha256)
                session = self._session(data, False)
            config = self._piper_config.from_dict(json.loads(config_bytes))
        except TtsError:
            raise
        except Exception as exc:
            raise UserInputError(f"{model}: the voice could not be loaded ({type(exc).__name__}: {exc})") from exc
        log.debug("loaded Piper voice %s%s", model.name, " (prepared)" if isinstance(session, WindowedSession) else "")
        return self._piper_voice(session=session, config=config)

    def _session(self, model: bytes, optimised: bool) -> Any:
        ort = self._ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_DISABLE_ALL if optimised
                                            else ort.GraphOptimizationLevel.ORT_ENABLE_ALL)
        options.enable_mem_pattern = False
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.set_denormal_as_zero", "1")
        options.log_severity_level = 3  # onnxruntime's own warnings go to stderr, which the pool drops
        return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TtsError(f"the voice's files could not be read ({exc})", hint=INSTALL_HINT) from exc


def _check_sum(path: Path, content: bytes, expected: str) -> None:
    actual = hashlib.sha256(content).hexdigest()
    if actual != expected:
        raise TtsError(f"the voice is refused: {path} is not the file it was checked as "
                       f"(SHA-256 {actual}, expected {expected})", hint=INSTALL_HINT)
