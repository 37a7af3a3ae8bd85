"""QR codes on reportlab canvases (二维码).

The module matrix comes from zxing-cpp's encoder (C++): ~1 ms for a certificate's code, where
reportlab's own ``QrCodeWidget`` (pure Python) takes 20–35 ms — 4–7 s for a class of 200, past
the 2 s target on its own (measured; docs/documents.md). The drawing is what ``QrCodeWidget``
does: one filled rectangle per horizontal run of dark modules, with a quiet zone of 4 modules.
Error correction level M (15 %): a creased or stamped certificate still scans.
"""

from __future__ import annotations

from typing import Sequence

EC_LEVEL = "M"
QUIET_ZONE = 4


def qr_matrix(text: str, ec_level: str = EC_LEVEL) -> list[list[bool]]:
    """The code's modules, row by row (True = dark), without the quiet zone."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    rows, width = image.shape[:2]
    raw = memoryview(image).tobytes()  # one byte per module: 0 dark, 255 light
    assert len(raw) == rows * width
    return [[raw[r * width + c] < 128 for c in range(width)] for r in range(len(raw) // width)]


def draw_qr(canvas, matrix: Sequence[Sequence[bool]], x: float, y: float, size: float,
            quiet_zone: int = QUIET_ZONE) -> None:
    """Draw ``matrix`` with its lower-left corner (quiet zone included) at (x, y), ``size`` wide."""
    n = len(matrix)
    module = size / (n + 2 * quiet_zone)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + quiet_zone + 1) * module
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(x + (start + quiet_zone) * module, top, (c - start) * module, module)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
