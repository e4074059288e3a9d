"""Copy the app's screenshots used by the AppStream metainfo here, made small.

    KINDAUDIO_SCREENSHOTS=/tmp/shots python -m pytest tests/e2e/test_whole_app.py
    python packaging/screenshots/shrink.py /tmp/shots

The whole-app test drives the real window on a 1280x720 Xvfb screen and saves
the X screen at each step; this keeps four of them, reduced to 256 colours
(Pillow, which fpdf2 already brings; no dithering, so text stays crisp), about
a third of their size. The metainfo names them by their published address
(kindaudio/data/desktop/org.kindaudio.KindAudio.metainfo.xml).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
CHOSEN = {"1-library": "library", "4-player": "player", "3-read-script": "read-script", "7-checkin": "checkin"}


def main(source: Path) -> int:
    for name, target_name in CHOSEN.items():
        with Image.open(source / f"{name}.png") as image:
            small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            target = HERE / f"{target_name}.png"
            small.save(target, optimize=True)
        print(f"{target.name}: {image.size[0]}x{image.size[1]}, {target.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
