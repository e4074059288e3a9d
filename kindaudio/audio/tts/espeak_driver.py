"""pyttsx3's eSpeak driver without its 10 ms nap after each run.

The stock driver's run loop ends every run with time.sleep(0.01), even when
the run has already finished, as it always has by then in the way
Pyttsx3Engine uses it (one save_to_file per run). At about 4 ms of eSpeak work
per sentence, that nap made synthesis sleep-bound. pyttsx3 loads drivers by
module name (pyttsx3.init(driverName)); `register()` makes this one available
under DRIVER_NAME. It changes nothing but the nap.
"""

from __future__ import annotations

import sys
import time
import types
from typing import Any

DRIVER_NAME = "kindaudio_espeak"
IDLE_SECONDS = 0.001


def register() -> bool:
    """Make the driver loadable by pyttsx3; False when the eSpeak driver is not usable here."""
    module_name = f"pyttsx3.drivers.{DRIVER_NAME}"
    if module_name in sys.modules:
        return True
    try:
        from pyttsx3.drivers.espeak import EspeakDriver
    except Exception:  # noqa: BLE001 - no eSpeak library, or another platform's pyttsx3
        return False
    if not all(hasattr(EspeakDriver, name) for name in ("_start_synthesis", "iterate", "startLoop")):
        return False  # a pyttsx3 whose driver differs from the one this was written for

    class QuickEspeakDriver(EspeakDriver):
        def startLoop(self) -> None:  # noqa: N802 - pyttsx3's name
            first = True
            self._looping = True
            while self._looping:
                if first:
                    self._proxy.setBusy(False)
                    first = False
                    if self._text_to_say:
                        self._start_synthesis(self._text_to_say)
                self.iterate()
                if self._looping:
                    time.sleep(IDLE_SECONDS)

    module = types.ModuleType(module_name)
    module.buildDriver = lambda proxy: QuickEspeakDriver(proxy)  # type: ignore[attr-defined]
    sys.modules[module_name] = module
    return True


def driver_name() -> Any:
    """The driver name to pass to pyttsx3.init: ours when possible, else pyttsx3's default."""
    return DRIVER_NAME if register() else None
