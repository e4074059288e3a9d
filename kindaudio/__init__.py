"""KindAudio: guided self-compassion practice at home.

Data flows one way: script text -> Practice (kindaudio.script) -> Timeline ->
audio (kindaudio.audio) -> player -> journal. The core packages never import Qt;
kindaudio.ui is the only place PySide6 appears.
"""

__version__ = "0.1.0"
