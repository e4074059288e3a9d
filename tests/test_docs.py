"""The documents a newcomer reads point at things that exist.

docs/ARCHITECTURE.md and the README name files and folders, and code comments
send the reader to sections of docs/ARCHITECTURE.md. When code moves, these
tests say which sentence to mend, so the map never sends anyone to a file or a
section that is gone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kindaudio

REPO = Path(kindaudio.__file__).parent.parent
DOCUMENTS = ("README.md", "docs/ARCHITECTURE.md")
# `kindaudio/audio/mixing/timeline.py`, `tts/pool.py`, `kindaudio/ui/pages/` — a file or folder in backquotes.
NAMED_PATH = re.compile(r"`((?:[\w.-]+/)+[\w.-]*)`|`([\w-]+/[\w./-]*\.(?:py|md|json|qss|toml))`")
# docs/ARCHITECTURE.md, "Fitting a length"
REPO_FOLDERS = ("kindaudio", "tests", "docs", "packaging")
SOURCE_SUFFIXES = (".py", ".md", ".json", ".qss", ".toml")
CITED_SECTION = re.compile(r"docs/(\w+\.md), [\"']([^\"']+)[\"']")


def _repository_paths() -> set[str]:
    paths = set()
    for path in REPO.rglob("*"):
        if any(part.startswith(".") or part in ("__pycache__", "build", "dist") for part in path.relative_to(REPO).parts):
            continue
        relative = path.relative_to(REPO).as_posix()
        paths.add(relative)
        if path.is_dir():
            paths.add(relative + "/")
    return paths


def _named_paths(document: str) -> list[str]:
    """The repository's files and folders a document names (not the user's folders, like `backups/`)."""
    text = (REPO / document).read_text(encoding="utf-8")
    names = [a or b for a, b in NAMED_PATH.findall(text)]
    return [name for name in names if name.split("/")[0] in REPO_FOLDERS or name.endswith(SOURCE_SUFFIXES)]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_file_or_folder_a_document_names_exists(document: str) -> None:
    names = _named_paths(document)
    assert names, f"{document} names no files: the pattern above no longer matches how it names them"
    existing = _repository_paths()
    missing = [name for name in names
               if not any(path == name or path.endswith("/" + name) for path in existing)]
    assert missing == []


def test_every_section_the_code_cites_is_in_the_document() -> None:
    citations = []
    for folder in ("kindaudio", "tests"):
        for path in sorted((REPO / folder).rglob("*.py")):
            citations += [(path.relative_to(REPO).as_posix(), doc, section)
                          for doc, section in CITED_SECTION.findall(path.read_text(encoding="utf-8"))]
    assert citations, "no code cites a section: the pattern above no longer matches how code cites them"
    headings = {}
    for _, doc, _ in citations:
        text = (REPO / "docs" / doc).read_text(encoding="utf-8")
        headings[doc] = {line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")}
    unknown = [(where, doc, section) for where, doc, section in citations if section not in headings[doc]]
    assert unknown == []


def test_no_code_cites_a_design_document_that_is_not_in_the_repository() -> None:
    cited = {match for folder in ("kindaudio", "tests") for path in (REPO / folder).rglob("*.py")
             for match in re.findall(r"\b([A-Z]+\.md)\b", path.read_text(encoding="utf-8"))}
    shipped = {path.name for path in REPO.rglob("*.md") if ".venv" not in path.parts}
    assert cited - shipped == set()
