"""Sync import benchmark (not a test): a package of N whole-row changes imported through
``vcadre.sync`` against raw sqlite3 ``executemany`` of the same rows (the floor), same run.

    python bench/sync.py [--changes 100000] [--runs 3]

Target (issue 8): import ≤ 3× the floor, memory bounded. The import time covers everything a
user waits for: reading the file, signature check, scrypt, decryption, hash check, validating
every change, backup of the target database, merging and the commit. Memory: peak of Python
allocations (tracemalloc) during the import, next to the package size.

Two settings, each with its own floor, alternating in the same run:

- *as shipped*: the target database as migrations make it, with the person search-index triggers
  (migration 0003), which run for every inserted person on both sides — they cost ~20 s of the
  ~25 s floor here, so this ratio says little about the sync code;
- *sync work alone*: the same template with those three triggers dropped, for the floor and the
  import alike — the strict comparison (what the import adds over writing the rows).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vcadre.store.changelog import FIELDS  # noqa: E402
from vcadre.store.db import open_database  # noqa: E402
from vcadre.store.models import new_id  # noqa: E402
from vcadre.store.search_index import TRIGGER_NAMES  # noqa: E402
from vcadre.sync.service import export_package, import_package  # noqa: E402

PASS = "bench passphrase"


def make_source(path: Path, n: int) -> None:
    db = open_database(path, create=True, site_name="县委组织部")
    site_id = db.site()[0]
    db.close()
    con = sqlite3.connect(path)
    rows = []
    for i in range(n):
        rows.append((new_id(), f"人员{i:06d}", f"renyuan{i}", "ry", "1" if i % 2 else "2", "01",
                     f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}", "贵州织金", None, f"138{i:08d}",
                     "21", None, "01", None, None, None, f"备注 {i}",
                     f"{1790000000000 + i:013d}.000000", site_id, 0))
    cols = "id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, native_place, " \
           "id_number, phone, education, education_inservice, political_status, party_join_date, " \
           "work_start_date, home_village_id, notes, hlc, site_id, deleted"
    with con:
        con.executemany(f"INSERT INTO person ({cols}) VALUES ({', '.join('?' * 20)})", rows)
    con.close()


def _settle() -> None:
    """Start each timed part alike: no garbage pending, no dirty pages of the last run being
    written back to disk meanwhile (the 260 MB databases of the first setting slowed the next)."""
    gc.collect()
    if hasattr(os, "sync"):
        os.sync()


def floor(template: Path, package_rows: list[tuple], work: Path) -> float:
    target = work / "floor.db"
    shutil.copyfile(template, target)
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    fields = FIELDS["person"]
    cols = ", ".join(("id", "hlc", "site_id", "updated_at", *fields))
    t0 = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO person ({cols}) VALUES ({', '.join('?' * (4 + len(fields)))})",
                    package_rows)
    con.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=("shipped", "alone"), help="measure one setting only")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vcadre-bench-sync-"))
    os.environ["VCADRE_DATA_DIR"] = str(work / "data")
    try:
        src_path = work / "source.db"
        make_source(src_path, args.changes)
        template = work / "empty.db"
        db = open_database(template, create=True, site_name="龙场镇")
        db.close()
        con = sqlite3.connect(template)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        src = open_database(src_path)
        package = work / "full.vcsync"
        t0 = time.perf_counter()
        res = export_package(src, package, PASS, full=True)
        export_time = time.perf_counter() - t0
        src.close()
        # The same rows for the floor, read back from the source.
        fields = FIELDS["person"]
        con = sqlite3.connect(src_path)
        rows = [r for r in con.execute(
            f"SELECT id, hlc, site_id, '2026-01-01 00:00:00', {', '.join(fields)} FROM person")]
        con.close()
        bare = work / "empty-bare.db"
        shutil.copyfile(template, bare)
        con = sqlite3.connect(bare)
        with con:
            for name in TRIGGER_NAMES:
                con.execute(f"DROP TRIGGER {name}")
        con.close()
        settings = {"as shipped (search-index triggers)": template, "sync work alone (no triggers)": bare}
        if args.only:
            settings = dict([list(settings.items())[args.only == "alone"]])
        floors = {k: [] for k in settings}
        imports = {k: [] for k in settings}
        for run in range(args.runs):
            for label, tmpl in settings.items():
                _settle()
                floors[label].append(floor(tmpl, rows, work))
                target = work / f"target{run}.db"
                shutil.copyfile(tmpl, target)
                db = open_database(target)
                _settle()
                t0 = time.perf_counter()
                result = import_package(db, package, PASS)
                imports[label].append(time.perf_counter() - t0)
                assert result.stats.added == args.changes, result.stats
                db.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
        # Memory in a separate run: tracemalloc slows allocation-heavy code several times.
        target = work / "target-mem.db"
        shutil.copyfile(bare, target)
        db = open_database(target)
        tracemalloc.start()
        import_package(db, package, PASS)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        db.close()
        print(f"changes: {res.manifest.changes}, package: {package.stat().st_size / 1e6:.1f} MB, "
              f"export (incl. logging {args.changes} unlogged rows): {export_time:.2f} s")
        for label in settings:
            fl, im = floors[label], imports[label]
            f, i = statistics.median(fl), statistics.median(im)
            ratios = [b / a for a, b in zip(fl, im)]
            print(f"{label}:")
            print(f"  raw sqlite3 executemany (floor): median {f:.2f} s  {[round(x, 2) for x in fl]}")
            print(f"  vcadre sync import:              median {i:.2f} s  {[round(x, 2) for x in im]}")
            print(f"  ratio of medians {i / f:.2f}x, per-run ratios {[round(x, 2) for x in ratios]} "
                  f"(worst {max(ratios):.2f}x; target <= 3x)")
        print(f"peak Python memory during import {peak / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
