"""What each roster kind prints: ``build_roster(session, kind, query, ...)`` → ``Roster``.

Rosters of record lists (``talent``, ``posts``, ``training``, ``dispatch``) are the GUI's current
view: the SELECT is ``LISTINGS[kind]().ordered(query)`` — the same joins, region, search,
filters and order as the table — with a few extra person columns added to it (birth date, ID
number). Class lists (``training`` with a class) and sign-in sheets (``signin``, 签到表, one blank
column per class day) list a class's live enrolments by township, village and name.

ID numbers print masked (``520524********123X``) unless ``show_id`` is set.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.domain.codes import TABLES
from vcadre.domain.idnumber import mask_id_number
from vcadre.reports.roster import Roster, RosterColumn
from vcadre.services import dispatch, posts, regions, talent, training  # noqa: F401 - register LISTINGS
from vcadre.services.errors import NotFoundError
from vcadre.services.listing import LISTINGS, ListQuery
from vcadre.store.models import Dispatch, Enrolment, Person, Region, TrainingSession

KINDS = ("talent", "posts", "training", "signin", "dispatch")
KIND_NAMES = {
    "talent": "后备干部花名册", "posts": "一肩挑情况表", "training": "培训班一览表（或学员花名册）",
    "signin": "培训签到表", "dispatch": "驻村干部花名册",
}

#: Chinese headers of listing columns (printouts are in Chinese whatever the UI language).
HEADERS = {
    "name": "姓名", "gender": "性别", "age": "年龄", "ethnicity": "民族", "education": "学历",
    "political_status": "政治面貌", "source": "来源", "stage": "当前阶段", "township": "乡镇（街道）",
    "village": "村（社区）", "entry_date": "入库时间", "status": "状态", "mentor": "培养联系人",
    "title": "培训班名称", "kind": "类别", "organizer": "主办单位", "start_date": "开班日期",
    "end_date": "结业日期", "place": "培训地点", "planned_hours": "计划学时", "enrolled": "参训人数",
    "year": "年度", "role": "驻村职务", "unit": "派出单位", "batch": "批次",
    "planned_end": "计划期满", "secretary": "村党组织书记", "director": "村（居）委会主任",
    "one_shoulder": "是否“一肩挑”", "since": "“一肩挑”起始", "birth_date": "出生年月",
    "id_number": "身份证号", "unit_post": "原单位职务", "hours_completed": "完成学时",
    "result": "结业情况", "certificate_no": "证书编号", "notes": "备注", "signature": "签名",
}
_PER_KIND = {"dispatch": {"start_date": "派驻日期", "status": "在岗状态", "village": "派驻村（社区）"}}
#: Column shape hints (alignment, width limits) by key.
_SHAPE = {
    "name": dict(min_em=3, max_em=6), "gender": dict(align="center", min_em=2, max_em=2),
    "age": dict(align="center", min_em=2), "ethnicity": dict(align="center", max_em=5),
    "id_number": dict(min_em=10, max_em=11), "birth_date": dict(align="center", min_em=4, max_em=5),
    "mentor": dict(max_em=8), "unit": dict(min_em=6, max_em=14), "title": dict(min_em=8, max_em=22),
    "place": dict(min_em=4, max_em=12), "organizer": dict(max_em=10),
    "one_shoulder": dict(align="center"), "status": dict(min_em=3, align="center"), "batch": dict(max_em=10),
}
_TITLES = {
    "talent": "村级后备干部花名册", "posts": "村党组织书记、村（居）委会主任“一肩挑”情况表",
    "training": "培训班一览表", "dispatch": "驻村第一书记和工作队员花名册",
}
_FILTER_NAMES = {"age_min": "年龄不小于", "age_max": "年龄不大于", "party_member": "党员", "active": "仅在岗"}
#: Code tables printed by their standard abbreviation (中共党员, 本科): narrower columns.
_SHORT_CODES = {"political_status", "education"}
#: Longest class printed as one sign-in sheet column per day.
MAX_SIGNIN_DAYS = 10


def header(kind: str, key: str) -> str:
    return _PER_KIND.get(kind, {}).get(key) or HEADERS.get(key, key)


def _column(kind: str, key: str, col_kind: str = "text") -> RosterColumn:
    shape = dict(_SHAPE.get(key, {}))
    if col_kind in ("int", "float") and "align" not in shape:
        shape["align"] = "right"
    if col_kind == "date":
        shape.setdefault("align", "center")
        shape.setdefault("min_em", 5.6)  # 2024-05-06 never breaks
    return RosterColumn(key, header(kind, key), "text" if col_kind == "bool" else col_kind, **shape)


def _label(codes: Optional[str], value: Any) -> Any:
    if codes is None or value is None or value == "":
        return value
    table = TABLES.get(codes)
    item = table.get(str(value)) if table else None
    if item is None:
        return str(value)
    return (item.short or item.label) if codes in _SHORT_CODES else item.label


def _place(session: Session, region_id: Optional[str]) -> str:
    """The place named in the title: the chosen region, else the single top region (the county)."""
    if region_id:
        return regions.region_path(session, region_id, sep="")
    tops = regions.children(session, None)
    return tops[0].name if len(tops) == 1 else ""


def _filter_line(session: Session, kind: str, q: ListQuery, count: int, what: str = "人") -> str:
    listing = LISTINGS[kind]() if kind in LISTINGS else None
    codes = {c.key: c for c in listing.columns} if listing else {}
    parts = [f"范围：{regions.region_path(session, q.region_id) if q.region_id else '全部'}"]
    for key, value in q.filters.items():
        if value is None or value == "":
            continue
        col = codes.get(key)
        if col is not None and col.codes:
            parts.append(f"{header(kind, key)}：{_label(col.codes, value)}")
        elif isinstance(value, bool) or (col is not None and col.kind == "bool"):
            parts.append(f"{_FILTER_NAMES.get(key) or header(kind, key)}：{'是' if value else '否'}")
        else:
            parts.append(f"{_FILTER_NAMES.get(key) or header(kind, key)}：{value}")
    if q.search.strip():
        parts.append(f"检索：“{q.search.strip()}”")
    if q.order_by:
        parts.append(f"排序：{header(kind, q.order_by)}{'降序' if q.descending else '升序'}")
    return "筛选条件：" + "；".join(parts) + f"　共 {count:,} {what}"


def _id_text(number: Optional[str], show_id: bool) -> str:
    if not number:
        return ""
    return number if show_id else mask_id_number(number)


def _birth(d: Optional[date]) -> str:
    return f"{d.year}.{d.month:02d}" if d else ""


def _listing_roster(session: Session, kind: str, q: ListQuery, show_id: bool) -> tuple[list, list]:
    """(columns, rows) of a record list with the listing's own SELECT (+ extra person columns)."""
    listing = LISTINGS[kind]()
    stmt = listing.ordered(q)
    keys = [c.key for c in listing.columns]
    col_kinds = {c.key: c for c in listing.columns}
    if kind == "talent":
        stmt = stmt.add_columns(Person.birth_date, Person.id_number)
        shown = ["name", "gender", "ethnicity", "birth_date", "id_number", "education", "political_status",
                 "township", "village", "source", "stage", "entry_date", "status", "mentor"]
        extra = ["birth_date", "id_number"]
    elif kind == "dispatch":
        stmt = stmt.add_columns(Person.gender, Person.id_number, Dispatch.unit_post)
        shown = ["name", "gender", "id_number", "unit", "unit_post", "role", "township", "village", "batch",
                 "start_date", "planned_end", "status"]
        extra = ["gender", "id_number", "unit_post"]
    else:
        shown = [k for k in keys if k != "year"]
        extra = []
    all_keys = ["id"] + keys + extra
    columns, getters = [], []
    for key in shown:
        col = col_kinds.get(key) if key not in extra else None
        idx = all_keys.index(key) if key not in extra else len(keys) + 1 + extra.index(key)
        if key == "id_number":
            columns.append(_column(kind, key))
            getters.append(lambda r, i=idx: _id_text(r[i], show_id))
        elif key == "birth_date":
            columns.append(_column(kind, key))
            getters.append(lambda r, i=idx: _birth(r[i]))
        elif key == "gender" and col is None:
            columns.append(_column(kind, key))
            getters.append(lambda r, i=idx: _label("gender", r[i]))
        elif col is not None and col.codes:
            columns.append(_column(kind, key))
            getters.append(lambda r, i=idx, c=col.codes: _label(c, r[i]))
        elif col is not None and col.kind == "bool":
            columns.append(_column(kind, key, "bool"))
            getters.append(lambda r, i=idx: ("是" if r[i] else "否") if r[i] is not None else "")
        else:
            columns.append(_column(kind, key, col.kind if col is not None else "text"))
            getters.append(lambda r, i=idx: r[i])
    rows = [tuple(g(r) for g in getters) for r in session.execute(stmt)]
    return columns, rows


def _class(session: Session, class_ref: str) -> TrainingSession:
    t = session.get(TrainingSession, class_ref)
    if t is None or t.deleted:
        matches = list(session.scalars(select(TrainingSession).where(
            TrainingSession.title == class_ref, TrainingSession.deleted.is_(False))))
        if not matches:
            matches = list(session.scalars(select(TrainingSession).where(
                TrainingSession.title.contains(class_ref, autoescape=True), TrainingSession.deleted.is_(False))))
        if not matches:
            raise NotFoundError(f"找不到培训班“{class_ref}”。")
        if len(matches) > 1:
            names = "、".join(f"{m.title}（{m.start_date}）" for m in matches[:5])
            raise NotFoundError(f"有多个培训班与“{class_ref}”相符：{names}。请写出完整名称。")
        t = matches[0]
    return t


def _enrolments(session: Session, t: TrainingSession):
    village, township = aliased(Region), aliased(Region)
    stmt = (
        select(Person.name, Person.gender, Person.id_number, township.name, village.name,
               Enrolment.hours_completed, Enrolment.result, Enrolment.certificate_no)
        .join(Person, Enrolment.person_id == Person.id)
        .outerjoin(village, Person.home_village_id == village.id)
        .outerjoin(township, village.parent_id == township.id)
        .where(Enrolment.session_id == t.id, Enrolment.deleted.is_(False), Person.deleted.is_(False))
        .order_by(township.code, village.code, Person.name, Person.id)
    )
    return list(session.execute(stmt))


def class_days(t: TrainingSession) -> list[date]:
    days = (t.end_date - t.start_date).days + 1
    return [t.start_date + timedelta(days=i) for i in range(max(1, min(days, MAX_SIGNIN_DAYS)))]


def build_roster(session: Session, kind: str, query: Optional[ListQuery] = None, *, show_id: bool = False,
                 class_ref: Optional[str] = None, unit: str = "", printed: Optional[date] = None,
                 signature: bool = True) -> Roster:
    """The roster of ``kind`` for ``query`` (the GUI's current view; default: everything).

    ``class_ref`` (a class id or title) makes ``training`` a class list; ``signin`` needs it.
    Raises ``NotFoundError`` (Chinese message) for an unknown kind or class.
    """
    from vcadre.services.security import Permission, audit, require

    require(session, Permission.EXPORT)
    if show_id:
        require(session, Permission.UNMASK)
    roster = _build(session, kind, query, show_id=show_id, class_ref=class_ref, unit=unit, printed=printed,
                    signature=signature)
    roster.on_written = lambda path: audit.exported(session, roster.title, len(roster.rows), path, kind=kind,
                                                    unmasked=show_id)
    return roster


def _build(session: Session, kind: str, query: Optional[ListQuery], *, show_id: bool, class_ref: Optional[str],
           unit: str, printed: Optional[date], signature: bool) -> Roster:
    q = query or ListQuery()
    printed = printed or clock.today()
    if kind not in KINDS:
        raise NotFoundError(f"未知的花名册类型“{kind}”；可用：{'、'.join(KINDS)}。")
    if kind == "signin" or (kind == "training" and class_ref):
        if not class_ref:
            raise NotFoundError("签到表需要指定培训班（--class 培训班名称或编号）。")
        t = _class(session, class_ref)
        people = _enrolments(session, t)
        period = f"{t.start_date.isoformat()} 至 {t.end_date.isoformat()}"
        line = (f"培训班：{t.title}　时间：{period}　地点：{t.place or '—'}　"
                f"主办：{t.organizer or '—'}　共 {len(people)} 人")
        if kind == "signin":
            days = class_days(t)
            cols = [_column(kind, "name"), _column(kind, "gender"), _column(kind, "township"),
                    _column(kind, "village")]
            cols += [RosterColumn(f"day{i}", f"{d.month}月{d.day}日", "blank", width_em=5.5)
                     for i, d in enumerate(days)]
            cols.append(RosterColumn("notes", "备注", "blank", width_em=5))
            rows = [(r[0], _label("gender", r[1]), r[3] or "", r[4] or "") + ("",) * (len(days) + 1)
                    for r in people]
            note = "" if len(days) == (t.end_date - t.start_date).days + 1 else \
                f"注：本表列出前 {MAX_SIGNIN_DAYS} 天，其余日期请另附签到表。"
            return Roster(f"{t.title}签到表", cols, rows, filter_line=line, unit=unit, printed=printed,
                          landscape=True, signature=signature, row_height=26, note=note)
        cols = [_column(kind, k) for k in ("name", "gender", "id_number", "township", "village")]
        cols += [_column(kind, "hours_completed", "float"), _column(kind, "result"),
                 _column(kind, "certificate_no")]
        rows = [(r[0], _label("gender", r[1]), _id_text(r[2], show_id), r[3] or "", r[4] or "", r[5],
                 _label("enrolment_result", r[6]), r[7] or "") for r in people]
        return Roster(f"{t.title}学员花名册", cols, rows, filter_line=line, unit=unit, printed=printed,
                      signature=signature)
    columns, rows = _listing_roster(session, kind, q, show_id)
    what = {"posts": "个村（社区）", "training": "个培训班"}.get(kind, "人")
    title = _place(session, q.region_id) + _TITLES[kind]
    return Roster(title, columns, rows, filter_line=_filter_line(session, kind, q, len(rows), what),
                  unit=unit, printed=printed, signature=signature)
