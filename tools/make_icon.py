#!/usr/bin/env python3
"""Draw the application icon: ``resources/icons/vcadre.png`` (256 px) and ``vcadre.ico``.

A red rounded square with a gold star and the character 村 in white, drawn with Pillow and the
bundled WenQuanYi Micro Hei, so the icon is reproducible from the repository alone:

    python tools/make_icon.py

The .ico holds 16, 20, 24, 32, 40, 48, 64, 128 and 256 px images (each drawn at its own size
from the 4× master, not one image shrunk by Windows), as Explorer, the taskbar and the Start menu
ask for different sizes. Both files are committed; rerun this after changing the drawing.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"

RED = (200, 16, 46, 255)
DARK_RED = (150, 10, 30, 255)
GOLD = (255, 206, 0, 255)
WHITE = (255, 255, 255, 255)
ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int) -> Image.Image:
    """The icon at ``size`` px, drawn 4× larger and downsampled (smooth edges)."""
    s = size * 4
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = s * 0.04
    d.rounded_rectangle((pad, pad, s - pad, s - pad), radius=s * 0.18, fill=DARK_RED)
    d.rounded_rectangle((pad, pad, s - pad, s - pad - s * 0.03), radius=s * 0.18, fill=RED)
    if size >= 32:
        d.polygon(_star(s * 0.22, s * 0.22, s * 0.11), fill=GOLD)
        font = ImageFont.truetype(str(FONT), int(s * 0.62), index=0)
        center = (s * 0.54, s * 0.56)
    else:  # tiny sizes: the character alone, as large as it fits
        font = ImageFont.truetype(str(FONT), int(s * 0.78), index=0)
        center = (s * 0.5, s * 0.5)
    d.text(center, "村", font=font, fill=WHITE, anchor="mm")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in ICO_SIZES}
    images[256].save(ICONS / "vcadre.png")
    # Pillow takes the sizes from the largest image unless the others are given explicitly.
    big = images[256]
    big.save(ICONS / "vcadre.ico", format="ICO", sizes=[(n, n) for n in ICO_SIZES],
             append_images=[images[n] for n in ICO_SIZES if n != 256])
    print(f"wrote {ICONS / 'vcadre.png'} and {ICONS / 'vcadre.ico'}")


if __name__ == "__main__":
    main()
