"""Team-structure report benchmarks (not a test): medians, and ratios to a floor measured in the
same run.

    python bench/structure.py [--db PATH | --source PATH] [--runs 5] [--as-of DATE] [--compare DATE]

``--db`` measures a database in place (it may be migrated); otherwise ``--source`` (default
``/work/data/province.db``, else ``bench/.data/province.db``) is copied with the SQLite backup
API to a temporary file first. Measures, through the services:

1. ``structure.report.build`` for one day (three tables and the targets, whole database);
2. ``structure.compare.compare`` (two days: the report twice, paired);
3. the writers: Excel and PDF of the one-day report;

against the floor of raw sqlite3 fetching the live “两委” posts of that day with their holders'
fields (the same joins and conditions; no Python aggregation). Targets (issue 20): one day
≤ 2 s, two days ≤ 4 s at province scale (16,000 villages).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR_SQL = """
SELECT t.id, p.village_id, p.person_id, p.post, x.gender, x.ethnicity, x.birth_date, x.education,
       x.education_inservice, x.political_status
FROM village_post p JOIN person x ON x.id = p.person_id
JOIN region v ON v.id = p.village_id JOIN region t ON t.id = v.parent_id
WHERE p.post IN ('committee_member', 'deputy_director', 'deputy_secretary', 'director', 'party_committee',
                 'secretary')
  AND p.deleted = 0 AND p.start_date <= :d AND (p.end_date IS NULL OR p.end_date >= :d)
  AND x.deleted = 0 AND v.deleted = 0 AND v.level = 'village' AND t.deleted = 0
"""


CPU: dict[str, float] = {}


def median_of(runs: int, fn, name: str = "") -> float:
    """Median wall time of ``runs`` calls (after one warm-up); the median CPU time of this process
    goes to ``CPU[name]`` (SQLite runs in-process): on a loaded machine it says what an idle one
    would take."""
    fn()
    out, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU[name] = statistics.median(cpu)
    return statistics.median(out)


def main() -> None:
    default_source = Path("/work/data/province.db")
    if not default_source.exists():
        default_source = ROOT / "bench" / ".data" / "province.db"
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database to measure in place (it may be migrated)")
    parser.add_argument("--source", type=Path, default=default_source)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default="2021-09-14")
    parser.add_argument("--compare", default="2021-01-01")
    parser.add_argument("--no-writers", action="store_true")
    args = parser.parse_args()
    as_of, before = date.fromisoformat(args.as_of), date.fromisoformat(args.compare)
    tmp = tempfile.TemporaryDirectory(prefix="vcadre-bench-structure-")
    path = args.db
    if path is None:
        src = args.source.resolve()
        path = Path(tmp.name) / "province.db"
        t = time.perf_counter()
        with sqlite3.connect(f"{src.as_uri()}?mode=ro", uri=True) as a, sqlite3.connect(path) as b:
            a.backup(b)
        print(f"copied {src.name} in {time.perf_counter() - t:.1f} s")

    from vcadre.services.structure import compare, report
    from vcadre.store.db import open_database

    db = open_database(path)
    with sqlite3.connect(path) as con:
        villages = con.execute("SELECT COUNT(*) FROM region WHERE level = 'village' AND deleted = 0").fetchone()[0]
        rows = len(con.execute(FLOOR_SQL, {"d": as_of.isoformat()}).fetchall())
    print(f"{villages:,} villages, {rows:,} live “两委” posts on {as_of}; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

    def floor() -> None:
        with sqlite3.connect(path) as con:
            con.execute(FLOOR_SQL, {"d": as_of.isoformat()}).fetchall()

    def one_day() -> None:
        with db.session() as s:
            report.build(s, as_of)

    def two_days() -> None:
        with db.session() as s:
            compare.compare(s, before, as_of)

    f = median_of(args.runs, floor, "floor")
    one = median_of(args.runs, one_day, "one")
    two = median_of(args.runs, two_days, "two")
    print("median wall (median CPU of this process)")
    print(f"floor: raw sqlite3 fetch of the day's posts   {f * 1000:7.0f} ms ({CPU['floor'] * 1000:5.0f} ms)")
    print(f"report, one day ({as_of})              {one * 1000:7.0f} ms ({CPU['one'] * 1000:5.0f} ms)"
          f"  ×{one / f:.1f} floor  target ≤ 2000 ms: {'OK' if one <= 2 else 'MISSED'}")
    print(f"comparison ({before} / {as_of})     {two * 1000:7.0f} ms ({CPU['two'] * 1000:5.0f} ms)"
          f"  ×{two / f:.1f} floor  target ≤ 4000 ms: {'OK' if two <= 4 else 'MISSED'}")
    if not args.no_writers:
        from vcadre.reports import structure as writer

        with db.session() as s:
            rep = report.build(s, as_of)
        sheets = writer.report_sheets(rep)
        out = Path(tmp.name)
        xl = median_of(max(1, args.runs // 2), lambda: writer.write_xlsx(sheets, out / "s.xlsx"))
        pdf = median_of(max(1, args.runs // 2), lambda: writer.write_pdf(sheets, out / "s.pdf"))
        print(f"Excel of the one-day report                      {xl * 1000:8.0f} ms")
        print(f"PDF of the one-day report                        {pdf * 1000:8.0f} ms")
    db.close()


if __name__ == "__main__":
    main()
