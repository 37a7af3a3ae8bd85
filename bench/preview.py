"""Print preview of 314 certificates (not a test): first page time and peak memory, medians.

    python bench/preview.py [--db PATH] [--runs 3] [--count 314]

``--db`` (default: the county demo built in a temporary directory) is copied; the certificates
of ``--count`` trainees of its largest class are written to a PDF once (the background job's
part, timed as "write"). Then each run starts a fresh process that opens the preview dialog
offscreen and reports:

- floor: the same process's start with Qt and the PDF library imported (its RSS is the floor of
  memory);
- first page: from making ``PdfPreviewDialog`` to the first page painted;
- all pages: scrolling through every page to the end, one screen at a time;
- peak memory: the process's maximum resident set size at the end.

Targets (issue 17): first page ≤ 1 s, peak ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child(pdf: Path) -> None:
    t0 = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pypdfium2  # noqa: F401
    from vcadre.ui.app import install_font, make_app

    app = make_app()
    install_font(app)
    from vcadre.ui.pdf_preview import PdfPreviewDialog

    floor_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    floor = time.perf_counter() - t0
    t = time.perf_counter()
    dlg = PdfPreviewDialog(pdf, "证书")
    dlg.resize(900, 700)
    dlg.show()
    while dlg.pages.rendered == 0:
        app.processEvents()
    first = time.perf_counter() - t
    t = time.perf_counter()
    for page in range(1, dlg.page_count() + 1):
        dlg.show_page(page)
        app.processEvents()
    scroll = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"floor": floor, "first": first, "all": scroll, "pages": dlg.page_count(),
                      "rendered": dlg.pages.rendered, "floor_mb": floor_rss / 1024, "peak_mb": peak / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--count", type=int, default=314)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return

    from sqlalchemy import func, select

    from vcadre.reports.certificate import CertificateLayout, write_certificates
    from vcadre.services import training_certificates, training_settings
    from vcadre.services.demo import build_demo
    from vcadre.services.documents.site_keys import ensure_local_key
    from vcadre.store.db import open_database
    from vcadre.store.models import Enrolment

    work = Path(tempfile.mkdtemp(prefix="vcadre-bench-preview-"))
    path = work / "bench.db"
    if args.db:
        shutil.copyfile(args.db, path)
        db = open_database(path)
    else:
        db = open_database(path, create=True)
        build_demo(db, "county", seed=0)
    ensure_local_key(db)
    with db.session() as s:
        class_id = s.execute(select(Enrolment.session_id).where(Enrolment.certificate_no.is_not(None),
                                                                Enrolment.deleted.is_(False))
                             .group_by(Enrolment.session_id).order_by(func.count().desc()).limit(1)).scalar_one()
        ids = s.scalars(select(Enrolment.id).where(Enrolment.session_id == class_id,
                                                   Enrolment.certificate_no.is_not(None),
                                                   Enrolment.deleted.is_(False)).limit(args.count)).all()
        certs = training_certificates.certificates(s, class_id, list(ids))
        layout = CertificateLayout.from_settings(training_settings.load(s))
    pdf = work / "certificates.pdf"
    t = time.perf_counter()
    write_certificates(certs, pdf, layout=layout)
    write = time.perf_counter() - t
    db.close()
    results = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, __file__, "--child", str(pdf)], capture_output=True, text=True,
                             check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    print(f"Print preview of {int(med['pages'])} certificates ({pdf.stat().st_size / 1e6:.1f} MB PDF), "
          f"{args.runs} runs, medians (machine shared and loaded: load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores)")
    print(f"  write PDF (worker)   {write:8.2f} s")
    print(f"  floor (start + Qt)   {med['floor']:8.2f} s   {med['floor_mb']:7.0f} MB")
    print(f"  first page           {med['first']:8.2f} s   ×{med['first'] / med['floor']:.2f} floor"
          f"{'  ok ≤ 1 s' if med['first'] <= 1 else '  OVER 1 s'}")
    print(f"  every page scrolled  {med['all']:8.2f} s   ({int(med['rendered'])} pages rendered)")
    print(f"  peak memory                     {med['peak_mb']:7.0f} MB   ×{med['peak_mb'] / med['floor_mb']:.2f} floor"
          f"{'  ok ≤ 500 MB' if med['peak_mb'] <= 500 else '  OVER 500 MB'}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
