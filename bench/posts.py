"""One-shoulder benchmarks (not a test): medians, and ratios to floors measured in the same run.

    python bench/posts.py [--db PATH | --source PATH] [--runs 5]

``--db`` defaults to a copy of ``bench/.data/province.db`` (made with the SQLite backup API in a
temporary directory, because opening it migrates it; the original is never written). Measures,
through the services:

1. ``posts_rates.rates`` (one-shoulder villages per township, one aggregate query) against the
   floor of raw sqlite3 counting the live villages per township (the same joins, no EXISTS);
2. ``posts_rates.timeline`` (all one-shoulder periods, merged and summed in Python);
3. the 一肩挑 list (count + first page of 200, and sorted by "since") for the whole database and
   for one township, against raw sqlite3 selecting the first 200 villages.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_of(runs: int, fn) -> float:
    fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database to measure in place (it may be migrated)")
    parser.add_argument("--source", type=Path, default=ROOT / "bench" / ".data" / "province.db",
                        help="database copied to a temporary file when --db is not given")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="vcadre-bench-posts-")
    path = args.db
    if path is None:
        src = args.source.resolve()
        path = Path(tmp.name) / "province.db"
        t = time.perf_counter()
        with sqlite3.connect(f"{src.as_uri()}?mode=ro", uri=True) as a, sqlite3.connect(path) as b:
            a.backup(b)
        print(f"copied {src.name} in {time.perf_counter() - t:.1f} s")

    from sqlalchemy import select

    from vcadre.services import posts_rates
    from vcadre.services.listing import ListQuery
    from vcadre.services.posts import PostsListing
    from vcadre.store.db import open_database
    from vcadre.store.models import Region

    db = open_database(path)
    raw = sqlite3.connect(path)
    with db.session() as s:
        township = s.scalar(select(Region.id).where(Region.level == "township").order_by(Region.code).limit(1))
        n = posts_rates.rates(s)
    print(f"{path.name}: {n.villages:,} villages, {len(n.townships):,} townships, one-shoulder {n.one_shoulder:,}")
    floor_sql = ("SELECT t.id, count(v.id) FROM region t JOIN region v ON v.parent_id = t.id "
                 "WHERE t.level = 'township' AND t.deleted = 0 AND v.level = 'village' AND v.deleted = 0 "
                 "GROUP BY t.id")
    page_sql = ("SELECT v.id, t.name, v.name FROM region v JOIN region t ON v.parent_id = t.id "
                "WHERE v.level = 'village' AND v.deleted = 0 ORDER BY v.code LIMIT 200")

    def service(fn):
        def run():
            with db.session() as s:
                fn(s)
        return run

    listing = PostsListing()
    cases = [
        ("rates by township (all)", service(lambda s: posts_rates.rates(s)),
         lambda: raw.execute(floor_sql).fetchall()),
        ("timeline (all)", service(lambda s: posts_rates.timeline(s)),
         lambda: raw.execute(floor_sql).fetchall()),
        ("list: count + first page (all)",
         service(lambda s: (listing.count(s, ListQuery()), listing.page(s, ListQuery(), 0, 200))),
         lambda: raw.execute(page_sql).fetchall()),
        ("list: sorted by since (all)",
         service(lambda s: listing.page(s, ListQuery(order_by="since"), 0, 200)),
         lambda: raw.execute(page_sql).fetchall()),
        ("list: one township, count + page",
         service(lambda s: (listing.count(s, ListQuery(region_id=township)),
                            listing.page(s, ListQuery(region_id=township), 0, 200))),
         lambda: raw.execute(page_sql).fetchall()),
    ]
    print(f"\nmedian of {args.runs}")
    for name, fn, floor in cases:
        f, t = median_of(args.runs, floor), median_of(args.runs, fn)
        print(f"  {name:<36} {t * 1000:8.0f} ms   floor {f * 1000:6.0f} ms   {t / f:6.1f}× floor")
    db.close()
    raw.close()


if __name__ == "__main__":
    main()
