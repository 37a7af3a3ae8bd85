"""驻村名册 (first secretaries and work teams) → dispatches, creating persons not yet known.

Same dispatch = same person, village and start date. A 批次 names a rotation batch (made when
missing, dated by its earliest start). Without a 状态 column a row with an actual end date is
期满轮换, otherwise 在岗; without a 驻村职务 column everyone is 第一书记 (the usual 第一书记名册).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.services.dispatch import DEFAULT_TERM_YEARS, add_years
from vcadre.services.imports import people
from vcadre.services.imports.bulk import Writer, preload
from vcadre.services.imports.engine import Field, ImportResult, Row, Spec
from vcadre.services.imports.kinds import common as c
from vcadre.services.imports.places import PlaceIndex
from vcadre.store.models import Dispatch, RotationBatch

UNIT = Field("unit", "派出单位", ("选派单位", "原单位", "工作单位", "原工作单位", "单位", "派驻单位"), required=True, width=20)
UNIT_POST = Field("unit_post", "原单位职务", ("单位职务", "现任职务", "职务", "原职务", "职务职级"))
ROLE = Field("role", "驻村职务", ("驻村身份", "驻村职位", "身份", "类别", "派驻身份", "驻村类别"), kind="code",
             codes="dispatch_role", help="第一书记、工作队队长（队长）、工作队队员（队员）；无此列时均记为第一书记。")
BATCH = Field("batch", "批次", ("轮换批次", "派驻批次", "选派批次"))
START = Field("start_date", "派驻时间", ("驻村时间", "到岗时间", "派驻日期", "选派时间", "开始时间", "驻村起始时间",
                                     "到村时间", "驻村开始时间"), required=True, kind="date")
PLANNED = Field("planned_end", "计划期满", ("期满时间", "任期截止", "计划结束时间", "任期届满时间"), kind="date",
                help=f"不填时按派驻时间加 {DEFAULT_TERM_YEARS} 年计。")
ACTUAL = Field("actual_end", "离岗时间", ("实际离岗时间", "结束时间", "召回时间", "离村时间", "实际离岗日期"), kind="date")
STATUS = Field("status", "状态", ("在岗状态", "驻村状态", "在岗情况"), kind="code", codes="dispatch_status",
               help="在岗、期满轮换、召回、调整；不填时：有离岗时间记为期满轮换，否则为在岗。")


@dataclass
class DispatchRecord:
    person: people.PersonRef
    values: dict[str, Any]
    batch: Optional[str]
    existing: Optional[tuple] = None


@dataclass
class Ctx:
    session: Session
    today: date
    places: PlaceIndex
    batches: dict[str, str]


class DispatchSpec(Spec):
    name = "dispatch"
    title = "驻村干部"
    sheet = "驻村名册"
    fields = (c.NAME, c.ID_NUMBER, c.GENDER, c.BIRTH, c.POLITICAL, c.PHONE, UNIT, UNIT_POST, ROLE,
              c.TOWNSHIP, c.VILLAGE, BATCH, START, PLANNED, ACTUAL, STATUS, c.NOTES)
    help_lines = (
        "每行一人一次派驻；同一人、同一村、同一派驻时间的记录只导入一次。",
        "尚未登记的人员（多为县直单位干部）会自动建立档案；身份证号码相同即为同一人。",
        "同一人的两次派驻时间不能重叠。",
    )
    example = ("李四", "", "男", "1985.10", "中共党员", "13900000000", "县农业农村局", "副局长", "第一书记",
               "龙场镇", "青山村", "2024年轮换", "2024-03-01", "", "", "在岗", "")

    def context(self, session: Session, today: date) -> Ctx:
        batches = {n: i for i, n in session.execute(select(RotationBatch.id, RotationBatch.name)
                                                    .where(RotationBatch.deleted.is_(False)))}
        return Ctx(session, today, PlaceIndex(session), batches)

    def check(self, ctx: Ctx, row: Row) -> Optional[DispatchRecord]:
        vid = c.village(ctx.places, row)
        data = people.check_person(row, ctx.today, ("name", "gender", "id_number", "birth_date", "phone",
                                                   "political_status"))
        v: dict[str, Any] = {
            "unit": c.text(row, "unit", "派出单位", 80), "unit_post": c.text(row, "unit_post", "原单位职务", 60),
            "role": c.code(row, "role", "dispatch_role", "first_secretary"),
            "start_date": c.day(row, "start_date", "派驻时间"), "planned_end": c.day(row, "planned_end", "计划期满"),
            "actual_end": c.day(row, "actual_end", "离岗时间"), "status": c.code(row, "status", "dispatch_status"),
            "notes": c.text(row, "notes", "备注"), "village_id": vid,
        }
        start = v["start_date"]
        if not v["unit"]:
            row.error("unit", "派出单位不能为空")
        if start and start > ctx.today:
            row.error("start_date", "派驻时间不能晚于今天")
        for key, label in (("planned_end", "计划期满"), ("actual_end", "离岗时间")):
            if start and v[key] and v[key] < start:
                row.error(key, f"{label}（{v[key]}）早于派驻时间（{start}）")
        if v["status"] is None and row.values.get("status") is None:
            v["status"] = "rotated" if v["actual_end"] else "on_post"
        if v["status"] == "on_post" and v["actual_end"]:
            row.error("actual_end", "状态为“在岗”时不应填写离岗时间")
        if v["status"] not in (None, "on_post") and not v["actual_end"]:
            row.error("actual_end", "已离岗（期满轮换、召回或调整）的记录请填写离岗时间")
        if start and not v["planned_end"]:
            v["planned_end"] = add_years(start, DEFAULT_TERM_YEARS)
        if row.errors or not vid or not start:
            return None
        return DispatchRecord(people.PersonRef(data, None), v, c.text(row, "batch", "批次", 60))

    def finish(self, ctx: Ctx, rows: list[tuple[Row, Any]]) -> None:
        live = [(row, rec) for row, rec in rows if rec is not None]
        people.match(ctx.session, [(row, rec.person) for row, rec in live])
        pids = sorted({rec.person.existing["id"] for _r, rec in live if rec.person.existing})
        known: dict[str, list[tuple]] = {}
        for i in range(0, len(pids), 500):
            for d in ctx.session.execute(select(Dispatch.id, Dispatch.person_id, Dispatch.village_id, Dispatch.start_date,
                                                Dispatch.actual_end).where(Dispatch.person_id.in_(pids[i:i + 500]),
                                                                           Dispatch.deleted.is_(False))):
                known.setdefault(d[1], []).append(tuple(d))
        in_file: dict[tuple, list[tuple[int, date, Optional[date], str]]] = {}
        for row, rec in live:
            if row.errors:
                continue
            v = rec.values
            pid = rec.person.existing["id"] if rec.person.existing else None
            for d in known.get(pid or "", []):
                if d[2] == v["village_id"] and d[3] == v["start_date"]:
                    rec.existing = d
                    break
            if rec.existing:
                continue
            start, end = v["start_date"], v["actual_end"]
            for d in known.get(pid or "", []):
                if (d[4] is None or d[4] >= start) and (end is None or d[3] <= end):
                    row.error("start_date", f"该人员已有一条时间重叠的驻村记录（{ctx.places.label(ctx.places.villages[d[2]]) if d[2] in ctx.places.villages else ''}，"
                              f"{d[3]} 起），不能同时派驻两处")
                    break
            key = rec.person.key
            for orow, ostart, oend, ovid in in_file.get(key, []):
                if ostart == start and ovid == v["village_id"]:
                    row.error("start_date", f"与第 {orow} 行重复（同一人、同一村、同一派驻时间）")
                    break
                if (oend is None or oend >= start) and (end is None or ostart <= end):
                    row.error("start_date", f"与第 {orow} 行的派驻时间重叠（同一人不能同时派驻两处）")
                    break
            in_file.setdefault(key, []).append((row.row, start, end, v["village_id"]))

    def write(self, session: Session, ctx: Ctx, records: list[DispatchRecord]) -> ImportResult:
        w = Writer(session)
        pw = people.PersonWriter(w)
        pw.preload([r.person for r in records])
        res = ImportResult()
        batches = dict(ctx.batches)
        firsts: dict[str, date] = {}
        for rec in records:
            if rec.batch and rec.batch not in batches:
                firsts[rec.batch] = min(firsts.get(rec.batch, rec.values["start_date"]), rec.values["start_date"])
        for name, first in firsts.items():
            batches[name] = w.add(RotationBatch, name=name, batch_date=first)
        rows = preload(session, Dispatch, [r.existing[0] for r in records if r.existing])
        for rec in records:
            pid = pw.person_id(rec.person)
            if rec.existing:
                d = rows[rec.existing[0]]
                changed = False
                for k in ("actual_end", "planned_end", "unit_post", "notes"):
                    if getattr(d, k) is None and rec.values.get(k) is not None:
                        setattr(d, k, rec.values[k])
                        changed = True
                if d.status == "on_post" and rec.values["status"] != "on_post" and rec.values.get("actual_end"):
                    d.status = rec.values["status"]
                    changed = True
                res.updated += changed
                res.unchanged += not changed
                continue
            w.add(Dispatch, person_id=pid, batch_id=batches.get(rec.batch) if rec.batch else None, **rec.values)
            res.added += 1
        w.flush()
        res.details = {"新建人员": pw.added, "补充人员信息": pw.updated, "新建批次": len(firsts)}
        return res
