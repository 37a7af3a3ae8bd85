"""Resident first secretaries and work teams (驻村第一书记、工作队): the list and records."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Optional

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services import persons
from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.services.figures.live import dispatch_on_post
from vcadre.services.forms import FormField, clean
from vcadre.services.listing import Column, ExprListing, ListQuery, register
from vcadre.services.undo.records import delete_with_children
from vcadre.services.regions import require_village
from vcadre.services.talent import apply_region
from vcadre.store.models import Dispatch, Person, Region, RotationBatch

DEFAULT_TERM_YEARS = 2

DISPATCH_FIELDS: tuple[FormField, ...] = (
    FormField("unit", "text", required=True, max_length=80),
    FormField("unit_post", "text", max_length=60),
    FormField("role", "code", "dispatch_role", required=True),
    FormField("village_id", "village", required=True),
    FormField("start_date", "date", required=True),
    FormField("planned_end", "date"),
    FormField("actual_end", "date"),
    FormField("status", "code", "dispatch_status", required=True),
    FormField("end_reason", "multiline"),
    FormField("handover_note", "multiline"),
    FormField("notes", "multiline"),
)
#: The person part is short: dispatched cadres are recorded by name, gender, ID and phone.
FIELDS = tuple(f for f in persons.PERSON_FIELDS if f.key in
               ("name", "gender", "id_number", "birth_date", "phone", "political_status")) + DISPATCH_FIELDS
LABELS = {
    **persons.PERSON_LABELS,
    "unit": "派出单位", "unit_post": "原单位职务", "role": "驻村职务", "village_id": "派驻村（社区）",
    "start_date": "派驻日期", "planned_end": "计划期满日期", "actual_end": "实际离岗日期",
    "status": "状态", "end_reason": "离岗原因", "handover_note": "交接说明", "notes": "备注",
}


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@register("dispatch")
class DispatchListing(ExprListing):
    columns = (
        Column("name"), Column("role", codes="dispatch_role"), Column("unit"), Column("township"),
        Column("village"), Column("batch"), Column("start_date", kind="date"),
        Column("planned_end", kind="date"), Column("status", codes="dispatch_status"),
    )
    default_order = ("village_code", "role", "start_date")

    def __init__(self) -> None:
        self.village = aliased(Region, name="village")
        self.township = aliased(Region, name="township")

    def id_expr(self):
        return Dispatch.id

    def exprs(self, q: ListQuery):
        return {
            "name": Person.name, "role": Dispatch.role, "unit": Dispatch.unit,
            "township": self.township.name, "village": self.village.name, "batch": RotationBatch.name,
            "start_date": Dispatch.start_date, "planned_end": Dispatch.planned_end,
            "status": Dispatch.status, "village_code": self.village.code,
        }

    def from_(self, q: ListQuery, stmt):
        stmt = (
            stmt.join(Person, Dispatch.person_id == Person.id)
            .join(self.village, Dispatch.village_id == self.village.id)
            .join(self.township, self.village.parent_id == self.township.id)
            .outerjoin(RotationBatch, Dispatch.batch_id == RotationBatch.id)
            .where(Dispatch.deleted.is_(False))
        )
        if q.filters.get("active"):
            # On post on the list's day (default today), as every figure counts it (figures.live):
            # a successor starting later is not on post yet, a recall's last day still is.
            stmt = stmt.where(dispatch_on_post(Dispatch, q.as_of or clock.today()))
        stmt = apply_region(stmt, Dispatch.village_id, q.region_id)
        cond = persons.search_condition(q.search)
        return stmt if cond is None else stmt.where(cond)

    def extra_filter(self, key, value, exprs):
        return None  # "active" is applied in ``from_``, where the list's day is known


def _dispatch(session: Session, dispatch_id: str) -> Dispatch:
    d = session.get(Dispatch, dispatch_id)
    if d is None or d.deleted:
        raise NotFoundError("该驻村记录不存在或已删除。")
    return d


def get(session: Session, dispatch_id: str) -> dict[str, Any]:
    d = _dispatch(session, dispatch_id)
    values = persons.person_values(d.person)
    values.update({f.key: getattr(d, f.key) for f in DISPATCH_FIELDS})
    return values


def _overlaps(session: Session, person_id: str, start: date, end: Optional[date],
              exclude: Optional[str]) -> Optional[Dispatch]:
    """Another live dispatch of the person whose period overlaps [start, end]."""
    other_end = Dispatch.actual_end
    cond = [
        Dispatch.person_id == person_id, Dispatch.deleted.is_(False),
        or_(other_end.is_(None), other_end >= start),
    ]
    if end is not None:
        cond.append(Dispatch.start_date <= end)
    if exclude:
        cond.append(Dispatch.id != exclude)
    return session.scalars(select(Dispatch).where(and_(*cond)).limit(1)).first()


def save(session: Session, dispatch_id: Optional[str], values: Mapping[str, Any],
         today: Optional[date] = None, term_years: int = DEFAULT_TERM_YEARS) -> str:
    """Create or update a dispatch (and its person) in a savepoint; nothing written on error.

    A missing planned end is the start plus ``term_years`` (the configurable term). ``values``
    may also carry ``batch_id`` (set by the rotation wizard, not shown in the dialog).
    """
    today = today or clock.today()
    errors: list[FieldError] = []
    existing_person = values.get("person_id") if dispatch_id is None else None
    person_data = {} if existing_person else persons.validate_person(values, errors, today)
    data = clean(DISPATCH_FIELDS, values, errors, LABELS)
    start = data.get("start_date")
    for key in ("planned_end", "actual_end"):
        if start and data.get(key) and data[key] < start:
            errors.append(FieldError(key, f"{LABELS[key]}（{data[key]}）早于派驻日期（{start}）。"))
    if data.get("status") == "on_post" and data.get("actual_end"):
        errors.append(FieldError("actual_end", "状态为“在岗”时不应填写实际离岗日期。"))
    if data.get("status") not in (None, "on_post") and not data.get("actual_end") and "actual_end" in values:
        errors.append(FieldError("actual_end", "已离岗（期满轮换、召回或调整）的记录请填写实际离岗日期。"))
    if data.get("status") in ("recalled", "adjusted") and not data.get("end_reason") and "end_reason" in values:
        errors.append(FieldError("end_reason", "召回或调整的记录请填写离岗原因。"))
    if errors:
        raise ValidationError(errors)
    require_village(session, data.get("village_id"))
    if start and not data.get("planned_end"):
        data["planned_end"] = add_years(start, term_years)
    if "batch_id" in values:
        batch_id = values["batch_id"] or None
        if batch_id is not None:
            b = session.get(RotationBatch, batch_id)
            if b is None or b.deleted:
                raise ValidationError(FieldError("batch_id", "所选轮换批次不存在或已删除。"))
        data["batch_id"] = batch_id
    elif dispatch_id is None and start:
        # A posting added by hand (e.g. a replacement mid-term) belongs to the latest batch
        # that had started by its start date.
        data["batch_id"] = session.scalar(
            select(RotationBatch.id).where(RotationBatch.deleted.is_(False), RotationBatch.batch_date <= start)
            .order_by(RotationBatch.batch_date.desc()).limit(1))
    with session.begin_nested():
        if dispatch_id is None and existing_person:
            p = session.get(Person, existing_person)
            if p is None or p.deleted:
                raise ValidationError(FieldError("person_id", "所选人员不存在或已删除。"))
            d = Dispatch(person_id=p.id, **data)
        elif dispatch_id is None:
            person = persons.save_person(session, None, person_data)
            session.flush()
            d = Dispatch(person_id=person.id, **data)
        else:
            d = _dispatch(session, dispatch_id)
            persons.save_person(session, d.person_id, person_data)
            for k, v in data.items():
                setattr(d, k, v)
        other = _overlaps(session, d.person_id, d.start_date, d.actual_end, dispatch_id)
        if other is not None:
            village = session.get(Region, other.village_id)
            who = session.get(Person, d.person_id)
            raise ValidationError(FieldError(
                "start_date",
                f"{who.name if who else '该人员'}已有一条时间重叠的驻村记录"
                f"（{village.name if village else ''}，{other.start_date} 起），不能同时派驻两处。",
            ))
        session.add(d)
        session.flush()
    return d.id


def delete(session: Session, dispatch_id: str) -> None:
    """The posting with its months on post and visits."""
    delete_with_children(session, "dispatch", _dispatch(session, dispatch_id).id)
