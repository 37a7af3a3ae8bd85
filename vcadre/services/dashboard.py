"""Figures behind the 概览 charts that ``stats.headline`` does not break down: the one-shoulder
rate township by township and the number of persons trained each year. SQL aggregates, scoped
like ``headline`` (``region_id``: county, township or village; None: everything).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import exists, func, select, true
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services import posts_rates
from vcadre.services.figures import live as live_rules
from vcadre.services.posts_rates import TownshipRate  # noqa: F401  (returned; charts use it)
from vcadre.services.regions import village_ids_under
from vcadre.store.models import Dispatch, Enrolment, Person, Region, TrainingSession, VillagePost


def one_shoulder_by_township(session: Session, region_id: Optional[str] = None,
                             as_of: Optional[date] = None) -> list[TownshipRate]:
    """Live villages and one-shoulder villages per township (in code order): the 一肩挑 tab's
    ``posts_rates.rates``, so the chart and that tab can never disagree."""
    return posts_rates.rates(session, as_of, region_id).townships


def trainees_per_year(session: Session, region_id: Optional[str] = None,
                      as_of: Optional[date] = None) -> list[tuple[int, int]]:
    """(year, distinct persons trained in classes of that year), classes started by ``as_of``."""
    as_of = as_of or clock.today()
    stmt = (
        select(TrainingSession.year, func.count(func.distinct(Enrolment.person_id)))
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.deleted.is_(False), live_rules.training_started_by(TrainingSession, as_of),
               Person.deleted.is_(False))
        .group_by(TrainingSession.year)
        .order_by(TrainingSession.year)
    )
    if region_id:
        stmt = stmt.where(Person.home_village_id.in_(live_rules.live_villages(region_id)))
    return [(int(y), int(n)) for y, n in session.execute(stmt)]


@dataclass(frozen=True)
class Alert:
    """Something on the other tabs that needs attention (提醒), with how many records it concerns."""

    key: str  # "dispatch_overdue", "secretary_vacant", "first_secretary_missing"
    count: int


def alerts(session: Session, region_id: Optional[str] = None, as_of: Optional[date] = None) -> list[Alert]:
    """Counts for the dashboard's alerts; only those above zero are returned.

    - ``dispatch_overdue``: cadres on post (驻村) on ``as_of`` after their planned end date;
    - ``secretary_vacant``: villages with no Party secretary (村党组织书记空缺) on ``as_of``;
    - ``first_secretary_missing``: villages that need a first secretary and have none on post on
      ``as_of`` (the rule of ``dispatch_alerts``' "uncovered": both come from ``figures.live``).
    """
    as_of = as_of or clock.today()
    scope = village_ids_under(region_id) if region_id else None

    def in_scope(col):
        return col.in_(scope) if scope is not None else true()

    overdue = session.scalar(
        select(func.count()).select_from(Dispatch).where(
            live_rules.dispatch_on_post(Dispatch, as_of), Dispatch.planned_end.is_not(None),
            Dispatch.planned_end < as_of, in_scope(Dispatch.village_id))) or 0
    village = aliased(Region, name="v")
    live = (village.id.in_(live_rules.live_villages()), in_scope(village.id))
    sec = aliased(VillagePost, name="sec")
    vacant = session.scalar(
        select(func.count()).select_from(village).where(*live, ~exists().where(
            sec.village_id == village.id, live_rules.post_held_on(sec, as_of, "secretary")))) or 0
    missing = session.scalar(
        select(func.count()).select_from(village).where(
            *live, village.needs_first_secretary.is_(True), ~live_rules.has_first_secretary(village.id, as_of))) or 0
    found = [Alert("dispatch_overdue", int(overdue)), Alert("secretary_vacant", int(vacant)),
             Alert("first_secretary_missing", int(missing))]
    return [a for a in found if a.count]
