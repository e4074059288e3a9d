"""Build the folder app dist/kindaudio/ with PyInstaller (packaging/kindaudio.spec), unless it is up to date.

    python packaging/build_bundle.py            (what `make bundle` runs)
    python packaging/build_bundle.py --force    build even when up to date

Up to date means: built from the same KindAudio source files, spec and entry
point, by the same Python with the same installed packages, as the stamp in
build/ records. tests/test_bundle.py calls this too, so `make test` reuses a
bundle `make bundle` made, and the other way round. Prints the bundle's path
and size.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "kindaudio.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "kindaudio"
PROGRAM = BUNDLE / "kindaudio"
STAMP = ROOT / "build" / "kindaudio-bundle.stamp"
INPUTS = [SPEC, ROOT / "packaging" / "kindaudio_entry.py", Path(__file__).resolve()]


def fingerprint() -> str:
    """Changes whenever anything that goes into the bundle may have changed."""
    digest = hashlib.sha256(sys.version.encode())
    sources = sorted(path for path in (ROOT / "kindaudio").rglob("*")
                     if path.is_file() and "__pycache__" not in path.parts)
    for path in [*INPUTS, *sources]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    packages = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def up_to_date() -> bool:
    return PROGRAM.is_file() and STAMP.is_file() and STAMP.read_text().strip() == fingerprint()


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def build(force: bool = False) -> Path:
    """The bundle's folder, built now if needed; raises CalledProcessError when PyInstaller fails."""
    if force or not up_to_date():
        STAMP.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)], cwd=ROOT, check=True)
        STAMP.write_text(fingerprint() + "\n")
    return BUNDLE


def main() -> int:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller is not installed here: pip install -e '.[bundle]' (make bundle does)", file=sys.stderr)
        return 1
    fresh = not up_to_date() or "--force" in sys.argv
    try:
        folder = build(force="--force" in sys.argv)
    except subprocess.CalledProcessError as exc:
        print(f"PyInstaller failed (exit status {exc.returncode}); its messages are above", file=sys.stderr)
        return 1
    state = "built" if fresh else "up to date"
    print(f"{folder}: {state}, {size(folder) / 1e6:.0f} MB; run {PROGRAM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
