"""Protection benchmarks (issue 15; not a test): the encrypted database against the plaintext one,
same run, medians / p95 and ratios.

    python bench/protect.py --prepare /work/data/province.db      # once: copies + encrypted copy
    python bench/protect.py [--samples 40] [--runs 3] [--changes 100000] [--skip-province]

1. Login: argon2id with the shipped cost (``keyring.ARGON2_*``) + opening the encrypted county
   database (key unwrap, migrations check, user lookup, the login's audit entry), against opening
   the same database in plaintext without accounts (floor). Target: login ≤ 0.5 s.
2. Province search as you type (500k persons): count + first page of 200 of the 后备干部 list
   through the service, for the query kinds of ``bench/talent.py``, on the SQLCipher copy and on
   the plaintext copy. Target: p95 ≤ 30 ms encrypted.
3. Sync import of N whole-row changes (``bench/sync.py``'s package) into an empty plaintext and an
   empty encrypted database (as shipped: search-index triggers, backup before import). Target:
   encrypted ≤ 1.3× plaintext.

``--prepare SOURCE`` copies SOURCE to ``bench/.data/province.db`` (migrated to head) and writes an
encrypted copy ``province-enc.db`` with a fixed benchmark key (never a real database's key).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_KEY = bytes(range(32))


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def prepare(source: Path, data: Path) -> None:
    from vcadre.store.db import open_database
    from vcadre.store.protect import cipher

    plain, enc = data / "province.db", data / "province-enc.db"
    data.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    shutil.copyfile(source, plain)
    open_database(plain).close()
    con = cipher.connect(plain, None)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cipher.export_copy(con, enc, BENCH_KEY)
    problem = cipher.verify_copy(con, enc, BENCH_KEY, quick=True)
    con.close()
    assert problem is None, problem
    print(f"prepared {plain} and {enc} in {time.perf_counter() - t:.0f} s")


def bench_login(county: Path, work: Path, runs: int) -> None:
    from vcadre.services.security import accounts
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login

    plain = work / "county-plain.db"
    enc = work / "county-enc.db"
    shutil.copyfile(county, plain)
    shutil.copyfile(county, enc)
    open_database(plain).close()
    db, _ = accounts.protect_database(open_database(enc), "管理员", "bench-password-1")
    db.close()
    floors, logins = [], []
    for _ in range(runs):
        t = time.perf_counter()
        open_database(plain).close()
        floors.append(time.perf_counter() - t)
        t = time.perf_counter()
        open_database(enc, login=Login("管理员", "bench-password-1")).close()
        logins.append(time.perf_counter() - t)
    f, g = statistics.median(floors), statistics.median(logins)
    print(f"\nLogin (argon2id t={_kr().ARGON2_T} m={_kr().ARGON2_M // 1024} MiB p={_kr().ARGON2_P}) + open, county:")
    print(f"  open plaintext, no accounts (floor): median {f * 1000:.0f} ms")
    print(f"  login + open encrypted:              median {g * 1000:.0f} ms, max {max(logins) * 1000:.0f} ms "
          f"(target <= 500 ms)  {[round(x * 1000) for x in logins]}")


def _kr():
    from vcadre.store.protect import keyring

    return keyring


def bench_search(plain: Path, enc: Path, n: int) -> None:
    from sqlalchemy.orm import Session

    from vcadre.services.listing import ListQuery
    from vcadre.services.talent import TalentListing
    from vcadre.store.db import make_engine

    talent = _load("talent")
    kinds = talent.samples(plain, n)
    warm = talent.samples(plain, 10, seed=99)  # other queries: a database in use, not these answers
    listing = TalentListing()
    engines = {"plaintext": make_engine(plain), "SQLCipher": make_engine(enc, BENCH_KEY)}
    results: dict[str, dict[str, list[float]]] = {k: {} for k in engines}
    for label, eng in engines.items():
        with Session(eng) as s:
            for queries in warm.values():  # warm, as a laptop with the database open for a while
                for text in queries:
                    listing.count(s, ListQuery(search=text))
                    listing.page(s, ListQuery(search=text), 0, 200)
            for kind, queries in kinds.items():
                times = []
                for text in queries:
                    q = ListQuery(search=text)
                    t = time.perf_counter()
                    listing.count(s, q)
                    listing.page(s, q, 0, 200)
                    times.append(time.perf_counter() - t)
                results[label][kind] = times
        eng.dispose()
    print(f"\nProvince search as you type (count + first page of 200), ms: median / p95")
    print(f"{'query kind':22} {'plain med':>9} {'plain p95':>9} | {'enc med':>8} {'enc p95':>8} {'p95 ratio':>9}")
    worst = 0.0
    for kind in kinds:
        a, b = results["plaintext"][kind], results["SQLCipher"][kind]
        pa, pb = talent.p95(a), talent.p95(b)
        worst = max(worst, pb)
        print(f"{kind:22} {statistics.median(a) * 1000:9.1f} {pa * 1000:9.1f} | {statistics.median(b) * 1000:8.1f} "
              f"{pb * 1000:8.1f} {pb / pa:9.2f}")
    print(f"  worst p95 on the encrypted database: {worst * 1000:.1f} ms (target <= 30 ms)")


def bench_sync(work: Path, changes: int, runs: int) -> None:
    from vcadre.store.db import open_database
    from vcadre.store.protect import cipher
    from vcadre.sync.service import export_package, import_package

    sync = _load("sync")
    src_path = work / "source.db"
    sync.make_source(src_path, changes)
    template = work / "empty.db"
    open_database(template, create=True, site_name="龙场镇").close()
    con = cipher.connect(template, None)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    enc_template = work / "empty-enc.db"
    cipher.export_copy(con, enc_template, BENCH_KEY)
    con.close()
    src = open_database(src_path)
    package = work / "full.vcsync"
    export_package(src, package, sync.PASS, full=True)
    src.close()
    times: dict[str, list[float]] = {"plaintext": [], "SQLCipher": []}
    for run in range(runs):
        for label, tmpl, key in (("plaintext", template, None), ("SQLCipher", enc_template, BENCH_KEY)):
            target = work / f"t{run}-{label}.db"
            shutil.copyfile(tmpl, target)
            db = open_database(target, key=key)
            sync._settle()
            t = time.perf_counter()
            res = import_package(db, package, sync.PASS)
            times[label].append(time.perf_counter() - t)
            assert res.stats.added == changes, res.stats
            db.close()
    a, b = statistics.median(times["plaintext"]), statistics.median(times["SQLCipher"])
    ratios = [y / x for x, y in zip(times["plaintext"], times["SQLCipher"])]
    print(f"\nSync import of {changes:,} changes (backup + verify + merge + commit), as shipped:")
    print(f"  plaintext: median {a:.2f} s {[round(x, 2) for x in times['plaintext']]}")
    print(f"  SQLCipher: median {b:.2f} s {[round(x, 2) for x in times['SQLCipher']]}")
    print(f"  ratio of medians {b / a:.2f}x, per-run {[round(r, 2) for r in ratios]} (target <= 1.3x)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prepare", type=Path, metavar="SOURCE")
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / ".data")
    ap.add_argument("--county", type=Path, default=Path("/work/data/county.db"))
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--changes", type=int, default=100_000)
    ap.add_argument("--skip-province", action="store_true")
    ap.add_argument("--skip-sync", action="store_true")
    args = ap.parse_args()
    if args.prepare:
        prepare(args.prepare, args.dir)
        return 0
    work = Path(tempfile.mkdtemp(prefix="vcadre-bench-protect-"))
    os.environ["VCADRE_DATA_DIR"] = str(work / "data")
    try:
        bench_login(args.county, work, max(args.runs, 5))
        if not args.skip_province:
            bench_search(args.dir / "province.db", args.dir / "province-enc.db", args.samples)
        if not args.skip_sync:
            bench_sync(work, args.changes, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
