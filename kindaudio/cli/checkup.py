"""What works on this machine, and what to install for what does not.

Each check returns a Finding: what was looked at, whether it works, what was
found, and the exact fix when it does not. `kindaudio check` prints them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import AppPaths, ensure_dir


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str
    fix: str = ""  # what to do: the fix for a problem, or a tip where something optional is missing


def check_speech(paths: AppPaths) -> list[Finding]:
    """The natural voice (Piper) and the basic voices (eSpeak NG): what speaks, and which voice by default."""
    from kindaudio.audio import ClipProvider
    from kindaudio.audio.tts.engine import ESPEAK, PIPER

    try:
        with ClipProvider(paths) as clips:
            listed = clips.voices()
    except KindAudioError as exc:
        return [Finding("speech", False, exc.message, exc.hint or "")]
    default = listed.default()
    said_default = f"; the default voice is {default.id}"
    findings = []
    refused = [problem.split("\n")[0] for problem in listed.problems if "eSpeak" not in problem]
    if listed.neural:
        info = listed.engines[PIPER]
        names = ", ".join(voice.id for voice in listed.neural)
        findings.append(Finding("natural voice", not refused,
                                f"{info.version}; {names}{said_default if default.neural else ''}"
                                + (f"; refused: {' '.join(refused)}" if refused else ""),
                                "" if not refused else "reinstall the refused voice (see above)"))
    else:
        # Optional: the basic voices speak meanwhile. A refused voice is a problem, a missing one a tip.
        findings.append(Finding("natural voice", not refused,
                                "none installed; the basic voices speak" + (f"; refused: {' '.join(refused)}"
                                                                           if refused else ""),
                                listed.natural_missing or ""))
    basic = listed.basic
    if ESPEAK in listed.engines:
        info = listed.engines[ESPEAK]
        findings.append(Finding("basic voices", True, f"{info.name} {info.version}; {len(basic)} voices"
                                + ("" if default.neural else said_default)))
    else:
        problem = next((p for p in listed.problems if "eSpeak" in p), "eSpeak NG cannot speak")
        findings.append(Finding("basic voices", False, problem, "sudo apt-get install libespeak-ng1"))
    return findings


def check_audio_output() -> Finding:
    try:
        import sounddevice
    except OSError as exc:
        return Finding("audio output", False, f"PortAudio is missing ({exc})",
                       "sudo apt-get install libportaudio2")
    outputs = [d for d in sounddevice.query_devices() if d["max_output_channels"] > 0]
    version = sounddevice.get_portaudio_version()[1]
    if not outputs:
        return Finding("audio output", False, f"{version}; no output device found",
                       "connect speakers or headphones, or check the sound settings; "
                       "rendering to files works without a device")
    names = ", ".join(d["name"] for d in outputs[:3]) + (" ..." if len(outputs) > 3 else "")
    return Finding("audio output", True, f"{version}; {len(outputs)} output device(s): {names}")


def check_export() -> Finding:
    import soundfile

    from kindaudio.audio import AudioFormat, check_format

    usable, missing = [], []
    for fmt in AudioFormat:
        try:
            check_format(fmt)
            usable.append(fmt.value.upper())
        except KindAudioError:
            missing.append(fmt.value.upper())
    detail = f"{', '.join(usable)} (libsndfile {soundfile.__libsndfile_version__}); ffmpeg is not needed"
    if missing:
        return Finding("export formats", False, f"{detail}; cannot write {', '.join(missing)}",
                       "pip install -U soundfile")
    ffmpeg = shutil.which("ffmpeg")
    return Finding("export formats", True, detail + (f" (found at {ffmpeg} all the same)" if ffmpeg else ""))


def check_folders(paths: AppPaths) -> Finding:
    problems = []
    for label, folder in (("data", paths.data), ("cache", paths.cache), ("config", paths.config),
                          ("state", paths.state)):
        try:
            ensure_dir(folder)
            if not os.access(folder, os.W_OK):
                problems.append(f"{label} folder {folder} is not writable")
        except OSError as exc:
            problems.append(f"{label} folder {folder}: {exc.strerror}")
    detail = f"data {paths.data}, cache {paths.cache}, config {paths.config}, state {paths.state}"
    if problems:
        return Finding("folders", False, "; ".join(problems),
                       "set KINDAUDIO_HOME to a writable folder, or fix the permissions")
    return Finding("folders", True, detail)


def check_log(paths: AppPaths) -> Finding:
    """Where warnings and errors are written, so a person can find "the details" a message points to."""
    from kindaudio.common.logfile import log_file

    path = log_file()
    if path is None:  # this process writes none (its folder could not be written: see `folders`)
        return Finding("log", False, f"not written; it would be {paths.log_file}",
                       "set KINDAUDIO_HOME to a writable folder, or fix the permissions")
    return Finding("log", True, f"{path} (warnings and errors; never your journal)")


def check_practices(paths: AppPaths) -> Finding:
    from kindaudio.script.errors import ScriptError
    from kindaudio.script.library import load_all

    loaded = load_all(paths)
    broken = [(entry, result) for entry, result in loaded if isinstance(result, ScriptError)]
    shipped = sum(1 for entry, _ in loaded if entry.origin == "shipped")
    detail = f"{shipped} shipped, {len(loaded) - shipped} yours in {paths.practices}"
    if broken:
        first = broken[0][1]
        assert isinstance(first, ScriptError)
        return Finding("practices", False, f"{detail}; {len(broken)} cannot be read, e.g. {first.diagnostics[0]}",
                       "fix the file at the place named, or run `kindaudio check FILE` for every problem")
    return Finding("practices", True, detail)


def run_all(paths: AppPaths) -> list[Finding]:
    return [*check_speech(paths), check_audio_output(), check_export(), check_folders(paths), check_log(paths),
            check_practices(paths)]
