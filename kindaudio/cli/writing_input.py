"""Answers for `kindaudio write`: asked prompt by prompt at a terminal, or read whole from standard input.

At a terminal each prompt is shown and the answer is typed over as many
lines as wanted, ending with an empty line; Enter alone skips a prompt, and
Ctrl-D stops early (what was written is still kept). From a pipe or file the
answers come as blocks separated by blank lines, one block per prompt in
order, or as JSON with --json (an object of prompt key to text, or a list of
texts), which can hold blank lines inside an answer.
"""

from __future__ import annotations

import json
import logging
import re
from typing import BinaryIO, TextIO

from kindaudio.common.errors import UserInputError
from kindaudio.journal.writing import WritingKind

log = logging.getLogger(__name__)

MAX_INPUT_BYTES = 1_000_000  # well above an entry's 100,000 characters, even in four-byte UTF-8
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


def read_standard_input(stream: BinaryIO) -> str:
    """All of standard input as text; refuses bytes that are not UTF-8, saying where."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise UserInputError(f"Standard input holds more than {MAX_INPUT_BYTES:,} bytes; nothing was saved.",
                             hint="An entry keeps at most 100,000 characters: you might split the text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UserInputError(
            f"Standard input is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); nothing was saved.",
            hint="Save the text as UTF-8 (most editors offer it under 'Save as' or 'Encoding') and try again.",
        ) from None


def answers_from_blocks(text: str, kind: WritingKind) -> dict[str, str]:
    """One block of text per prompt, in order; blocks are separated by blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    blocks = [block.strip("\n") for block in _BLANK_LINES.split(text)] if text.strip() else []
    if len(blocks) > len(kind.prompts):
        raise UserInputError(
            f"{len(blocks)} blocks of text were given, separated by blank lines, but “{kind.title}” has "
            f"{len(kind.prompts)} prompt{'s' if len(kind.prompts) != 1 else ''}; nothing was saved.",
            hint="Give one block per prompt, or use --json to keep blank lines inside an answer.")
    return {prompt.key: block for prompt, block in zip(kind.prompts, blocks, strict=False)}


def answers_from_json(text: str, kind: WritingKind) -> dict[str, str]:
    """An object {prompt key: text} or a list of texts in the prompts' order."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserInputError(f"Standard input is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                             "nothing was saved.") from None
    except RecursionError:
        raise UserInputError("Standard input is JSON nested too deeply; nothing was saved.") from None
    keys = ", ".join(prompt.key for prompt in kind.prompts)
    if isinstance(raw, list):
        if len(raw) > len(kind.prompts):
            raise UserInputError(f"The JSON list has {len(raw)} answers; “{kind.title}” has {len(kind.prompts)} "
                                 "prompts. Nothing was saved.")
        raw = {prompt.key: value for prompt, value in zip(kind.prompts, raw, strict=False)}
    if not isinstance(raw, dict):
        raise UserInputError("The JSON should be an object of prompt key to text, or a list of texts; "
                             "nothing was saved.", hint=f"The keys of “{kind.title}” are: {keys}.")
    answers: dict[str, str] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise UserInputError(f"The answer for {key!r} should be text, not {type(value).__name__}; "
                                 "nothing was saved.")
        answers[str(key)] = value
    return answers


class WritingPrompt:
    """Asks a kind's prompts at a terminal. Reads from and writes to the streams given, so tests can type."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.stopped = False  # Ctrl-D was pressed

    def ask(self, kind: WritingKind) -> dict[str, str]:
        self._say(kind.title)
        if kind.intro:
            self._say(kind.intro)
        self._say("End each answer with an empty line. Enter alone skips a prompt; Ctrl-D stops, keeping "
                  "what you wrote.")
        answers: dict[str, str] = {}
        for prompt in kind.prompts:
            self._say("")
            self._say(f"{prompt.label}" + (f": {prompt.prompt}" if prompt.prompt else ""))
            lines: list[str] = []
            while True:
                line = self._line("> ")
                if line is None:
                    self.stopped = True
                    break
                if not line.strip():
                    break
                lines.append(line)
            if lines:
                answers[prompt.key] = "\n".join(lines)
            if self.stopped:
                break
        return answers

    def yes(self, question: str) -> bool:
        if self.stopped:
            return False
        answer = self._line(question)
        return answer is not None and answer.strip().casefold() in ("y", "yes")

    def _line(self, prompt: str) -> str | None:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self._say("")
            return None
        return line.rstrip("\r\n")

    def _say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)
