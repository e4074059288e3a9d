"""Recording a practice's sentences from a terminal: the conversation behind `kindaudio record`.

Everything is asked for one line at a time on standard input, so it works the
same from a terminal and from a pipe (the tests drive it so). The level meter
goes to standard error: redrawn in place at a terminal, a plain line each
second of sound otherwise.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from kindaudio.audio import Recorder, Take
    from kindaudio.common.paths import AppPaths
    from kindaudio.script.model import Practice, Sentence

log = logging.getLogger(__name__)

METER_INTERVAL = 0.1  # seconds between meter updates at a terminal
METER_WIDTH = 20
METER_FLOOR_DB = -60.0


@dataclass
class Tally:
    kept: int = 0
    skipped: int = 0
    deleted: int = 0


class Quit(Exception):
    """The person asked to stop (q, or the end of the input)."""


class RecordingSession:
    """The conversation: one sentence after another, one line of input at a time."""

    def __init__(self, practice: Practice, paths: AppPaths, device: int | None, stdin: TextIO, stdout: TextIO,
                 stderr: TextIO) -> None:
        from kindaudio.audio import Recorder

        self.practice, self.paths = practice, paths
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.recorder: Recorder = Recorder(device)
        self.tally = Tally()
        self.sections = _sections_of(practice)

    def run(self, sentences: list[Sentence]) -> int:
        title = self.practice.title
        total = len(self.practice.unique_sentences())
        if not sentences:
            self.say(f"Every sentence of “{title}” is recorded already ({total} of {total}).")
            return 0
        which = "not recorded yet" if len(sentences) < total else "in all"
        self.say(f"Recording your own voice for “{title}”: {len(sentences)} {_sentences(len(sentences))} {which}.")
        self.say("For each one, press Enter to start recording and Enter again to stop. "
                 "You can stop whenever you like with q; what you have kept stays kept.")
        try:
            for number, sentence in enumerate(sentences, start=1):
                self.say("")
                self.sentence(sentence, number, len(sentences))
        except Quit:
            self.say("Stopping here.")
        finally:
            self.recorder.cancel()  # Ctrl-C while recording: the take is let go
            self.summary()
        return 0

    # -- one sentence ----------------------------------------------------------------

    def sentence(self, sentence: Sentence, number: int, count: int) -> None:
        from kindaudio.audio import find_recordings

        section = self.sections.get(sentence.id, "")
        self.say(f"[{number}/{count}] {section + ' · ' if section else ''}line {sentence.pos.line}")
        self.say(f"  “{sentence.text}”")
        while True:
            saved = find_recordings(self.paths, self.practice.id).get(sentence.id)
            if saved is not None:
                choice = self.ask("  It has a recording already. Enter to record it again · p play it · "
                                  "d delete it · s skip · q quit: ", "psdq")
            else:
                choice = self.ask("  Enter to record · s skip · q quit: ", "sq")
            if choice == "":
                if self.record(sentence):
                    return
            elif choice == "p" and saved is not None:
                self.play(saved, sentence)
            elif choice == "d" and saved is not None:
                self.delete(sentence)
                return
            elif choice == "s":
                self.tally.skipped += 1
                return
            elif choice == "q":
                raise Quit

    def record(self, sentence: Sentence) -> bool:
        """Takes until one is kept or the sentence is left (True), or back to its first question (False)."""
        from kindaudio.audio import TakeRefused, save_take

        again = False
        while True:
            if again:
                self.ask("  Press Enter to start recording again: ", "")
            again = True
            take = self.take()
            try:
                while True:
                    if take.silent:
                        self.say("  Nothing was heard in that take. Is the microphone connected, not muted, "
                                 "and the one chosen (--device)?")
                        choice = self.ask("  r record again · s skip · q quit: ", "rsq")
                    else:
                        note = ("; it reached the loudest the input takes, so it may sound harsh"
                                if take.clipped else "")
                        limit = " (it stopped by itself at the longest a take may last)" if take.reached_limit else ""
                        self.say(f"  That take lasts {take.seconds:.1f} s{limit}{note}.")
                        choice = self.ask("  k keep · r record again · p play · s skip · d delete · q quit: ",
                                          "krpsdq")
                    if choice == "k":
                        try:
                            save_take(take, self.paths, self.practice.id, sentence.id)
                        except TakeRefused as exc:
                            self.say(f"  {exc}")
                            continue
                        self.tally.kept += 1
                        self.say("  Kept.")
                        return True
                    if choice == "r":
                        break
                    if choice == "p":
                        self.play(take.path, sentence)
                    elif choice == "s":
                        self.tally.skipped += 1
                        return True
                    elif choice == "d":
                        self.delete(sentence)
                        return True
                    elif choice == "q":
                        raise Quit
            finally:
                take.discard()  # unless kept (its file has moved), a take is let go

    def take(self) -> Take:
        """Record from now until the next line of input."""
        self.recorder.start()
        meter = Meter(self.recorder, self.stderr)
        meter.start()
        try:
            self.say("  Recording... press Enter to stop.")
            self.read_line()
        except BaseException:  # Ctrl-C or the end of the input while recording: the take is let go
            meter.stop()
            self.recorder.cancel()
            raise
        meter.stop()
        return self.recorder.stop()

    def delete(self, sentence: Sentence) -> None:
        from kindaudio.audio import delete_recording

        if delete_recording(self.paths, self.practice.id, sentence.id):
            self.tally.deleted += 1
            self.say("  Its recording is deleted; the computer voice reads this line again.")
        else:
            self.say("  It had no recording of yours to delete.")

    def play(self, path: Path, sentence: Sentence) -> None:
        from kindaudio.audio import Player, PlayerState, recording_programme
        from kindaudio.common.errors import KindAudioError

        try:
            programme = recording_programme(path, sentence, self.practice.id, self.practice.title)
        except KindAudioError as exc:
            self.say(f"  It cannot be played: {exc}")
            return
        self.say("  Playing...")
        player = Player()
        try:
            player.play(lambda: programme, self.practice.title)
            while not player.done():
                player.wait(0.1)
            status = player.status()
        finally:
            player.close()
        if status.state is PlayerState.FAILED:
            self.say(f"  It could not be played: {status.message}")

    # -- talking ------------------------------------------------------------------

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def read_line(self) -> str:
        line = self.stdin.readline()
        if not line:  # the end of the input: as if q
            raise Quit
        return line.strip()

    def ask(self, prompt: str, letters: str) -> str:
        """One answer: "" for Enter, or one of `letters` (the first letter of what was typed)."""
        while True:
            print(prompt, end="", file=self.stdout, flush=True)
            answer = self.read_line().lower()
            if answer == "" or answer[0] in letters:
                return answer[:1]
            choices = f"one of {', '.join(letters)}, or just press Enter" if letters else "nothing"
            self.say(f"  Please type {choices}.")

    def summary(self) -> None:
        from kindaudio.audio import missing_recordings

        total = len(self.practice.unique_sentences())
        recorded = total - len(missing_recordings(self.practice, self.paths))
        self.say("")
        parts = [f"kept {self.tally.kept} {_takes(self.tally.kept)}"]
        if self.tally.skipped:
            parts.append(f"skipped {self.tally.skipped}")
        if self.tally.deleted:
            parts.append(f"deleted {self.tally.deleted} {_recordings(self.tally.deleted)}")
        self.say(f"This time you {', '.join(parts)}.")
        self.say(f"{recorded} of {total} sentences recorded.")
        if recorded == total:
            self.say(f"Every sentence has your voice now: `kindaudio play {self.practice.id} --recorded-only` "
                     "plays it alone.")
        elif recorded:
            self.say(f"The computer voice reads the others; `kindaudio record {self.practice.id} --missing-only` "
                     "picks up where you left off.")


class Meter:
    """A level meter on standard error while a take is recorded.

    At a terminal it is one line redrawn ten times a second; elsewhere (a
    pipe, a log) a plain line for each whole second of sound.
    """

    def __init__(self, recorder: Recorder, out: TextIO) -> None:
        self.recorder, self.out = recorder, out
        self.live = out.isatty()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kindaudio-meter", daemon=True)
        self._shown = 0
        self._said_limit = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        if self.live:
            print("\r\033[K", end="", file=self.out, flush=True)

    def _run(self) -> None:
        while not self._stop.wait(METER_INTERVAL):
            self.draw()

    def draw(self) -> None:
        seconds, level = self.recorder.elapsed(), self.recorder.level()
        if not self.recorder.running and not self._said_limit:
            self._said_limit = True
            print("\n  The take stopped by itself; press Enter.", file=self.out, flush=True)
            return
        if self.live:
            loud = "  a little too loud" if level >= 0.97 else ""
            print(f"\r\033[K  ● {int(seconds) // 60:02d}:{int(seconds) % 60:02d}  ▕{bar(level, '█', '░')}▏{loud}",
                  end="", file=self.out, flush=True)
        elif int(seconds) > self._shown:
            self._shown = int(seconds)
            print(f"  recording {self._shown} s  [{bar(level, '#', ' ')}]", file=self.out, flush=True)


def bar(level: float, full: str, empty: str) -> str:
    """The level on a decibel scale from METER_FLOOR_DB to 0, as a bar of METER_WIDTH characters."""
    db = 20 * math.log10(level) if level > 0 else METER_FLOOR_DB
    filled = round(max(0.0, min(1.0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB)) * METER_WIDTH)
    return full * filled + empty * (METER_WIDTH - filled)


def _sections_of(practice: Practice) -> dict[str, str]:
    """sentence id -> the title of the section it first appears in."""
    found: dict[str, str] = {}
    for section in practice.sections:
        for sentence in section.sentences:
            found.setdefault(sentence.id, section.title)
    return found


def _sentences(count: int) -> str:
    return "sentence" if count == 1 else "sentences"


def _takes(count: int) -> str:
    return "take" if count == 1 else "takes"


def _recordings(count: int) -> str:
    return "recording" if count == 1 else "recordings"
