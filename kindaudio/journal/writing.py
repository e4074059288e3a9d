"""Writing kinds: short guided forms for the journal, kept as data (TOML), not code.

The kinds that ship live in kindaudio/data/writing/ (its README.md gives the
format); a therapist's practice pack may carry one kind of its own, which is
untrusted and read with the same strict parser (`parse_writing_kind`): sizes,
ids, text without control characters, a clear reason when it will not do. Kinds
added from packs are kept in the data folder's `writing/` and listed after
the shipped ones.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kindaudio.common.errors import UserInputError
from kindaudio.journal.entry_records import MAX_ANSWERS, Answer, clean_text

log = logging.getLogger(__name__)

SUFFIX = ".toml"
MAX_KIND_FILE_BYTES = 64_000
MAX_PROMPT_CHARS = 2_000
MAX_INTRO_CHARS = 4_000
MAX_TITLE_CHARS = 100
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_CHARS = 64
DEFAULT_KIND = "three-parts"


class WritingKindProblem(ValueError):
    """A writing kind's file cannot be used; the message says why, in words for people."""


@dataclass(frozen=True)
class Prompt:
    key: str
    label: str
    prompt: str = ""


@dataclass(frozen=True)
class WritingKind:
    id: str
    title: str
    summary: str
    prompts: tuple[Prompt, ...]
    intro: str = ""
    notes: str = ""
    order: int = 100
    source: str = "shipped"  # or the pack it came from

    def empty_answers(self) -> tuple[Answer, ...]:
        return tuple(Answer(prompt.key, prompt.label) for prompt in self.prompts)

    def answers(self, texts: dict[str, str]) -> tuple[Answer, ...]:
        """The answers for `texts` by key, in the kind's order (unknown keys are refused)."""
        unknown = sorted(set(texts) - {prompt.key for prompt in self.prompts})
        if unknown:
            keys = ", ".join(prompt.key for prompt in self.prompts)
            raise UserInputError(f"“{self.title}” has no prompt called {', '.join(unknown)}.",
                                 hint=f"Its prompts are: {keys}.")
        return tuple(Answer(prompt.key, prompt.label, texts.get(prompt.key, "")) for prompt in self.prompts)


def parse_writing_kind(data: bytes, source: str = "shipped") -> WritingKind:
    """A writing kind read strictly from (possibly untrusted) bytes; WritingKindProblem when it will not do."""
    if len(data) > MAX_KIND_FILE_BYTES:
        raise WritingKindProblem(f"it is {len(data):,} bytes; a writing kind is at most {MAX_KIND_FILE_BYTES:,}")
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise WritingKindProblem(f"it is not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise WritingKindProblem(f"it is not valid TOML ({exc})") from None
    kind_id = _text(raw, "id", "id", limit=MAX_ID_CHARS)
    if not ID.fullmatch(kind_id):
        raise WritingKindProblem(f"its id {kind_id!r} should be lower-case letters, digits and single hyphens")
    prompts_raw = raw.get("prompts")
    if not isinstance(prompts_raw, list) or not prompts_raw:
        raise WritingKindProblem("it has no [[prompts]]; a writing kind needs at least one")
    if len(prompts_raw) > MAX_ANSWERS:
        raise WritingKindProblem(f"it has {len(prompts_raw)} prompts; at most {MAX_ANSWERS} are allowed")
    prompts: list[Prompt] = []
    for number, item in enumerate(prompts_raw, 1):
        if not isinstance(item, dict):
            raise WritingKindProblem(f"its prompt {number} should be a table with key, label and prompt")
        key = _text(item, "key", f"prompt {number}'s key", limit=MAX_ID_CHARS)
        if not ID.fullmatch(key):
            raise WritingKindProblem(f"prompt {number}'s key {key!r} should be lower-case letters, digits and "
                                     "single hyphens")
        prompts.append(Prompt(key, _text(item, "label", f"prompt {number}'s label", limit=MAX_TITLE_CHARS),
                              _text(item, "prompt", f"prompt {number}'s words", required=False,
                                    limit=MAX_PROMPT_CHARS)))
    if len({prompt.key for prompt in prompts}) != len(prompts):
        raise WritingKindProblem("two of its prompts have the same key")
    order = raw.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        raise WritingKindProblem(f"its order should be a whole number, not {order!r}")
    return WritingKind(
        id=kind_id, title=_text(raw, "title", "title", limit=MAX_TITLE_CHARS),
        summary=_text(raw, "summary", "summary", required=False, limit=MAX_PROMPT_CHARS),
        prompts=tuple(prompts), intro=_text(raw, "intro", "introduction", required=False, limit=MAX_INTRO_CHARS),
        notes=_text(raw, "notes", "notes", required=False, limit=MAX_INTRO_CHARS), order=order, source=source)


def _text(raw: dict[str, Any], key: str, what: str, *, required: bool = True, limit: int) -> str:
    value = raw.get(key, None if required else "")
    if value is None:
        raise WritingKindProblem(f"it has no {what} (\"{key}\")")
    if not isinstance(value, str):
        raise WritingKindProblem(f"its {what} should be text, not {type(value).__name__}")
    try:
        text = clean_text(value, f"its {what}", limit=limit)
    except UserInputError as exc:
        raise WritingKindProblem(exc.message) from None
    if required and not text.strip():
        raise WritingKindProblem(f"its {what} is empty")
    return text.strip()


def shipped_kinds() -> list[WritingKind]:
    """The kinds that come with KindAudio, in their order."""
    from kindaudio.common.paths import shipped

    return _read_folder(shipped("writing"), "shipped", strict=True)


def added_kinds(folder: Path) -> list[WritingKind]:
    """Kinds added from packs (kept in `folder`); one that no longer reads is skipped and logged."""
    return _read_folder(folder, "pack", strict=False)


def all_kinds(added_folder: Path | None = None) -> list[WritingKind]:
    """The shipped kinds, then those added from packs (an added kind never hides a shipped one)."""
    kinds = shipped_kinds()
    if added_folder is not None:
        taken = {kind.id for kind in kinds}
        kinds += [kind for kind in added_kinds(added_folder) if kind.id not in taken]
    return kinds


def find_kind(kind_id: str, added_folder: Path | None = None) -> WritingKind:
    kinds = all_kinds(added_folder)
    for kind in kinds:
        if kind.id == kind_id:
            return kind
    names = ", ".join(kind.id for kind in kinds)
    raise UserInputError(f"There is no kind of writing called {kind_id!r}.", hint=f"Choose one of: {names}.")


def _read_folder(folder: Path, source: str, *, strict: bool) -> list[WritingKind]:
    kinds: list[WritingKind] = []
    try:
        files = sorted(path for path in folder.iterdir() if path.suffix == SUFFIX)
    except FileNotFoundError:
        return []
    for path in files:
        try:
            kind = parse_writing_kind(path.read_bytes(), source)
        except (OSError, WritingKindProblem) as exc:
            if strict:
                raise
            log.warning("writing kind %s skipped: %s", path.name, exc)
            continue
        kinds.append(kind)
    kinds.sort(key=lambda kind: (kind.order, kind.title.casefold()))
    return kinds


def added_folder(data: Path) -> Path:
    """Where kinds added from packs are kept, inside the data folder `data` (beside the journal)."""
    return data / "writing"
