"""Certificate benchmark (not a test): 200 certificates with signed QR codes to PDF, target ≤ 2 s;
verifying a certificate from a scan, target ≤ 0.5 s.

    python bench/certificates.py [--runs 5] [--count 200]

Each run is a fresh process that writes ``--count`` certificates to a PDF, timed from the moment
the certificate data is at hand (as in the app, where the database layer is loaded already) — cold
for reportlab: its import, the CJK font's registration and subsetting, and the writing all count. The floor, measured in the same way in the
same run, is a process that imports reportlab and writes the same number of pages holding one
line of Latin text in Helvetica — the cost of reportlab itself. Prints medians and the ratio, and
checks the CJK font is embedded (``pdffonts``) when poppler is installed.

Each certificate carries its QR code: the payload is signed (Ed25519) inside the timed part, as
``training_certificates.certificates`` does in the app. Then the first page is rendered at
200 dpi (``pdftoppm``, an A4 scan's resolution) and verified from that PNG in a process that has
the database open (as the GUI has): read the image, find and decode the QR code (zxing-cpp),
check the signature, look the number up — cold (first call, zxing-cpp and Pillow imported) and
warm (median of the following calls).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WRITE = r"""
import sys, time
from datetime import date, timedelta
from vcadre.services.training_certificates import CertificateData  # the data is at hand in the app
from vcadre.services.documents import certificate_code as cc
key = bytes.fromhex(sys.argv[3])
t0 = time.perf_counter()
from vcadre.reports.certificate import write_certificates
n = int(sys.argv[2])
start = date(2021, 9, 13)
certs = []
for i in range(n):
    number, name = f"织培〔2021〕004-{i + 1:04d}号", ["杨媛雪", "王建国", "阿依古丽·买买提", "陈文"][i % 4]
    masked = "520524" + "********" + f"{i:04d}"
    title, end = "2021年织金县村（社区）党组织书记培训班", start + timedelta(days=4)
    code = cc.make_code(cc.Claim(sys.argv[4], number, name, masked, title, start, end, end, 40.0), key) \
        if sys.argv[5] == "qr" else ""
    certs.append(CertificateData(number, name, masked, title, start, end, 40.0, "中共织金县委组织部", end, code))
write_certificates(certs, sys.argv[1])
print(time.perf_counter() - t0)
"""

FLOOR = r"""
import sys, time
t0 = time.perf_counter()
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
c = Canvas(sys.argv[1], pagesize=landscape(A4))
for i in range(int(sys.argv[2])):
    c.setFont("Helvetica", 20)
    c.drawString(100, 400, f"Certificate {i + 1} of the training course, 40 hours")
    c.showPage()
c.save()
print(time.perf_counter() - t0)
"""


def run(code: str, out: Path, count: int, *extra: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code, str(out), str(count), *extra], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return time.perf_counter() - t0, float(res.stdout.strip().splitlines()[-1])


VERIFY = r"""
import sys, time, statistics
from vcadre.store.db import open_database
from vcadre.services.documents import verification
db = open_database(sys.argv[1])
with db.session() as s:
    times = []
    for i in range(int(sys.argv[3])):
        t = time.perf_counter()
        (r,) = verification.verify_scan(s, sys.argv[2])
        times.append(time.perf_counter() - t)
        assert r.verdict == "valid", r.lines()
print(times[0], statistics.median(times[1:]))
"""


def site_db(folder: Path) -> tuple[Path, str, str]:
    """A database whose site signs the certificates: (path, private key hex, site id)."""
    from vcadre.services.documents.site_keys import ensure_local_key
    from vcadre.store.db import open_database
    from vcadre.store.models import Site

    path = folder / "site.db"
    db = open_database(path, create=True, site_name="县委组织部")
    site_id = ensure_local_key(db)
    with db.session() as s:
        key = bytes(s.get(Site, site_id).private_key).hex()
    db.close()
    return path, key, site_id


def _png_size(path: Path) -> tuple[int, int]:
    import struct

    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--count", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cert_pdf, floor_pdf = Path(tmp) / "certificates.pdf", Path(tmp) / "floor.pdf"
        db_path, key, site_id = site_db(Path(tmp))
        walls, inner, floors, plain = [], [], [], []
        for _ in range(args.runs):
            w, i = run(WRITE, cert_pdf, args.count, key, site_id, "qr")
            walls.append(w)
            inner.append(i)
            plain.append(run(WRITE, floor_pdf, args.count, key, site_id, "none")[1])
            floors.append(run(FLOOR, floor_pdf, args.count)[1])
        size = cert_pdf.stat().st_size
        fonts = ""
        verify = None
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", str(cert_pdf)], capture_output=True, text=True).stdout
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(cert_pdf),
                            str(Path(tmp) / "scan")], check=True)
            scan = next(Path(tmp).glob("scan*.png"))
            scan_size = _png_size(scan)
            res = subprocess.run([sys.executable, "-c", VERIFY, str(db_path), str(scan), "11"], capture_output=True,
                                 text=True, cwd=ROOT, check=True)
            verify = [float(x) for x in res.stdout.split()]
    med = statistics.median(inner)
    floor = statistics.median(floors)
    print(f"{args.count} certificates: median {med:.2f} s (reportlab import + font + write), "
          f"{statistics.median(walls):.2f} s whole process; {size / 1024:.0f} KB")
    print(f"floor (reportlab, Helvetica, same pages): median {floor:.2f} s; ratio {med / floor:.1f}×")
    print(f"the same certificates without QR codes: median {statistics.median(plain):.2f} s "
          f"(the codes — signing, encoding, drawing — cost {med - statistics.median(plain):.2f} s)")
    print(f"target ≤ 2 s: {'met' if med <= 2.0 else 'MISSED'}")
    if verify:
        print(f"verify from a 200-dpi A4 scan ({scan_size[0]}×{scan_size[1]} px): first {verify[0] * 1000:.0f} ms, "
              f"then median {verify[1] * 1000:.0f} ms; target ≤ 0.5 s: {'met' if max(verify) <= 0.5 else 'MISSED'}")
    if fonts:
        embedded = [line for line in fonts.splitlines()[2:] if line.split()[-5:-4] == ["yes"]]
        print("embedded fonts:", ", ".join(line.split()[0] for line in embedded) or "NONE")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
