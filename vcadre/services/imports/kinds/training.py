"""培训班学员名册 (a past or current class's roll) → the class, its enrolments and the paper
certificates' numbers.

The class comes from 培训班名称 / 培训时间 columns, from options (the CLI's ``--title``,
``--start``, ``--end``), or from the title lines above the header as officers write them
(“2023年织金县村干部示范培训班学员名册”, “培训时间：2023年5月8日至12日”). Same class = same title
and start date; same enrolment = same class and person. Certificate numbers printed on paper are
kept as they are and are never issued again (the certificate service skips numbered enrolments
and numbers in use).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain.normalise import ValueProblem, cell_text, parse_date
from vcadre.services.imports import people
from vcadre.services.imports.bulk import Writer, preload
from vcadre.services.imports.engine import Field, ImportResult, Row, Spec
from vcadre.services.imports.kinds import common as c
from vcadre.services.imports.places import PlaceIndex, PlaceProblem
from vcadre.store.models import CertificateEvent, Enrolment, Person, TrainingSession

TITLE = Field("title", "培训班名称", ("培训班", "班次", "培训名称", "培训班次", "培训项目", "培训班名"), width=28,
              help="可不填：整张表为同一个班时，可在表头上方的标题行写班名，或在导入时指定。")
PERIOD = Field("period", "培训时间", ("培训日期", "培训起止时间", "培训起止日期", "举办时间"),
               help="如 2023.5.8-2023.5.12、2023年5月8日至12日；也可分成“开班日期”“结业日期”两列。")
START = Field("start_date", "开班日期", ("开始日期", "培训开始时间", "培训开始日期", "开班时间"), kind="date")
END = Field("end_date", "结业日期", ("结束日期", "培训结束时间", "培训结束日期", "结业时间"), kind="date")
KIND = Field("kind", "培训类别", ("培训类型", "班次类别"), kind="code", codes="training_kind")
ORGANIZER = Field("organizer", "主办单位", ("举办单位", "承办单位", "培训单位"))
PLACE = Field("place", "培训地点", ("地点", "培训地址"))
PLANNED = Field("planned_hours", "计划学时", ("总学时", "应修学时", "规定学时"), kind="float")
HOURS = Field("hours", "完成学时", ("学时", "培训学时", "参训学时", "实际学时", "获得学时", "实修学时"), kind="float")
RESULT = Field("result", "结业情况", ("是否结业", "结业", "考核情况", "结业结果"), kind="code", codes="enrolment_result",
               help="结业、未结业；不填时有证书编号的记为结业，否则为未评定。")
CERT = Field("certificate_no", "证书编号", ("结业证书编号", "证书号", "证书号码", "结业证书号"), width=18,
             help="纸质证书上已有的编号原样保留，系统不会再为其发证或重复使用该编号。")
TOWNSHIP = replace(c.TOWNSHIP, required=False)
VILLAGE = replace(c.VILLAGE, required=False, help="可不填；填写时用于新建人员的所在村。")

_ROLL_WORDS = re.compile(r"(学员|参训人员|参训学员)?(花名册|名册|名单|登记表|签到表|统计表|汇总表)$")


def parse_period(text: str) -> tuple[date, date]:
    """“2023.5.8-2023.5.12”, “2023年5月8日至12日”, “2023-05-08～05-12” → (start, end)."""
    t = "".join(cell_text(text).split())
    t = t.translate({0xFF10 + i: str(i) for i in range(10)})
    m = re.match(r"(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?", t)
    if not m:
        raise ValueProblem(f"“{text}”不是培训起止时间：请写成 2023.5.8-2023.5.12 或 2023年5月8日至12日")
    start = parse_date(m.group(0))
    rest = re.sub(r"^(至|到|~|～|—+|-+|－+|―+)", "", t[m.end():])
    if not rest:
        return start, start
    for pattern, build in (
        (r"(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?", lambda g: (int(g[0]), int(g[1]), int(g[2]))),
        (r"(\d{1,2})[月./-](\d{1,2})日?", lambda g: (start.year, int(g[0]), int(g[1]))),
        (r"(\d{1,2})日?", lambda g: (start.year, start.month, int(g[0]))),
    ):
        m2 = re.fullmatch(pattern, rest)
        if m2:
            try:
                end = date(*build(m2.groups()))
            except ValueError:
                break
            if end < start:
                raise ValueProblem(f"“{text}”的结束日期早于开始日期")
            return start, end
    raise ValueProblem(f"“{text}”不是培训起止时间：请写成 2023.5.8-2023.5.12 或 2023年5月8日至12日")


def guess_kind(title: str) -> str:
    if "后备" in title:
        return "reserve"
    if "驻村" in title or "工作队" in title or "第一书记" in title:
        return "work_team"
    if "村干部" in title or "两委" in title or "村党组织书记" in title or "村支书" in title:
        return "village_cadre"
    return "other"


@dataclass
class Enrol:
    person: people.PersonRef
    klass: tuple[str, date, date]
    hours: Optional[float]
    result: Optional[str]
    certificate_no: Optional[str]
    kind: Optional[str]
    organizer: Optional[str]
    place: Optional[str]
    planned: Optional[float]
    existing: Optional[tuple] = None  # (enrolment id, hours, result, certificate)


@dataclass
class Ctx:
    session: Session
    today: date
    places: PlaceIndex
    classes: dict[tuple[str, date], str] = field(default_factory=dict)
    certificates: dict[str, tuple[str, str]] = field(default_factory=dict)  # no → (session id, person id)


class TrainingSpec(Spec):
    name = "training"
    title = "培训学员"
    sheet = "培训学员"
    fields = (TITLE, PERIOD, START, END, KIND, ORGANIZER, PLACE, PLANNED, c.NAME, c.ID_NUMBER, c.GENDER,
              c.PHONE, TOWNSHIP, VILLAGE, HOURS, RESULT, CERT, c.NOTES)
    help_lines = (
        "每行一名学员。培训班可写在“培训班名称”“培训时间”两列，也可只在表头上方的标题行写"
        "（如“2023年织金县村干部示范培训班学员名册”“培训时间：2023年5月8日至12日”）。",
        "同一培训班（名称和开班日期相同）、同一学员只导入一次：重复导入同一文件不会重复记录。",
        "尚未登记的学员会自动建立档案；身份证号码相同即为同一人。",
    )
    example = ("2023年村干部示范培训班", "2023.5.8-2023.5.12", "", "", "村干部培训班", "县委组织部", "县委党校", 40,
               "王五", "", "男", "", "龙场镇", "青山村", 40, "结业", "织组培〔2023〕001号", "")

    def __init__(self, title: str = "", start: Optional[date] = None, end: Optional[date] = None,
                 planned_hours: Optional[float] = None) -> None:
        self.default_title = title
        self.default_start = start
        self.default_end = end or start
        self.default_planned = planned_hours
        self.preamble: list[str] = []

    def begin_file(self, preamble: list[str]) -> None:
        self.preamble = preamble
        if not self.default_title:
            for line in preamble:
                if "培训" in line or "班" in line and "名" in line:
                    t = re.sub(r"^\S*?[：:]", "", line) if "：" in line[:6] or ":" in line[:6] else line
                    self.default_title = _ROLL_WORDS.sub("", "".join(t.split())) or self.default_title
                    break
        if not self.default_start:
            for line in preamble:
                m = re.search(r"(培训|举办|开班)?(时间|日期)[：:]\s*(.+)", line)
                if m:
                    try:
                        self.default_start, self.default_end = parse_period(m.group(3))
                    except ValueProblem:
                        pass
                    break

    def context(self, session: Session, today: date) -> Ctx:
        ctx = Ctx(session, today, PlaceIndex(session))
        for sid, title, start in session.execute(select(TrainingSession.id, TrainingSession.title,
                                                        TrainingSession.start_date)
                                                 .where(TrainingSession.deleted.is_(False))):
            ctx.classes[(title, start)] = sid
        for no, sid, pid in session.execute(select(Enrolment.certificate_no, Enrolment.session_id, Enrolment.person_id)
                                            .where(Enrolment.certificate_no.is_not(None))):
            ctx.certificates[no] = (sid, pid)
        return ctx

    def check(self, ctx: Ctx, row: Row) -> Optional[Enrol]:
        title = c.text(row, "title", "培训班名称", 120) or self.default_title
        start, end = self.default_start, self.default_end
        if row.values.get("period") is not None:
            try:
                start, end = parse_period(cell_text(row.values["period"]))
            except ValueProblem as exc:
                row.error("period", str(exc))
        start = c.day(row, "start_date", "开班日期") or start
        end = c.day(row, "end_date", "结业日期") or end or start
        if not title:
            row.error("title", "没有培训班名称：请填写“培训班名称”列，或在表头上方写明班名")
        if not start:
            row.error("start_date", "没有培训时间：请填写“培训时间”（如 2023.5.8-2023.5.12）或“开班日期”")
        if start and end and end < start:
            row.error("end_date", f"结业日期（{end}）早于开班日期（{start}）")
        if start and start > ctx.today:
            row.error("start_date", "开班日期不能晚于今天（只导入已开班的培训）")
        vid = None
        if row.values.get("village") is not None:
            try:
                vid = ctx.places.village_id(cell_text(row.values.get("township")), cell_text(row.values.get("village")))
            except PlaceProblem as exc:
                row.error(exc.field, exc.message)
        data = people.check_person(row, ctx.today, ("name", "gender", "id_number", "phone"))
        hours = c.number(row, "hours", "完成学时")
        planned = c.number(row, "planned_hours", "计划学时")
        result = c.code(row, "result", "enrolment_result")
        cert = c.text(row, "certificate_no", "证书编号", 60)
        if result is None and row.values.get("result") is None:
            result = "completed" if cert else "pending"
        if cert and result == "not_completed":
            row.error("certificate_no", "未结业的学员不应有证书编号")
        if row.errors or not title or not start:
            return None
        return Enrol(people.PersonRef(data, vid), (title, start, end), hours, result, cert,
                     c.code(row, "kind", "training_kind"), c.text(row, "organizer", "主办单位", 80),
                     c.text(row, "place", "培训地点", 120), planned)

    def finish(self, ctx: Ctx, rows: list[tuple[Row, Any]]) -> None:
        live = [(row, rec) for row, rec in rows if rec is not None]
        people.match(ctx.session, [(row, rec.person) for row, rec in live])
        known: dict[tuple[str, str], tuple] = {}
        sids = sorted({ctx.classes[(r.klass[0], r.klass[1])] for _row, r in live if (r.klass[0], r.klass[1]) in ctx.classes})
        for i in range(0, len(sids), 500):
            for eid, sid, pid, hours, result, cert in ctx.session.execute(
                    select(Enrolment.id, Enrolment.session_id, Enrolment.person_id, Enrolment.hours_completed,
                           Enrolment.result, Enrolment.certificate_no)
                    .where(Enrolment.session_id.in_(sids[i:i + 500]), Enrolment.deleted.is_(False))):
                known[(sid, pid)] = (eid, hours, result, cert)
        seen: dict[tuple, int] = {}
        certs: dict[str, int] = {}
        for row, rec in live:
            if row.errors:
                continue
            key = (rec.klass[0], rec.klass[1], rec.person.key)
            if key in seen:
                row.error("name", f"与第 {seen[key]} 行是同一培训班的同一学员")
                continue
            seen[key] = row.row
            sid = ctx.classes.get((rec.klass[0], rec.klass[1]))
            pid = rec.person.existing["id"] if rec.person.existing else None
            if sid and pid:
                rec.existing = known.get((sid, pid))
            if rec.certificate_no:
                holder = ctx.certificates.get(rec.certificate_no)
                if holder and (holder[0] != sid or holder[1] != pid):
                    name = ctx.session.scalar(select(Person.name).where(Person.id == holder[1]))
                    row.error("certificate_no", f"证书编号“{rec.certificate_no}”已属于“{name}”的另一条培训记录，不能重复使用")
                elif rec.certificate_no in certs:
                    row.error("certificate_no", f"证书编号与第 {certs[rec.certificate_no]} 行重复")
                elif rec.existing and rec.existing[3] and rec.existing[3] != rec.certificate_no:
                    row.error("certificate_no", f"该学员在系统中已有证书编号“{rec.existing[3]}”，与本行不符")
                certs[rec.certificate_no] = row.row

    def write(self, session: Session, ctx: Ctx, records: list[Enrol]) -> ImportResult:
        w = Writer(session)
        pw = people.PersonWriter(w)
        pw.preload([r.person for r in records])
        res = ImportResult()
        classes = dict(ctx.classes)
        new_classes = 0
        for rec in records:
            title, start, end = rec.klass
            if (title, start) in classes:
                continue
            same = [r for r in records if r.klass[:2] == (title, start)]
            planned = (self.default_planned or next((r.planned for r in same if r.planned), None)
                       or max((r.hours or 0 for r in same), default=0))
            kind = next((r.kind for r in same if r.kind), None) or guess_kind(title)
            classes[(title, start)] = w.add(
                TrainingSession, title=title, kind=kind, start_date=start, end_date=end, planned_hours=planned,
                year=start.year, organizer=next((r.organizer for r in same if r.organizer), None),
                place=next((r.place for r in same if r.place), None))
            new_classes += 1
        rows = preload(session, Enrolment, [r.existing[0] for r in records if r.existing])
        for rec in records:
            pid = pw.person_id(rec.person)
            sid = classes[rec.klass[:2]]
            if rec.existing:
                e = rows[rec.existing[0]]
                changed = False
                if rec.hours is not None and not e.hours_completed:
                    e.hours_completed = rec.hours
                    changed = True
                if e.result == "pending" and rec.result != "pending":
                    e.result = rec.result
                    changed = True
                if rec.certificate_no and not e.certificate_no:
                    e.certificate_no = rec.certificate_no
                    w.add(CertificateEvent, enrolment_id=e.id, certificate_no=rec.certificate_no, action="issued",
                          event_date=rec.klass[2], reason="导入纸质证书编号")
                    changed = True
                res.updated += changed
                res.unchanged += not changed
                continue
            eid = w.add(Enrolment, session_id=sid, person_id=pid, hours_completed=rec.hours or 0,
                        result=rec.result, certificate_no=rec.certificate_no, certificate_revoked=False)
            if rec.certificate_no:
                w.add(CertificateEvent, enrolment_id=eid, certificate_no=rec.certificate_no, action="issued",
                      event_date=rec.klass[2], reason="导入纸质证书编号")
            res.added += 1
        w.flush()
        res.details = {"新建培训班": new_classes, "新建人员": pw.added, "补充人员信息": pw.updated}
        return res
