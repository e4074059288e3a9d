"""Render the app icon (kindaudio/data/icons/kindaudio.svg) to the PNG sizes desktops look for.

    python packaging/render_icons.py           write kindaudio/data/desktop/hicolor/<N>x<N>/apps/*.png
    python packaging/render_icons.py --check   exit 1 if a committed PNG differs from a fresh render

The PNGs are committed rather than made at install time because
`kindaudio install-desktop` lives in kindaudio/desktop, which never loads Qt
(it must work in a terminal with no screen and start fast), and a distribution
packaging KindAudio wants plain files too. This script is the one way they are
made, and tests/desktop/test_icons.py runs it with --check, so they never drift
from the SVG. Run it with the project's Python (it needs PySide6's QtSvg).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "kindaudio" / "data" / "icons" / "kindaudio.svg"
HICOLOR = ROOT / "kindaudio" / "data" / "desktop" / "hicolor"
APP_ID = "org.kindaudio.KindAudio"  # kindaudio.common.paths.APP_ID
# The hicolor sizes the freedesktop icon theme spec and the desktops in use look up.
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Largest difference allowed per colour channel between a committed PNG and a fresh render
# (another Qt version may antialias an edge a shade differently; a changed SVG differs by far more).
TOLERANCE = 6


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at size×size, on a transparent ground."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest per-channel difference between two images of one size (256 when the sizes differ)."""
    if a.size() != b.size():
        return 256
    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    first, second = bytes(a.constBits()), bytes(b.constBits())  # type: ignore[call-overload]
    return max((abs(x - y) for x, y in zip(first, second)), default=0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed PNGs; write nothing")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a readable SVG", file=sys.stderr)
        return 1
    stale = []
    for size in SIZES:
        image, target = render(renderer, size), png_path(size)
        if args.check:
            committed = QImage(str(target))
            difference = largest_difference(image, committed) if not committed.isNull() else 256
            if difference > TOLERANCE:
                stale.append(f"{target.relative_to(ROOT)} (differs by up to {difference})")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG", 0):  # quality 0: the smallest file (PNG is lossless)
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(f"{target.relative_to(ROOT)}  {target.stat().st_size} bytes")
    if stale:
        print("These icons are not a render of kindaudio.svg; run python packaging/render_icons.py:\n  "
              + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
