"""Certificate benchmark (not a test): 200 certificates to PDF, target ≤ 2 s.

    python bench/certificates.py [--runs 5] [--count 200]

Each run is a fresh process that writes ``--count`` certificates to a PDF, timed from the moment
the certificate data is at hand (as in the app, where the database layer is loaded already) — cold
for reportlab: its import, the CJK font's registration and subsetting, and the writing all count. The floor, measured in the same way in the
same run, is a process that imports reportlab and writes the same number of pages holding one
line of Latin text in Helvetica — the cost of reportlab itself. Prints medians and the ratio, and
checks the CJK font is embedded (``pdffonts``) when poppler is installed.
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
t0 = time.perf_counter()
from vcadre.reports.certificate import write_certificates
n = int(sys.argv[2])
start = date(2021, 9, 13)
certs = [CertificateData(f"织培〔2021〕004-{i + 1:04d}号", ["杨媛雪", "王建国", "阿依古丽·买买提", "陈文"][i % 4],
                         f"520524{19700101 + i:08d}{i % 1000:03d}X"[:6] + "********" + f"{i:04d}",
                         "2021年织金县村（社区）党组织书记培训班", start, start + timedelta(days=4), 40.0,
                         "中共织金县委组织部", start + timedelta(days=4)) for i in range(n)]
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


def run(code: str, out: Path, count: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code, str(out), str(count)], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return time.perf_counter() - t0, float(res.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--count", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cert_pdf, floor_pdf = Path(tmp) / "certificates.pdf", Path(tmp) / "floor.pdf"
        walls, inner, floors = [], [], []
        for _ in range(args.runs):
            w, i = run(WRITE, cert_pdf, args.count)
            walls.append(w)
            inner.append(i)
            floors.append(run(FLOOR, floor_pdf, args.count)[1])
        size = cert_pdf.stat().st_size
        fonts = ""
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", str(cert_pdf)], capture_output=True, text=True).stdout
    med = statistics.median(inner)
    floor = statistics.median(floors)
    print(f"{args.count} certificates: median {med:.2f} s (reportlab import + font + write), "
          f"{statistics.median(walls):.2f} s whole process; {size / 1024:.0f} KB")
    print(f"floor (reportlab, Helvetica, same pages): median {floor:.2f} s; ratio {med / floor:.1f}×")
    print(f"target ≤ 2 s: {'met' if med <= 2.0 else 'MISSED'}")
    if fonts:
        embedded = [line for line in fonts.splitlines()[2:] if line.split()[-5:-4] == ["yes"]]
        print("embedded fonts:", ", ".join(line.split()[0] for line in embedded) or "NONE")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
