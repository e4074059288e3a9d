"""The core stays free of Qt: script, audio, journal and pack never import it.

Checked twice: statically (no import statement anywhere in their source, even
inside a function) and dynamically (importing every core module loads no Qt).
The speech worker's modules must also stay light, so workers start fast, and
the foundation, script and journal packages hold no circle of imports.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

import kindaudio

PACKAGE = Path(kindaudio.__file__).parent
CORE = ("common", "script", "audio", "journal", "pack", "desktop")
QT_ROOTS = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "kindaudio.ui")


def _core_modules() -> list[Path]:
    return sorted(p for core in CORE if (PACKAGE / core).is_dir() for p in (PACKAGE / core).rglob("*.py"))


def _imported_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_there_are_core_modules_to_check() -> None:
    assert len(_core_modules()) > 20


def test_no_core_module_mentions_qt_in_an_import() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): name
        for path in _core_modules()
        for name in _imported_names(path)
        if name.split(".")[0] in QT_ROOTS or name.startswith("kindaudio.ui")
    }
    assert offenders == {}


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [_module_name(p) for p in _core_modules()]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {QT_ROOTS!r})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_speech_worker_imports_neither_numpy_nor_scipy() -> None:
    code = (
        "import sys\n"
        "import kindaudio.audio.tts.pool, kindaudio.audio.tts.pyttsx3_engine\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_only_the_ui_package_imports_qt() -> None:
    """Outside kindaudio/ui no module names Qt; the command line reaches the window only through ui.app."""
    ui = PACKAGE / "ui"
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if ui not in p.parents]
    qt = {str(p.relative_to(PACKAGE)): name for p in outside for name in _imported_names(p)
          if name.split(".")[0] in QT_ROOTS[:-1]}
    assert qt == {}
    into_ui = {(str(p.relative_to(PACKAGE)), name) for p in outside for name in _imported_names(p)
               if name.startswith("kindaudio.ui")}
    assert into_ui == {("cli/window.py", "kindaudio.ui.app")}


def test_the_ui_package_has_qt_in_it() -> None:
    """The check above would pass vacuously if the window were elsewhere."""
    assert "PySide6.QtWidgets" in _imported_names(PACKAGE / "ui" / "main_window.py")


REPO = PACKAGE.parent


def test_the_import_contracts_in_pyproject_hold() -> None:
    """The layers written as import-linter contracts (pyproject.toml, [tool.importlinter]): the foundation
    at the bottom, script, then audio and journal side by side, packs, and the window and command line on
    top; only the window imports Qt; speech workers start without numpy or scipy; rendering and playing never
    import the microphone's side.

    Import-linter follows every import, inside functions too, and through other modules.
    """
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache", "--no-logo"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "BROKEN" not in result.stdout
    assert result.stdout.count("KEPT") >= 4


def _import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a circle (Tarjan's algorithm).

    Each group is a strongly connected component of the import graph with more than one module;
    grimp's graph holds every import, those inside functions and under TYPE_CHECKING too.
    """
    order: dict[str, int] = {}
    reach: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = reach[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in order:
                visit(imported)
                reach[module] = min(reach[module], reach[imported])
            elif imported in on_stack:
                reach[module] = min(reach[module], order[imported])
        if reach[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return cycles


def test_the_cycle_finder_finds_a_circle_and_nothing_else() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d"), ("p.e", "p.d")):
        graph.add_import(importer=importer, imported=imported)
    assert _import_cycles(graph) == [["p.a", "p.b", "p.c"]]


def test_no_module_is_part_of_an_import_cycle() -> None:
    """A circle of imports makes modules that can only be read, tested and moved together."""
    graph = grimp.build_graph("kindaudio", cache_dir=None)
    assert len(graph.modules) > 100  # the whole package, not an empty graph
    assert _import_cycles(graph) == []
