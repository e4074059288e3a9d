"""Audio: from a practice's sentences to sound in the ears or in a file.

No Qt here. The rooms, in the order sound flows through them:

- clips/     each sentence's prepared clip: a recording (the person's own,
             kept from a take, or one that ships), the clip cache, or speech
             synthesised by tts/; every clip levelled and measured once.
- tts/       the speech engines (Piper, eSpeak NG) behind one small interface,
             run in worker processes.
- sounds/    the bell and the ambience, made here rather than recorded.
- mixing/    the Timeline (every clip at its place, fitted to the chosen
             length) and the mixer that streams it block by block at the
             programme's loudness.
- playback/  what the player plays (a practice whose speech is still being
             made, the silent timer) and the player itself, on the sound device.
- files/     rendering a practice to an audio file with captions and chapters.
- capture/   recording a real voice from the microphone; rendering and playing
             never import it (an import-linter contract in pyproject.toml).

Shared by several rooms: choices.py (PlayChoices: how a practice is to be
played, the one value the window, the command line, exports and packs pass
along), format.py (the one sample format inside KindAudio) and portaudio.py
(PortAudio's open streams, output and input alike).

The names below are what the window, the command line, packs and the desktop
use: `from kindaudio.audio import Player, PlayChoices, render`. They load on
first use, so importing this package stays light (modules load numpy and
scipy themselves, and speech worker processes import only what they need).
Voices and speech engines have their own door, kindaudio.audio.tts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kindaudio.audio.capture.inputs import (
        InputDevice,
        input_device_named,
        input_devices,
        look_again_for_inputs,
        resolve_input_device,
    )
    from kindaudio.audio.capture.recorder import Recorder
    from kindaudio.audio.choices import (
        RECORDED_VOICE,
        PlayChoices,
        check_recorded_only,
        journal_voice,
        recorded_count,
        recordings_speak,
        settle_recordings,
    )
    from kindaudio.audio.clips.levelling import SilentClipError, prepare_speech, warm_up
    from kindaudio.audio.clips.provider import ClipProvider
    from kindaudio.audio.clips.recordings import EXTENSIONS, MAX_RECORDING_SECONDS, find_recordings, missing_recordings
    from kindaudio.audio.clips.takes import Take, TakeRefused, delete_recording, save_take
    from kindaudio.audio.files.export import AudioFormat, check_format
    from kindaudio.audio.files.render import Progress, RenderRequest, RenderResult, render
    from kindaudio.audio.format import MIX_RATE
    from kindaudio.audio.mixing.timeline import Clip, ClipKind, SectionSpan, Timeline
    from kindaudio.audio.playback.live import LiveProgramme
    from kindaudio.audio.playback.output import OutputDevice, output_devices, resolve_device, same_output_after
    from kindaudio.audio.playback.player import Player
    from kindaudio.audio.playback.programmes import (
        estimated_timeline,
        practice_minutes,
        practice_programme,
        recording_programme,
        sentence_programme,
        timer_programme,
    )
    from kindaudio.audio.playback.status import EventKind, PlayerEvent, PlayerState, PlayerStats, PlayerStatus
    from kindaudio.audio.playback.timer import CLOSING_STRIKES, MIN_INTERVAL_MINUTES, TimerSpec
    from kindaudio.audio.playback.timer_limits import MAX_MINUTES, MIN_MINUTES, TIMER_PRACTICE_ID, format_minutes

_HOMES = {
    'InputDevice': 'kindaudio.audio.capture.inputs',
    'input_device_named': 'kindaudio.audio.capture.inputs',
    'input_devices': 'kindaudio.audio.capture.inputs',
    'look_again_for_inputs': 'kindaudio.audio.capture.inputs',
    'resolve_input_device': 'kindaudio.audio.capture.inputs',
    'Recorder': 'kindaudio.audio.capture.recorder',
    'PlayChoices': 'kindaudio.audio.choices',
    'RECORDED_VOICE': 'kindaudio.audio.choices',
    'check_recorded_only': 'kindaudio.audio.choices',
    'journal_voice': 'kindaudio.audio.choices',
    'recorded_count': 'kindaudio.audio.choices',
    'recordings_speak': 'kindaudio.audio.choices',
    'settle_recordings': 'kindaudio.audio.choices',
    'SilentClipError': 'kindaudio.audio.clips.levelling',
    'prepare_speech': 'kindaudio.audio.clips.levelling',
    'warm_up': 'kindaudio.audio.clips.levelling',
    'ClipProvider': 'kindaudio.audio.clips.provider',
    'EXTENSIONS': 'kindaudio.audio.clips.recordings',
    'MAX_RECORDING_SECONDS': 'kindaudio.audio.clips.recordings',
    'find_recordings': 'kindaudio.audio.clips.recordings',
    'missing_recordings': 'kindaudio.audio.clips.recordings',
    'Take': 'kindaudio.audio.clips.takes',
    'TakeRefused': 'kindaudio.audio.clips.takes',
    'delete_recording': 'kindaudio.audio.clips.takes',
    'save_take': 'kindaudio.audio.clips.takes',
    'AudioFormat': 'kindaudio.audio.files.export',
    'check_format': 'kindaudio.audio.files.export',
    'Progress': 'kindaudio.audio.files.render',
    'RenderRequest': 'kindaudio.audio.files.render',
    'RenderResult': 'kindaudio.audio.files.render',
    'render': 'kindaudio.audio.files.render',
    'MIX_RATE': 'kindaudio.audio.format',
    'Clip': 'kindaudio.audio.mixing.timeline',
    'ClipKind': 'kindaudio.audio.mixing.timeline',
    'SectionSpan': 'kindaudio.audio.mixing.timeline',
    'Timeline': 'kindaudio.audio.mixing.timeline',
    'LiveProgramme': 'kindaudio.audio.playback.live',
    'OutputDevice': 'kindaudio.audio.playback.output',
    'output_devices': 'kindaudio.audio.playback.output',
    'resolve_device': 'kindaudio.audio.playback.output',
    'same_output_after': 'kindaudio.audio.playback.output',
    'Player': 'kindaudio.audio.playback.player',
    'estimated_timeline': 'kindaudio.audio.playback.programmes',
    'practice_minutes': 'kindaudio.audio.playback.programmes',
    'practice_programme': 'kindaudio.audio.playback.programmes',
    'recording_programme': 'kindaudio.audio.playback.programmes',
    'sentence_programme': 'kindaudio.audio.playback.programmes',
    'timer_programme': 'kindaudio.audio.playback.programmes',
    'EventKind': 'kindaudio.audio.playback.status',
    'PlayerEvent': 'kindaudio.audio.playback.status',
    'PlayerState': 'kindaudio.audio.playback.status',
    'PlayerStats': 'kindaudio.audio.playback.status',
    'PlayerStatus': 'kindaudio.audio.playback.status',
    'CLOSING_STRIKES': 'kindaudio.audio.playback.timer',
    'MIN_INTERVAL_MINUTES': 'kindaudio.audio.playback.timer',
    'TimerSpec': 'kindaudio.audio.playback.timer',
    'MAX_MINUTES': 'kindaudio.audio.playback.timer_limits',
    'MIN_MINUTES': 'kindaudio.audio.playback.timer_limits',
    'TIMER_PRACTICE_ID': 'kindaudio.audio.playback.timer_limits',
    'format_minutes': 'kindaudio.audio.playback.timer_limits',
}

__all__ = [
    "AudioFormat", "check_format", "check_recorded_only", "Clip", "ClipKind", "ClipProvider", "CLOSING_STRIKES",
    "delete_recording", "estimated_timeline", "EventKind", "EXTENSIONS", "find_recordings", "format_minutes",
    "input_device_named", "input_devices", "InputDevice", "LiveProgramme", "look_again_for_inputs", "MAX_MINUTES",
    "MAX_RECORDING_SECONDS", "MIN_INTERVAL_MINUTES", "MIN_MINUTES", "missing_recordings", "MIX_RATE",
    "output_devices", "OutputDevice", "PlayChoices", "Player", "PlayerEvent", "PlayerState", "PlayerStats",
    "PlayerStatus", "practice_minutes", "practice_programme", "prepare_speech", "Progress", "RECORDED_VOICE",
    "Recorder", "recording_programme", "render", "RenderRequest", "RenderResult", "resolve_device",
    "resolve_input_device", "same_output_after", "save_take", "SectionSpan", "sentence_programme", "SilentClipError",
    "Take", "TakeRefused", "Timeline", "TIMER_PRACTICE_ID", "timer_programme", "TimerSpec", "warm_up",
    "journal_voice", "recorded_count", "recordings_speak", "settle_recordings",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value

