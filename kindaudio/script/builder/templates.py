"""The shipped templates: which there are, and each one read and checked once.

A template is read whole (and checked with its defaults) the first time it is
asked for, then taken from memory until its file changes, so a form can fill
it in on every keystroke.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from kindaudio.common.errors import UserInputError
from kindaudio.script.errors import DiagnosticSink, ScriptError
from kindaudio.script.frontmatter.header import Header, parse_header
from kindaudio.script.frontmatter.split import SplitSource, split_source
from kindaudio.script.ids import ID_PATTERN
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.model import Variable
from kindaudio.script.parser import parse_practice
from kindaudio.script.source import decode_source, read_source

log = logging.getLogger(__name__)


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
class LoadedTemplate:
    """A template as filling it in needs it: what it is, its front matter and its body."""

    info: TemplateInfo
    split: SplitSource
    header: Header
    stamp: tuple[int, int]


_cache: dict[Path, LoadedTemplate] = {}
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
    return loaded_template(template_id).info


def loaded_template(template_id: str) -> LoadedTemplate:
    """One template by id, with the front matter and body that filling it in needs."""
    return _load(_template_path(template_id))


def _template_path(template_id: str) -> Path:
    path = shipped_templates_dir() / f"{template_id}.md"
    if not ID_PATTERN.fullmatch(template_id) or not path.is_file():  # the pattern bounds the name's length
        template_id = template_id if len(template_id) <= 60 else f"{template_id[:40]}…"
        known = sorted(p.stem for p in shipped_templates_dir().glob("*.md"))
        raise UserInputError(f"there is no template called '{template_id}'; the templates are: "
                             f"{', '.join(known) or 'none'}")
    return path


def _load(path: Path) -> LoadedTemplate:
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
    loaded = LoadedTemplate(info, split, header, stamp)
    with _cache_lock:
        _cache[path] = loaded
    return loaded
