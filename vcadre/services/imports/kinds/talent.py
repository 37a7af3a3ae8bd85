"""后备干部名册 → reserve-pool entries (and their persons), on the import engine.

Same entry = same person (ID number) with a live entry in the same village entered the same day
(without a 入库时间 column: the person's entry in that village still in the pool):
re-importing a file, or the app's own export, changes nothing — also for people who have left
the pool (退出). A person with a live entry in the pool elsewhere is reported; a person known to
the database but not in the pool (a cadre, a trainee) has their blank fields filled and enters it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.services.imports import people
from vcadre.services.imports.bulk import Writer
from vcadre.services.imports.engine import Field, ImportResult, Row, Spec
from vcadre.services.imports.kinds import common as c
from vcadre.services.imports.places import PlaceIndex
from vcadre.store.models import Region, ReserveEntry, StageChange

SOURCE = Field("source", "来源", ("人才来源", "后备类型", "类型", "后备干部来源", "类别", "人员类别"), required=True,
               kind="code", codes="talent_source")
NOMINATION = Field("nomination", "推荐方式", ("推荐渠道", "产生方式"), kind="code", codes="nomination")
STAGE = Field("stage", "当前阶段", ("培养阶段", "阶段"), kind="code", codes="stage",
              help="不填时记为“村后备干部”。")
STATUS = Field("status", "状态", ("库内状态", "在库状态"), kind="code", codes="reserve_status", help="不填时记为“在库”。")
ENTRY = Field("entry_date", "入库时间", ("入库日期", "纳入时间", "确定时间", "入库年月"), kind="month",
              help="可只写年月；不填时记为今天。")
MENTOR = Field("mentor", "培养联系人", ("导师", "联系人", "培养责任人", "结对帮带人"))
TRIAL = Field("trial_post", "试岗岗位", ("试岗", "跟岗岗位"))


@dataclass
class TalentRecord:
    person: people.PersonRef
    entry: dict[str, Any]
    existing_entry: Optional[str] = None
    dated: bool = True  # the sheet gave the entry date (else today's, and any date matches)


@dataclass
class Ctx:
    session: Session
    today: date
    places: PlaceIndex


class TalentSpec(Spec):
    name = "talent"
    title = "后备干部"
    sheet = "后备干部"
    fields = (c.NAME, c.GENDER, c.ID_NUMBER, c.BIRTH, c.ETHNICITY, c.NATIVE, c.PHONE, c.EDUCATION,
              c.EDUCATION_INSERVICE, c.POLITICAL, c.PARTY_DATE, c.WORK_DATE, c.TOWNSHIP, c.VILLAGE, SOURCE,
              NOMINATION, STAGE, STATUS, ENTRY, MENTOR, TRIAL, c.NOTES)
    help_lines = (
        "每行一人。已在后备干部库中的人员（同一村、同一入库时间）再次导入不会重复记录，导入本程序导出的表也一样。",
        "身份证号码已登记为其他人员（如村干部、培训学员）时，补充其空白信息并纳入后备干部库（计为“更新”）。",
    )
    example = ("赵六", "", "", "1995.08", "汉族", "贵州织金", "13700000000", "大专", "", "共青团员", "", "2017.07",
               "龙场镇", "青山村", "退役军人", "组织推荐", "村后备干部", "在库", "2024.3.1", "张三", "", "")

    def context(self, session: Session, today: date) -> Ctx:
        return Ctx(session, today, PlaceIndex(session))

    def check(self, ctx: Ctx, row: Row) -> Optional[TalentRecord]:
        vid = c.village(ctx.places, row)
        data = people.check_person(row, ctx.today, gender_required=True)
        entry = {
            "village_id": vid,
            "source": c.code(row, "source", "talent_source"),
            "nomination": c.code(row, "nomination", "nomination"),
            "stage": c.code(row, "stage", "stage", "reserve"),
            "status": c.code(row, "status", "reserve_status", "active"),
            "entry_date": c.day(row, "entry_date", "入库时间", month=True) or (
                ctx.today if row.values.get("entry_date") is None else None),
            "mentor": c.text(row, "mentor", "培养联系人", 60),
            "trial_post": c.text(row, "trial_post", "试岗岗位", 60),
            "notes": c.text(row, "notes", "备注"),
        }
        if row.values.get("source") is None:
            row.error("source", "来源不能为空")
        ed, birth = entry["entry_date"], data.get("birth_date")
        if ed and ed > ctx.today:
            row.error("entry_date", "入库时间不能晚于今天")
        if ed and birth and ed < birth:
            row.error("entry_date", "入库时间早于出生日期")
        if row.errors or not vid:
            return None
        if entry["status"] == "exited":
            entry["exit_date"] = ed
        return TalentRecord(people.PersonRef(data, vid), entry, dated=row.values.get("entry_date") is not None)

    def finish(self, ctx: Ctx, rows: list[tuple[Row, Any]]) -> None:
        live = [(row, rec) for row, rec in rows if rec is not None]
        people.match(ctx.session, [(row, rec.person) for row, rec in live])
        pids = sorted({rec.person.existing["id"] for _r, rec in live if rec.person.existing})
        entries: dict[str, list[tuple]] = {}
        for i in range(0, len(pids), 500):
            for eid, pid, vid, status, ed, vname in ctx.session.execute(
                    select(ReserveEntry.id, ReserveEntry.person_id, ReserveEntry.village_id, ReserveEntry.status,
                           ReserveEntry.entry_date, Region.name)
                    .join(Region, Region.id == ReserveEntry.village_id)
                    .where(ReserveEntry.person_id.in_(pids[i:i + 500]), ReserveEntry.deleted.is_(False))):
                entries.setdefault(pid, []).append((eid, vid, status, ed, vname))
        seen: dict[tuple, int] = {}
        for row, rec in live:
            if row.errors:
                continue
            key = rec.person.key
            if key in seen:
                if rec.person.data.get("id_number"):
                    row.error("id_number", f"与第 {seen[key]} 行的身份证号码重复（后备干部库中每人一条）")
                else:
                    row.error("name", f"与第 {seen[key]} 行是同一人（同名、同村，且都没有身份证号码）")
                continue
            seen[key] = row.row
            pid = rec.person.existing["id"] if rec.person.existing else None
            mine = entries.get(pid or "", [])
            same = [e for e in mine if e[1] == rec.entry["village_id"]
                    and (e[3] == rec.entry["entry_date"] if rec.dated else e[2] != "exited")]
            if same:
                rec.existing_entry = same[0][0]
                continue
            active = [e for e in mine if e[2] != "exited"]
            if active:
                row.error("id_number", f"“{rec.person.data['name']}”已在后备干部库中（{active[0][4]}，{active[0][3]} 入库）")

    def write(self, session: Session, ctx: Ctx, records: list[TalentRecord]) -> ImportResult:
        w = Writer(session)
        pw = people.PersonWriter(w)
        pw.preload([r.person for r in records])
        res = ImportResult()
        for rec in records:
            if rec.existing_entry:
                res.unchanged += 1
                continue
            was_known = rec.person.existing is not None
            pid = pw.person_id(rec.person)
            e = rec.entry
            eid = w.add(ReserveEntry, person_id=pid, **e)
            w.add(StageChange, entry_id=eid, change_date=e["entry_date"], from_stage=None, to_stage=e["stage"],
                  from_status=None, to_status=e["status"], reason="Excel 导入入库")
            if was_known:
                res.updated += 1
            else:
                res.added += 1
        w.flush()
        res.details = {"新建人员": pw.added}
        return res
