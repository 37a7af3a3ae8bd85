"""Headline figures (概况统计) for a region on a date, computed in SQL.

``headline(session)`` answers the questions an organization department is asked first: how many
townships and villages, people on record, the reserve pool by source and stage, training done,
cadres on post in the villages (驻村), and how many villages are "one-shoulder" (一肩挑: the same
person is Party secretary and committee director). Every figure is one aggregate query over live
rows — tombstoned rows (``deleted``) never count — so it is as quick on a province as on a county.

Choices made here:

- **Scope.** ``region_id`` narrows to a county, a township or a village. Records hang off a
  village: posts, reserve entries and dispatches by their village; persons and training by the
  person's home village. With a scope, people without a home village (cadres sent from county
  units) therefore fall out of persons and training figures; with no scope everything counts.
- **Reserve pool.** ``reserve_total`` counts every live entry, whatever its status;
  ``reserve_current`` and the breakdowns by source and by stage count live entries whose status
  is not 'exited' (在库、考察中、已使用), so the breakdowns each sum to ``reserve_current``.
  Reserve figures describe the pool as it is now; ``as_of`` does not apply to them.
- **Training** counts classes that started on or before ``as_of``; with a scope, only classes
  with an enrolment of someone from it. Hours are hours completed (学时).
- **Dispatches** on post on ``as_of``: status 'on_post', started on or before it, and not ended
  before it (``actual_end`` NULL or after it).
- **One-shoulder** on ``as_of``: one person holds a current 'secretary' post and a current
  'director' post of the same village, where current means ``start_date <= as_of`` and
  (``end_date`` NULL or ``end_date >= as_of``); tombstoned posts and persons do not count. The rate
  is one-shoulder villages over live villages in scope.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Optional

from sqlalchemy import Select, and_, case, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from vcadre import clock
from vcadre.domain.codes import STAGE, TALENT_SOURCE
from vcadre.services.errors import NotFoundError
from vcadre.store.models import (
    Dispatch,
    Enrolment,
    Person,
    Region,
    ReserveEntry,
    TrainingSession,
    VillagePost,
)

__all__ = ["Headline", "headline", "one_shoulder_condition", "one_shoulder_select"]


@dataclass
class Headline:
    as_of: date
    region_id: Optional[str]
    region_name: str
    region_level: str  # "" for everything, else codes.REGION_LEVEL
    townships: int
    villages: int
    villages_needing_first_secretary: int
    persons: int
    reserve_total: int
    reserve_current: int
    reserve_by_source: dict[str, int] = field(default_factory=dict)
    reserve_by_stage: dict[str, int] = field(default_factory=dict)
    training_sessions: int = 0
    trainees: int = 0
    enrolments: int = 0
    training_hours: float = 0.0
    #: Classes per year (year as text → classes that started in it, up to ``as_of``).
    training_sessions_by_year: dict[str, int] = field(default_factory=dict)
    active_dispatches: int = 0
    first_secretaries: int = 0
    one_shoulder_villages: int = 0
    one_shoulder_rate: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (the date as ISO text)."""
        d = asdict(self)
        d["as_of"] = self.as_of.isoformat()
        return d


def _live(model) -> ColumnElement[bool]:
    return model.deleted == false()


def _post_current(post, as_of: date) -> ColumnElement[bool]:
    return and_(
        _live(post),
        post.start_date <= as_of,
        or_(post.end_date.is_(None), post.end_date >= as_of),
    )


def one_shoulder_select(as_of: date, village_ids: Optional[Select] = None) -> Select:
    """SELECT of the distinct ids of villages that are one-shoulder on ``as_of``.

    ``village_ids`` (a SELECT of region ids) narrows it, e.g. to the villages of a township.
    """
    sec = aliased(VillagePost, name="sec")
    dir_ = aliased(VillagePost, name="dir")
    person = aliased(Person, name="holder")
    stmt = (
        select(sec.village_id)
        .join(
            dir_,
            and_(
                dir_.village_id == sec.village_id,
                dir_.person_id == sec.person_id,
                dir_.post == "director",
            ),
        )
        .join(person, and_(person.id == sec.person_id, _live(person)))
        .where(sec.post == "secretary", _post_current(sec, as_of), _post_current(dir_, as_of))
        .distinct()
    )
    if village_ids is not None:
        stmt = stmt.where(sec.village_id.in_(village_ids))
    return stmt


def one_shoulder_condition(as_of: date, village_id: ColumnElement = Region.id) -> ColumnElement[bool]:
    """EXISTS condition: the village whose id is ``village_id`` is one-shoulder on ``as_of``.

    Use it in a WHERE over regions (or anything carrying a village id column).
    """
    sec = aliased(VillagePost, name="sec")
    dir_ = aliased(VillagePost, name="dir")
    person = aliased(Person, name="holder")
    return exists(
        select(1)
        .select_from(sec)
        .join(
            dir_,
            and_(
                dir_.village_id == sec.village_id,
                dir_.person_id == sec.person_id,
                dir_.post == "director",
            ),
        )
        .join(person, and_(person.id == sec.person_id, _live(person)))
        .where(
            sec.village_id == village_id,
            sec.post == "secretary",
            _post_current(sec, as_of),
            _post_current(dir_, as_of),
        )
    )


def _village_ids(session: Session, region_id: Optional[str]) -> tuple[Optional[Select], Region | None]:
    """(SELECT of live village ids in scope, or None for everything; the region row)."""
    if region_id is None:
        return None, None
    region = session.get(Region, region_id)
    if region is None or region.deleted:
        raise NotFoundError("所选区划不存在或已删除。")
    if region.level == "village":
        return select(Region.id).where(Region.id == region.id, _live(Region)), region
    if region.level == "township":
        parents = select(Region.id).where(Region.id == region.id)
    else:
        parents = select(Region.id).where(
            Region.parent_id == region.id, Region.level == "township", _live(Region)
        )
    villages = select(Region.id).where(
        Region.level == "village", _live(Region), Region.parent_id.in_(parents)
    )
    return villages, region


def _count(session: Session, stmt: Select) -> int:
    return int(session.scalar(stmt) or 0)


def headline(session: Session, region_id: Optional[str] = None, as_of: Optional[date] = None) -> Headline:
    """Headline figures for ``region_id`` (None: the whole database) on ``as_of`` (default today).

    Raises ``NotFoundError`` for an unknown or deleted region. See the module docstring for what
    each figure counts.
    """
    as_of = as_of or clock.today()
    villages_sel, region = _village_ids(session, region_id)

    def in_scope(col: ColumnElement) -> ColumnElement[bool]:
        return col.in_(villages_sel) if villages_sel is not None else true()

    # Regions.
    if region is None:
        townships = _count(
            session,
            select(func.count()).where(Region.level == "township", _live(Region)),
        )
    elif region.level == "township":
        townships = 1
    elif region.level == "village":
        townships = 0
    else:
        townships = _count(
            session,
            select(func.count()).where(
                Region.level == "township", Region.parent_id == region.id, _live(Region)
            ),
        )
    vrow = session.execute(
        select(
            func.count(),
            func.sum(case((Region.needs_first_secretary == true(), 1), else_=0)),
        ).where(Region.level == "village", _live(Region), in_scope(Region.id))
    ).one()
    villages, needs_fs = int(vrow[0]), int(vrow[1] or 0)

    # People.
    persons = _count(
        session,
        select(func.count()).select_from(Person).where(
            _live(Person), in_scope(Person.home_village_id)
        ),
    )

    # Reserve pool.
    reserve_where = (_live(ReserveEntry), in_scope(ReserveEntry.village_id))
    reserve_total = _count(
        session, select(func.count()).select_from(ReserveEntry).where(*reserve_where)
    )
    current = (*reserve_where, ReserveEntry.status != "exited")
    by_source = {code: 0 for code in TALENT_SOURCE.codes()}
    for code, n in session.execute(
        select(ReserveEntry.source, func.count()).where(*current).group_by(ReserveEntry.source)
    ):
        by_source[code] = int(n)
    by_stage = {code: 0 for code in STAGE.codes()}
    for code, n in session.execute(
        select(ReserveEntry.stage, func.count()).where(*current).group_by(ReserveEntry.stage)
    ):
        by_stage[code] = int(n)
    reserve_current = sum(by_stage.values())

    # Training.
    enrol = (
        select(
            func.count(func.distinct(Enrolment.session_id)),
            func.count(func.distinct(Enrolment.person_id)),
            func.count(),
            func.coalesce(func.sum(Enrolment.hours_completed), 0.0),
        )
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(
            _live(Enrolment),
            _live(TrainingSession),
            _live(Person),
            TrainingSession.start_date <= as_of,
            in_scope(Person.home_village_id),
        )
    )
    sessions_enrolled, trainees, enrolments, hours = session.execute(enrol).one()
    if villages_sel is None:
        training_sessions = _count(
            session,
            select(func.count()).select_from(TrainingSession).where(
                _live(TrainingSession), TrainingSession.start_date <= as_of
            ),
        )
    else:
        training_sessions = int(sessions_enrolled)
    by_year_stmt = (
        select(TrainingSession.year, func.count(func.distinct(TrainingSession.id)))
        .where(_live(TrainingSession), TrainingSession.start_date <= as_of)
        .group_by(TrainingSession.year).order_by(TrainingSession.year)
    )
    if villages_sel is not None:
        by_year_stmt = by_year_stmt.where(TrainingSession.id.in_(
            select(Enrolment.session_id).join(Person, Person.id == Enrolment.person_id)
            .where(_live(Enrolment), _live(Person), in_scope(Person.home_village_id))))
    training_by_year = {str(y): int(n) for y, n in session.execute(by_year_stmt)}

    # Dispatches on post.
    drow = session.execute(
        select(
            func.count(),
            func.sum(case((Dispatch.role == "first_secretary", 1), else_=0)),
        ).where(
            _live(Dispatch),
            Dispatch.status == "on_post",
            Dispatch.start_date <= as_of,
            or_(Dispatch.actual_end.is_(None), Dispatch.actual_end > as_of),
            in_scope(Dispatch.village_id),
        )
    ).one()

    # One-shoulder villages (only live villages count).
    live_villages = villages_sel
    if live_villages is None:
        live_villages = select(Region.id).where(Region.level == "village", _live(Region))
    one_shoulder = _count(
        session,
        select(func.count()).select_from(one_shoulder_select(as_of, live_villages).subquery()),
    )

    return Headline(
        as_of=as_of,
        region_id=region.id if region is not None else None,
        region_name=region.name if region is not None else "",
        region_level=region.level if region is not None else "",
        townships=townships,
        villages=villages,
        villages_needing_first_secretary=needs_fs,
        persons=persons,
        reserve_total=reserve_total,
        reserve_current=reserve_current,
        reserve_by_source=by_source,
        reserve_by_stage=by_stage,
        training_sessions=training_sessions,
        trainees=int(trainees),
        enrolments=int(enrolments),
        training_hours=float(hours),
        training_sessions_by_year=training_by_year,
        active_dispatches=int(drow[0]),
        first_secretaries=int(drow[1] or 0),
        one_shoulder_villages=one_shoulder,
        one_shoulder_rate=(one_shoulder / villages) if villages else 0.0,
    )
