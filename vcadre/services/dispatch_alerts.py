"""Alerts about village postings (驻村提醒), with thresholds passed in (the GUI keeps them in settings).

Four kinds, each a list of plain rows:

- ``ending``: terms on post on ``today`` whose planned end falls within ``term_days`` days (or
  has passed);
- ``uncovered``: live villages designated to have a first secretary with none on post on
  ``today`` (a successor starting later does not cover today; the 概览 card counts the same);
- ``double``: people with two or more postings on post on ``today``;
- ``low_days``: months with fewer days on post than ``min_days`` (among the last
  ``recent_months`` full months before ``today``, for postings on post on ``today``; a month the
  posting only partly covered counts against the days it covered).

"On post on ``today``" is ``figures.live.dispatch_on_post``: started by then, last day
(``actual_end``) not before it, row, person, village and township live — so ``today`` may be
any past day and the alerts are those that day would have shown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services.dispatch import DEFAULT_TERM_YEARS
from vcadre.services.dispatch_days import (
    DEFAULT_MIN_DAYS,
    last_full_month,
    month_start,
    possible_days,
)
from vcadre.services.figures import live as live_rules
from vcadre.services.regions import village_ids_under
from vcadre.store.models import Dispatch, DispatchMonth, Person, Region

DEFAULT_TERM_DAYS = 60
DEFAULT_RECENT_MONTHS = 3

KINDS = ("ending", "uncovered", "double", "low_days")


@dataclass(frozen=True)
class Thresholds:
    """The configurable numbers (设置 → 驻村提醒)."""

    term_days: int = DEFAULT_TERM_DAYS  #: warn this many days before a term ends
    min_days: int = DEFAULT_MIN_DAYS  #: a month below this many days on post is flagged
    recent_months: int = DEFAULT_RECENT_MONTHS  #: how many past full months to look at
    term_years: int = DEFAULT_TERM_YEARS  #: default term of a new posting


@dataclass(frozen=True)
class Alert:
    kind: str
    #: Chinese one-line description (for the CLI, the panel's tooltip and logs — no ID numbers).
    text: str
    township: str = ""
    village: str = ""
    village_id: str = ""
    name: str = ""
    dispatch_id: str = ""
    #: ending: days left (negative if overdue); low_days: days entered; double: number of postings.
    figure: Optional[int] = None
    when: Optional[date] = None  #: ending: planned end; low_days: the month


@dataclass
class Alerts:
    as_of: date
    thresholds: Thresholds
    ending: list[Alert] = field(default_factory=list)
    uncovered: list[Alert] = field(default_factory=list)
    double: list[Alert] = field(default_factory=list)
    low_days: list[Alert] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in KINDS}

    def total(self) -> int:
        return sum(self.counts().values())

    def as_dict(self) -> dict[str, Any]:
        def row(a: Alert) -> dict[str, Any]:
            d = asdict(a)
            d["when"] = a.when.isoformat() if a.when else None
            return d

        return {
            "as_of": self.as_of.isoformat(),
            "thresholds": asdict(self.thresholds),
            "counts": self.counts(),
            **{k: [row(a) for a in getattr(self, k)] for k in KINDS},
        }


def _scope(stmt, col, region_id: Optional[str]):
    return stmt.where(col.in_(village_ids_under(region_id))) if region_id else stmt


def compute(session: Session, thresholds: Thresholds = Thresholds(), today: Optional[date] = None,
            region_id: Optional[str] = None) -> Alerts:
    today = today or clock.today()
    out = Alerts(today, thresholds)
    village = aliased(Region, name="village")
    township = aliased(Region, name="township")

    def joined(stmt):
        return (stmt.join(Person, Dispatch.person_id == Person.id)
                .join(village, Dispatch.village_id == village.id)
                .join(township, village.parent_id == township.id))

    live = (live_rules.dispatch_on_post(Dispatch, today),)

    # Terms ending soon (or overdue and still on post).
    horizon = today + timedelta(days=thresholds.term_days)
    stmt = joined(select(Dispatch.id, Person.name, township.name, village.name, village.id,
                         Dispatch.role, Dispatch.planned_end)).where(
        *live, Dispatch.planned_end.is_not(None), Dispatch.planned_end <= horizon
    ).order_by(Dispatch.planned_end, village.code)
    for did, name, t, v, vid, role, end in session.execute(_scope(stmt, Dispatch.village_id, region_id)):
        left = (end - today).days
        when = f"已超期 {-left} 天" if left < 0 else f"还有 {left} 天"
        out.ending.append(Alert("ending", f"{t} {v} {name}：任期 {end} 届满（{when}）", t, v, vid, name, did,
                                left, end))

    # Villages that should have a first secretary and have none on post.
    stmt = (select(village.id, township.name, village.name)
            .join(township, village.parent_id == township.id)
            .where(village.level == "village", village.deleted.is_(False), township.deleted.is_(False),
                   village.needs_first_secretary.is_(True), ~live_rules.has_first_secretary(village.id, today))
            .order_by(village.code))
    for vid, t, v in session.execute(_scope(stmt, village.id, region_id)):
        out.uncovered.append(Alert("uncovered", f"{t} {v}：应选派第一书记，目前无在岗第一书记", t, v, vid))

    # People with two or more on-post postings.
    doubles = (select(Dispatch.person_id).where(*live).group_by(Dispatch.person_id)
               .having(func.count(Dispatch.id) > 1))
    stmt = joined(select(Dispatch.id, Person.id, Person.name, township.name, village.name, village.id)).where(
        *live, Dispatch.person_id.in_(doubles)).order_by(Person.name_pinyin, Person.id, village.code)
    by_person: dict[str, list] = {}
    for row in session.execute(_scope(stmt, Dispatch.village_id, region_id)):
        by_person.setdefault(row[1], []).append(row)
    for rows in by_person.values():
        places = "、".join(f"{r[3]} {r[4]}" for r in rows)
        for did, _pid, name, t, v, vid in rows:
            out.double.append(Alert("double", f"{name} 同时在 {len(rows)} 个村在岗：{places}", t, v, vid, name,
                                    did, len(rows)))

    # Low on-post months among the last few full months.
    last = last_full_month(today)
    first = last
    for _ in range(max(thresholds.recent_months, 1) - 1):
        first = month_start(first - timedelta(days=1))
    # The on-post postings in scope first, then their months by (dispatch_id, month) — the
    # month range alone would scan every month of the province.
    scoped = _scope(select(Dispatch.id).where(*live), Dispatch.village_id, region_id)
    stmt = joined(select(Dispatch.id, Person.name, township.name, village.name, village.id, DispatchMonth.month,
                         DispatchMonth.days, Dispatch.start_date, Dispatch.actual_end)).join(
        DispatchMonth, DispatchMonth.dispatch_id == Dispatch.id).where(
        DispatchMonth.deleted == False,  # noqa: E712 - "= 0" matches the partial unique index
        DispatchMonth.dispatch_id.in_(scoped), DispatchMonth.month >= first, DispatchMonth.month <= last,
        DispatchMonth.days < thresholds.min_days).order_by(DispatchMonth.month.desc(), village.code)
    for did, name, t, v, vid, month, days, start, end in session.execute(stmt):
        if days >= min(thresholds.min_days, possible_days(month, start, end)):
            continue  # arrived mid-month: judged against the days the posting covered
        out.low_days.append(Alert("low_days", f"{t} {v} {name}：{month.year}年{month.month}月驻村 {days} 天，"
                                              f"少于 {thresholds.min_days} 天", t, v, vid, name, did, days, month))
    return out
