"""The builder's work off the GUI thread (no Qt): templates read, filled in, saved; a practice reopened.

Each returns a result rather than raising where a person's choice is the cause
(a value the template cannot use, a file that was not made from a template),
so the page can say why next to the field or offer the script editor instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.common.errors import KindAudioError
from kindaudio.script.errors import Diagnostic, ScriptError

if TYPE_CHECKING:
    from kindaudio.common.paths import AppPaths
    from kindaudio.script.builder.fill import Draft, FilledPractice
    from kindaudio.script.builder.templates import TemplateInfo
    from kindaudio.script.model import Practice

_VALUE_MESSAGE = re.compile(r"value for '(?P<name>\w+)'(?: \([^)]*\))?: (?P<message>.+)", re.DOTALL)
_QUOTED_NAME = re.compile(r"'(\w+)'")


@dataclass(frozen=True)
class Filled:
    """What filling in the template gave for one version of the form: a practice, or why not."""

    generation: int
    filled: FilledPractice | None
    diagnostics: tuple[Diagnostic, ...] = ()
    message: str = ""  # a problem that is not the template's (shown as it is)


def fill(draft: Draft, generation: int) -> Filled:
    """The template filled in with the draft's values; a bad value is a result, not an exception."""
    from kindaudio.script.builder.fill import fill_template

    try:
        return Filled(generation, fill_template(draft))
    except ScriptError as exc:
        return Filled(generation, None, exc.diagnostics)
    except KindAudioError as exc:
        return Filled(generation, None, message=str(exc))


@dataclass(frozen=True)
class Opened:
    """A practice file read for editing: its draft and template, or why the builder cannot reopen it."""

    path: Path
    draft: Draft | None
    template: TemplateInfo | None
    reason: str = ""  # when there is no draft: why, for the person


def open_for_editing(path: Path) -> Opened:
    """Read a practice and find the template and values it was made from."""
    from kindaudio.script.builder.fill import draft_of
    from kindaudio.script.builder.templates import load_template
    from kindaudio.script.parser import load_practice

    try:
        practice: Practice = load_practice(path)
    except KindAudioError as exc:
        return Opened(path, None, None, f"It cannot be read as it is:\n{exc}")
    draft = draft_of(practice)
    if draft is None:
        return Opened(path, None, None, "It was not made from a template, so there is no form to fill in.")
    try:
        template = load_template(draft.template_id)
    except KindAudioError as exc:
        return Opened(path, None, None, f"It was made from a template KindAudio does not have: {exc}")
    return Opened(path, draft, template)


def save_filled(filled: FilledPractice, paths: AppPaths, replace: Path | None) -> Path:
    from kindaudio.script.builder.save import save_practice

    return save_practice(filled, paths, replace=replace)


def speech_seconds(practice: Practice) -> float:
    """About how long the voice speaks, from the words and the practice's pace."""
    from kindaudio.script.timing import estimate_speech_seconds

    return sum(estimate_speech_seconds(s.text, practice.pace.rate) for s in practice.sentences)


def problems_by_field(diagnostics: tuple[Diagnostic, ...], names: set[str]) -> tuple[dict[str, str], list[str]]:
    """Which template problems belong to which field (by the variable they name), and the rest."""
    fields: dict[str, str] = {}
    rest: list[str] = []
    for diagnostic in diagnostics:
        match = _VALUE_MESSAGE.match(diagnostic.message)
        if match and match.group("name") in names:
            fields.setdefault(match.group("name"), match.group("message"))
            continue
        named = [name for name in _QUOTED_NAME.findall(diagnostic.message) if name in names]
        if named:
            fields.setdefault(named[0], diagnostic.message)
        else:
            rest.append(diagnostic.message)
    return fields, rest


def read_templates() -> list[TemplateInfo]:
    """Every template to start from."""
    from kindaudio.script.builder.templates import list_templates

    return list_templates()


def read_template(template_id: str) -> TemplateInfo:
    from kindaudio.script.builder.templates import load_template

    return load_template(template_id)
