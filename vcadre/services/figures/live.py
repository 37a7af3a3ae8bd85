"""What is live on day D (某日在册/在岗/在任), for every record kind — the one definition every
figure uses (stats, alerts, rates, gap alerts, rosters, the dashboard, the structure report), so
two views of the app cannot disagree.

Each function returns a SQLAlchemy condition (or a SELECT / scalar expression) over the model or
alias you pass in; put it in a WHERE. The conditions are self-contained: tombstones of what a row
hangs off are checked against sets built once per statement (the tombstoned persons, the live
villages), so no join is required of the caller.

The rules
---------
- **Regions carry no dates.** A village is live when it and its township are not tombstoned; the
  region tree as it is now stands for every date (a tombstoned village or township is gone from
  every figure, on every date, and its records with it).
- **Persons carry no dates.** A person is live when not tombstoned; tombstoned persons count
  nowhere, on no date.
- **Dated rows have inclusive last days.** A village post is held on D when
  ``start_date <= D <= end_date`` (open end: still held); a dispatch (驻村) is on post on D when
  ``start_date <= D <= actual_end`` — ``actual_end`` is the *last* day on post — or, with no
  ``actual_end``, when its status is 在岗 (a posting marked ended without a last day is on post on
  no day: its end is unknown). A posting that starts later does not cover today.
- **Statuses as of D come from the dated history.** A reserve entry is in the records on D when
  ``entry_date <= D``; its stage and status on D are those of its latest stage change
  (``StageChange``) dated on or before D (same day: the later-created change, by id, wins). An
  entry without any such change (no history was recorded) falls back to its stored stage/status.
- **Tombstones count up the chain**: a post, dispatch or reserve entry is dead when the row, its
  person, its village or its village's township is tombstoned; an enrolment when the row, its
  class or its person is.
- **Ages are calendar ages** (周岁): the number of birthdays reached on D. Someone born on 29
  February reaches a birthday on 1 March in common years. ``age_on`` (Python) and ``age_sql``
  (SQL) agree on every day; ``age_at_least_sql`` says the same as ``age_sql(...) >= n`` but can
  use an index on the birth date.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Optional

from sqlalchemy import Integer, Select, String, Subquery, and_, case, cast, exists, false, func, literal, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.elements import ColumnElement

from vcadre.services.regions import village_ids_under
from vcadre.store.models import Dispatch, Person, Region, ReserveEntry, StageChange, TrainingSession

__all__ = [
    "IN_POOL", "NOT_EXITED",
    "age_on", "age_sql", "age_at_least_sql", "latest_birth_for_age",
    "alive", "person_is_live", "village_is_live", "live_villages", "live_townships",
    "post_held_on", "post_held_during", "dispatch_on_post", "dispatch_on_post_during", "has_first_secretary",
    "reserve_entered", "reserve_on", "reserve_status_on", "reserve_stage_on", "reserve_in_pool", "reserve_in_pool_during",
    "enrolment_live", "training_started_by",
]

#: Reserve statuses of people "in the pool" (在库、考察中): reviewed yearly, expected to train.
IN_POOL: tuple[str, ...] = ("active", "inspecting")
#: Reserve statuses the headline's "current" figures count (everything but 退出).
NOT_EXITED: tuple[str, ...] = ("active", "inspecting", "used")


# ---------------------------------------------------------------- ages

def age_on(birth: Optional[date], day: date) -> Optional[int]:
    """Calendar age (周岁) on ``day``: birthdays reached, counting ``day`` itself."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_sql(birth_col, day: date) -> ColumnElement[int]:
    """SQL: calendar age on ``day`` of a birth-date column (NULL for NULL), as ``age_on``.

    Dates are ISO text in SQLite, so year and month-day are substrings; ``day`` is bound.
    """
    iso = cast(birth_col, String)  # the ISO text itself in SQLite; PostgreSQL's date as ISO text
    year = cast(func.substr(iso, 1, 4), Integer)
    not_yet = case((func.substr(iso, 6, 5) > literal(day.strftime("%m-%d")), 1), else_=0)
    return literal(day.year) - year - not_yet


def latest_birth_for_age(day: date, years: int) -> date:
    """The latest birth date of someone at least ``years`` old on ``day`` (calendar age)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year: born on the 28th has had the birthday
        return date(day.year - years, 2, 28)


def age_at_least_sql(birth_col, day: date, years: int) -> ColumnElement[bool]:
    """SQL: calendar age on ``day`` is ``years`` or more (``age_sql >= years``), index-friendly."""
    return birth_col <= latest_birth_for_age(day, years)


# ---------------------------------------------------------------- tombstones and regions

def alive(model) -> ColumnElement[bool]:
    """The row itself is not tombstoned (``deleted = 0``, as the partial indexes say it)."""
    return model.deleted == false()


def person_is_live(person_id_col) -> ColumnElement[bool]:
    """The person whose id is ``person_id_col`` is not tombstoned.

    Written as NOT IN the (small) set of tombstoned persons, read from the recycle bin's partial
    index: one set for the whole statement instead of a lookup per row (10x at province scale).
    """
    dead = aliased(Person, name="dead_person")
    return person_id_col.not_in(select(dead.id).where(dead.deleted == true()))


def village_is_live(village_id_col) -> ColumnElement[bool]:
    """``village_id_col`` is a village that, and whose township, is not tombstoned (IN the set
    of live villages, built once per statement)."""
    return village_id_col.in_(live_villages())


def live_villages(region_id: Optional[str] = None) -> Select:
    """SELECT of the ids of live villages (village and township not tombstoned) in ``region_id``
    (a county, township or village; None: all). The caller checks the region itself exists."""
    v, t = aliased(Region, name="lv_village"), aliased(Region, name="lv_township")
    stmt = select(v.id).join(t, t.id == v.parent_id).where(
        v.level == "village", v.deleted == false(), t.deleted == false())
    if region_id:
        stmt = stmt.where(v.id.in_(village_ids_under(region_id)))
    return stmt


def live_townships(region_id: Optional[str] = None) -> Select:
    """SELECT of the ids of live townships in ``region_id`` (county or township; None: all)."""
    t = aliased(Region, name="lt_township")
    stmt = select(t.id).where(t.level == "township", t.deleted == false())
    if region_id:
        stmt = stmt.where(or_(t.id == region_id, t.parent_id == region_id))
    return stmt


# ---------------------------------------------------------------- village posts (村干部任职)

def post_held_on(post, day: date, kind: Optional[str | Iterable[str]] = None) -> ColumnElement[bool]:
    """``post`` (VillagePost or an alias) is held on ``day``: live row, person and village,
    ``start_date <= day <= end_date`` (inclusive; open end). ``kind``: a post code or codes."""
    return post_held_during(post, day, day, kind)


def post_held_during(post, first: date, last: date,
                     kind: Optional[str | Iterable[str]] = None) -> ColumnElement[bool]:
    """``post`` is held on at least one day of ``[first, last]``."""
    conds = [alive(post), post.start_date <= last, or_(post.end_date.is_(None), post.end_date >= first),
             person_is_live(post.person_id), village_is_live(post.village_id)]
    if kind is not None:
        conds.append(post.post == kind if isinstance(kind, str) else post.post.in_(tuple(kind)))
    return and_(*conds)


# ---------------------------------------------------------------- dispatches (驻村)

def dispatch_on_post(dispatch, day: date, role: Optional[str] = None) -> ColumnElement[bool]:
    """``dispatch`` (Dispatch or an alias) is on post on ``day`` (see the module rules)."""
    return dispatch_on_post_during(dispatch, day, day, role)


def dispatch_on_post_during(dispatch, first: date, last: date, role: Optional[str] = None) -> ColumnElement[bool]:
    """``dispatch`` is on post on at least one day of ``[first, last]``."""
    conds = [alive(dispatch), dispatch.start_date <= last,
             or_(dispatch.actual_end >= first,
                 and_(dispatch.actual_end.is_(None), dispatch.status == "on_post")),
             person_is_live(dispatch.person_id), village_is_live(dispatch.village_id)]
    if role is not None:
        conds.append(dispatch.role == role)
    return and_(*conds)


def has_first_secretary(village_id_col, day: date) -> ColumnElement[bool]:
    """EXISTS: a first secretary (第一书记) is on post in the village on ``day`` — the rule of the
    驻村 "uncovered" alert and the 概览 card alike."""
    d = aliased(Dispatch, name="fs_dispatch")
    return exists().where(d.village_id == village_id_col, dispatch_on_post(d, day, "first_secretary"))


# ---------------------------------------------------------------- reserve pool (后备干部库)

def reserve_entered(entry, day: date) -> ColumnElement[bool]:
    """``entry`` (ReserveEntry or an alias) is in the records on ``day``: live row, person and
    village, entered on or before ``day`` (whatever its status then)."""
    return and_(alive(entry), entry.entry_date <= day, person_is_live(entry.person_id),
                village_is_live(entry.village_id))


def _history_on(entry, day: date, column: str):
    sc = aliased(StageChange, name="history")
    return (select(getattr(sc, column))
            .where(sc.entry_id == entry.id, sc.deleted == false(), sc.change_date <= day)
            .order_by(sc.change_date.desc(), sc.id.desc())
            .limit(1)
            .scalar_subquery())


def reserve_status_on(entry, day: date) -> ColumnElement[str]:
    """Scalar: the entry's status (codes.RESERVE_STATUS) on ``day``, from its stage history."""
    return func.coalesce(_history_on(entry, day, "to_status"), entry.status)


def reserve_stage_on(entry, day: date) -> ColumnElement[str]:
    """Scalar: the entry's stage (codes.STAGE) on ``day``, from its stage history."""
    return func.coalesce(_history_on(entry, day, "to_stage"), entry.stage)


def reserve_on(day: date) -> Subquery:
    """Subquery of every entry in the records on ``day`` (``reserve_entered``) with its stage
    and status that day: columns ``id, person_id, village_id, source, stage, status``.

    One grouped pass over the history (the latest change dated <= ``day`` per entry; same day:
    the higher id) instead of a lookup per entry: what the county- and province-wide figures use.
    """
    sc = aliased(StageChange, name="change_on")
    key = cast(sc.change_date, String) + " " + sc.id
    last = (select(sc.entry_id.label("entry_id"), _at_max(sc.to_stage, key).label("stage"),
                   _at_max(sc.to_status, key).label("status"), func.max(key).label("latest"))
            .where(sc.deleted == false(), sc.change_date <= day)
            .group_by(sc.entry_id)
            .subquery("last_change"))
    e = aliased(ReserveEntry, name="entry_on")
    return (select(e.id.label("id"), e.person_id.label("person_id"), e.village_id.label("village_id"),
                   e.source.label("source"), func.coalesce(last.c.stage, e.stage).label("stage"),
                   func.coalesce(last.c.status, e.status).label("status"))
            .outerjoin(last, last.c.entry_id == e.id)
            .where(reserve_entered(e, day))
            .subquery("reserve_on"))


class _at_max(FunctionElement):
    """``column``'s value in the row where ``key`` is greatest, beside ``max(key)`` in a GROUP BY.

    SQLite takes the bare column from the row holding the MAX() (one pass, what the province
    figures rely on); PostgreSQL has no bare columns: the first of the group's values ordered
    by ``key`` descending (office mode, issue 16)."""

    name = "at_max"
    inherit_cache = True

    def __init__(self, column, key) -> None:
        super().__init__(column, key)
        self.type = column.type


@compiles(_at_max)
def _at_max_bare(element, compiler, **kw) -> str:
    column, _key = element.clauses
    return compiler.process(column, **kw)


@compiles(_at_max, "postgresql")
def _at_max_pg(element, compiler, **kw) -> str:
    column, key = element.clauses
    return f"(array_agg({compiler.process(column, **kw)} ORDER BY {compiler.process(key, **kw)} DESC))[1]"


def reserve_in_pool(entry, day: date, statuses: Iterable[str] = IN_POOL) -> ColumnElement[bool]:
    """``entry`` is entered by ``day`` and its status on ``day`` is one of ``statuses``."""
    pool = reserve_on(day)
    return entry.id.in_(select(pool.c.id).where(pool.c.status.in_(tuple(statuses))))


def reserve_in_pool_during(entry, first: date, last: date,
                           statuses: Iterable[str] = IN_POOL) -> ColumnElement[bool]:
    """``entry`` had one of ``statuses`` on at least one day of ``[first, last]``: on ``first``,
    or through a stage change dated inside the range."""
    statuses = tuple(statuses)
    sc = aliased(StageChange, name="history_in")
    moved_in = exists().where(sc.entry_id == entry.id, sc.deleted == false(), sc.change_date >= first,
                              sc.change_date <= last, sc.to_status.in_(statuses))
    return and_(reserve_entered(entry, last),
                or_(reserve_in_pool(entry, first, statuses),
                    moved_in,
                    # no history recorded at all: the stored status stands for the whole range
                    and_(~exists().where(sc.entry_id == entry.id, sc.deleted == false()),
                         entry.status.in_(statuses))))


# ---------------------------------------------------------------- training (培训)

def enrolment_live(enrolment) -> ColumnElement[bool]:
    """``enrolment`` (Enrolment or an alias) is live: row, class and person not tombstoned."""
    ts = aliased(TrainingSession, name="live_class")
    return and_(alive(enrolment), person_is_live(enrolment.person_id),
                enrolment.session_id.in_(select(ts.id).where(ts.deleted == false())))


def training_started_by(session_model, day: date) -> ColumnElement[bool]:
    """A live class that started on or before ``day``."""
    return and_(alive(session_model), session_model.start_date <= day)
