"""Which QR decoder reads certificate scans (not a test; how the choice in docs/documents.md was made).

    python bench/qr_decoders.py [--runs 3]

Writes one A4 certificate page with three codes (25, 30, 35 mm) holding a real signed payload,
renders it with ``pdftoppm`` at 72–300 dpi, makes a "bad scan" of each (3° rotation, blur, noise,
JPEG at quality 40), and times each decoder on each image: zxing-cpp (what vcadre uses), zbar via
``pyzbar`` and OpenCV's ``QRCodeDetector`` when they are installed (``pip install pyzbar
opencv-python-headless``; pyzbar needs Debian's ``libzbar0`` on Linux). Prints codes read / 3 and
the median time.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def page(out: Path) -> str:
    from reportlab.pdfgen.canvas import Canvas

    from vcadre.reports.qr import draw_qr, qr_code
    from vcadre.services.documents import certificate_code as cc
    from vcadre.services.documents.site_keys import new_key_pair

    text = cc.make_code(cc.Claim("0190f0e2-7c1a-7d5e-8b3a-1234567890ab", "织培〔2021〕004-0001号", "阿依古丽·买买提",
                                 "520524********123X", "2021年织金县村（社区）党组织书记培训班", date(2021, 9, 13),
                                 date(2021, 9, 17), date(2021, 9, 17), 40), new_key_pair()[0])
    c = Canvas(str(out), pagesize=(841.89, 595.28))
    for i, mm in enumerate((25, 30, 35)):
        draw_qr(c, qr_code(text), 60 + i * 240, 60, mm * 72 / 25.4)
    c.showPage()
    c.save()
    return text


def degrade(img):
    import numpy as np
    from PIL import Image, ImageFilter

    g = img.convert("L").rotate(3, expand=True, fillcolor=255, resample=Image.BICUBIC)
    g = g.filter(ImageFilter.GaussianBlur(0.8))
    a = np.asarray(g).astype(np.int16) + np.random.default_rng(0).normal(0, 18, g.size[::-1]).astype(np.int16)
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=40)
    return Image.open(io.BytesIO(buf.getvalue()))


def decoders() -> dict:
    out = {}
    import zxingcpp

    out["zxing-cpp"] = lambda img: [r.text for r in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)]
    try:
        from pyzbar import pyzbar

        out["zbar (pyzbar)"] = lambda img: [r.data.decode("ascii", "replace") for r in
                                            pyzbar.decode(img, symbols=[pyzbar.ZBarSymbol.QRCODE])]
    except Exception as exc:  # noqa: BLE001 - not installed, or no libzbar
        print(f"zbar (pyzbar): not available ({exc})")
    try:
        import cv2
        import numpy as np

        det = cv2.QRCodeDetector()

        def opencv(img):
            ok, texts, _pts, _ = det.detectAndDecodeMulti(np.asarray(img.convert("L")))
            return [t for t in texts if t] if ok else []

        out["OpenCV"] = opencv
    except Exception as exc:  # noqa: BLE001
        print(f"OpenCV: not available ({exc})")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm (poppler-utils) is needed")
    from PIL import Image

    funcs = decoders()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "qr.pdf"
        text = page(pdf)
        for dpi in (72, 100, 150, 200, 300):
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / f"p{dpi}")], check=True)
            base = Image.open(next(Path(tmp).glob(f"p{dpi}*.png"))).convert("L")
            for label, img in (("clean", base), ("bad scan", degrade(base))):
                cells = []
                for name, fn in funcs.items():
                    times, good = [], 0
                    for _ in range(args.runs):
                        t = time.perf_counter()
                        found = fn(img)
                        times.append(time.perf_counter() - t)
                        good = sum(1 for f in found if f == text)
                    cells.append(f"{name} {good}/3 {statistics.median(times) * 1000:5.0f} ms")
                print(f"{dpi:3d} dpi {label:8s}: " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
