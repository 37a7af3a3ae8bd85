"""One-shoulder rates (一肩挑比例) by township and for the county, on a day or over time.

- ``rates(session, as_of, region_id)``: one aggregate query, grouped by township; each village is
  counted one-shoulder with ``stats.one_shoulder_condition`` (so the figures agree with the
  overview, the list and the CLI).
- ``timeline(session, region_id)``: the rate over time, computed from the posts' start and end
  events — each period in which one live person held both posts of a village is a +1 on its first
  day and a −1 on the day after its last; a running sum over the sorted events gives the number
  of one-shoulder villages on every day it changes. The denominator is today's live villages
  (regions carry no dates), which is what an officer compares against.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services.errors import NotFoundError
from vcadre.services.posts import OPEN_END, pair_spans
from vcadre.services.stats import one_shoulder_condition
from vcadre.store.models import Region, VillagePost

__all__ = ["TownshipRate", "Rates", "TimelinePoint", "comparison_scope", "rates", "timeline", "villages_in_scope"]


@dataclass(frozen=True)
class TownshipRate:
    township_id: str
    code: str
    name: str
    villages: int
    one_shoulder: int

    @property
    def id(self) -> str:
        """The township's id (charts key their bars by it)."""
        return self.township_id

    @property
    def rate(self) -> float:
        return self.one_shoulder / self.villages if self.villages else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"township": self.name, "code": self.code, "villages": self.villages,
                "one_shoulder": self.one_shoulder, "rate": round(self.rate, 4)}


@dataclass
class Rates:
    """Rates on ``as_of`` for the townships in scope, and their total (the county's)."""

    as_of: date
    scope: str  #: name of the region in scope, "" for everything
    townships: list[TownshipRate] = field(default_factory=list)

    @property
    def villages(self) -> int:
        return sum(t.villages for t in self.townships)

    @property
    def one_shoulder(self) -> int:
        return sum(t.one_shoulder for t in self.townships)

    @property
    def rate(self) -> float:
        return self.one_shoulder / self.villages if self.villages else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(), "scope": self.scope,
            "total": {"villages": self.villages, "one_shoulder": self.one_shoulder,
                      "rate": round(self.rate, 4), "text": f"{self.one_shoulder}/{self.villages}"},
            "townships": [t.as_dict() for t in self.townships],
        }


def _scope(session: Session, region_id: Optional[str]) -> tuple[Optional[Region], Any]:
    """(region or None, condition on a village alias factory) for ``region_id``."""
    if region_id is None:
        return None, None
    region = session.get(Region, region_id)
    if region is None or region.deleted:
        raise NotFoundError("所选区划不存在或已删除。")
    return region, region.level


def villages_in_scope(session: Session, region_id: Optional[str]) -> Select:
    """SELECT of the ids of the live villages in ``region_id`` (None: all)."""
    region, level = _scope(session, region_id)
    village, township = aliased(Region), aliased(Region)
    stmt = select(village.id).join(township, village.parent_id == township.id).where(
        village.level == "village", village.deleted.is_(False), township.deleted.is_(False))
    if level == "village":
        stmt = stmt.where(village.id == region.id)
    elif level == "township":
        stmt = stmt.where(township.id == region.id)
    elif level == "county":
        stmt = stmt.where(township.parent_id == region.id)
    return stmt


def rates(session: Session, as_of: Optional[date] = None, region_id: Optional[str] = None) -> Rates:
    """One-shoulder villages and rate per township on ``as_of`` (default today), in code order."""
    as_of = as_of or clock.today()
    region, level = _scope(session, region_id)
    village, township = aliased(Region, name="v"), aliased(Region, name="t")
    stmt = (
        select(township.id, township.code, township.name, func.count(village.id),
               func.sum(case((one_shoulder_condition(as_of, village.id), 1), else_=0)))
        .join(village, village.parent_id == township.id)
        .where(township.level == "township", township.deleted.is_(False),
               village.level == "village", village.deleted.is_(False))
        .group_by(township.id, township.code, township.name)
        .order_by(township.code)
    )
    if level == "village":
        stmt = stmt.where(village.id == region.id)
    elif level == "township":
        stmt = stmt.where(township.id == region.id)
    elif level == "county":
        stmt = stmt.where(township.parent_id == region.id)
    rows = [TownshipRate(tid, code, name, int(n), int(k or 0)) for tid, code, name, n, k in session.execute(stmt)]
    return Rates(as_of, region.name if region is not None else "", rows)


def comparison_scope(session: Session, region_id: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(region whose townships a chart compares, township to highlight) for ``region_id``.

    A township (or a village) is compared with the other townships of its county, so an officer
    sees where it stands; a county or everything is shown as it is.
    """
    region, level = _scope(session, region_id)
    if level == "village":
        region = session.get(Region, region.parent_id)
        level = "township"
    if level == "township":
        return region.parent_id, region.id
    return region_id, None


@dataclass(frozen=True)
class TimelinePoint:
    """From ``day`` on (until the next point) ``one_shoulder`` of ``villages`` were one-shoulder."""

    day: date
    one_shoulder: int
    villages: int

    @property
    def rate(self) -> float:
        return self.one_shoulder / self.villages if self.villages else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "one_shoulder": self.one_shoulder,
                "villages": self.villages, "rate": round(self.rate, 4)}


def timeline(session: Session, region_id: Optional[str] = None, since: Optional[date] = None,
             until: Optional[date] = None) -> list[TimelinePoint]:
    """The number and rate of one-shoulder villages at every change, from the post events.

    Points are the days the count changes (changes that cancel out make none), between ``since`` (default: the first post's start)
    and ``until`` (default today); the first and last days are always included so the line
    spans the whole range.
    """
    until = until or clock.today()
    scope = villages_in_scope(session, region_id)
    villages = int(session.scalar(select(func.count()).select_from(scope.subquery())) or 0)
    sec, dirr, holder, start, end, where = pair_spans()
    spans = session.execute(
        select(sec.village_id, start, end).where(*where, sec.village_id.in_(scope))
    ).all()
    by_village: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for vid, s, e in spans:
        by_village[vid].append((_as_date(s), _as_date(e)))
    events: dict[date, int] = defaultdict(int)
    for intervals in by_village.values():
        for s, e in _merge(intervals):
            events[s] += 1
            if e < OPEN_END:
                events[_next_day(e)] -= 1
    if since is None:
        first = session.scalar(select(func.min(VillagePost.start_date)).where(
            VillagePost.deleted.is_(False), VillagePost.village_id.in_(scope)))
        since = _as_date(first) if first else until
    # The count on ``since`` itself (events before it folded in), then the days the count
    # changes — a village leaving on the day another arrives is no change — then ``until``.
    count = sum(n for d, n in events.items() if d <= since)
    points = [TimelinePoint(since, count, villages)]
    for day in sorted(d for d in events if since < d <= until):
        count += events[day]
        if count != points[-1].one_shoulder:
            points.append(TimelinePoint(day, count, villages))
    if points[-1].day != until:
        points.append(TimelinePoint(until, points[-1].one_shoulder, villages))
    return points


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _next_day(d: date) -> date:
    return d if d >= OPEN_END else d + timedelta(days=1)


def _merge(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of closed day intervals; touching ones (end + 1 day == next start) join up."""
    out: list[tuple[date, date]] = []
    for s, e in sorted(intervals):
        if out and s <= _next_day(out[-1][1]):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
