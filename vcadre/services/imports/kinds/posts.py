"""村“两委”成员名册 → village posts (任职), creating persons not yet known.

Same post = same village, post and start date — and, for posts several people hold at once
(委员, 副主任 …), the same person (re-importing changes nothing; a blank end date in the database
is filled from the sheet). One cell may hold several posts, as rosters write a
one-shoulder secretary: “村党支部书记、村委会主任” becomes two posts of the same person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain.codes import SINGLE_POSTS, VILLAGE_POST, UnknownCode
from vcadre.services.imports import people
from vcadre.services.imports.bulk import Writer, preload
from vcadre.services.imports.engine import Field, ImportResult, Row, Spec
from vcadre.services.imports.kinds import common as c
from vcadre.services.imports.places import PlaceIndex
from vcadre.store.models import Person, VillagePost

POST = Field("post", "职务", ("现任职务", "担任职务", "村级职务", "职位", "任职情况", "所任职务", "两委职务"),
             required=True, kind="code", codes="village_post",
             help="一人兼任多个职务时可写在同一格，用顿号分开，如“村党支部书记、村委会主任”。")
START = Field("start_date", "任职时间", ("任职日期", "任现职时间", "任职起始时间", "任职年月", "任现职日期", "起任时间",
                                     "任职开始时间", "任职起始日期"), required=True, kind="month",
              help="可只写年月（如 2021.05，记为当月 1 日）。")
END = Field("end_date", "离任时间", ("离任日期", "任职截止时间", "卸任时间", "免职时间", "离职时间"), kind="month")
ORIGIN = Field("origin", "任职方式", ("产生方式", "任职形式"), kind="code", codes="post_origin")


@dataclass
class PostRecord:
    person: people.PersonRef
    village_id: str
    posts: list[str]
    start: date
    end: Optional[date]
    origin: Optional[str]
    notes: Optional[str]
    existing: dict[str, Any] = field(default_factory=dict)  # post code → existing post (id, end)


@dataclass
class Ctx:
    session: Session
    today: date
    places: PlaceIndex
    # (village, post) → [(post id, person id, person name, start, end)]
    held: dict[tuple[str, str], list[tuple]]


class PostsSpec(Spec):
    name = "posts"
    title = "村“两委”成员"
    sheet = "村两委成员"
    fields = (c.TOWNSHIP, c.VILLAGE, POST, c.NAME, c.ID_NUMBER, c.GENDER, c.BIRTH, c.ETHNICITY,
              c.POLITICAL, c.PARTY_DATE, c.EDUCATION, c.PHONE, START, END, ORIGIN, c.NOTES)
    help_lines = (
        "每行一人；同一人兼任书记和主任（“一肩挑”）时可写两行，也可在“职务”一格写“村党支部书记、村委会主任”。",
        "同一村、同一职务、同一任职时间的记录只导入一次（委员、副主任等可多人担任的职务还须是同一人）：重复导入同一文件不会重复记录。",
        "尚未登记的人员会自动建立档案；身份证号码相同即为同一人。",
        "书记、主任、监委会主任每村同一时间只能一人担任：与系统中已有的任职时间重叠时，请先填写原任者的离任时间。",
    )
    example = ("龙场镇", "青山村委会", "村党支部书记、村委会主任", "张三", "", "男", "1980.05", "汉族", "中共党员",
               "2005.07", "高中", "13800000000", "2021.05", "", "选举", "")

    def context(self, session: Session, today: date) -> Ctx:
        held: dict[tuple[str, str], list[tuple]] = {}
        for pid, vid, post, person_id, name, start, end in session.execute(
                select(VillagePost.id, VillagePost.village_id, VillagePost.post, VillagePost.person_id, Person.name,
                       VillagePost.start_date, VillagePost.end_date)
                .join(Person, Person.id == VillagePost.person_id).where(VillagePost.deleted.is_(False))):
            held.setdefault((vid, post), []).append((pid, person_id, name, start, end))
        return Ctx(session, today, PlaceIndex(session), held)

    def check(self, ctx: Ctx, row: Row) -> Optional[PostRecord]:
        vid = c.village(ctx.places, row)
        data = people.check_person(row, ctx.today)
        posts = []
        for part in c.split_list(row.values.get("post")):
            try:
                posts.append(VILLAGE_POST.code_for(_post_text(part)))
            except UnknownCode:
                row.error("post", f"未知的职务“{part}”：应为 " + "、".join(i.label for i in VILLAGE_POST))
        start = c.day(row, "start_date", "任职时间", month=True)
        end = c.day(row, "end_date", "离任时间", month=True)
        if start and start > ctx.today:
            row.error("start_date", "任职时间不能晚于今天")
        if start and end and end < start:
            row.error("end_date", f"离任时间（{end}）早于任职时间（{start}）")
        origin = c.code(row, "origin", "post_origin")
        notes = c.text(row, "notes", "备注")
        if row.errors or not vid or not start:
            return None
        return PostRecord(people.PersonRef(data, vid), vid, list(dict.fromkeys(posts)), start, end, origin, notes)

    def finish(self, ctx: Ctx, rows: list[tuple[Row, Any]]) -> None:
        live = [(row, rec) for row, rec in rows if rec is not None]
        people.match(ctx.session, [(row, rec.person) for row, rec in live])
        seen: dict[tuple, int] = {}
        spans: dict[tuple[str, str], list[tuple[int, Any, date, Optional[date]]]] = {}
        for row, rec in live:
            if row.errors:
                continue
            pid = rec.person.existing["id"] if rec.person.existing else None
            for post in rec.posts:
                single = post in SINGLE_POSTS
                key = (rec.village_id, post, rec.start) + (() if single else (rec.person.key,))
                if key in seen:
                    row.error("post", f"与第 {seen[key]} 行重复（同一村、同一职务、同一任职时间"
                              + ("）" if single else "、同一人）"))
                    continue
                seen[key] = row.row
                same = [h for h in ctx.held.get((rec.village_id, post), []) if h[3] == rec.start and (
                    single or (h[1] == pid if pid else h[2] == rec.person.data["name"]))]
                if same:
                    if pid is not None and same[0][1] != pid or pid is None and same[0][2] != rec.person.data["name"]:
                        row.error("post", f"系统中该村“{VILLAGE_POST.label(post)}”{rec.start} 起的任职人是“{same[0][2]}”，"
                                  f"与本行“{rec.person.data['name']}”不符")
                    rec.existing[post] = same[0]
                    continue
                if post not in SINGLE_POSTS:
                    continue
                end = rec.end
                for hid, hperson, hname, hstart, hend in ctx.held.get((rec.village_id, post), []):
                    if (hend is None or hend >= rec.start) and (end is None or hstart <= end):
                        row.error("post", f"该村“{VILLAGE_POST.label(post)}”在这段时间已由“{hname}”担任（{hstart} 起）："
                                  "请先在系统中或本表中填写其离任时间")
                        break
                for orow, oname, ostart, oend in spans.get((rec.village_id, post), []):
                    if (oend is None or oend >= rec.start) and (end is None or ostart <= end):
                        row.error("post", f"与第 {orow} 行“{oname}”的任职时间重叠（每村同一时间只能一人担任）")
                        break
                spans.setdefault((rec.village_id, post), []).append((row.row, rec.person.data["name"], rec.start, end))

    def write(self, session: Session, ctx: Ctx, records: list[PostRecord]) -> ImportResult:
        w = Writer(session)
        pw = people.PersonWriter(w)
        pw.preload([r.person for r in records])
        res = ImportResult()
        ends = preload(session, VillagePost, [old[0] for r in records for old in r.existing.values()
                                              if old[4] is None and r.end is not None])
        for rec in records:
            pid = pw.person_id(rec.person)
            for post in rec.posts:
                old = rec.existing.get(post)
                if old:
                    if old[4] is None and rec.end is not None:
                        p = ends[old[0]]
                        p.end_date = rec.end
                        res.updated += 1
                    else:
                        res.unchanged += 1
                    continue
                w.add(VillagePost, person_id=pid, village_id=rec.village_id, post=post, start_date=rec.start,
                      end_date=rec.end, origin=rec.origin, notes=rec.notes)
                res.added += 1
        w.flush()
        res.details = {"新建人员": pw.added, "补充人员信息": pw.updated}
        return res


def _post_text(part: str) -> str:
    """村党支部书记 / 党总支书记 / 村委会主任 / 居委会副主任 … → the code table's spellings."""
    t = "".join(part.split())
    for a, b in (("党总支", "党组织"), ("党支部", "党组织"), ("党委", "党组织"), ("村委会", "村（居）民委员会"),
                 ("居委会", "村（居）民委员会"), ("村民委员会", "村（居）民委员会"), ("居民委员会", "村（居）民委员会"),
                 ("村监委会", "村务监督委员会"), ("监委会", "村务监督委员会"), ("村务监督委员会", "村务监督委员会")):
        t = t.replace(a, b)
    if t.startswith("党组织"):
        t = "村" + t
    if t.startswith("（居）") or t.startswith("(居)"):
        t = "村" + t
    return t
