"""A sound device plugged in while KindAudio runs: one more ALSA device, as the test card is.

ALSA reads the files named by ALSA_CONFIG_PATH whenever that list changes;
PortAudio lists what ALSA defines when it starts. So adding a file to the list
is, to PortAudio started again, a device that was not there before.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kindaudio.audio import portaudio

NAME = "kindaudio_usb_microphone"
DEVICE = f"""
pcm.{NAME} {{
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "/dev/null"
    format "raw"
}}
"""


@contextmanager
def plugged_in(folder: Path) -> Iterator[str]:
    """The device is there inside the block; after it, it is gone and PortAudio lists what it did before."""
    conf = folder / "plugged-in.conf"
    conf.write_text(DEVICE, encoding="utf-8")
    before = os.environ["ALSA_CONFIG_PATH"]
    os.environ["ALSA_CONFIG_PATH"] = f"{before}:{conf}"
    try:
        yield NAME
    finally:
        os.environ["ALSA_CONFIG_PATH"] = before
        import sounddevice

        assert portaudio.look_again(sounddevice), "a stream was left open: PortAudio still lists the device"
