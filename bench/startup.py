"""Start-up and query benchmarks (not a test): prints medians and ratios to floors measured in
the same run.

    python bench/startup.py [--runs 7] [--dir bench/.data] [--skip-province]

1. Process start → window, for a county and a province database, against a bare PySide6
   QMainWindow (the floor). vcadre is started with VCADRE_BENCH_READY=1, which makes it print
   a line at three moments: the window is on screen and answers input (``VCADRE_SHOWN``; the
   data layer is still loading behind it, see ``vcadre/ui/preload.py``); the database is open
   with its tabs and region tree in place (``VCADRE_READY``); the 概览 figures, counted on a
   worker, are shown (``VCADRE_FIGURES``), and then it quits.
2. First page and township filter of the 后备干部 list at province scale, through the service
   layer (SQLAlchemy), against raw sqlite3 running the same SQL.

The demo databases are built on first use (province: a few minutes) and kept in ``--dir``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_QT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("floor")); w.resize(1200, 800); w.show()
def ready():
    print("VCADRE_READY", flush=True); app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


MOMENTS = ("VCADRE_SHOWN", "VCADRE_READY", "VCADRE_FIGURES")


def timed_start(cmd: list[str], env: dict[str, str], moments=("VCADRE_READY",)) -> dict[str, float]:
    """Seconds from process start to each of ``moments`` (lines the process prints)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    seen: dict[str, float] = {}
    for line in proc.stdout:
        if line.strip() in moments:
            seen[line.strip()] = time.perf_counter() - t0
        if len(seen) == len(moments):
            break
    if len(seen) != len(moments):
        raise RuntimeError(f"missing {set(moments) - set(seen)} from {cmd}: {proc.stderr.read()[-2000:]}")
    proc.wait(timeout=60)
    return seen


def median_of(runs: int, fn) -> float:
    fn()  # warm the OS file cache; not counted
    return statistics.median(fn() for _ in range(runs))


def ensure_demo(path: Path, scale: str) -> Path:
    if not path.exists():
        print(f"building {scale} demo database at {path} …", flush=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vcadre", "demo", "--db", str(path), "--scale", scale,
                        "--quiet"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"  built in {time.perf_counter() - t0:.1f} s")
    return path


def bench_startup(dbs: dict[str, Path], runs: int) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               VCADRE_BENCH_READY="1", PYTHONPATH=str(ROOT))
    env["VCADRE_DATA_DIR"] = str(dbs["county"].parent / "userdata")
    floor_cmd = [sys.executable, "-c", BARE_QT]
    targets = {"county": 3.0, "province": 3.5}
    # Interleaved (floor, county, province, floor, …) so that load on this shared machine hits
    # every figure alike; the first round only warms the file cache.
    runs_of: dict[str, list[dict[str, float]]] = {"floor": [], **{scale: [] for scale in dbs}}
    for i in range(runs + 1):
        floor = timed_start(floor_cmd, env)
        found = {scale: timed_start([sys.executable, "-m", "vcadre", "--db", str(path)], env, MOMENTS)
                 for scale, path in dbs.items()}
        if i:
            runs_of["floor"].append(floor)
            for scale, seen in found.items():
                runs_of[scale].append(seen)
    floor = statistics.median(r["VCADRE_READY"] for r in runs_of["floor"])
    print(f"\nstart → window (median of {runs}, interleaved)")
    print(f"  bare PySide6 window (floor)            {floor * 1000:7.0f} ms")
    names = {"VCADRE_SHOWN": "window shown, answering input",
             "VCADRE_READY": "database open, tabs and tree filled",
             "VCADRE_FIGURES": "概览 figures shown"}
    for scale in dbs:
        for moment in MOMENTS:
            t = statistics.median(r[moment] for r in runs_of[scale])
            target = f"   (target ≤ {targets[scale]}×)" if moment == "VCADRE_SHOWN" else ""
            print(f"  {scale:<8} {names[moment]:<36} {t * 1000:7.0f} ms   {t / floor:4.2f}× floor{target}")


def bench_queries(path: Path, runs: int) -> None:
    from sqlalchemy import select

    import vcadre.services.talent  # noqa: F401  (registers the listing)
    from vcadre.services.listing import LISTINGS, ListQuery
    from vcadre.store.db import open_database
    from vcadre.store.models import Region

    db = open_database(path)
    listing = LISTINGS["talent"]()
    with db.session() as s:
        township = s.execute(select(Region.id, Region.name).where(Region.level == "township")
                             .order_by(Region.code).offset(100).limit(1)).one()
    raw = sqlite3.connect(path)
    print(f"\nqueries at province scale (median of {runs}, {path.name})")
    for label, q in (("first page", ListQuery()), (f"township filter ({township.name})",
                                                    ListQuery(region_id=township.id))):
        stmt = listing.ordered(q).offset(0).limit(200)
        sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
        count_sql = str(listing.count_statement(q).compile(db.engine, compile_kwargs={"literal_binds": True}))

        def service() -> float:
            t0 = time.perf_counter()
            with db.session() as s:
                listing.count(s, q)
                listing.page(s, q, 0, 200)
            return time.perf_counter() - t0

        def floor() -> float:
            t0 = time.perf_counter()
            raw.execute(count_sql).fetchall()
            raw.execute(sql).fetchall()
            return time.perf_counter() - t0

        f, t = median_of(runs, floor), median_of(runs, service)
        print(f"  {label:<34} raw sqlite3 {f * 1000:6.1f} ms   service {t * 1000:6.1f} ms"
              f"   {t / f:4.2f}× floor   (target ≤ 50 ms)")
    db.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / ".data")
    ap.add_argument("--skip-province", action="store_true")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    dbs = {"county": ensure_demo(args.dir / "county.db", "county")}
    if not args.skip_province:
        dbs["province"] = ensure_demo(args.dir / "province.db", "province")
    bench_startup(dbs, args.runs)
    if "province" in dbs:
        bench_queries(dbs["province"], args.runs)


if __name__ == "__main__":
    main()
