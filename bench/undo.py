"""Undo and recycle-bin benchmarks (not a test): medians, and ratios to a floor measured in the same
run.

    python bench/undo.py [--db PATH] [--runs 3]

``--db`` is copied first (never written); without it the county demo is built in a temporary
directory. Measures, through the services:

1. saving a whole county's 年度考核 sheet (every live entry in the pool, one transaction) — the
   floor — then undoing it (``undo.undo``: the same rows written back through the ORM, the
   change-log checks and the rules) and redoing it;
2. the recycle bin's count and first page of 200 (``TrashListing``) after that county's classes
   of one year were deleted, with their trainees and sign-ins.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from sqlalchemy import select

    from vcadre import clock
    from vcadre.services import talent_review, training, undo
    from vcadre.services.demo import build_demo
    from vcadre.services.listing import ListQuery
    from vcadre.services.undo import TrashListing
    from vcadre.store.db import open_database
    from vcadre.store.models import ReserveEntry, TrainingSession

    work = Path(tempfile.mkdtemp(prefix="vcadre-bench-undo-"))
    path = work / "bench.db"
    if args.db:
        shutil.copyfile(args.db, path)
        db = open_database(path)
    else:
        db = open_database(path, create=True)
        build_demo(db, "county", seed=0)
    year = clock.today().year
    with db.session() as s:
        ids = s.scalars(select(ReserveEntry.id).where(
            ReserveEntry.deleted.is_(False), ReserveEntry.status.in_(("active", "inspecting")))).all()
    times: dict[str, list[float]] = {"save": [], "undo": [], "redo": []}
    for i in range(args.runs):
        t = time.perf_counter()
        with db.session() as s, s.begin():
            talent_review.record(s, year, {e: ("excellent", "competent", "basic")[i % 3] for e in ids})
        times["save"].append(time.perf_counter() - t)
        t = time.perf_counter()
        with db.session() as s, s.begin():
            undo.undo(s)
        times["undo"].append(time.perf_counter() - t)
        t = time.perf_counter()
        with db.session() as s, s.begin():
            undo.redo(s)
        times["redo"].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"年度考核 sheet of {len(ids):,} entries, median of {args.runs}:")
    print(f"  save (floor) {med['save']:.2f} s   undo {med['undo']:.2f} s = {med['undo'] / med['save']:.2f}x"
          f"   redo {med['redo']:.2f} s = {med['redo'] / med['save']:.2f}x")

    with db.session() as s:
        classes = s.scalars(select(TrainingSession.id).where(TrainingSession.year == year - 1)).all()
    for cid in classes:
        with db.session() as s, s.begin():
            training.delete(s, cid)
    listing = TrashListing()
    samples = []
    for _ in range(max(args.runs, 3)):
        t = time.perf_counter()
        with db.session() as s:
            total = listing.count(s, ListQuery())
            listing.page(s, ListQuery(), 0, 200)
        samples.append(time.perf_counter() - t)
    print(f"recycle bin: {total:,} deleted rows; count + first page of 200: "
          f"{statistics.median(samples) * 1000:.0f} ms (median; the first run compiles the query)")
    db.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
