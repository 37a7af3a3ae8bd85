"""Figures behind the 概览 charts that ``stats.headline`` does not break down: the one-shoulder
rate township by township and the number of persons trained each year. SQL aggregates, scoped
like ``headline`` (``region_id``: county, township or village; None: everything).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session, aliased

from vcadre.services.regions import village_ids_under
from vcadre.services.stats import one_shoulder_condition
from vcadre.store.models import Enrolment, Person, Region, TrainingSession


@dataclass(frozen=True)
class TownshipRate:
    id: str
    name: str
    villages: int
    one_shoulder: int

    @property
    def rate(self) -> float:
        return self.one_shoulder / self.villages if self.villages else 0.0


def one_shoulder_by_township(session: Session, region_id: Optional[str] = None,
                             as_of: Optional[date] = None) -> list[TownshipRate]:
    """Live villages and one-shoulder villages per township (in code order)."""
    as_of = as_of or date.today()
    village, township = aliased(Region, name="v"), aliased(Region, name="t")
    stmt = (
        select(township.id, township.name, func.count(village.id),
               func.sum(cast(one_shoulder_condition(as_of, village.id), Integer)))
        .join(township, village.parent_id == township.id)
        .where(village.level == "village", village.deleted.is_(False), township.deleted.is_(False))
        .group_by(township.id, township.name, township.code)
        .order_by(township.code)
    )
    if region_id:
        stmt = stmt.where(village.id.in_(village_ids_under(region_id)))
    return [TownshipRate(i, n, int(v), int(o or 0)) for i, n, v, o in session.execute(stmt)]


def trainees_per_year(session: Session, region_id: Optional[str] = None,
                      as_of: Optional[date] = None) -> list[tuple[int, int]]:
    """(year, distinct persons trained in classes of that year), classes started by ``as_of``."""
    as_of = as_of or date.today()
    stmt = (
        select(TrainingSession.year, func.count(func.distinct(Enrolment.person_id)))
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.deleted.is_(False), TrainingSession.deleted.is_(False), Person.deleted.is_(False),
               TrainingSession.start_date <= as_of)
        .group_by(TrainingSession.year)
        .order_by(TrainingSession.year)
    )
    if region_id:
        stmt = stmt.where(Person.home_village_id.in_(village_ids_under(region_id)))
    return [(int(y), int(n)) for y, n in session.execute(stmt)]
