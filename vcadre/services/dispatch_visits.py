"""Household visits (走访) of dispatched cadres, and each village's history of postings (历任).

A visit belongs to one dispatch: date, households or group visited, matters raised, follow-up.
``village_history`` lists every first secretary and work-team member a village has had, in
order, with batch, dates, status, hand-over note, visits and days on post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.services.forms import FormField, clean
from vcadre.services.regions import village_ids_under
from vcadre.store.models import Dispatch, DispatchMonth, Person, Region, RotationBatch, Visit
from vcadre.store.sqlfuncs import iif

VISIT_FIELDS: tuple[FormField, ...] = (
    FormField("visit_date", "date", required=True),
    FormField("households", "text", required=True, max_length=200),
    FormField("matters", "multiline"),
    FormField("follow_up", "multiline"),
)
VISIT_LABELS = {"visit_date": "走访日期", "households": "走访户（组）", "matters": "反映事项",
                "follow_up": "办理情况"}


@dataclass(frozen=True)
class VisitRow:
    id: str
    visit_date: date
    households: str
    matters: str
    follow_up: str


@dataclass(frozen=True)
class DispatchHeader:
    id: str
    name: str
    village: str
    township: str
    role: str
    start_date: date
    actual_end: Optional[date]
    status: str


def _dispatch(session: Session, dispatch_id: str) -> Dispatch:
    d = session.get(Dispatch, dispatch_id)
    if d is None or d.deleted:
        raise NotFoundError("该驻村记录不存在或已删除。")
    return d


def header(session: Session, dispatch_id: str) -> DispatchHeader:
    d = _dispatch(session, dispatch_id)
    township = session.get(Region, d.village.parent_id) if d.village.parent_id else None
    return DispatchHeader(d.id, d.person.name, d.village.name, township.name if township else "",
                          d.role, d.start_date, d.actual_end, d.status)


def visits(session: Session, dispatch_id: str) -> list[VisitRow]:
    stmt = (select(Visit).where(Visit.dispatch_id == dispatch_id, Visit.deleted.is_(False))
            .order_by(Visit.visit_date.desc(), Visit.id))
    return [VisitRow(v.id, v.visit_date, v.households or "", v.matters or "", v.follow_up or "")
            for v in session.scalars(stmt)]


def get_visit(session: Session, visit_id: str) -> dict[str, Any]:
    v = session.get(Visit, visit_id)
    if v is None or v.deleted:
        raise NotFoundError("该走访记录不存在或已删除。")
    return {f.key: getattr(v, f.key) for f in VISIT_FIELDS}


def save_visit(session: Session, visit_id: Optional[str], dispatch_id: str,
               values: Mapping[str, Any], today: Optional[date] = None,
               loaded: Optional[Mapping[str, Any]] = None) -> str:
    """Add or change one visit; the date must fall within the posting and not in the future.

    ``loaded``: the visit as the form showed it; a change saved by someone else since is refused
    with ``edit_lock.EditConflict`` (checked first, under the write lock).
    """
    if visit_id is not None and loaded is not None:
        from vcadre.services import edit_lock

        edit_lock.check(session, visit_id, VISIT_FIELDS, lambda: get_visit(session, visit_id), loaded, values,
                        VISIT_LABELS)
    today = today or clock.today()
    d = _dispatch(session, dispatch_id)
    errors: list[FieldError] = []
    data = clean(VISIT_FIELDS, values, errors, VISIT_LABELS)
    vd = data.get("visit_date")
    if vd is not None:
        if vd < d.start_date:
            errors.append(FieldError("visit_date", f"走访日期（{vd}）早于派驻日期（{d.start_date}）。"))
        elif d.actual_end and vd > d.actual_end:
            errors.append(FieldError("visit_date", f"走访日期（{vd}）晚于离岗日期（{d.actual_end}）。"))
        elif vd > today:
            errors.append(FieldError("visit_date", f"走访日期（{vd}）不能晚于今天。"))
    if errors:
        raise ValidationError(errors)
    with session.begin_nested():
        if visit_id is None:
            v = Visit(dispatch_id=dispatch_id)
            session.add(v)
        else:
            v = session.get(Visit, visit_id)
            if v is None or v.deleted or v.dispatch_id != dispatch_id:
                raise NotFoundError("该走访记录不存在或已删除。")
        for k, val in data.items():
            setattr(v, k, val)
        session.flush()
    return v.id


def delete_visit(session: Session, visit_id: str) -> None:
    v = session.get(Visit, visit_id)
    if v is None or v.deleted:
        raise NotFoundError("该走访记录不存在或已删除。")
    v.deleted = True


@dataclass(frozen=True)
class VisitCount:
    dispatch_id: str
    name: str
    township: str
    village: str
    visits: int
    last_visit: Optional[date]


def visit_counts(session: Session, region_id: Optional[str] = None, since: Optional[date] = None,
                 active_only: bool = True) -> list[VisitCount]:
    """Visits per posting (on-post ones by default), most visits first."""
    village = aliased(Region, name="village")
    township = aliased(Region, name="township")
    cond = (Visit.dispatch_id == Dispatch.id) & Visit.deleted.is_(False)
    if since:
        cond = cond & (Visit.visit_date >= since)
    stmt = (
        select(Dispatch.id, Person.name, township.name, village.name, func.count(Visit.id),
               func.max(Visit.visit_date))
        .join(Person, Dispatch.person_id == Person.id)
        .join(village, Dispatch.village_id == village.id)
        .join(township, village.parent_id == township.id)
        .outerjoin(Visit, cond)
        .where(Dispatch.deleted.is_(False))
        .group_by(Dispatch.id, Person.id, village.id, township.id)  # keys: their columns may be selected
        .order_by(func.count(Visit.id).desc(), village.code)
    )
    if active_only:
        stmt = stmt.where(Dispatch.status == "on_post")
    if region_id:
        stmt = stmt.where(Dispatch.village_id.in_(village_ids_under(region_id)))
    out = []
    for did, n, t, v, c, last in session.execute(stmt):
        if isinstance(last, str):
            last = date.fromisoformat(last)
        out.append(VisitCount(did, n, t, v, int(c), last))
    return out


# ---------------------------------------------------------------- history of a village

@dataclass(frozen=True)
class HistoryRow:
    dispatch_id: str
    batch: str
    role: str
    name: str
    unit: str
    unit_post: str
    start_date: date
    end_date: Optional[date]  #: actual end, else planned end
    on_post: bool
    status: str
    end_reason: str
    handover_note: str
    visits: int
    days: int


def village_history(session: Session, village_id: str) -> list[HistoryRow]:
    """Every posting the village has had, oldest first (first secretary before the team)."""
    v = session.get(Region, village_id)
    if v is None or v.deleted or v.level != "village":
        raise NotFoundError("请选择一个村（社区）查看历任驻村人员。")
    visits_sub = (select(func.count(Visit.id)).where(Visit.dispatch_id == Dispatch.id, Visit.deleted.is_(False))
                  .correlate(Dispatch).scalar_subquery())
    days_sub = (select(func.coalesce(func.sum(DispatchMonth.days), 0))
                .where(DispatchMonth.dispatch_id == Dispatch.id, (DispatchMonth.deleted == False))  # noqa: E712
                .correlate(Dispatch).scalar_subquery())
    role_order = iif(Dispatch.role == "first_secretary", 0, iif(Dispatch.role == "team_leader", 1, 2))
    stmt = (
        select(Dispatch.id, func.coalesce(RotationBatch.name, ""), Dispatch.role, Person.name, Dispatch.unit,
               Dispatch.unit_post, Dispatch.start_date, Dispatch.actual_end, Dispatch.planned_end,
               Dispatch.status, Dispatch.end_reason, Dispatch.handover_note, visits_sub, days_sub)
        .join(Person, Dispatch.person_id == Person.id)
        .outerjoin(RotationBatch, Dispatch.batch_id == RotationBatch.id)
        .where(Dispatch.village_id == village_id, Dispatch.deleted.is_(False))
        .order_by(func.coalesce(RotationBatch.batch_date, Dispatch.start_date), role_order, Dispatch.start_date,
                  Person.name_pinyin)
    )
    out = []
    for (did, batch, role, name, unit, unit_post, start, actual, planned, status, reason, note,
         nvisits, ndays) in session.execute(stmt):
        out.append(HistoryRow(did, batch, role, name, unit, unit_post or "", start, actual or planned,
                              status == "on_post", status, reason or "", note or "", int(nvisits or 0),
                              int(ndays or 0)))
    return out


def needs_first_secretary(session: Session, village_id: str) -> bool:
    v = session.get(Region, village_id)
    return bool(v and v.needs_first_secretary)


def set_needs_first_secretary(session: Session, village_id: str, needed: bool) -> None:
    """Designate (or not) a village as one to which a first secretary must be sent."""
    v = session.get(Region, village_id)
    if v is None or v.deleted or v.level != "village":
        raise NotFoundError("请选择一个村（社区）。")
    v.needs_first_secretary = bool(needed)
