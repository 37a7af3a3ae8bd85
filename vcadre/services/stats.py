"""Headline figures (概况统计) for a region on a date, computed in SQL.

``headline(session)`` answers the questions an organization department is asked first: how many
townships and villages, people on record, the reserve pool by source and stage, training done,
cadres on post in the villages (驻村), and how many villages are "one-shoulder" (一肩挑: the same
person is Party secretary and committee director). Every figure is one aggregate query over live
rows — tombstoned rows (``deleted``) never count — so it is as quick on a province as on a county.

Every "live on day D" rule comes from ``services.figures.live`` (inclusive last days, statuses
from the dated history, tombstones of the row and of its person, village and township).

Choices made here:

- **Scope.** ``region_id`` narrows to a county, a township or a village. Records hang off a
  village: posts, reserve entries and dispatches by their village; persons and training by the
  person's home village. With a scope, people without a home village (cadres sent from county
  units) therefore fall out of persons and training figures; with no scope everything counts.
  Villages of a tombstoned township are gone, with everything hanging off them.
- **Regions carry no dates**: townships, villages and the first-secretary designation are the tree
  as it is now, for every date.
- **Persons carry no dates**: ``persons`` is known only for today; for another ``as_of`` it is
  ``None`` and ``unknown`` says why (the CLI prints it).
- **Reserve pool** on ``as_of``: ``reserve_total`` counts entries entered by then, whatever their
  status; ``reserve_current`` and the breakdowns by source and by stage count those whose status
  on ``as_of`` (from the stage history) is not 'exited' (在库、考察中、已使用), by their stage on
  that day, so the breakdowns each sum to ``reserve_current``.
- **Training** counts classes that started on or before ``as_of``; with a scope, only classes
  with an enrolment of someone from it. Hours are hours completed (学时).
- **Dispatches** on post on ``as_of``: started on or before it and not ended before it (the
  ``actual_end`` day itself is on post), whatever the status says today.
- **One-shoulder** on ``as_of``: one live person holds a 'secretary' post and a 'director' post of
  the same village on that day. The rate is one-shoulder villages over live villages in scope.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Optional

from sqlalchemy import Select, and_, case, exists, false, func, select, true
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from vcadre import clock
from vcadre.domain.codes import STAGE, TALENT_SOURCE
from vcadre.services.errors import NotFoundError
from vcadre.services.figures import live
from vcadre.store.models import (
    Dispatch,
    Enrolment,
    Person,
    Region,
    TrainingSession,
    VillagePost,
)

__all__ = ["Headline", "headline", "one_shoulder_condition", "one_shoulder_select", "UNDATED_PERSONS"]

#: Why ``persons`` is not given for a day other than today.
UNDATED_PERSONS = "人员记录没有日期，只能统计今天的人数，无法回溯到其他日期。"


@dataclass
class Headline:
    as_of: date
    region_id: Optional[str]
    region_name: str
    region_level: str  # "" for everything, else codes.REGION_LEVEL
    townships: int
    villages: int
    villages_needing_first_secretary: int
    #: None when ``as_of`` is not today (see ``unknown``).
    persons: Optional[int]
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
    #: Figures that cannot be known for ``as_of`` (field name → why, in Chinese).
    unknown: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (the date as ISO text)."""
        d = asdict(self)
        d["as_of"] = self.as_of.isoformat()
        return d


def _live(model) -> ColumnElement[bool]:
    return model.deleted == false()


def _one_shoulder_pair(as_of: date):
    sec = aliased(VillagePost, name="sec")
    dir_ = aliased(VillagePost, name="dir")
    pair = and_(dir_.village_id == sec.village_id, dir_.person_id == sec.person_id,
                live.post_held_on(sec, as_of, "secretary"), live.post_held_on(dir_, as_of, "director"))
    return sec, dir_, pair


def one_shoulder_select(as_of: date, village_ids: Optional[Select] = None) -> Select:
    """SELECT of the distinct ids of live villages that are one-shoulder on ``as_of``.

    ``village_ids`` (a SELECT of region ids) narrows it, e.g. to the villages of a township.
    """
    sec, dir_, pair = _one_shoulder_pair(as_of)
    stmt = select(sec.village_id).join(dir_, pair).distinct()
    if village_ids is not None:
        stmt = stmt.where(sec.village_id.in_(village_ids))
    return stmt


def one_shoulder_condition(as_of: date, village_id: ColumnElement = Region.id) -> ColumnElement[bool]:
    """EXISTS condition: the village whose id is ``village_id`` is one-shoulder on ``as_of``
    (one live person holds its secretary and director posts that day, ``live.post_held_on``).

    Use it in a WHERE over regions (or anything carrying a village id column).
    """
    sec, dir_, pair = _one_shoulder_pair(as_of)
    return exists(select(1).select_from(sec).join(dir_, pair).where(sec.village_id == village_id))


def _scope(session: Session, region_id: Optional[str]) -> Region | None:
    if region_id is None:
        return None
    region = session.get(Region, region_id)
    if region is None or region.deleted:
        raise NotFoundError("所选区划不存在或已删除。")
    parent = session.get(Region, region.parent_id) if region.level == "village" else None
    if parent is not None and parent.deleted:
        raise NotFoundError("所选区划所在的乡镇（街道）已删除。")
    return region


def _count(session: Session, stmt: Select) -> int:
    return int(session.scalar(stmt) or 0)


def headline(session: Session, region_id: Optional[str] = None, as_of: Optional[date] = None) -> Headline:
    """Headline figures for ``region_id`` (None: the whole database) on ``as_of`` (default today).

    Raises ``NotFoundError`` for an unknown or deleted region. See the module docstring for what
    each figure counts.
    """
    today = clock.today()
    as_of = as_of or today
    region = _scope(session, region_id)
    villages_sel = live.live_villages(region_id)
    scoped = region is not None

    def in_scope(col: ColumnElement) -> ColumnElement[bool]:
        return col.in_(villages_sel) if scoped else true()

    # Regions (undated: the tree as it is now).
    if region is not None and region.level == "village":
        townships = 0
    elif region is not None and region.level == "township":
        townships = 1
    else:
        townships = _count(session, select(func.count()).select_from(live.live_townships(region_id).subquery()))
    vrow = session.execute(
        select(
            func.count(),
            func.sum(case((Region.needs_first_secretary == true(), 1), else_=0)),
        ).where(Region.id.in_(villages_sel))
    ).one()
    villages, needs_fs = int(vrow[0]), int(vrow[1] or 0)

    # People (undated: known for today only).
    unknown: dict[str, str] = {}
    persons: Optional[int] = None
    if as_of == today:
        persons = _count(
            session,
            select(func.count()).select_from(Person).where(_live(Person), in_scope(Person.home_village_id)),
        )
    else:
        unknown["persons"] = UNDATED_PERSONS

    # Reserve pool on as_of: entered by then; status and stage as the history had them then.
    pool = live.reserve_on(as_of)
    by_source = {code: 0 for code in TALENT_SOURCE.codes()}
    by_stage = {code: 0 for code in STAGE.codes()}
    reserve_total = 0
    for source, stg, status, n in session.execute(
        select(pool.c.source, pool.c.stage, pool.c.status, func.count())
        .where(in_scope(pool.c.village_id)).group_by(pool.c.source, pool.c.stage, pool.c.status)
    ):
        reserve_total += int(n)
        if status in live.NOT_EXITED:
            by_source[source] = by_source.get(source, 0) + int(n)
            by_stage[stg] = by_stage.get(stg, 0) + int(n)
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
            live.training_started_by(TrainingSession, as_of),
            _live(Person),
            in_scope(Person.home_village_id),
        )
    )
    sessions_enrolled, trainees, enrolments, hours = session.execute(enrol).one()
    if not scoped:
        training_sessions = _count(
            session,
            select(func.count()).select_from(TrainingSession).where(live.training_started_by(TrainingSession, as_of)),
        )
    else:
        training_sessions = int(sessions_enrolled)
    by_year_stmt = (
        select(TrainingSession.year, func.count(func.distinct(TrainingSession.id)))
        .where(live.training_started_by(TrainingSession, as_of))
        .group_by(TrainingSession.year).order_by(TrainingSession.year)
    )
    if scoped:
        by_year_stmt = by_year_stmt.where(TrainingSession.id.in_(
            select(Enrolment.session_id).join(Person, Person.id == Enrolment.person_id)
            .where(_live(Enrolment), _live(Person), in_scope(Person.home_village_id))))
    training_by_year = {str(y): int(n) for y, n in session.execute(by_year_stmt)}

    # Dispatches on post on as_of.
    drow = session.execute(
        select(
            func.count(),
            func.sum(case((Dispatch.role == "first_secretary", 1), else_=0)),
        ).where(live.dispatch_on_post(Dispatch, as_of), in_scope(Dispatch.village_id))
    ).one()

    # One-shoulder villages.
    one_shoulder = _count(
        session,
        select(func.count()).select_from(one_shoulder_select(as_of, villages_sel).subquery()),
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
        unknown=unknown,
    )
