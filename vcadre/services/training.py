"""Training classes (培训班): the list, and adding/editing/removing classes."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.services.forms import FormField, clean
from vcadre.services.listing import Column, ExprListing, ListQuery, register
from vcadre.services.undo.records import delete_with_children
from vcadre.services.regions import village_ids_under
from vcadre.store.models import Enrolment, Person, Region, TrainingSession

FIELDS: tuple[FormField, ...] = (
    FormField("title", "text", required=True, max_length=120),
    FormField("kind", "code", "training_kind", required=True),
    FormField("organizer", "text", max_length=80),
    FormField("start_date", "date", required=True),
    FormField("end_date", "date", required=True),
    FormField("place", "text", max_length=120),
    FormField("planned_hours", "float", required=True),
    FormField("capacity", "int"),
    FormField("notes", "multiline"),
)
LABELS = {
    "title": "培训班名称", "kind": "类别", "organizer": "主办单位", "start_date": "开班日期",
    "end_date": "结业日期", "place": "培训地点", "planned_hours": "计划学时", "capacity": "计划人数",
    "notes": "备注",
}


def _enrolled():
    return (
        select(func.count(Enrolment.id))
        .where(Enrolment.session_id == TrainingSession.id, Enrolment.deleted.is_(False))
        .scalar_subquery()
    )


@register("training")
class TrainingListing(ExprListing):
    columns = (
        Column("title"), Column("kind", codes="training_kind"), Column("organizer"),
        Column("start_date", kind="date"), Column("end_date", kind="date"), Column("place"),
        Column("planned_hours", kind="float"), Column("enrolled", kind="int"), Column("year", kind="int"),
    )
    default_order = ("start_date",)

    def id_expr(self):
        return TrainingSession.id

    def exprs(self, q: ListQuery):
        return {
            "title": TrainingSession.title, "kind": TrainingSession.kind,
            "organizer": TrainingSession.organizer, "start_date": TrainingSession.start_date,
            "end_date": TrainingSession.end_date, "place": TrainingSession.place,
            "planned_hours": TrainingSession.planned_hours, "enrolled": _enrolled(),
            "year": TrainingSession.year,
        }

    def from_(self, q: ListQuery, stmt):
        stmt = stmt.where(TrainingSession.deleted.is_(False))
        if q.region_id:
            # Classes that trained someone from the region, or were run by it. A top-level
            # region (the county itself) shows every class, county-run ones included.
            from_region = (
                select(Enrolment.session_id)
                .join(Person, Enrolment.person_id == Person.id)
                .where(Enrolment.deleted.is_(False),
                       Person.home_village_id.in_(village_ids_under(q.region_id)))
            )
            top_level = select(Region.id).where(Region.id == q.region_id, Region.parent_id.is_(None))
            stmt = stmt.where(or_(TrainingSession.id.in_(from_region),
                                  TrainingSession.region_id == q.region_id, top_level.exists()))
        if q.search.strip():
            stmt = stmt.where(TrainingSession.title.contains(q.search.strip(), autoescape=True))
        return stmt


def _session(session: Session, session_id: str) -> TrainingSession:
    t = session.get(TrainingSession, session_id)
    if t is None or t.deleted:
        raise NotFoundError("该培训班不存在或已删除。")
    return t


def get(session: Session, session_id: str) -> dict[str, Any]:
    t = _session(session, session_id)
    return {f.key: getattr(t, f.key) for f in FIELDS}


def save(session: Session, session_id: Optional[str], values: Mapping[str, Any]) -> str:
    errors: list[FieldError] = []
    data = clean(FIELDS, values, errors, LABELS)
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors.append(FieldError("end_date", f"结业日期（{end}）早于开班日期（{start}）。"))
    hours = data.get("planned_hours")
    if hours is not None and not 0 < hours <= 1000:
        errors.append(FieldError("planned_hours", "计划学时应大于 0 且不超过 1000。"))
    if data.get("capacity") is not None and data["capacity"] < 0:
        errors.append(FieldError("capacity", "计划人数不能为负数。"))
    if errors:
        raise ValidationError(errors)
    if session_id is None:
        t = TrainingSession(year=start.year, **data)
        session.add(t)
    else:
        t = _session(session, session_id)
        before = (t.start_date, t.end_date, t.planned_hours)
        _check_against_attendance(session, t, data)
        for k, v in data.items():
            setattr(t, k, v)
        t.year = t.start_date.year
        if before != (t.start_date, t.end_date, t.planned_hours):
            _rescale_attendance(session, t)
    session.flush()
    return t.id


def _check_against_attendance(session: Session, t: TrainingSession, data: Mapping[str, Any]) -> None:
    """Dates that would leave sign-ins outside the class are refused (nothing written)."""
    from vcadre.store.models import Attendance

    start = data.get("start_date") or t.start_date
    end = data.get("end_date") or t.end_date
    outside = session.scalar(
        select(Attendance.day).join(Enrolment, Enrolment.id == Attendance.enrolment_id)
        .where(Enrolment.session_id == t.id, Enrolment.deleted.is_(False), Attendance.deleted.is_(False),
               or_(Attendance.day < start, Attendance.day > end))
        .order_by(Attendance.day).limit(1))
    if outside is not None:
        raise ValidationError(FieldError(
            "start_date" if outside < start else "end_date",
            f"{outside} 已有签到记录，新的日期（{start} 至 {end}）不能把它排除在外；请先清除该日签到。"))


def _rescale_attendance(session: Session, t: TrainingSession) -> None:
    """The plan or the days changed: a present day now earns the new daily share of the hours."""
    from vcadre.services import training_attendance
    from vcadre.store.models import Attendance

    per_day = training_attendance.day_hours(t)
    rows = session.scalars(
        select(Attendance).join(Enrolment, Enrolment.id == Attendance.enrolment_id)
        .where(Enrolment.session_id == t.id, Enrolment.deleted.is_(False), Attendance.deleted.is_(False),
               Attendance.status == "present")).all()
    for a in rows:
        if a.hours != per_day:
            a.hours = per_day
    session.flush()
    training_attendance.recompute(session, t.id)


def delete(session: Session, session_id: str) -> None:
    """The class with its trainees, their sign-ins and certificate records (its certificate
    counter stays: the class number remains taken)."""
    delete_with_children(session, "training_session", _session(session, session_id).id)
