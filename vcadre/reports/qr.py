"""QR codes on reportlab canvases (二维码).

The module matrix comes from zxing-cpp's encoder (C++): ~1 ms for a certificate's code, where
reportlab's own ``QrCodeWidget`` (pure Python) takes 20–35 ms — 4–7 s for a class of 200, past
the 2 s target on its own (measured; docs/documents.md). The drawing is what ``QrCodeWidget``
does — one filled rectangle per horizontal run of dark modules, a quiet zone of 4 modules — but
written as PDF path operators in module units under one transformation (``Canvas.addLiteral``),
small integers instead of formatted floats: a page's code is ~6 KB of content instead of ~20,
and 200 pages draw in a tenth of the time. Error correction level M (15 %): a creased or
stamped certificate still scans.
"""

from __future__ import annotations

import re
from typing import NamedTuple

EC_LEVEL = "M"
QUIET_ZONE = 4
_DARK = re.compile(rb"\x00+")


class QrCode(NamedTuple):
    size: int  #: modules per side, without the quiet zone
    runs: list[tuple[int, int, int]]  #: (row, first column, length) of each horizontal dark run

    def matrix(self) -> list[list[bool]]:
        m = [[False] * self.size for _ in range(self.size)]
        for r, c, n in self.runs:
            m[r][c:c + n] = [True] * n
        return m


def qr_code(text: str, ec_level: str = EC_LEVEL) -> QrCode:
    """Encode ``text`` (zxing-cpp picks the mode: alphanumeric for base45 text)."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    rows, width = image.shape[:2]
    raw = memoryview(image).tobytes()  # one byte per module: 0 dark, 255 light
    runs = [(r, m.start(), m.end() - m.start())
            for r in range(rows) for m in _DARK.finditer(raw, r * width, (r + 1) * width)]
    return QrCode(width, [(r, c - r * width, n) for r, c, n in runs])


def qr_matrix(text: str, ec_level: str = EC_LEVEL) -> list[list[bool]]:
    """The code's modules, row by row (True = dark), without the quiet zone."""
    return qr_code(text, ec_level).matrix()


def draw_qr(canvas, code: QrCode, x: float, y: float, size: float, quiet_zone: int = QUIET_ZONE) -> None:
    """Draw ``code`` with its lower-left corner (quiet zone included) at (x, y), ``size`` wide."""
    total = code.size + 2 * quiet_zone
    module = size / total
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # Module units, origin at the top-left module of the quiet zone, rows counting down.
    canvas.transform(module, 0, 0, -module, x, y + size)
    ops = " ".join(f"{c + quiet_zone} {r + quiet_zone} {n} 1 re" for r, c, n in code.runs)
    canvas.addLiteral(ops + " f")
    canvas.restoreState()
