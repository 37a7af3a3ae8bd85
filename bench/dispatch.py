"""驻村 benchmarks (not a test): medians of the alerts, the month sheet, the summaries and a
township's rotation, with the ratio to a floor measured in the same run (raw sqlite3 counting the
on-post postings of the same scope).

    python bench/dispatch.py --db PATH [--runs 5]

The database is opened read-only for the queries; the rotation runs on a copy under a temporary
directory and is rolled back. Try it on ``bench/.data/county.db`` and ``province.db``.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-rotation", action="store_true", help="skip the rotation (it copies the file)")
    args = parser.parse_args(argv)

    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from vcadre.services import dispatch_alerts, dispatch_days, dispatch_rotation
    from vcadre.store.models import Dispatch, Region

    uri = f"file:{args.db.resolve()}?mode=ro"
    engine = create_engine(f"sqlite:///{uri}&uri=true")
    raw = sqlite3.connect(uri, uri=True)
    today = date.today()
    month = dispatch_days.last_full_month(today)
    with Session(engine) as s:
        county = s.scalars(select(Region.id).where(Region.level == "county").limit(1)).first()
        township = s.scalars(select(Region.id).where(Region.level == "township", Region.parent_id == county)
                             .order_by(Region.code).limit(1)).first()
        print(f"database: {args.db} ({s.scalar(select(func.count()).select_from(Dispatch))} postings)")
        floor = median_time(lambda: raw.execute(
            "SELECT count(*) FROM dispatch d JOIN region v ON v.id = d.village_id "
            "JOIN region t ON t.id = v.parent_id WHERE d.status = 'on_post' AND t.parent_id = ?",
            (county,)).fetchone(), args.runs)
        print(f"floor (raw count of a county's on-post postings): {floor * 1000:.1f} ms")
        cases = {
            "alerts, whole database": lambda: dispatch_alerts.compute(s, today=today),
            "alerts, one county": lambda: dispatch_alerts.compute(s, today=today, region_id=county),
            "alerts, one township": lambda: dispatch_alerts.compute(s, today=today, region_id=township),
            "month sheet, one county": lambda: dispatch_days.month_sheet(s, month, county),
            "month sheet, one township": lambda: dispatch_days.month_sheet(s, month, township),
            "township summary of a year, one county": lambda: dispatch_days.township_summary(
                s, date(month.year, 1, 1), month, 20, county),
            "villages and postings for the wizard, one county": lambda: dispatch_rotation.village_slots(s, county),
        }
        for name, fn in cases.items():
            t = median_time(fn, args.runs)
            print(f"{name:50s} {t * 1000:8.1f} ms  ×{t / floor:6.1f}")

    if not args.no_rotation:
        from vcadre.services.dispatch_rotation import RotationPlan, Successor
        from vcadre.store.db import open_database

        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "copy.db"
            src = sqlite3.connect(uri, uri=True)
            dst = sqlite3.connect(copy)
            src.backup(dst)  # the SQLite backup API, never a file copy of a live database
            dst.close()
            db = open_database(copy)
            with db.session() as s:
                rows = dispatch_rotation.on_post(s, township)
                plan = RotationPlan(batch_name="基准轮换", batch_date=date(today.year + 1, 6, 20),
                                    ending=[d.id for d in rows],
                                    successors=[Successor(d.village_id, role=d.role, name=f"接任{i}", unit="县委办")
                                                for i, d in enumerate(rows)])

            def rotate() -> None:
                with db.session() as s:
                    s.begin()
                    dispatch_rotation.rotate(s, plan, today=today)
                    s.rollback()

            t = median_time(rotate, args.runs)
            print(f"{'rotation of one township (' + str(len(rows)) + ' postings), rolled back':50s} "
                  f"{t * 1000:8.1f} ms  ×{t / floor:6.1f}")
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
