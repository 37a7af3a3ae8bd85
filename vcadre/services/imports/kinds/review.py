"""年度考核结果 → a reserve cadre's assessment for a year (the review's natural key: entry + year).

The person is found by ID number (or by name, with the village when two share a name) among the
reserve pool; a person who is not in the pool is reported, not created. Re-importing the same
result changes nothing; a different result for the same year replaces the recorded one and is
listed in the preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain import idnumber
from vcadre.domain.codes import ASSESSMENT
from vcadre.domain.normalise import ValueProblem, cell_text, normalise_id_cell
from vcadre.services.imports.bulk import Writer, preload
from vcadre.services.imports.engine import Field, ImportResult, Row, Spec
from vcadre.services.imports.kinds import common as c
from vcadre.services.imports.places import PlaceIndex, PlaceProblem
from vcadre.store.models import Assessment, Person, ReserveEntry

YEAR = Field("year", "考核年度", ("年度", "年份", "考核年份", "考核年度(年)"), required=True, kind="int",
             help="如 2024 或 2024年度。")
RESULT = Field("result", "考核结果", ("考核等次", "等次", "结果", "考核情况", "年度考核结果", "考核等级"), required=True,
               kind="code", codes="assessment", help="优秀、称职（合格）、基本称职（基本合格）、不称职（不合格）。")
TOWNSHIP = replace(c.TOWNSHIP, required=False)
VILLAGE = replace(c.VILLAGE, required=False, help="可不填；同名的人不止一个时用来区分。")


@dataclass
class Review:
    entry_id: str
    year: int
    result: str
    notes: Optional[str]
    existing: Optional[tuple] = None  # (assessment id, result)


@dataclass
class Ctx:
    session: Session
    today: date
    places: PlaceIndex


class ReviewSpec(Spec):
    name = "review"
    title = "年度考核"
    sheet = "年度考核"
    fields = (c.NAME, c.ID_NUMBER, TOWNSHIP, VILLAGE, YEAR, RESULT, c.NOTES)
    help_lines = (
        "每行一名后备干部的一个年度考核结果；人员须已在后备干部库中（按身份证号码查找，没有号码时按姓名和村）。",
        "同一人同一年度只记录一个结果：再次导入相同结果不会重复记录，不同结果会替换原结果（预检中列出）。",
    )
    example = ("张三", "", "龙场镇", "青山村", 2024, "称职", "")

    def context(self, session: Session, today: date) -> Ctx:
        return Ctx(session, today, PlaceIndex(session))

    def check(self, ctx: Ctx, row: Row) -> Optional[dict]:
        name = c.text(row, "name", "姓名")
        number = None
        try:
            cell = normalise_id_cell(row.values.get("id_number"))
            if cell:
                number = idnumber.validate_id_number(cell.number, today=ctx.today)
                if cell.converted_from_15:
                    row.note("id_number", "15 位旧身份证号码已转换为 18 位")
        except (ValueProblem, idnumber.IdNumberError) as exc:
            row.error("id_number", str(exc))
        year = None
        raw = row.values.get("year")
        if raw is not None:
            m = re.fullmatch(r"(\d{4})(\.0)?(年度?)?", "".join(cell_text(raw).split()))
            if not m:
                row.error("year", f"考核年度“{cell_text(raw)}”应为四位年份，如 2024")
            else:
                year = int(m.group(1))
                if not 2000 <= year <= ctx.today.year:
                    row.error("year", f"考核年度“{year}”应在 2000 年至 {ctx.today.year} 年之间")
        result = c.code(row, "result", "assessment")
        vid = None
        if row.values.get("village") is not None:
            try:
                vid = ctx.places.village_id(cell_text(row.values.get("township")), cell_text(row.values.get("village")))
            except PlaceProblem as exc:
                row.error(exc.field, exc.message)
        if row.errors or not year or not result:
            return None
        return {"name": name, "id_number": number, "village_id": vid, "year": year, "result": result,
                "notes": c.text(row, "notes", "备注")}

    def finish(self, ctx: Ctx, rows: list[tuple[Row, Any]]) -> None:
        live = [(row, rec) for row, rec in rows if rec is not None]
        numbers = sorted({r["id_number"] for _row, r in live if r["id_number"]})
        names = sorted({r["name"] for _row, r in live if not r["id_number"] and r["name"]})
        # Entries of the persons named: (person id, name, id number, entry id, village, status)
        found: list[tuple] = []
        base = (select(Person.id, Person.name, Person.id_number, ReserveEntry.id, ReserveEntry.village_id,
                       ReserveEntry.status, ReserveEntry.entry_date)
                .join(ReserveEntry, ReserveEntry.person_id == Person.id)
                .where(Person.deleted.is_(False), ReserveEntry.deleted.is_(False)))
        for col, values in ((Person.id_number, numbers), (Person.name, names)):
            for i in range(0, len(values), 500):
                found.extend(ctx.session.execute(base.where(col.in_(values[i:i + 500]))))
        by_number: dict[str, list[tuple]] = {}
        by_name: dict[str, list[tuple]] = {}
        for f in found:
            if f[2]:
                by_number.setdefault(f[2], []).append(f)
            by_name.setdefault(f[1], []).append(f)
        entry_ids: list[str] = []
        seen: dict[tuple, int] = {}
        for row, rec in live:
            if rec["id_number"]:
                cands = by_number.get(rec["id_number"], [])
                if cands and rec["name"] and cands[0][1] != rec["name"]:
                    row.error("name", f"身份证号码登记的姓名是“{cands[0][1]}”，与“{rec['name']}”不符")
                    continue
            else:
                cands = by_name.get(rec["name"] or "", [])
                if rec["village_id"]:
                    cands = [f for f in cands if f[4] == rec["village_id"]]
                if len({f[0] for f in cands}) > 1:
                    row.error("name", f"后备干部库中有 {len({f[0] for f in cands})} 个“{rec['name']}”：请填写身份证号码或所在村")
                    continue
            if not cands:
                row.error("name", f"“{rec['name']}”不在后备干部库中，无法记录年度考核（请先导入后备干部名册）")
                continue
            # the entry current in that year: the latest one entered by the end of the year
            cands = sorted(cands, key=lambda f: (f[6] <= date(rec["year"], 12, 31), f[5] != "exited", f[6]))
            rec["entry_id"] = cands[-1][3]
            key = (rec["entry_id"], rec["year"])
            if key in seen:
                row.error("year", f"与第 {seen[key]} 行是同一人的同一年度")
                continue
            seen[key] = row.row
            entry_ids.append(rec["entry_id"])
        existing: dict[tuple, tuple] = {}
        for i in range(0, len(entry_ids), 500):
            for aid, eid, year, result in ctx.session.execute(
                    select(Assessment.id, Assessment.entry_id, Assessment.year, Assessment.result)
                    .where(Assessment.entry_id.in_(entry_ids[i:i + 500]), Assessment.deleted.is_(False))):
                existing[(eid, year)] = (aid, result)
        for row, rec in live:
            if row.errors:
                continue
            old = existing.get((rec["entry_id"], rec["year"]))
            rec["existing"] = old
            if old and old[1] != rec["result"]:
                row.note("result", f"系统中 {rec['year']} 年度的结果是“{ASSESSMENT.label(old[1])}”，将改为"
                         f"“{ASSESSMENT.label(rec['result'])}”")

    def write(self, session: Session, ctx: Ctx, records: list[dict]) -> ImportResult:
        w = Writer(session)
        res = ImportResult()
        rows = preload(session, Assessment, [r["existing"][0] for r in records if r.get("existing")
                                      and r["existing"][1] != r["result"]])
        for rec in records:
            old = rec.get("existing")
            if old:
                if old[1] == rec["result"]:
                    res.unchanged += 1
                else:
                    rows[old[0]].result = rec["result"]
                    res.updated += 1
                continue
            w.add(Assessment, entry_id=rec["entry_id"], year=rec["year"], result=rec["result"], notes=rec["notes"])
            res.added += 1
        w.flush()
        return res
