"""From a Draft (a template and its values) to a FilledPractice, and from a made practice back to its Draft.

Filling in is fast (a few milliseconds), so a form can call it on every
keystroke for its live preview. The result is an ordinary practice's text:
the body rendered once, the front matter saying what it was made from.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kindaudio.common.errors import UserInputError
from kindaudio.script.builder.templates import LoadedTemplate, load_template, loaded_template
from kindaudio.script.errors import DiagnosticSink, ScriptError
from kindaudio.script.frontmatter.writer import front_matter_text, written_pace
from kindaudio.script.ids import ID_PATTERN
from kindaudio.script.model import Practice, Variable, VariableValue
from kindaudio.script.parser import parse_practice
from kindaudio.script.templating.render import render_body, resolve_values
from kindaudio.script.timing import LengthRange, estimated_range
from kindaudio.script.values import ValueProblem, coerce_value

log = logging.getLogger(__name__)

MAX_ID_LENGTH = 60
FALLBACK_LENGTHS = 4  # how many whole minutes to offer when none of the template's own is reachable
_BRACES = re.compile(r"[{}]")


@dataclass(frozen=True)
class Draft:
    """What a person chose in the builder: a template, its values, and about the practice."""

    template_id: str
    values: Mapping[str, Any]
    title: str
    for_whom: str = ""
    notes: str = ""
    author: str = ""


@dataclass(frozen=True)
class FilledPractice:
    """A draft made into a practice file's text, parsed, with the lengths it can reach."""

    text: str
    practice: Practice
    reachable: LengthRange


def fill_template(draft: Draft) -> FilledPractice:
    """The practice a draft makes. Raises ScriptError when a value does not fit.

    A bad value is reported at its variable's declaration in the template
    (Variable.pos), so a form can show the message beside that field; a
    problem with the title, for whom, notes or author is reported in the
    made practice's front matter.
    """
    loaded = loaded_template(draft.template_id)
    sink = DiagnosticSink(str(loaded.info.path))
    values = resolve_values(loaded.header.variables, draft.values, sink)
    _refuse_braces(loaded.header.variables, values, sink)
    sink.raise_if_any()
    rendered = render_body(loaded.split.body, loaded.split.body_line, loaded.header.variables, values, sink,
                           report_line=loaded.split.after_front_matter)
    if rendered is None:
        sink.raise_if_any()
        raise AssertionError("unreachable: no body and no diagnostic")
    body = _tidy(rendered[0])
    title = " ".join(draft.title.split()) or loaded.info.title
    name = Path(f"{slug(title)}.md")
    about = _about(draft, loaded, title, values)
    first = parse_practice(_front_matter(about, ()) + body, name)
    reachable = estimated_range(first)
    lengths = offered_lengths(loaded.header.lengths, reachable)
    text = _front_matter(about, lengths) + body
    return FilledPractice(text, parse_practice(text, name), reachable)


def offered_lengths(template_lengths: tuple[int, ...], reachable: LengthRange) -> tuple[int, ...]:
    """The template's lengths that can be reached; else a few whole minutes that can."""
    kept = tuple(minutes for minutes in template_lengths if reachable.reaches(minutes * 60))
    if kept:
        return kept
    whole = reachable.whole_minutes()
    if len(whole) <= FALLBACK_LENGTHS:
        return tuple(whole)
    step = (len(whole) - 1) / (FALLBACK_LENGTHS - 1)
    return tuple(sorted({whole[round(i * step)] for i in range(FALLBACK_LENGTHS)}))


def draft_of(practice: Practice) -> Draft | None:
    """The draft a practice was made from, to reopen it in the builder; None if it was not
    made from a template that is still here.

    Values the template no longer asks for, or that no longer fit, are left
    out, so the form shows the template's default there instead.
    """
    made = practice.made_from
    if made is None:
        return None
    try:
        info = load_template(made.template)
    except (UserInputError, ScriptError) as exc:
        log.info("%s was made from template %s, which cannot be opened: %s", practice.id, made.template, exc)
        return None
    values: dict[str, VariableValue] = {}
    for variable in info.variables:
        if variable.name in made.values:
            raw = made.values[variable.name]
            try:
                values[variable.name] = coerce_value(variable, list(raw) if isinstance(raw, tuple) else raw)
            except ValueProblem as exc:
                log.info("%s: the saved value of %s no longer fits: %s", practice.id, variable.name, exc)
    return Draft(made.template, values, practice.title, practice.for_whom, practice.notes, practice.author)


# --- making the practice text ---------------------------------------------------------------


def _refuse_braces(variables: tuple[Variable, ...], values: Mapping[str, VariableValue], sink: DiagnosticSink) -> None:
    """Curly braces would read as template syntax in the saved file; nobody speaks them anyway."""
    for variable in variables:
        value = values.get(variable.name)
        texts = value if isinstance(value, tuple) else (value,)
        if any(isinstance(text, str) and _BRACES.search(text) for text in texts):
            sink.error(variable.pos.line, variable.pos.column,
                       f"value for '{variable.name}' ({variable.label}): curly braces {{ }} cannot be spoken; "
                       "leave them out")


def _tidy(body: str) -> str:
    """The rendered body without the runs of blank lines that left-out parts leave behind."""
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}", "\n\n", body.strip("\n"))
    return text + "\n"


def slug(title: str) -> str:
    """A file name (and so an id) from a title: 'For Hard Days' -> 'for-hard-days'."""
    made = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:MAX_ID_LENGTH].strip("-")
    return made if ID_PATTERN.fullmatch(made) else "practice"


def _about(draft: Draft, loaded: LoadedTemplate, title: str, values: Mapping[str, VariableValue]) -> dict[str, Any]:
    """The front matter, in the order a person reading the file expects."""
    about: dict[str, Any] = {"title": title}
    if loaded.header.summary:
        about["summary"] = loaded.header.summary
    for key, text in (("author", draft.author), ("for_whom", draft.for_whom)):
        if " ".join(text.split()):
            about[key] = " ".join(text.split())
    notes = "\n".join(line.rstrip() for line in draft.notes.strip().split("\n"))
    if notes:
        about["notes"] = notes
    about["pace"] = written_pace(loaded.header.pace)
    about["made_from"] = {"template": loaded.info.id,
                          "values": {name: list(value) if isinstance(value, tuple) else value
                                     for name, value in values.items()}}
    return about


def _front_matter(about: Mapping[str, Any], lengths: tuple[int, ...]) -> str:
    """The front matter's text; the offered lengths, once known, go just before the pace."""
    ordered = dict(about)
    if lengths:
        ordered = {key: value for key, value in about.items() if key != "pace"}
        ordered["lengths"] = list(lengths)
        ordered["pace"] = about["pace"]
        ordered["made_from"] = ordered.pop("made_from")
    return front_matter_text(ordered)
