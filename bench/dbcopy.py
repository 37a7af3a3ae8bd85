"""``vcadre db copy`` benchmark (not a test, issue 16): an SQLite demo database to a throw-away
PostgreSQL cluster, phase by phase, repeated; the target is ≤ 3 min at province scale.

    python bench/dbcopy.py [--scale county|province] [--db PATH] [--runs 3] [--old-verify] [--back]

- ``--db`` (default ``/work/data/<scale>.db``) is copied to a temp file and migrated once (the
  shared file is never opened for writing); each run copies it into a new, empty server database.
- Printed per run and as medians: rows (COPY), indexes (a server's indexes and foreign keys, built
  after the rows), keys (search keys rebuilt; the source is hashed in a thread meanwhile), verify
  (the target's hash on the server on ``store.copy.HASHERS`` connections at once, ANALYZE alongside,
  waiting for the source's, the counts), total; the load.
- The floor, measured in the same run: reading every row of the source once (``SELECT *`` of
  every copied table into Python, nothing written) — what any copy must at least pay.
- ``--old-verify``: also times the check as it was before (every row of both sides read into
  Python through SQLAlchemy and hashed there), for the ratio.
- ``--back``: also copies the server database back into a new file (the laptop direction).

The machine running it is shared (2 cores, other jobs): the load is printed with every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def floor_read(path: Path) -> float:
    """Seconds to read every copied table's rows into Python (the source side's least cost)."""
    from vcadre.store.copy import DERIVED, tables

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        t0 = time.perf_counter()
        for t in tables():
            if t.name in present and t.name not in DERIVED:
                cur = con.execute(f"SELECT * FROM {t.name}")
                while cur.fetchmany(20000):
                    pass
        return time.perf_counter() - t0
    finally:
        con.close()


def old_verify(db) -> float:
    """The check as it was (before 2026-12-06 evening): SQLAlchemy rows, JSON, SHA-256 in Python."""
    from datetime import date, datetime
    from decimal import Decimal

    from sqlalchemy import inspect, select

    from vcadre.store.copy import DERIVED, tables

    def canon(v):
        if v is None or isinstance(v, (str, int)) and not isinstance(v, bool):
            return v
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, datetime):
            return v.isoformat(sep=" ", timespec="microseconds")
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, (bytes, bytearray, memoryview)):
            return bytes(v).hex()
        if isinstance(v, Decimal):
            return repr(float(v))
        return str(v)

    t0 = time.perf_counter()
    present = set(inspect(db.engine).get_table_names())
    for t in tables():
        if t.name not in present or t.name in DERIVED:
            continue
        total = 0
        with db.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=5000).execute(select(*t.columns))
            for row in result:
                line = json.dumps([canon(v) for v in row], ensure_ascii=False, separators=(",", ":"))
                total = (total + int.from_bytes(hashlib.sha256(line.encode()).digest(), "big")) % (1 << 256)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=("county", "province"), default="county")
    ap.add_argument("--db", type=Path, help="SQLite demo database (copied, never modified)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--old-verify", action="store_true", help="also time the check as it was before")
    ap.add_argument("--back", action="store_true", help="also copy the server database back into a file")
    ap.add_argument("--migrated", action="store_true",
                    help="--db is already a migrated private copy: use it in place (read only)")
    args = ap.parse_args(argv)
    source = args.db or Path(f"/work/data/{args.scale}.db")
    if not source.exists():
        print(f"{source} missing: build it with `vcadre demo --scale {args.scale}` (see README)")
        return 2
    from tests import pgcluster
    from vcadre.store.copy import copy_database
    from vcadre.store.db import open_database

    why = pgcluster.available()
    if why:
        print(why)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="vcadre-copy-bench-"))
    os.environ.setdefault("VCADRE_DATA_DIR", str(tmp / "user-data"))
    cluster = pgcluster.Cluster().start()
    try:
        if args.migrated:
            path = source
        else:
            path = tmp / "source.db"
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            out = sqlite3.connect(str(path))
            src.backup(out)
            out.close()
            src.close()
        lite = open_database(path)  # migrates the private copy
        print(f"source {source} ({path.stat().st_size / 2**20:.0f} MB), {os.cpu_count()} cores")
        rows: dict[str, list[float]] = {}
        for run in range(1, args.runs + 1):
            load0 = os.getloadavg()[0]
            floor = floor_read(path)
            cluster.admin(f'CREATE DATABASE "copy{run}"')
            url = cluster.url(f"copy{run}")
            report = copy_database(lite, url)
            p = report.phases
            line = {"floor": floor, "rows": p["rows"], "indexes": p["indexes"], "keys": p["keys"], "verify": p["verify"],
                    "total": report.seconds}
            if args.back:
                server = open_database(url)
                back = copy_database(server, tmp / f"back{run}.db")
                server.close()
                assert back.digest == report.digest
                line["back"] = back.seconds
                (tmp / f"back{run}.db").unlink()
            if args.old_verify:
                server = open_database(url)
                line["old verify"] = old_verify(lite) + old_verify(server)
                server.close()
            for k, v in line.items():
                rows.setdefault(k, []).append(v)
            print(f"run {run}: {sum(report.counts.values())} rows; "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in line.items())
                  + f"; load {load0:.1f} → {os.getloadavg()[0]:.1f}", flush=True)
            cluster.drop(f"copy{run}")
        med = {k: statistics.median(v) for k, v in rows.items()}
        print("median: " + ", ".join(f"{k} {v:.1f} s" for k, v in med.items()))
        print(f"total / floor (reading the source once): {med['total'] / med['floor']:.1f}×")
        if "old verify" in med:
            print(f"verify now / as before: {med['verify']:.1f} s / {med['old verify']:.1f} s "
                  f"(the source side is now hashed inside 'rows')")
        lite.close()
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
