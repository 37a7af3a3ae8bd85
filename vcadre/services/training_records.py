"""Training records (培训档案): a person's classes and hours per year, the people short of the
yearly hours target, the list of classes (CLI), and yearly figures for the overview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import distinct, func, select, union
from sqlalchemy.orm import Session, aliased

from vcadre.domain import idnumber
from vcadre.services.errors import NotFoundError, ValidationError
from vcadre.services.figures import live
from vcadre.services.regions import village_ids_under
from vcadre.store.models import (
    Dispatch,
    Enrolment,
    Person,
    Region,
    ReserveEntry,
    TrainingSession,
    VillagePost,
)


@dataclass(frozen=True)
class RecordRow:
    year: int
    title: str
    kind: str
    start_date: date
    end_date: date
    hours: float
    result: str
    certificate_no: Optional[str]
    revoked: bool


@dataclass(frozen=True)
class PersonRecord:
    person_id: str
    name: str
    rows: list[RecordRow]
    hours_by_year: dict[int, float]
    classes_by_year: dict[int, int]


def person_record(session: Session, person_id: str) -> PersonRecord:
    p = session.get(Person, person_id)
    if p is None or p.deleted:
        raise NotFoundError("该人员不存在或已删除。")
    rows = [RecordRow(*r) for r in session.execute(
        select(TrainingSession.year, TrainingSession.title, TrainingSession.kind, TrainingSession.start_date,
               TrainingSession.end_date, Enrolment.hours_completed, Enrolment.result,
               Enrolment.certificate_no, Enrolment.certificate_revoked)
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .where(Enrolment.person_id == person_id, Enrolment.deleted.is_(False),
               TrainingSession.deleted.is_(False))
        .order_by(TrainingSession.start_date.desc()))]
    hours: dict[int, float] = {}
    classes: dict[int, int] = {}
    for r in rows:
        hours[r.year] = hours.get(r.year, 0.0) + float(r.hours or 0)
        classes[r.year] = classes.get(r.year, 0) + 1
    return PersonRecord(p.id, p.name, rows, hours, classes)


# ---------------------------------------------------------------- short of the yearly hours

@dataclass(frozen=True)
class ShortRow:
    person_id: str
    name: str
    township: str
    village: str
    masked_id: str
    hours: float


def cadres_select(year: int, region_id: Optional[str] = None):
    """SELECT of the ids of people expected to train in ``year``: village post holders, reserve-pool
    people in the pool (在库、考察中) and dispatched cadres on post on at least one day of the year
    (``figures.live``: dated history, inclusive last days, tombstones up to the township)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    posts = select(VillagePost.person_id).where(live.post_held_during(VillagePost, start, end))
    reserve = select(ReserveEntry.person_id).where(live.reserve_in_pool_during(ReserveEntry, start, end))
    dispatched = select(Dispatch.person_id).where(live.dispatch_on_post_during(Dispatch, start, end))
    if region_id:
        villages = village_ids_under(region_id)
        posts = posts.where(VillagePost.village_id.in_(villages))
        reserve = reserve.where(ReserveEntry.village_id.in_(villages))
        dispatched = dispatched.where(Dispatch.village_id.in_(villages))
    return union(posts, reserve, dispatched)


def short_of_hours(session: Session, year: int, min_hours: float,
                   region_id: Optional[str] = None, limit: Optional[int] = None) -> list[ShortRow]:
    """Village cadres, reserve-pool people and dispatched cadres with fewer than ``min_hours``
    training hours in ``year`` (fewest first)."""
    if min_hours < 0 or min_hours > 10000:
        raise ValidationError("学时要求应在 0 到 10000 之间。")
    people = cadres_select(year, region_id).subquery()
    done = (
        select(Enrolment.person_id.label("pid"), func.sum(Enrolment.hours_completed).label("hours"))
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .where(live.enrolment_live(Enrolment), TrainingSession.deleted.is_(False), TrainingSession.year == year)
        .group_by(Enrolment.person_id)
        .subquery()
    )
    village = aliased(Region)
    township = aliased(Region)
    hours = func.coalesce(done.c.hours, 0.0)
    stmt = (
        select(Person.id, Person.name, township.name, village.name, Person.id_number, hours)
        .join(people, people.c[0] == Person.id)
        .outerjoin(done, done.c.pid == Person.id)
        .outerjoin(village, Person.home_village_id == village.id)
        .outerjoin(township, village.parent_id == township.id)
        .where(Person.deleted.is_(False), hours < min_hours)
        .order_by(hours, township.code, village.code, Person.name_pinyin)
    )
    if limit:
        stmt = stmt.limit(limit)
    return [ShortRow(pid, name, t or "", v or "", idnumber.mask_id_number(num), float(h))
            for pid, name, t, v, num, h in session.execute(stmt)]


# ---------------------------------------------------------------- classes and yearly figures

@dataclass(frozen=True)
class ClassRow:
    id: str
    title: str
    kind: str
    start_date: date
    end_date: date
    planned_hours: float
    enrolled: int
    completed: int
    certificates: int


def list_classes(session: Session, year: Optional[int] = None) -> list[ClassRow]:
    counted = live.enrolment_live(Enrolment)  # tombstoned trainees count nowhere
    stmt = (
        select(TrainingSession.id, TrainingSession.title, TrainingSession.kind, TrainingSession.start_date,
               TrainingSession.end_date, TrainingSession.planned_hours,
               func.count(Enrolment.id),
               func.count(Enrolment.id).filter(Enrolment.result == "completed"),
               func.count(Enrolment.certificate_no).filter(Enrolment.certificate_revoked.is_(False)))
        .outerjoin(Enrolment, (Enrolment.session_id == TrainingSession.id) & counted)
        .where(TrainingSession.deleted.is_(False))
        .group_by(TrainingSession.id)
        .order_by(TrainingSession.start_date, TrainingSession.title)
    )
    if year is not None:
        stmt = stmt.where(TrainingSession.year == year)
    return [ClassRow(i, t, k, s, e, float(h or 0), int(n), int(c), int(z))
            for i, t, k, s, e, h, n, c, z in session.execute(stmt)]


def find_class(session: Session, id_or_title: str) -> str:
    """A class id from its id, its exact title, or a unique part of its title."""
    text = (id_or_title or "").strip()
    if not text:
        raise ValidationError("请给出培训班的编号或名称。")
    alive = TrainingSession.deleted.is_(False)
    if session.scalar(select(TrainingSession.id).where(TrainingSession.id == text, alive)):
        return text
    exact = session.scalars(select(TrainingSession.id).where(TrainingSession.title == text, alive)).all()
    if len(exact) == 1:
        return exact[0]
    like = session.execute(select(TrainingSession.id, TrainingSession.title).where(
        TrainingSession.title.contains(text, autoescape=True), alive)).all()
    if len(exact) > 1 or len(like) > 1:
        names = "、".join(t for _, t in like[:5])
        raise ValidationError(f"有多个培训班与“{text}”相符（{names}），请给出培训班编号或完整名称。")
    if not like:
        raise NotFoundError(f"找不到培训班“{text}”。")
    return like[0][0]


@dataclass(frozen=True)
class YearFigures:
    year: int
    classes: int
    trainees: int  #: distinct people
    person_times: int  #: enrolments
    hours: float


def yearly(session: Session) -> list[YearFigures]:
    classes = dict(session.execute(
        select(TrainingSession.year, func.count()).where(TrainingSession.deleted.is_(False))
        .group_by(TrainingSession.year)).all())
    figures = {y: (int(a), int(b), float(c or 0)) for y, a, b, c in session.execute(
        select(TrainingSession.year, func.count(distinct(Enrolment.person_id)), func.count(Enrolment.id),
               func.sum(Enrolment.hours_completed))
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .where(live.enrolment_live(Enrolment), TrainingSession.deleted.is_(False))
        .group_by(TrainingSession.year))}
    return [YearFigures(y, classes[y], *figures.get(y, (0, 0, 0.0))) for y in sorted(classes)]


def totals(session: Session) -> YearFigures:
    """All years together (``year`` 0): distinct trainees over every class."""
    n_classes = session.scalar(select(func.count()).select_from(TrainingSession).where(
        TrainingSession.deleted.is_(False))) or 0
    a, b, c = session.execute(
        select(func.count(distinct(Enrolment.person_id)), func.count(Enrolment.id),
               func.coalesce(func.sum(Enrolment.hours_completed), 0.0))
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .where(live.enrolment_live(Enrolment), TrainingSession.deleted.is_(False))).one()
    return YearFigures(0, int(n_classes), int(a), int(b), float(c))
