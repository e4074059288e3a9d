"""pyttsx3's eSpeak driver, synthesising in the caller's thread.

The stock driver starts eSpeak NG in its asynchronous mode: each sentence is
handed to eSpeak's own thread, the driver polls until it is done and ends
every run with time.sleep(0.01). At about 4 ms of eSpeak work per sentence
that made synthesis wait-bound (measured on 84 sentences: 0.45 s of CPU and
0.56 s of wall time asynchronously, 0.40 s of both synchronously). This
driver starts eSpeak in its synchronous mode, where espeak_Synth returns with
the sentence made, collects the samples without going through pyttsx3's
per-word notifications, and writes the same file save_to_file promises
(WAV, mono, 16-bit) before it reports the utterance finished. The samples of
the last utterance also stay on the driver (`spoken`), so a caller that only
wants them can use say() and skip the file: writing, reopening, reading and
removing it cost a tenth of the synthesis itself. say() never plays anything
through this driver. Everything else (voices, properties, pyttsx3's engine and
callbacks) is pyttsx3's own.

pyttsx3 loads drivers by module name (pyttsx3.init(driverName)); `register()`
makes this one available under DRIVER_NAME.
"""

from __future__ import annotations

import ctypes
import sys
import time
import types
import wave
from typing import Any

DRIVER_NAME = "kindaudio_espeak"


def register() -> bool:
    """Make the driver loadable by pyttsx3; False when the eSpeak driver is not usable here."""
    module_name = f"pyttsx3.drivers.{DRIVER_NAME}"
    if module_name in sys.modules:
        return True
    try:
        from pyttsx3.drivers import _espeak
        from pyttsx3.drivers.espeak import EspeakDriver
    except Exception:  # noqa: BLE001 - no eSpeak library, or another platform's pyttsx3
        return False
    needed = ("_start_synthesis", "iterate", "startLoop", "_moduleInitialized", "_defaultVoice")
    if not all(hasattr(EspeakDriver, name) for name in needed):
        return False  # a pyttsx3 whose driver differs from the one this was written for

    class SynchronousEspeakDriver(EspeakDriver):
        sample_rate = 0  # set when this driver initialised eSpeak (synchronously); 0: it did not
        spoken = b""  # 16-bit mono samples of the last utterance made synchronously

        def __init__(self, proxy: Any) -> None:
            cls = SynchronousEspeakDriver
            if not EspeakDriver._moduleInitialized:
                rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 1000)
                if rate == -1:
                    raise RuntimeError("could not initialize espeak")
                cls.sample_rate = rate
                current = _espeak.GetCurrentVoice()
                if current and current.contents.name:
                    EspeakDriver._defaultVoice = current.contents.name.decode("utf-8")
                else:
                    EspeakDriver._defaultVoice = "gmw/en"
                EspeakDriver._moduleInitialized = True
            super().__init__(proxy)
            self._chunks: list[bytes] = []
            if cls.sample_rate:
                # Kept on the instance: eSpeak holds only a pointer to the ctypes callback.
                self._collector = self._collect
                _espeak.SetSynthCallback(self._collector)

        def say(self, text: str) -> None:
            """Speak, not save: the stock driver keeps the last save_to_file's name and writes it again."""
            self._save_file = None
            super().say(text)

        def _collect(self, wav: Any, samples: int, events: Any) -> int:
            if self._speaking and samples > 0:
                self._chunks.append(ctypes.string_at(wav, samples * ctypes.sizeof(ctypes.c_short)))
            return 0

        def _start_synthesis(self, text: str) -> None:
            if not SynchronousEspeakDriver.sample_rate:  # eSpeak was started asynchronously by someone else
                super()._start_synthesis(text)
                return
            self._proxy.setBusy(True)
            self._proxy.notify("started-utterance")
            self._speaking = True
            self._chunks = []
            self.spoken = b""
            try:
                _espeak.Synth(str(text).encode("utf-8"), flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8)
                self.spoken = b"".join(self._chunks)
                if self._save_file:
                    with wave.open(self._save_file, "wb") as out:
                        out.setnchannels(1)
                        out.setsampwidth(2)
                        out.setframerate(SynchronousEspeakDriver.sample_rate)
                        out.writeframes(self.spoken)
            except Exception as exc:
                self._speaking = False
                self._proxy.setBusy(False)
                self._proxy.notify("error", exception=exc)
                raise
            self._speaking = False
            self._chunks = []
            self._proxy.notify("finished-utterance", completed=True)
            self._proxy.setBusy(False)
            self.endLoop()

        def startLoop(self) -> None:  # noqa: N802 - pyttsx3's name
            """One pass: the synthesis is over when _start_synthesis returns (no nap after it)."""
            self._looping = True
            self._proxy.setBusy(False)
            if self._text_to_say:
                self._start_synthesis(self._text_to_say)
            while self._looping:  # only if there was nothing to say, or eSpeak runs asynchronously
                self.iterate()
                if self._looping:
                    time.sleep(0.001)

    module = types.ModuleType(module_name)
    module.buildDriver = lambda proxy: SynchronousEspeakDriver(proxy)  # type: ignore[attr-defined]
    sys.modules[module_name] = module
    return True


def driver_name() -> Any:
    """The driver name to pass to pyttsx3.init: ours when possible, else pyttsx3's default."""
    return DRIVER_NAME if register() else None
