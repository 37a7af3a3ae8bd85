"""Gap alerts (缺口预警) for the reserve pool: where the chain is thin, on a day (``as_of``).

- villages with no reserve cadre at all (no entry in the pool, 在库/考察中, on ``as_of``);
- villages with no one at stage 村后备干部 or beyond on ``as_of``;
- reserves in the pool older than an age limit (configurable; 45 by default; calendar age: on
  the 46th birthday one is over 45);
- reserves in the pool not reviewed for ``as_of``'s year.

The pool on a day, live villages and ages are ``figures.live``'s rules (history, tombstones of
person, village and township).

Everything is counted in SQL; lists are capped (``limit``) for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services import talent_review
from vcadre.services.figures import live
from vcadre.services.regions import village_ids_under
from vcadre.services.talent import age_expr
from vcadre.store.models import Assessment, Person, Region, ReserveEntry

DEFAULT_AGE_LIMIT = 45
_LIVE = live.IN_POOL


@dataclass
class GapAlerts:
    as_of: date
    age_limit: int
    villages: int
    no_reserve: int
    no_reserve_stage: int
    over_age: int
    unreviewed: int
    #: (township, village) samples, (name, township, village, age) samples.
    no_reserve_list: list[tuple[str, str]] = field(default_factory=list)
    no_reserve_stage_list: list[tuple[str, str]] = field(default_factory=list)
    over_age_list: list[tuple[str, str, str, int]] = field(default_factory=list)
    unreviewed_list: list[tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(), "age_limit": self.age_limit, "villages": self.villages,
            "no_reserve": self.no_reserve, "no_reserve_stage": self.no_reserve_stage,
            "over_age": self.over_age, "unreviewed": self.unreviewed,
        }


def _villages(region_id: Optional[str]):
    v, t = aliased(Region, name="v"), aliased(Region, name="t")
    stmt = (select(t.name, v.name).select_from(v).join(t, t.id == v.parent_id)
            .where(v.level == "village", v.deleted.is_(False), t.deleted.is_(False)))
    if region_id:
        stmt = stmt.where(v.id.in_(village_ids_under(region_id)))
    return v, t, stmt


def _has_entry(v, stage_min: bool, as_of: date):
    pool = live.reserve_on(as_of)
    with_entry = select(pool.c.village_id).where(pool.c.status.in_(_LIVE))
    if stage_min:
        with_entry = with_entry.where(pool.c.stage.in_(("reserve", "cadre", "secretary")))
    return v.id.in_(with_entry)


def _counts(session: Session, region_id: Optional[str], age_limit: int, as_of: date) -> tuple[int, int, int, int]:
    """(villages with someone in the pool, villages with someone at 村后备干部 or beyond, pool
    members over ``age_limit``, pool members not reviewed for the year) in one pass over the
    pool on ``as_of`` — the same conditions as the lists, read once for the 概览 cards."""
    pool = live.reserve_on(as_of)
    staged = pool.c.stage.in_(("reserve", "cadre", "secretary"))
    reviewed = exists().where(Assessment.entry_id == pool.c.id, Assessment.year == as_of.year,
                              Assessment.deleted.is_(False))
    stmt = (select(func.count(func.distinct(pool.c.village_id)),
                   func.count(func.distinct(case((staged, pool.c.village_id)))),
                   func.coalesce(func.sum(case((age_expr(Person.birth_date, as_of) > age_limit, 1), else_=0)), 0),
                   func.coalesce(func.sum(case((reviewed, 0), else_=1)), 0))
            .join(Person, Person.id == pool.c.person_id)
            .where(pool.c.status.in_(_LIVE)))
    if region_id:
        stmt = stmt.where(pool.c.village_id.in_(village_ids_under(region_id)))
    a, b, c, d = session.execute(stmt).one()
    return int(a), int(b), int(c), int(d)


def _count(session: Session, stmt) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def gap_alerts(session: Session, region_id: Optional[str] = None, age_limit: int = DEFAULT_AGE_LIMIT,
               as_of: Optional[date] = None, limit: int = 200) -> GapAlerts:
    as_of = as_of or clock.today()
    v, t, base = _villages(region_id)
    villages = _count(session, base)
    none = base.where(~_has_entry(v, False, as_of)).order_by(t.code, v.code)
    thin = base.where(~_has_entry(v, True, as_of)).order_by(t.code, v.code)
    age = age_expr(Person.birth_date, as_of)
    village, township = aliased(Region), aliased(Region)
    old = (select(Person.name, township.name, village.name, age)
           .select_from(ReserveEntry).join(Person, Person.id == ReserveEntry.person_id)
           .join(village, village.id == ReserveEntry.village_id).join(township, township.id == village.parent_id)
           .where(live.reserve_in_pool(ReserveEntry, as_of, _LIVE), age > age_limit)
           .order_by(age.desc(), Person.name))
    if region_id:
        old = old.where(ReserveEntry.village_id.in_(village_ids_under(region_id)))
    # limit=0 means counts only (the 概览 cards): no rows, and never "no limit".
    unreviewed = (talent_review.rows(session, as_of.year, region_id, only_unreviewed=True, limit=limit,
                                     as_of=as_of) if limit else [])

    def listed(stmt) -> list[tuple]:
        return [tuple(r) for r in session.execute(stmt.limit(limit))] if limit else []

    no_reserve, thin_villages, over_age, not_reviewed = _counts(session, region_id, age_limit, as_of)
    return GapAlerts(
        as_of=as_of, age_limit=age_limit, villages=villages,
        no_reserve=villages - no_reserve, no_reserve_stage=villages - thin_villages,
        over_age=over_age, unreviewed=not_reviewed,
        no_reserve_list=listed(none),
        no_reserve_stage_list=listed(thin),
        over_age_list=listed(old),
        unreviewed_list=[(r.name, r.township, r.village) for r in unreviewed],
    )
