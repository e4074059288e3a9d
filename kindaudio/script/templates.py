"""Practices built from templates: fill a template in, save the result as a plain practice.

A therapist picks a template (kindaudio/data/practices/templates/), fills in
its values (the client's own phrases, which body areas), and gets an ordinary
practice file: the body rendered once, with no template syntax left, so it
plays, records and travels in a pack like any practice. The front matter
remembers what it was made from (`made_from`), so the builder can reopen it as
a filled form.

Filling in is fast (a few milliseconds), so a form can call it on every
keystroke for its live preview.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kindaudio.common.atomicfile import TEMP_SUFFIX, write_text_atomic
from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.errors import DiagnosticSink, ScriptError
from kindaudio.script.frontmatter.header import Header, parse_header
from kindaudio.script.frontmatter.split import SplitSource, split_source
from kindaudio.script.ids import ID_PATTERN
from kindaudio.script.library import practice_files, shipped_practices_dir
from kindaudio.script.model import Pace, Practice, Variable, VariableType, VariableValue
from kindaudio.script.parser import parse_practice
from kindaudio.script.source import decode_source, read_source
from kindaudio.script.template import render_body, resolve_values
from kindaudio.script.timing import LengthRange, estimated_range
from kindaudio.script.values import ValueProblem, coerce_value

log = logging.getLogger(__name__)

FILE_MODE = 0o600  # a made practice names its client and carries the therapist's notes
MAX_ID_LENGTH = 60
FALLBACK_LENGTHS = 4  # how many whole minutes to offer when none of the template's own is reachable
_BRACES = re.compile(r"[{}]")


def shipped_templates_dir() -> Path:
    return shipped_practices_dir() / "templates"


@dataclass(frozen=True)
class TemplateInfo:
    """A template as a form shows it: what it is called and what it asks for."""

    id: str
    title: str
    summary: str
    path: Path
    variables: tuple[Variable, ...]


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


@dataclass(frozen=True)
class _Loaded:
    info: TemplateInfo
    split: SplitSource
    header: Header
    stamp: tuple[int, int]


_cache: dict[Path, _Loaded] = {}
_cache_lock = threading.Lock()


def list_templates() -> list[TemplateInfo]:
    """Every shipped template, sorted by title. A broken one is left out (and logged)."""
    found = []
    folder = shipped_templates_dir()
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            found.append(_load(path).info)
        except ScriptError as exc:
            log.error("the template %s cannot be used: %s", path, exc)
    return sorted(found, key=lambda info: info.title.casefold())


def load_template(template_id: str) -> TemplateInfo:
    """One template by id (its file name without .md)."""
    return _load(_template_path(template_id)).info


def fill_template(draft: Draft) -> FilledPractice:
    """The practice a draft makes. Raises ScriptError when a value does not fit.

    A bad value is reported at its variable's declaration in the template
    (Variable.pos), so a form can show the message beside that field; a
    problem with the title, for whom, notes or author is reported in the
    made practice's front matter.
    """
    loaded = _load(_template_path(draft.template_id))
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
    name = Path(f"{_slug(title)}.md")
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


def save_practice(filled: FilledPractice, paths: AppPaths, replace: Path | None = None) -> Path:
    """Write a filled practice; returns where it went.

    A new practice gets a file name (and so an id) made from its title that no
    practice has yet, shipped or the person's own; an existing file is never
    overwritten, even by another save at the same moment. With `replace`, that
    file is rewritten in place (editing a practice later), keeping its id.
    Either way the file appears whole or not at all.
    """
    try:
        if replace is not None:
            text = _keeping_id(filled.text, replace)
            write_text_atomic(replace, text, mode=FILE_MODE)
            log.info("practice %s rewritten from template %s", replace, _template_of(filled))
            return replace
        folder = ensure_dir(paths.practices)
        taken = {entry.id for entry in practice_files(paths)}
        taken |= {path.stem.lower() for path in folder.glob("*.md")}
        base = _slug(filled.practice.title)
        for number in range(1, 10_000):
            candidate = base if number == 1 else f"{base[:MAX_ID_LENGTH - 5]}-{number}"
            if candidate in taken:
                continue
            target = folder / f"{candidate}.md"
            try:
                _write_new_file(target, filled.text.encode("utf-8"))
            except FileExistsError:  # made by someone else since we looked
                taken.add(candidate)
                continue
            log.info("practice %s made from template %s", target, _template_of(filled))
            return target
    except OSError as exc:
        where = replace if replace is not None else paths.practices
        raise KindAudioError(f"could not save the practice in {where}: {exc.strerror or exc}",
                             hint="check that the folder exists and there is space on the disk") from exc
    raise KindAudioError(f"could not find a free file name for '{filled.practice.title}' in {paths.practices}")


def write_practice_file(filled: FilledPractice, target: Path) -> Path:
    """Write a filled practice to a file of the person's choosing, never over an existing one."""
    try:
        _write_new_file(target, filled.text.encode("utf-8"))
    except FileExistsError:
        raise UserInputError(f"{target} already exists; choose another name, or move that file away first "
                             "(nothing was written)") from None
    except OSError as exc:
        raise KindAudioError(f"could not write {target}: {exc.strerror or exc}") from exc
    return target


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


# --- loading templates ------------------------------------------------------------------


def _template_path(template_id: str) -> Path:
    path = shipped_templates_dir() / f"{template_id}.md"
    if not ID_PATTERN.fullmatch(template_id) or not path.is_file():
        known = sorted(p.stem for p in shipped_templates_dir().glob("*.md"))
        raise UserInputError(f"there is no template called '{template_id}'; the templates are: "
                             f"{', '.join(known) or 'none'}")
    return path


def _load(path: Path) -> _Loaded:
    """The template at `path`, parsed once and then taken from memory until the file changes."""
    status = path.stat()
    stamp = (status.st_mtime_ns, status.st_size)
    with _cache_lock:
        cached = _cache.get(path)
    if cached is not None and cached.stamp == stamp:
        return cached
    practice = parse_practice(read_source(path), path)  # the whole template, checked with its defaults
    sink = DiagnosticSink(str(path))
    split = split_source(decode_source(read_source(path), str(path)), sink)
    header = parse_header(split, sink) if split is not None else None
    sink.raise_if_any()
    assert split is not None and header is not None  # parse_practice has read this file already
    info = TemplateInfo(path.stem, practice.title, practice.summary, path, practice.variables)
    loaded = _Loaded(info, split, header, stamp)
    with _cache_lock:
        _cache[path] = loaded
    return loaded


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


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:MAX_ID_LENGTH].strip("-")
    return slug if ID_PATTERN.fullmatch(slug) else "practice"


def _about(draft: Draft, loaded: _Loaded, title: str, values: Mapping[str, VariableValue]) -> dict[str, Any]:
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
    about["pace"] = _pace(loaded.header.pace)
    about["made_from"] = {"template": loaded.info.id,
                          "values": {name: list(value) if isinstance(value, tuple) else value
                                     for name, value in values.items()}}
    return about


class _OneLine(dict[str, Any]):
    """A mapping written on one line in the front matter, as `pace` is in the shipped practices."""


def _pace(pace: Pace) -> dict[str, Any]:
    gaps = {name: f"{getattr(pace, name):g}s" for name in ("sentence_gap", "paragraph_gap", "section_gap")}
    return _OneLine({"rate": pace.rate, **gaps})


class _FrontMatterDumper(yaml.SafeDumper):
    """YAML that reads well: lists and pace on one line, notes as an indented block."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _represent_one_line(dumper: yaml.SafeDumper, mapping: _OneLine) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=True)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_FrontMatterDumper.add_representer(str, _represent_text)
_FrontMatterDumper.add_representer(_OneLine, _represent_one_line)
_FrontMatterDumper.add_representer(list, _represent_list)


def _front_matter(about: Mapping[str, Any], lengths: tuple[int, ...]) -> str:
    ordered = dict(about)
    if lengths:
        ordered = {key: value for key, value in about.items() if key != "pace"}
        ordered["lengths"] = list(lengths)
        ordered["pace"] = about["pace"]
        ordered["made_from"] = ordered.pop("made_from")
    text = yaml.dump(ordered, Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1_000_000)
    return f"---\n{text}---\n"


# --- writing ----------------------------------------------------------------------------------


def _write_new_file(target: Path, data: bytes) -> None:
    """Write `target` whole, only if it does not exist yet (FileExistsError otherwise).

    Written to a temporary file beside it, then hard-linked into place, which
    fails rather than replaces when the name is taken. Where the file system
    has no hard links, the name is checked just before an ordinary rename.
    """
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, FILE_MODE)
        try:
            os.link(temp, target)
        except FileExistsError:
            raise
        except OSError:
            if target.exists():
                raise FileExistsError(str(target)) from None
            os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _keeping_id(text: str, replace: Path) -> str:
    """The text, with `id:` added when the file being replaced declared an id of its own.

    Recordings and the journal know a practice by its id, so editing must not change it.
    """
    if not replace.is_file():
        return text
    try:
        old = parse_practice(read_source(replace), replace)
    except (ScriptError, UserInputError):
        return text
    new_id = parse_practice(text, replace).id
    if old.id == new_id:
        return text
    return text.replace("---\n", f"---\nid: {old.id}\n", 1)


def _template_of(filled: FilledPractice) -> str:
    made = filled.practice.made_from
    return made.template if made is not None else "?"


def variable_kind(variable: Variable) -> str:
    """How a variable's type reads in a list for people, e.g. 'a number from 1 to 4'."""
    kind = variable.type
    if kind is VariableType.NUMBER:
        low = "" if variable.minimum is None else f" from {variable.minimum:g}"
        high = "" if variable.maximum is None else f" to {variable.maximum:g}"
        return f"a number{low}{high}"
    if kind is VariableType.CHOICE:
        return "one of: " + ", ".join(variable.choices)
    if kind is VariableType.MULTICHOICE:
        return "any of, in order, separated by commas: " + ", ".join(variable.choices)
    if kind is VariableType.BOOLEAN:
        return "yes or no"
    return "text"
