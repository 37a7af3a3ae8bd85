"""Days on post (驻村天数): one figure per dispatched cadre per month, entered for many at once.

``month_sheet`` lists everyone on post at some time in a month (with the days already entered
and the most days they could have been there); ``save_month`` writes a whole sheet in one
savepoint after checking every figure (no more than the days of the month, nor than the days the
posting covered in that month). ``person_summary`` / ``township_summary`` total a period, and
count the months below the minimum (a configurable threshold passed in, default 20 days).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.regions import village_ids_under
from vcadre.store.models import Dispatch, DispatchMonth, Person, Region
from vcadre.store.sqlfuncs import iif

DEFAULT_MIN_DAYS = 20


def month_start(d: date) -> date:
    return d.replace(day=1)


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def days_in_month(d: date) -> int:
    return calendar.monthrange(d.year, d.month)[1]


def possible_days(month: date, start: date, end: Optional[date]) -> int:
    """Days of ``month`` inside the posting [start, end] (0 if none)."""
    first, last = month_start(month), month_end(month)
    lo = max(first, start)
    hi = min(last, end) if end else last
    return max((hi - lo).days + 1, 0)


@dataclass(frozen=True)
class SheetRow:
    dispatch_id: str
    name: str
    role: str
    township: str
    village: str
    unit: str
    possible: int  #: most days this posting could count in the month
    days: Optional[int]  #: entered figure, None if not yet entered


def month_sheet(session: Session, month: date, region_id: Optional[str] = None) -> list[SheetRow]:
    """Everyone posted at some time in ``month`` in the region, with their figure for it."""
    first, last = month_start(month), month_end(month)
    village = aliased(Region, name="village")
    township = aliased(Region, name="township")
    dm = aliased(DispatchMonth)
    stmt = (
        select(Dispatch.id, Person.name, Dispatch.role, township.name, village.name, Dispatch.unit,
               Dispatch.start_date, Dispatch.actual_end, dm.days)
        .join(Person, Dispatch.person_id == Person.id)
        .join(village, Dispatch.village_id == village.id)
        .join(township, village.parent_id == township.id)
        # "deleted = 0" (not "IS 0") so SQLite can use the partial unique index (dispatch_id, month).
        .outerjoin(dm, (dm.dispatch_id == Dispatch.id) & (dm.month == first) & (dm.deleted == False))  # noqa: E712
        .where(Dispatch.deleted.is_(False), Dispatch.start_date <= last,
               or_(Dispatch.actual_end.is_(None), Dispatch.actual_end >= first))
        .order_by(village.code, Dispatch.role, Person.name_pinyin)
    )
    if region_id:
        stmt = stmt.where(Dispatch.village_id.in_(village_ids_under(region_id)))
    return [SheetRow(did, n, r, t, v, u, possible_days(first, s, e), days)
            for did, n, r, t, v, u, s, e, days in session.execute(stmt)]


def month_figures(session: Session, month: date, ids: Iterable[str]) -> dict[str, Optional[int]]:
    """The stored figure of ``month`` for each posting of ``ids`` (None: not entered)."""
    ids = list(ids)
    stored = dict(session.execute(select(DispatchMonth.dispatch_id, DispatchMonth.days).where(
        DispatchMonth.dispatch_id.in_(ids), DispatchMonth.month == month_start(month),
        (DispatchMonth.deleted == False))).all())  # noqa: E712
    return {did: stored.get(did) for did in ids}


def _who(session: Session, ids: Iterable[str]) -> dict[str, str]:
    out = {}
    for did in ids:
        d = session.get(Dispatch, did)
        out[did] = f"{d.person.name}（{d.village.name}）" if d is not None else did
    return out


def save_month(session: Session, month: date, figures: Mapping[str, Optional[int]],
               loaded: Optional[Mapping[str, Optional[int]]] = None) -> int:
    """Write ``{dispatch_id: days}`` for ``month`` (None clears a figure); returns rows changed.

    Every figure is checked first; one bad figure refuses the whole sheet with a message naming
    the person and village. ``loaded``: the figures as the sheet showed them; a figure someone else
    saved since, which this save would overwrite, refuses the sheet with ``edit_lock.EditConflict``
    (one field per posting, keyed by dispatch id).
    """
    if loaded is not None:
        from vcadre.services import edit_lock
        from vcadre.services.forms import FormField

        edit_lock.check(session, month_start(month).isoformat(), tuple(FormField(did, "int") for did in figures),
                        lambda: month_figures(session, month, figures), {did: loaded.get(did) for did in figures},
                        figures, lambda: _who(session, figures))
    first = month_start(month)
    ndays = days_in_month(first)
    errors: list[FieldError] = []
    dispatches: dict[str, Dispatch] = {}
    label = f"{first.year}年{first.month}月"
    for did, days in figures.items():
        d = session.get(Dispatch, did)
        if d is None or d.deleted:
            errors.append(FieldError(did, "驻村记录不存在或已删除。"))
            continue
        dispatches[did] = d
        if days is None:
            continue
        who = f"{d.person.name}（{d.village.name}）"
        if not isinstance(days, int) or isinstance(days, bool):
            errors.append(FieldError(did, f"{who}：{label}驻村天数应为整数。"))
        elif days < 0:
            errors.append(FieldError(did, f"{who}：{label}驻村天数不能为负数。"))
        elif days > ndays:
            errors.append(FieldError(did, f"{who}：{label}驻村天数 {days} 超过当月天数 {ndays} 天。"))
        else:
            most = possible_days(first, d.start_date, d.actual_end)
            if days > most:
                errors.append(FieldError(did, f"{who}：{label}驻村天数 {days} 超过该月在派驻期内的天数 {most} 天"
                                              f"（派驻 {d.start_date} 起{('，' + str(d.actual_end) + ' 离岗') if d.actual_end else ''}）。"))
    if errors:
        raise ValidationError(errors)
    changed = 0
    with session.begin_nested():
        existing = {
            m.dispatch_id: m for m in session.scalars(select(DispatchMonth).where(
                DispatchMonth.dispatch_id.in_(list(dispatches)), DispatchMonth.month == first,
                (DispatchMonth.deleted == False)))  # noqa: E712
        }
        for did, days in figures.items():
            row = existing.get(did)
            if days is None:
                if row is not None:
                    row.deleted = True
                    changed += 1
            elif row is None:
                session.add(DispatchMonth(dispatch_id=did, month=first, days=days))
                changed += 1
            elif row.days != days:
                row.days = days
                changed += 1
        session.flush()
    return changed


@dataclass(frozen=True)
class PersonDays:
    dispatch_id: str
    name: str
    township: str
    village: str
    role: str
    months: int
    total_days: int
    low_months: int

    @property
    def average(self) -> float:
        return self.total_days / self.months if self.months else 0.0


@dataclass(frozen=True)
class TownshipDays:
    township: str
    people: int
    months: int
    total_days: int
    low_months: int

    @property
    def average(self) -> float:
        return self.total_days / self.months if self.months else 0.0


def _summary_stmt(first: date, last: date, min_days: int, region_id: Optional[str]):
    village = aliased(Region, name="village")
    township = aliased(Region, name="township")
    low = func.sum(iif(DispatchMonth.days < min_days, 1, 0))
    stmt = (
        select(Dispatch.id, Person.name, township.name, village.name, Dispatch.role,
               func.count(DispatchMonth.id), func.coalesce(func.sum(DispatchMonth.days), 0),
               func.coalesce(low, 0), township.code, village.code)
        .join(Person, Dispatch.person_id == Person.id)
        .join(village, Dispatch.village_id == village.id)
        .join(township, village.parent_id == township.id)
        .join(DispatchMonth, (DispatchMonth.dispatch_id == Dispatch.id) & (DispatchMonth.deleted == False))  # noqa: E712
        .where(Dispatch.deleted.is_(False), DispatchMonth.month >= first, DispatchMonth.month <= last)
        .group_by(Dispatch.id, Person.id, village.id, township.id)  # keys: their columns may be selected
        .order_by(village.code, Dispatch.role, Person.name_pinyin)
    )
    if region_id:
        stmt = stmt.where(Dispatch.village_id.in_(village_ids_under(region_id)))
    return stmt


def person_summary(session: Session, first: date, last: date, min_days: int = DEFAULT_MIN_DAYS,
                   region_id: Optional[str] = None) -> list[PersonDays]:
    """Per posting: months entered, total days and months below ``min_days`` in [first, last]."""
    return [PersonDays(did, n, t, v, r, int(m), int(total), int(low))
            for did, n, t, v, r, m, total, low, _tc, _vc in
            session.execute(_summary_stmt(month_start(first), month_start(last), min_days, region_id))]


def township_summary(session: Session, first: date, last: date, min_days: int = DEFAULT_MIN_DAYS,
                     region_id: Optional[str] = None) -> list[TownshipDays]:
    """Per township: people, months entered, total days, months below ``min_days``."""
    sub = _summary_stmt(month_start(first), month_start(last), min_days, region_id).subquery()
    cols = list(sub.c)
    stmt = (select(cols[2], func.count(), func.sum(cols[5]), func.sum(cols[6]), func.sum(cols[7]))
            .group_by(cols[2], cols[8]).order_by(cols[8]))
    return [TownshipDays(t, int(p), int(m or 0), int(d or 0), int(low or 0))
            for t, p, m, d, low in session.execute(stmt)]


def last_full_month(today: date) -> date:
    return month_start(month_start(today) - timedelta(days=1))
