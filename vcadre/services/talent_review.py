"""Annual review (动态管理·年度考核): one year's assessment for many reserve cadres at once.

``record(session, year, {entry_id: result})`` writes or replaces the year's assessment of each
entry in one transaction (all or nothing); ``unreviewed`` lists the entries still in the pool
that have no assessment for the year. The entries to review are those in the pool (在库、考察中)
on the review day: ``as_of`` if given, else today within the current year or 31 December of a
past year (``figures.live.reserve_in_pool``: history, and tombstones of person, village and
township — the count, the list and the sheet use the same condition).

The review sheet works on a county's thousands of entries without loading them: ``entry_ids``
gives the ids of one query in sheet order (one narrow query), ``rows_by_id`` the shown rows of a
page of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping, Optional

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.domain.codes import ASSESSMENT
from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.figures import live
from vcadre.services.regions import village_ids_under
from vcadre.store.models import Assessment, Person, Region, ReserveEntry

#: Statuses that are reviewed every year (在库, 考察中).
REVIEWED_STATUSES = ("active", "inspecting")


@dataclass(frozen=True)
class ReviewRow:
    entry_id: str
    name: str
    township: str
    village: str
    stage: str
    result: Optional[str]  # this year's result, None if not reviewed


def _not_reviewed(year: int):
    return ~exists().where(Assessment.entry_id == ReserveEntry.id, Assessment.year == year,
                           Assessment.deleted.is_(False))


def review_day(year: int, as_of: Optional[date] = None) -> date:
    """The day whose pool is reviewed for ``year``."""
    if as_of is not None:
        return as_of
    return min(clock.today(), date(year, 12, 31))


def _live_pool(region_id: Optional[str], day: date):
    conds = [live.reserve_in_pool(ReserveEntry, day, REVIEWED_STATUSES)]
    if region_id:
        conds.append(ReserveEntry.village_id.in_(village_ids_under(region_id)))
    return conds


def rows(session: Session, year: int, region_id: Optional[str] = None, only_unreviewed: bool = False,
         limit: Optional[int] = None, as_of: Optional[date] = None) -> list[ReviewRow]:
    """Entries to review for ``year`` with their result so far (for the review sheet)."""
    village, township = aliased(Region), aliased(Region)
    result = (select(Assessment.result).where(Assessment.entry_id == ReserveEntry.id, Assessment.year == year,
                                              Assessment.deleted.is_(False)).limit(1).scalar_subquery())
    stmt = (
        select(ReserveEntry.id, Person.name, township.name, village.name, ReserveEntry.stage, result)
        .join(Person, Person.id == ReserveEntry.person_id)
        .join(village, village.id == ReserveEntry.village_id)
        .join(township, township.id == village.parent_id)
        .where(*_live_pool(None, review_day(year, as_of)))
        .order_by(township.code, village.code, Person.name, ReserveEntry.id)
    )
    if region_id:
        stmt = stmt.where(ReserveEntry.village_id.in_(village_ids_under(region_id)))
    if only_unreviewed:
        stmt = stmt.where(_not_reviewed(year))
    if limit:
        stmt = stmt.limit(limit)
    return [ReviewRow(*r) for r in session.execute(stmt)]


def _sheet_query(columns, year: int, region_id: Optional[str], only_unreviewed: bool):
    village, township = aliased(Region), aliased(Region)
    stmt = (
        select(*columns(village, township))
        .join(Person, Person.id == ReserveEntry.person_id)
        .join(village, village.id == ReserveEntry.village_id)
        .join(township, township.id == village.parent_id)
        .where(*_live_pool(None, review_day(year)))
    )
    if region_id:
        stmt = stmt.where(ReserveEntry.village_id.in_(village_ids_under(region_id)))
    if only_unreviewed:
        stmt = stmt.where(_not_reviewed(year))
    return stmt.order_by(township.code, village.code, Person.name, ReserveEntry.id)


def entry_ids(session: Session, year: int, region_id: Optional[str] = None,
              only_unreviewed: bool = False) -> list[str]:
    """Ids of the entries on ``year``'s sheet, in sheet order (township, village, name)."""
    return list(session.scalars(_sheet_query(lambda v, t: (ReserveEntry.id,), year, region_id, only_unreviewed)))


def rows_by_id(session: Session, year: int, ids: list[str]) -> dict[str, ReviewRow]:
    """The sheet rows of ``ids`` (a page of them) with ``year``'s result so far."""
    out: dict[str, ReviewRow] = {}
    village, township = aliased(Region), aliased(Region)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        stmt = (
            select(ReserveEntry.id, Person.name, township.name, village.name, ReserveEntry.stage)
            .join(Person, Person.id == ReserveEntry.person_id)
            .join(village, village.id == ReserveEntry.village_id)
            .join(township, township.id == village.parent_id)
            .where(ReserveEntry.id.in_(part))
        )
        results = dict(session.execute(select(Assessment.entry_id, Assessment.result).where(
            Assessment.entry_id.in_(part), Assessment.year == year, Assessment.deleted.is_(False))).all())
        for eid, name, town, vil, stage in session.execute(stmt):
            out[eid] = ReviewRow(eid, name, town, vil, stage, results.get(eid))
    return out


def unreviewed_count(session: Session, year: int, region_id: Optional[str] = None,
                     as_of: Optional[date] = None) -> int:
    return session.scalar(select(func.count()).select_from(ReserveEntry).where(
        *_live_pool(region_id, review_day(year, as_of)), _not_reviewed(year))) or 0


def results_of(session: Session, year: int, ids: list[str]) -> dict[str, Optional[str]]:
    """``year``'s stored result of each entry of ``ids`` (None: not reviewed)."""
    out: dict[str, Optional[str]] = dict.fromkeys(ids)
    for chunk in range(0, len(ids), 500):
        out.update(session.execute(select(Assessment.entry_id, Assessment.result).where(
            Assessment.entry_id.in_(ids[chunk:chunk + 500]), Assessment.year == year,
            Assessment.deleted.is_(False))).all())
    return out


def who(session: Session, ids: list[str]) -> dict[str, str]:
    """"姓名（村）" of each entry, for a conflict's field names."""
    out = {}
    for chunk in range(0, len(ids), 500):
        out.update({eid: f"{name}（{village}）" for eid, name, village in session.execute(
            select(ReserveEntry.id, Person.name, Region.name)
            .join(Person, Person.id == ReserveEntry.person_id).join(Region, Region.id == ReserveEntry.village_id)
            .where(ReserveEntry.id.in_(ids[chunk:chunk + 500])))})
    return out


def record(session: Session, year: int, results: Mapping[str, Optional[str]], notes: str = "",
           today: Optional[date] = None, loaded: Optional[Mapping[str, Optional[str]]] = None) -> int:
    """Write ``year``'s result for each entry (None clears it); returns how many changed.

    ``loaded``: the results as the sheet showed them before they were set here. A result someone
    else saved since, which this save would overwrite, refuses the whole sheet with
    ``edit_lock.EditConflict`` (one field per entry, keyed by entry id): never a silent
    last-writer-wins between two officers reviewing the same pool.
    """
    today = today or clock.today()
    if loaded is not None:
        from vcadre.services import edit_lock
        from vcadre.services.forms import FormField

        ids = list(results)
        edit_lock.check(session, str(year), tuple(FormField(eid, "code", "assessment") for eid in ids),
                        lambda: results_of(session, year, ids), {eid: loaded.get(eid) for eid in ids},
                        results, lambda: who(session, ids))
    errors: list[FieldError] = []
    if not 2000 <= year <= today.year:
        errors.append(FieldError("year", f"考核年度“{year}”无效：应在 2000 年至 {today.year} 年之间。"))
    for entry_id, result in results.items():
        if result is not None and result not in ASSESSMENT.codes():
            errors.append(FieldError("result", f"未知的考核结果：“{result}”（应为优秀/称职/基本称职/不称职）。"))
    if errors:
        raise ValidationError(errors)
    ids = list(results)
    live = set()
    for chunk in range(0, len(ids), 500):
        live.update(session.scalars(select(ReserveEntry.id).where(
            ReserveEntry.id.in_(ids[chunk:chunk + 500]), ReserveEntry.deleted.is_(False))))
    missing = [i for i in ids if i not in live]
    if missing:
        raise ValidationError(f"有 {len(missing)} 条后备干部记录不存在或已删除，考核未保存。")
    existing: dict[str, Assessment] = {}
    for chunk in range(0, len(ids), 500):
        for a in session.scalars(select(Assessment).where(
                Assessment.entry_id.in_(ids[chunk:chunk + 500]), Assessment.year == year,
                Assessment.deleted.is_(False))):
            existing[a.entry_id] = a
    changed = 0
    with session.begin_nested():
        for entry_id, result in results.items():
            a = existing.get(entry_id)
            if result is None:
                if a is not None:
                    a.deleted = True
                    changed += 1
            elif a is None:
                session.add(Assessment(entry_id=entry_id, year=year, result=result, notes=notes or None))
                changed += 1
            elif a.result != result:
                a.result = result
                changed += 1
        session.flush()
    return changed


def history(session: Session, entry_id: str) -> list[tuple[int, str, Optional[str]]]:
    return [tuple(r) for r in session.execute(
        select(Assessment.year, Assessment.result, Assessment.notes)
        .where(Assessment.entry_id == entry_id, Assessment.deleted.is_(False)).order_by(Assessment.year))]


__all__ = ["rows", "entry_ids", "rows_by_id", "record", "results_of", "unreviewed_count", "history", "ReviewRow", "REVIEWED_STATUSES"]
