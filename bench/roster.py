"""Roster benchmark (not a test): a 10,000-row 花名册 against a raw reportlab canvas floor.

    python bench/roster.py [--runs 5] [--rows 10000] [--db bench/.data/province.db]

Rows: the first ``--rows`` rows of the 后备干部 roster of the province demo database (opened
read-only; real names, codes, villages and wrapping mentors), built by ``build_roster`` from the
talent listing. Then, in the same run, medians of:

- floor: the same cell texts drawn straight on a reportlab canvas with ``drawString`` in the same
  font and size, at fixed positions (no measuring, no wrapping, no grid), ``showPage`` every 26 rows;
- engine: ``roster.write_pdf`` — widths measured, long cells wrapped, header on every page, grid,
  page numbers, signature line.

Targets (issue 7): engine ≤ 1.5 × floor and ≤ 4 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = ROOT / "bench" / ".data" / "province.db"  # relative to the checkout


def load_rows(db_path: Path, n: int):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from vcadre.reports.roster_kinds import build_roster
    from vcadre.services.listing import ListQuery

    engine = create_engine(f"sqlite+pysqlite:///file:{db_path}?mode=ro&uri=true")
    t0 = time.perf_counter()
    with Session(engine) as s:
        roster = build_roster(s, "talent", ListQuery(), unit="贵州省委组织部")
    build = time.perf_counter() - t0
    engine.dispose()
    roster.rows = roster.rows[:n]
    return roster, build


def floor(roster) -> float:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    from vcadre.reports.fonts import pdf_font
    from vcadre.reports.roster import BODY_SIZE, cell_text

    font = pdf_font()
    kinds = [c.kind for c in roster.columns]
    texts = [[str(i + 1)] + [cell_text(v, k) for v, k in zip(row, kinds)] for i, row in enumerate(roster.rows)]
    t0 = time.perf_counter()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=landscape(A4))
    c.setFont(font, BODY_SIZE)
    xs = [34 + 55 * i for i in range(len(texts[0]))]
    y = 540.0
    for row in texts:
        for x, text in zip(xs, row):
            if text:
                c.drawString(x, y, text)
        y -= 18.5
        if y < 60:
            c.showPage()
            c.setFont(font, BODY_SIZE)
            y = 540.0
    c.save()
    return time.perf_counter() - t0


def engine(roster, out: Path) -> tuple[float, int]:
    from vcadre.reports.roster import write_pdf

    t0 = time.perf_counter()
    pages = write_pdf(roster, out)
    return time.perf_counter() - t0, pages


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = ap.parse_args()
    from vcadre.reports.fonts import pdf_font

    pdf_font()  # registering the font (~0.6 s, once per process) is in neither figure
    roster, build = load_rows(args.db, args.rows)
    print(f"rows: {len(roster.rows):,} of the province talent roster (SQL + labels for all rows: {build:.2f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "roster.pdf"
        floor(roster), engine(roster, out)  # warm-up, not counted
        floors, engines = [], []
        pages = 0
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            floors.append(floor(roster))
            t, pages = engine(roster, out)
            engines.append(t)
        size = out.stat().st_size
    f, e = statistics.median(floors), statistics.median(engines)
    print(f"floor  (drawString per cell): median {f:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in floors)})")
    print(f"engine (roster.write_pdf):    median {e:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in engines)})"
          f"  → {pages} pages, {size / 1e6:.1f} MB")
    ok = e <= 1.5 * f and e <= 4.0
    print(f"ratio engine/floor: {e / f:.2f}  (target ≤ 1.5, and ≤ 4 s): {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
