"""Import-engine benchmarks (not a test): medians and ratios to a floor measured in the same run.

    python bench/imports.py [--county PATH] [--province PATH] [--runs 3] [--rows 10000]

1. 10,000 rows of each kind (regions aside) — read, map, validate, back up, write — into a fresh
   copy of the county database (``/work/data/county.db`` or ``--county``), written the way officers
   write them: a title row, 序号, village names with 村委会, mixed date styles. Floor: calamine
   merely reading the same file.
2. The official region list of a whole province (12-digit NBS codes and names, ~16,000 villages,
   from ``--province``'s regions) into a new database made by ``vcadre init``.
3. The preview alone (read, map, validate; nothing written) of each 10,000-row file.

Targets (issue 13): each kind ≤ 5 s, the province list ≤ 3 s, a 10,000-row preview ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
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


def villages(db: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    rows = con.execute("SELECT t.name, v.name, v.code FROM region v JOIN region t ON t.id = v.parent_id "
                       "WHERE v.level = 'village' AND v.deleted = 0 ORDER BY v.code").fetchall()
    con.close()
    return rows


def pool(db: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    rows = con.execute("SELECT p.name, p.id_number FROM reserve_entry r JOIN person p ON p.id = r.person_id "
                       "WHERE r.deleted = 0 AND r.status != 'exited' AND p.id_number IS NOT NULL").fetchall()
    con.close()
    return rows


def write(path: Path, head: list[str], rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append([f"织金县{path.stem}花名册"])
    ws.append(["序号", *head])
    for i, r in enumerate(rows, start=1):
        ws.append([i, *r])
    wb.save(path)
    return path


DATES = ("2021.5.{d}", "2021年5月{d}日", "2021-05-{d:02d}", "2021/5/{d}")


def files(tmp: Path, county: Path, n: int) -> dict[str, Path]:
    from vcadre.domain.idnumber import make_id_number

    vs = villages(county)

    def vname(i):
        t, v, _c = vs[i % len(vs)]
        return t, (v + "委会" if v.endswith("村") else v)

    def pid(i):  # new people: another county's prefix, so none is known yet
        return make_id_number("520525", date(1960 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000)

    def day(i):
        return DATES[i % 4].format(d=1 + i % 28)

    out = {}
    out["posts"] = write(tmp / "两委成员.xlsx", ["乡镇", "村", "姓名", "身份证号码", "职务", "任职时间", "文化程度"],
                         [[*vname(i), f"委员{i}", pid(i), "村委会委员", day(i), "高中"] for i in range(n)])
    out["talent"] = write(tmp / "后备干部.xlsx", ["乡镇", "村", "姓名", "公民身份号码", "后备类型", "入库时间", "出生年月"],
                          [[*vname(i), f"后备{i}", pid(i), "退役军人", "2024.3", ""] for i in range(n)])
    out["dispatch"] = write(tmp / "驻村.xlsx", ["姓名", "身份证号码", "派出单位", "驻村职务", "乡镇", "所驻村", "派驻时间", "批次"],
                            [[f"驻村{i}", pid(i), "县农业农村局", ("第一书记", "队长", "队员")[i % 3], *vname(i), day(i),
                              "2021年轮换"] for i in range(n)])
    out["training"] = write(tmp / "培训.xlsx", ["培训班名称", "培训时间", "姓名", "身份证号码", "学时", "结业情况", "证书编号"],
                            [[f"2021年第{i % 5 + 1}期村干部培训班", "2021.5.8-2021.5.12", f"学员{i}", pid(i), 40, "结业",
                              f"纸质〔2021〕{i:05d}号"] for i in range(n)])
    people = pool(county)
    years = (2021, 2022, 2023, 2024, 2025)
    rows = [[people[i % len(people)][0], people[i % len(people)][1], f"{years[i // len(people)]}年度",
             ("优秀", "称职", "合格", "基本称职")[i % 4]] for i in range(min(n, len(people) * len(years)))]
    out["review"] = write(tmp / "考核.xlsx", ["姓名", "身份证号码", "考核年度", "考核等次"], rows)
    return out


def province_regions(province: Path, tmp: Path) -> Path:
    con = sqlite3.connect(f"{province.resolve().as_uri()}?mode=ro", uri=True)
    rows = con.execute("SELECT code, name, level FROM region WHERE deleted = 0 ORDER BY code").fetchall()
    con.close()
    out = []
    for code, name, level in rows:
        key = code.ljust(12, "0")
        if level == "village" and name.endswith("村"):
            name += "委会"
        out.append([key, "220" if level == "village" else None, name])
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append(["贵州省统计用区划代码"])
    ws.append(["统计用区划代码", "城乡分类代码", "名称"])
    for r in out:
        ws.append(r)
    path = tmp / "省区划.xlsx"
    wb.save(path)
    return path


def timed(fn, runs: int, setup=None) -> list[float]:
    xs = []
    for _ in range(runs):
        arg = setup() if setup else None
        t = time.perf_counter()
        fn(arg)
        xs.append(time.perf_counter() - t)
    return xs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--county", type=Path, default=Path("/work/data/county.db"))
    ap.add_argument("--province", type=Path, default=ROOT / "bench/.data/province.db")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rows", type=int, default=10_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vcadre-bench-imports-"))
    os.environ["VCADRE_DATA_DIR"] = str(tmp / "data")
    from python_calamine import CalamineWorkbook

    from vcadre.services import imports
    from vcadre.store.db import open_database

    base = tmp / "county.db"
    shutil.copy(args.county, base)
    open_database(base).close()  # migrate the copy once, outside the timings
    paths = files(tmp, base, args.rows)
    print(f"{'kind':10} {'rows':>6} {'import s':>9} {'preview s':>10} {'read floor s':>13}  (median of {args.runs})")
    status = 0

    def fresh(_=None):
        dst = tmp / "run.db"
        shutil.copy(base, dst)
        for suffix in ("-wal", "-shm"):
            Path(str(dst) + suffix).unlink(missing_ok=True)
        return open_database(dst)

    for kind, path in paths.items():
        def run(db):
            preview, result = imports.import_file(db, path, imports.spec(kind), only_valid=True)
            assert not preview.errors, preview.report(5)
            assert result.added + result.updated + result.unchanged == preview.total, result
            db.close()

        imp = statistics.median(timed(run, args.runs, fresh))
        db = fresh()

        def prev(_):
            with db.session() as s:
                p = imports.preview_file(s, path, imports.spec(kind))
            assert not p.errors, p.report(5)

        pv = statistics.median(timed(prev, args.runs))
        db.close()
        floor = statistics.median(timed(lambda _: CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
                                        .to_python(), args.runs))
        n = sum(1 for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()) - 2
        ok = imp <= 5 and pv <= 1
        status |= not ok
        print(f"{kind:10} {n:6d} {imp:9.2f} {pv:10.2f} {floor:13.2f}  {'ok' if ok else 'OVER TARGET'}")
    if args.province.exists():
        reg = province_regions(args.province, tmp)

        def new_db(_=None):
            p = tmp / f"new-{time.perf_counter_ns()}.db"
            return open_database(p, create=True, site_name="省委组织部")

        def run_regions(db):
            preview, result = imports.import_file(db, reg, imports.spec("regions"))
            assert not preview.errors and result.added > 16_000, (preview.report(5), result)
            db.close()

        t = statistics.median(timed(run_regions, args.runs, new_db))
        floor = statistics.median(timed(lambda _: CalamineWorkbook.from_path(str(reg)).get_sheet_by_index(0)
                                        .to_python(), args.runs))
        ok = t <= 3
        status |= not ok
        print(f"{'province':10} {'~17.6k':>6} {t:9.2f} {'':>10} {floor:13.2f}  regions of {args.province.name}: "
              f"{'ok' if ok else 'OVER TARGET'}")
    else:
        print(f"(no {args.province}: province region list skipped)")
    shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
