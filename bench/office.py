"""Office-mode benchmark (not a test, issue 16): N officers typing searches and saving edits at
once, on PostgreSQL and on SQLite, in the same run.

    python bench/office.py [--scale county|province] [--db PATH] [--clients 5] [--words 40]
                           [--server URL]

``--scale province`` needs ``/work/data/province.db`` (500,000 persons; ``vcadre demo --scale
province`` builds one) and ~8 GB of disk for the copies; ``--server URL`` reuses a server database
already copied from the same file (no ``db copy``; the SQLite side still copies ``--db``).

- The SQLite database (``--db``, default ``/work/data/<scale>.db``) is copied to a temp file and
  migrated; ``vcadre db copy`` (``store.copy.copy_database``) moves it to a throw-away PostgreSQL
  cluster (``tests/pgcluster.py``: initdb in a temp dir, 127.0.0.1 only, fsync off) — its time
  is printed too.
- First one client alone per backend (the floor: the same queries without contention), then
  ``--clients`` processes (each its own connection, as two officers on two
  machines) start together. Each "types" ``--words`` words one keystroke at a time — prefixes of
  real names (张, 张龙, 张龙敏), of pinyin initials and of phone numbers — and for every keystroke
  runs the search box's query (``persons.search_hits``: the 50 hits ``PersonSearchDialog`` shows and
  whether more match) and the first page (100 rows) of the
  后备干部 list filtered by that text (``LISTINGS["talent"].page``). After every word it saves an
  edit of one person of its own (the ORM path: change log, writer lock on the server).
  The first page is what the list view runs for a new search text (``ui.table_model``): the count
  (for “共 N 条”, ``Listing.count_bounded``: a digits search stops counting at 5,000) and the first
  rows — both are timed, and printed apart too.
- Printed: per backend and phase the median and p95 of search-as-you-type and of first page (ms), the
  saves and their median, and the PostgreSQL/SQLite ratios; then per kind of text typed (a name of
  1, 2, 3+ characters, pinyin/initials, short/long digits) the p95 of search, count and page and
  the slowest texts of that kind. At the end every client's last
  edit of every person it wrote must be in the database (no lost update) and no client may
  have failed (no deadlock, no lock timeout).
- ``--keep``: leave the throw-away cluster running after the run and print its URL and data dir
  (reuse it with ``--server URL``; stop it with ``pg_ctl -D DIR stop`` and delete DIR).

Targets (issue 16, at province scale with 5 clients): search p95 ≤ 30 ms, first page ≤ 50 ms.
The machine running it is shared (2 cores, other jobs): quote the load with the figures.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def words_for(db, n: int, seed: int) -> list[str]:
    """Real things an officer types: names, pinyin initials, phone numbers (first 4 digits...)."""
    from sqlalchemy import select

    from vcadre.store.models import Person

    rng = random.Random(seed)
    with db.session() as s:
        rows = s.execute(select(Person.name, Person.phone, Person.name_initials).where(Person.deleted.is_(False))
                         .order_by(Person.id).limit(5000)).all()
    out = []
    for _ in range(n):
        name, phone, initials = rng.choice(rows)
        kind = rng.random()
        if kind < 0.6 or not phone:
            out.append(name)
        elif kind < 0.8 and initials:
            out.append(initials)
        else:
            out.append(phone[:7])
    return out


def persons_for(db, clients: int, per_client: int) -> list[list[str]]:
    from sqlalchemy import select

    from vcadre.store.models import Person

    with db.session() as s:
        ids = list(s.scalars(select(Person.id).where(Person.deleted.is_(False)).order_by(Person.id)
                             .limit(clients * per_client)))
    return [ids[i::clients] for i in range(clients)]


def client(target: str, number: int, words: list[str], mine: list[str], start, out) -> None:
    """One officer: type ``words`` keystroke by keystroke, save an edit after each word."""
    from vcadre.services import persons
    from vcadre.services import talent  # noqa: F401 - registers the 后备干部 listing
    from vcadre.services.listing import LISTINGS, ListQuery
    from vcadre.store.db import open_database
    from vcadre.store.models import Person

    from sqlalchemy.exc import OperationalError

    search_ms, count_ms, page_ms, save_ms, last, retries, texts = [], [], [], [], {}, 0, []
    error = ""
    db = open_database(target)
    listing = LISTINGS["talent"]()
    try:
        with db.session() as s:  # once per process, untimed: imports (pinyin tables) and caches
            for text in ("张", "z", "1"):
                persons.search_hits(s, text, limit=50)
                listing.count_bounded(s, ListQuery(search=text))
                listing.page(s, ListQuery(search=text), 0, 100)
        start.wait()
        for k, word in enumerate(words):
            for i in range(1, len(word) + 1):
                text = word[:i]
                with db.session() as s:
                    t0 = time.perf_counter()
                    persons.search_hits(s, text, limit=50)
                    t1 = time.perf_counter()
                    listing.count_bounded(s, ListQuery(search=text))
                    t2 = time.perf_counter()
                    listing.page(s, ListQuery(search=text), 0, 100)
                    t3 = time.perf_counter()
                search_ms.append((t1 - t0) * 1000)
                count_ms.append((t2 - t1) * 1000)
                page_ms.append((t3 - t2) * 1000)
                texts.append(text)
            pid = mine[k % len(mine)]
            note = f"办公室压测 客户端{number} 第{k}次"
            t0 = time.perf_counter()
            for attempt in range(50):
                try:
                    with db.session() as s, s.begin():
                        s.get(Person, pid).notes = note
                    break
                except OperationalError as exc:
                    # One SQLite file under several writing processes (not how laptops work): a
                    # reader turning writer gets "database is locked" at once, busy timeout or not.
                    if db.is_server or "locked" not in str(exc) or attempt == 49:
                        raise
                    retries += 1
                    time.sleep(0.005 * (1 + attempt % 5))
            save_ms.append((time.perf_counter() - t0) * 1000)
            last[pid] = note
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        error = f"{type(exc).__name__}: {exc}"
    finally:
        db.close()
    out.put((number, search_ms, count_ms, page_ms, save_ms, last, error, retries, texts))


def run_backend(target: str, clients: int, words: list[list[str]], mine: list[list[str]]) -> dict:
    ctx = mp.get_context("spawn")  # each officer a fresh process, as on its own machine
    start = ctx.Barrier(clients)
    out = ctx.Queue()
    procs = [ctx.Process(target=client, args=(target, i, words[i], mine[i], start, out)) for i in range(clients)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    search = [x for r in results for x in r[1]]
    count = [x for r in results for x in r[2]]
    rows = [x for r in results for x in r[3]]
    save = [x for r in results for x in r[4]]
    errors = [f"client {r[0]}: {r[6]}" for r in results if r[6]]
    expected = {pid: note for r in results for pid, note in r[5].items()}
    from vcadre.store.db import open_database
    from vcadre.store.models import Person

    db = open_database(target)
    with db.session() as s:
        lost = sum(1 for pid, note in expected.items() if s.get(Person, pid).notes != note)
    db.close()
    texts = [x for r in results for x in r[8]]
    page = [c + p for c, p in zip(count, rows)]  # the list view's first page: count + rows
    return {"search": search, "count": count, "rows": rows, "page": page, "save": save, "errors": errors,
            "lost": lost, "edits": len(expected), "retries": sum(r[7] for r in results), "texts": texts}


def slowest(r: dict, n: int = 6) -> str:
    """The texts of the slowest keystrokes (search + count + page), to see which kind of query it is."""
    rows = sorted(zip(r["search"], r["count"], r["rows"], r["texts"]), key=lambda x: -(x[0] + x[1] + x[2]))[:n]
    return ", ".join(f"{t!r} {a:.0f}+{b:.0f}+{c:.0f}" for a, b, c, t in rows)


def text_kind(text: str) -> str:
    """The kind of query a typed text makes (``search_index.query_kind``, names and digits by length)."""
    from vcadre.store.search_index import query_kind

    kind = query_kind(text)
    if kind == "name":
        return "name " + (str(len(text)) if len(text) < 3 else "3+")
    if kind == "digits":
        return "digits " + ("1-3" if len(text) <= 3 else "4-6" if len(text) <= 6 else "7+")
    return "pinyin"


def per_kind(r: dict) -> list[str]:
    """Per kind of text: how many keystrokes, p95 of search / count / page rows, the slowest texts."""
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(r["texts"]):
        groups.setdefault(text_kind(t), []).append(i)
    out = []
    for kind in sorted(groups):
        ix = groups[kind]
        cols = {k: [r[k][i] for i in ix] for k in ("search", "count", "rows")}
        worst = sorted(ix, key=lambda i: -(r["search"][i] + r["page"][i]))[:3]
        out.append(f"    {kind:11s} n={len(ix):4d}  p95 search {p95(cols['search']):6.1f}  count "
                   f"{p95(cols['count']):6.1f}  page {p95(cols['rows']):6.1f} ms | slowest "
                   + ", ".join(f"{r['texts'][i]!r} {r['search'][i]:.0f}+{r['count'][i]:.0f}+{r['rows'][i]:.0f}"
                               for i in worst))
    return out


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 20 else max(xs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=("county", "province"), default="county")
    ap.add_argument("--db", type=Path, help="SQLite demo database to start from (copied, never modified)")
    ap.add_argument("--clients", type=int, default=5)
    ap.add_argument("--words", type=int, default=40, help="words each client types")
    ap.add_argument("--only", choices=("sqlite", "postgresql"), help="one backend (no ratios)")
    ap.add_argument("--server", help="an office server database already copied from --db (skips db copy)")
    ap.add_argument("--keep", action="store_true", help="leave the throw-away cluster running (reuse: --server)")
    args = ap.parse_args(argv)
    source = args.db or Path(f"/work/data/{args.scale}.db")
    if not source.exists():
        print(f"{source} missing: build it with `vcadre demo --scale {args.scale}` (see README)")
        return 2
    from tests import pgcluster
    from vcadre.store.copy import copy_database
    from vcadre.store.db import open_database

    why = pgcluster.available()
    if why and not args.server:
        print(why)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="vcadre-office-bench-"))
    cluster = None if args.server else pgcluster.Cluster().start()
    try:
        path = tmp / "office.db"
        os.environ.setdefault("VCADRE_DATA_DIR", str(tmp / "user-data"))
        if args.server and args.only == "postgresql":
            lite = open_database(args.server)  # the same rows: the words come from it (no 2 GB copy)
        else:
            shutil.copyfile(source, path)
            lite = open_database(path)  # migrates the copy (never the source: it may be shared)
        words = words_for(lite, args.words * args.clients, seed=16)
        mine = persons_for(lite, args.clients, 20)
        if cluster is not None:
            url = cluster.url("office")
            cluster.admin('CREATE DATABASE "office"')
            load0 = os.getloadavg()[0]
            t0 = time.perf_counter()
            report = copy_database(lite, url)
            copy_s = time.perf_counter() - t0
            n_persons = report.counts.get("person", 0)
            print(f"scale {args.scale}: {n_persons} persons; db copy SQLite → PostgreSQL {copy_s:.1f} s "
                  f"(verified by counts and content hash); load {load0:.1f} → {os.getloadavg()[0]:.1f} "
                  f"on {os.cpu_count()} cores")
        else:
            url = args.server
            open_database(url).close()  # migrated like any server database
            print(f"scale {args.scale}: server {url} reused (no db copy)")
        lite.close()
        per = [words[i::args.clients] for i in range(args.clients)]
        res = {}
        for clients, label in ((1, "1 client "), (args.clients, f"{args.clients} clients")):
            for name, target in (("sqlite", str(path)), ("postgresql", url)):
                if args.only and name != args.only:
                    continue
                t0 = time.perf_counter()
                load0 = os.getloadavg()[0]
                r = run_backend(target, clients, per[:clients], mine[:clients])
                if clients == args.clients:
                    res[name] = r
                print(f"{name:10s} {label}, {time.perf_counter() - t0:.1f} s, load {load0:.1f} → "
                      f"{os.getloadavg()[0]:.1f}: "
                      f"search median {statistics.median(r['search']):.1f} ms p95 {p95(r['search']):.1f} ms | "
                      f"first page (count + rows) median {statistics.median(r['page']):.1f} ms "
                      f"p95 {p95(r['page']):.1f} ms | "
                      f"{len(r['save'])} saves median {statistics.median(r['save']):.1f} ms "
                      f"({r['retries']} retried on 'database is locked') | "
                      f"lost updates {r['lost']} of {r['edits']} | errors {len(r['errors'])}", flush=True)
                print("    slowest (search+count+page ms):", slowest(r))
                print("\n".join(per_kind(r)))
                for e in r["errors"]:
                    print("   ", e)
        if args.only:
            r = res[args.only]
            return 0 if not (r["errors"] or r["lost"]) else 1
        s, p = res["sqlite"], res["postgresql"]
        print("ratio PostgreSQL / SQLite: "
              f"search p95 {p95(p['search']) / p95(s['search']):.2f}, "
              f"first page p95 {p95(p['page']) / p95(s['page']):.2f}, "
              f"save median {statistics.median(p['save']) / statistics.median(s['save']):.2f}")
        print(f"targets (province, 5 clients): search p95 ≤ 30 ms → {p95(p['search']):.1f}; "
              f"first page ≤ 50 ms → {p95(p['page']):.1f}")
        ok = not (s["errors"] or p["errors"] or s["lost"] or p["lost"])
        return 0 if ok else 1
    finally:
        if cluster is not None and args.keep:
            print(f"cluster kept: --server {cluster.url('office')}  (data dir {cluster.root}; "
                  f"stop: pg_ctl -D {cluster.data} stop, then delete the dir)")
        elif cluster is not None:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
