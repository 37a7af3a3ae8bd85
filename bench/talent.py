"""Reserve-pool benchmarks (not a test): medians / p95 and ratios to floors measured in the same run.

    python bench/talent.py --province PATH [--county PATH] [--samples 40] [--skip-excel] [--variants]

1. Search as you type at province scale (500k persons): for each query kind (1-character name,
   2-character name, 3+ characters, pinyin initials, ID fragment = last 6 digits), the count and
   first page (200 rows) of the 后备干部 list through the service layer (SQLAlchemy) — what the
   tab runs after each debounced keystroke — against raw sqlite3 running the same SQL (floor: the
   service's own count and page statements, compiled with literal values).
   The old ``LIKE '%…%'`` search is timed on a few samples for reference.
2. Excel import of 10,000 rows (read + full validation + backup + write) into a copy of the county
   database, against calamine merely reading the same file (floor; openpyxl's read shown too).

``--province`` must be a database at the current schema (migration 0003 adds the person search
index: ~3 minutes on a 500k-person database; 0010 the reserve-entry search keys: ~20 s). Pass a COPY of ``bench/.data/province.db``; ``--prepare``
makes the copy and migrates it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def ms(x: float) -> str:
    return f"{x * 1000:7.1f}"


def samples(path: Path, n: int, seed: int = 7) -> dict[str, list[str]]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT p.name, p.name_initials, p.id_number, p.name_pinyin FROM reserve_entry r "
        "JOIN person p ON p.id = r.person_id "
        "WHERE r.deleted = 0 AND p.id_number IS NOT NULL").fetchall()
    con.close()
    rnd = random.Random(seed)
    pick = rnd.sample(rows, min(len(rows), n * 4))
    three = [r[0] for r in pick if len(r[0]) >= 3][:n]
    return {
        "1-char name": [r[0][0] for r in pick[:n]],
        "2-char name": [r[0][-2:] for r in pick[n:2 * n]],
        "3+ chars": three,
        "pinyin initials": [r[1] for r in pick[2 * n:3 * n] if len(r[1]) >= 2],
        "ID fragment (last 6)": [r[2][-6:] for r in pick[3 * n:4 * n]],
        # Not a target kind: a whole full pinyin (beyond six letters, the prefix key + a check).
        "full pinyin": [r[3] for r in random.Random(seed + 1).sample(rows, n)],
    }


def bench_search(path: Path, n: int) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from vcadre.services.listing import ListQuery
    from vcadre.services.talent import TalentListing
    from vcadre.store.models import Person

    eng = create_engine(f"sqlite+pysqlite:///file:{path.resolve()}?mode=ro&uri=true")
    raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    listing = TalentListing()
    kinds = samples(path, n)
    print(f"\nSearch as you type, province ({path.name}): count + first page of 200, ms")
    print(f"{'query kind':22} {'n':>3} {'median':>7} {'p95':>7} {'max':>7} | {'floor med':>9} {'floor p95':>9} "
          f"{'ratio':>6} | {'LIKE med':>8}")
    from sqlalchemy import func, select

    with Session(eng) as s:
        # Warm the cache once (a laptop that has the database open has it warm too).
        listing.count(s, ListQuery(search="张"))
        for kind, queries in kinds.items():
            times, floors = [], []
            for text in queries:
                q = ListQuery(search=text)
                t = time.perf_counter()
                listing.count(s, q)
                listing.page(s, q, 0, 200)
                times.append(time.perf_counter() - t)
                count_sql = listing.count_statement(q)
                page_sql = listing.ordered(q).offset(0).limit(200)
                c1 = count_sql.compile(eng, compile_kwargs={"literal_binds": True})
                c2 = page_sql.compile(eng, compile_kwargs={"literal_binds": True})
                t = time.perf_counter()
                raw.execute(str(c1)).fetchall()
                raw.execute(str(c2)).fetchall()
                floors.append(time.perf_counter() - t)
            # Reference: the previous search (LIKE on the name / pinyin prefix), 3 samples.
            like = []
            for text in queries[:3]:
                if kind.startswith("ID"):
                    cond = Person.id_number.contains(text)
                elif kind.startswith("pinyin"):
                    cond = Person.name_initials.startswith(text)
                elif kind.startswith("full pinyin"):
                    cond = Person.name_pinyin.startswith(text)
                else:
                    cond = Person.name.contains(text)
                stmt = listing.ordered(ListQuery()).where(cond).limit(200)
                t = time.perf_counter()
                s.execute(stmt).fetchall()
                s.scalar(select(func.count()).select_from(
                    listing.base(ListQuery()).where(cond).with_only_columns(listing.base(ListQuery()).selected_columns[0]).subquery()))
                like.append(time.perf_counter() - t)
            med, fmed = statistics.median(times), statistics.median(floors)
            print(f"{kind:22} {len(times):3} {ms(med)} {ms(p95(times))} {ms(max(times))} | {ms(fmed):>9} "
                  f"{ms(p95(floors)):>9} {med / fmed:6.2f} | {ms(statistics.median(like)):>8}")


def bench_search_variants(path: Path, n: int) -> None:
    """The same count + first page for broad queries with a header sort, a filter or a township."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from vcadre.services.listing import ListQuery
    from vcadre.services.talent import TalentListing

    eng = create_engine(f"sqlite+pysqlite:///file:{path.resolve()}?mode=ro&uri=true")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    township = con.execute("SELECT t.id FROM region t JOIN region c ON c.id = t.parent_id "
                           "WHERE t.level = 'township' ORDER BY t.code LIMIT 1").fetchone()[0]
    con.close()
    listing = TalentListing()
    kinds = samples(path, n)
    variants = {
        "sorted by age": dict(order_by="age"),
        "sorted by name desc": dict(order_by="name", descending=True),
        "filter stage": dict(filters={"stage": "reserve"}),
        "filter age 30-40": dict(filters={"age_min": 30, "age_max": 40}),
        "one township": dict(region_id=township),
    }
    print(f"\nSearch variants, province: count + first page of 200, ms (median / p95)")
    print(f"{'variant':22} " + " ".join(f"{k[:15]:>15}" for k in kinds))
    with Session(eng) as s:
        for label, extra in variants.items():
            cells = []
            for queries in kinds.values():
                times = []
                for text in queries[:max(5, n // 2)]:
                    q = ListQuery(search=text, **extra)
                    t = time.perf_counter()
                    listing.count(s, q)
                    listing.page(s, q, 0, 200)
                    times.append(time.perf_counter() - t)
                cells.append(f"{statistics.median(times) * 1000:6.1f} /{p95(times) * 1000:6.1f}")
            print(f"{label:22} " + " ".join(f"{c:>15}" for c in cells))


def bench_excel(county: Path, rows: int = 10_000) -> None:
    from openpyxl import Workbook, load_workbook

    from vcadre.domain.codes import TABLES
    from vcadre.domain.idnumber import make_id_number
    from vcadre.services import talent_excel
    from vcadre.store.db import open_database

    tmp = Path(tempfile.mkdtemp(prefix="vcadre-bench-"))
    import os

    os.environ["VCADRE_DATA_DIR"] = str(tmp / "data")
    db_path = tmp / "county.db"
    shutil.copyfile(county, db_path)
    con = sqlite3.connect(db_path)
    villages = con.execute("SELECT t.name, v.name FROM region v JOIN region t ON t.id = v.parent_id "
                           "WHERE v.level = 'village' AND v.deleted = 0").fetchall()
    con.close()
    rnd = random.Random(3)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("后备干部")
    ws.append(talent_excel.HEADERS)
    sources = [i.label for i in TABLES["talent_source"]]
    for i in range(rows):
        birth = date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        seq = 900 + (i // 300) * 2 + (i % 2)  # unlikely to clash with the demo's numbers
        number = make_id_number("520524", birth, seq % 1000)
        t, v = villages[i % len(villages)]
        values = {"姓名": rnd.choice(surnames) + rnd.choice(given) + rnd.choice(given),
                  "性别": "男" if int(number[16]) % 2 else "女", "身份证号码": number, "民族": "汉族",
                  "联系电话": f"139{i:08d}", "全日制学历": "高中", "政治面貌": "群众", "乡镇（街道）": t, "村（社区）": v,
                  "来源": sources[i % 5], "当前阶段": "优秀人才", "状态": "在库", "入库时间": "2025-03-01"}
        ws.append([values.get(h, "") for h in talent_excel.HEADERS])
    xlsx = tmp / "import.xlsx" if not os.environ.get("KEEP_XLSX") else Path(os.environ["KEEP_XLSX"])
    wb.save(xlsx)
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    floor = time.perf_counter() - t
    t = time.perf_counter()
    wb2 = load_workbook(xlsx, read_only=True)
    sum(1 for _ in wb2.active.iter_rows(values_only=True))
    wb2.close()
    t_openpyxl = time.perf_counter() - t
    db = open_database(db_path)
    t = time.perf_counter()
    with db.session() as s:
        preview = talent_excel.preview_file(s, xlsx)
    t_preview = time.perf_counter() - t
    t = time.perf_counter()
    _, result = talent_excel.import_file(db, xlsx, only_valid=True)
    total = time.perf_counter() - t
    db.close()
    print(f"\nExcel import of {rows:,} rows into a copy of {county.name}")
    print(f"  calamine read only (floor)         {floor:6.2f} s   (openpyxl read-only: {t_openpyxl:.2f} s)")
    print(f"  preview: read + validate           {t_preview:6.2f} s   ({len(preview.valid):,} valid, "
          f"{len(preview.bad_rows):,} bad rows)")
    print(f"  import: read + validate + backup + write  {total:6.2f} s   ratio to floor {total / floor:.1f}  "
          f"→ added {result.added:,}, updated {result.updated:,}, skipped {result.skipped:,}")
    shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--province", type=Path, help="province database at the current schema (a copy)")
    ap.add_argument("--county", type=Path, default=ROOT / "bench" / ".data" / "county.db")
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--skip-excel", action="store_true")
    ap.add_argument("--variants", action="store_true",
                    help="also time searches with a header sort, a filter or a township")
    ap.add_argument("--prepare", metavar="SOURCE", type=Path,
                    help="copy SOURCE to --province and migrate it (adds the search index)")
    args = ap.parse_args()
    if args.prepare:
        shutil.copyfile(args.prepare, args.province)
        from vcadre.store.db import open_database

        t = time.perf_counter()
        open_database(args.province).close()
        print(f"migrated {args.province} in {time.perf_counter() - t:.0f} s")
    if args.province:
        bench_search(args.province, args.samples)
        if args.variants:
            bench_search_variants(args.province, args.samples)
    if not args.skip_excel:
        bench_excel(args.county)
    return 0


if __name__ == "__main__":
    sys.exit(main())
