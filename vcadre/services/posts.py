"""Village posts (村干部任职) and one-shoulder status (一肩挑), derived, never typed.

A village is one-shoulder on a day when one person holds both its Party-secretary post and its
committee-director post on that day. Everything here is SQL so it stays cheap for 16,000 villages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Optional

from sqlalchemy import and_, case, exists, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.domain.codes import SINGLE_POSTS, VILLAGE_POST
from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.services.forms import FormField, clean
from vcadre.services.listing import Column, ExprListing, ListQuery, Row, register
from vcadre.services.regions import require_village, village_ids_under
from vcadre.services.stats import one_shoulder_condition
from vcadre.store.models import OneShoulderPlan, Person, Region, VillagePost
from vcadre.store.sqlfuncs import day_before as day_before_, greatest, least

FIELDS: tuple[FormField, ...] = (
    FormField("person_id", "person", required=True),
    FormField("village_id", "village", required=True),
    FormField("post", "code", "village_post", required=True),
    FormField("start_date", "date", required=True),
    FormField("end_date", "date"),
    FormField("origin", "code", "post_origin"),
    FormField("notes", "multiline"),
)
LABELS = {
    "person_id": "任职人员", "village_id": "村（社区）", "post": "职务", "start_date": "任职日期",
    "end_date": "离任日期", "origin": "任职方式", "notes": "备注",
}


def holds(post_alias, village_col, post: str, as_of: date):
    """Condition: ``post_alias`` is a live ``post`` of the village, current on ``as_of``."""
    return and_(
        post_alias.village_id == village_col,
        post_alias.post == post,
        post_alias.deleted.is_(False),
        post_alias.start_date <= as_of,
        or_(post_alias.end_date.is_(None), post_alias.end_date >= as_of),
    )


#: Stands for "no end date" in interval arithmetic (dates are ISO text in SQLite).
OPEN_END = date(9999, 12, 31)


def pair_spans(village_col=None):
    """(secretary alias, director alias, span start, span end, WHERE conditions) of the periods in
    which one live person held both posts of a village: each secretary post paired with a
    director post of the same person, their overlap ``[start, end]`` (end ``OPEN_END`` if open).
    """
    sec, dirr, holder = aliased(VillagePost), aliased(VillagePost), aliased(Person)
    start = greatest(sec.start_date, dirr.start_date)
    end = least(func.coalesce(sec.end_date, OPEN_END), func.coalesce(dirr.end_date, OPEN_END))
    where = [
        sec.post == "secretary", sec.deleted.is_(False),
        dirr.post == "director", dirr.deleted.is_(False),
        dirr.village_id == sec.village_id, dirr.person_id == sec.person_id,
        holder.id == sec.person_id, holder.deleted.is_(False),
        start <= end,
    ]
    if village_col is not None:
        where.append(sec.village_id == village_col)
    return sec, dirr, holder, start, end, where


def one_shoulder_since(village_col, as_of: date):
    """Scalar subquery: since when the village has been one-shoulder without a break (NULL if it
    is not one-shoulder on ``as_of``).

    A re-election of the same person (old posts end the day before the new ones start) does not
    break the run: the answer is the latest start of a one-shoulder period whose day before was
    not one-shoulder, among periods starting on or before ``as_of``.
    """
    sec, dirr, holder, start, _end, where = pair_spans(village_col)
    # Correlate the inner EXISTS with this pair's village (one level up), not the outer row.
    sec2, _d2, _h2, start2, end2, where2 = pair_spans(sec.village_id)
    day_before = day_before_(start)
    covered_before = exists().where(*where2, start2 <= day_before, end2 >= day_before)
    run_start = (
        select(func.max(start))
        .select_from(sec).join(dirr, true()).join(holder, true())
        .where(*where, start <= as_of, ~covered_before)
        .scalar_subquery()
    )
    return case((is_one_shoulder(village_col, as_of), run_start), else_=None)


def is_one_shoulder(village_col, as_of: date):
    """EXISTS: one live person holds both posts of the village on ``as_of`` (as ``stats`` counts)."""
    return one_shoulder_condition(as_of, village_col)


def holder_name(village_col, post: str, as_of: date):
    p = aliased(VillagePost)
    return (
        select(Person.name)
        .join(p, p.person_id == Person.id)
        .where(holds(p, village_col, post, as_of), Person.deleted.is_(False))
        .order_by(p.start_date.desc())
        .limit(1)
        .scalar_subquery()
    )


@register("posts")
class PostsListing(ExprListing):
    """One row per village: its secretary, its director, whether they are one person (and since
    when), and for villages that are not one-shoulder the reason, plan, target date and candidate.
    """

    columns = (
        Column("township"), Column("village"), Column("secretary"), Column("director"),
        Column("one_shoulder", kind="bool"), Column("since", kind="date"),
        Column("reason"), Column("plan"), Column("target_date", kind="date"), Column("candidate"),
    )
    default_order = ("village_code",)

    def __init__(self) -> None:
        self.village = aliased(Region, name="village")
        self.township = aliased(Region, name="township")
        self.plan = aliased(OneShoulderPlan, name="plan")
        self.candidate = aliased(Person, name="candidate")
        # Building these correlated subqueries costs ~0.1 s (ORM aliasing), more than running
        # them on a county: build them once per day shown and reuse them for count and pages.
        self._exprs: dict[date, dict] = {}

    def id_expr(self):
        return self.village.id

    def exprs(self, q: ListQuery):
        as_of = q.as_of or clock.today()
        if as_of not in self._exprs:
            if len(self._exprs) > 8:
                self._exprs.clear()
            self._exprs[as_of] = self._make_exprs(as_of)
        return self._exprs[as_of]

    def _make_exprs(self, as_of: date):
        v = self.village.id
        one = is_one_shoulder(v, as_of)
        return {
            "township": self.township.name, "village": self.village.name,
            "secretary": holder_name(v, "secretary", as_of), "director": holder_name(v, "director", as_of),
            "one_shoulder": one, "since": one_shoulder_since(v, as_of),
            # The plan is joined only for villages that are not one-shoulder (see ``from_``).
            "reason": self.plan.reason, "plan": self.plan.plan, "target_date": self.plan.target_date,
            "candidate": self.candidate.name,
            "village_code": self.village.code,
        }

    def from_(self, q: ListQuery, stmt):
        stmt = stmt.select_from(self.village).join(
            self.township, self.village.parent_id == self.township.id
        ).outerjoin(
            self.plan, and_(self.plan.village_id == self.village.id, self.plan.deleted.is_(False),
                            ~self.exprs(q)["one_shoulder"])
        ).outerjoin(
            self.candidate, and_(self.candidate.id == self.plan.candidate_id, self.candidate.deleted.is_(False))
        ).where(self.village.level == "village", self.village.deleted.is_(False),
                self.township.deleted.is_(False))
        return self._narrow(q, stmt)

    def _narrow(self, q: ListQuery, stmt):
        if q.region_id:
            stmt = stmt.where(self.village.id.in_(village_ids_under(q.region_id)))
        if q.search.strip():
            text = q.search.strip()
            stmt = stmt.where(or_(self.village.name.contains(text, autoescape=True),
                                  self.township.name.contains(text, autoescape=True)))
        return stmt

    def _villages(self, q: ListQuery):
        """The ids of the list's villages: one row each (a village has at most one live plan), so
        counting and paging need neither the plan nor the holders (16,000 villages of a province:
        the full query's subqueries for every village cost 0.2–1.4 s before a page comes out)."""
        return self._narrow(q, select(self.village.id).join(
            self.township, self.village.parent_id == self.township.id
        ).where(self.village.level == "village", self.village.deleted.is_(False),
                self.township.deleted.is_(False)))

    def _plain(self, q: ListQuery) -> bool:
        return not any(v not in (None, "") for v in q.filters.values())

    def count_statement(self, q: ListQuery):
        if not self._plain(q):
            return super().count_statement(q)
        return select(func.count()).select_from(self._villages(q).subquery())

    def page(self, session: Session, q: ListQuery, offset: int, limit: int) -> list[Row]:
        """In the default order: the page's villages first (the region-code index, read and done),
        then their rows."""
        if q.order_by or not self._plain(q):
            return super().page(session, q, offset, limit)
        ids = list(session.scalars(self._villages(q).order_by(self.village.code, self.village.id)
                                   .offset(offset).limit(limit)))
        if not ids:
            return []
        stmt = self.ordered(q).where(self.village.id.in_(ids))
        return [Row(r[0], tuple(r[1:])) for r in session.execute(stmt)]


@dataclass(frozen=True)
class PostRow:
    id: str
    person_id: str
    name: str
    post: str
    start_date: date
    end_date: Optional[date]
    origin: Optional[str]


def village_posts(session: Session, village_id: str) -> list[PostRow]:
    """Every live post of the village, current ones first, then by start date (newest first)."""
    stmt = (
        select(VillagePost.id, Person.id, Person.name, VillagePost.post, VillagePost.start_date,
               VillagePost.end_date, VillagePost.origin)
        .join(Person, VillagePost.person_id == Person.id)
        .where(VillagePost.village_id == village_id, VillagePost.deleted.is_(False))
        .order_by(VillagePost.end_date.is_not(None), VillagePost.start_date.desc())
    )
    return [PostRow(*r) for r in session.execute(stmt)]


def _post(session: Session, post_id: str) -> VillagePost:
    p = session.get(VillagePost, post_id)
    if p is None or p.deleted:
        raise NotFoundError("该任职记录不存在或已删除。")
    return p


def get(session: Session, post_id: str) -> dict[str, Any]:
    p = _post(session, post_id)
    return {f.key: getattr(p, f.key) for f in FIELDS}


def save(session: Session, post_id: Optional[str], values: Mapping[str, Any]) -> str:
    errors: list[FieldError] = []
    data = clean(FIELDS, values, errors, LABELS)
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors.append(FieldError("end_date", f"离任日期（{end}）早于任职日期（{start}）。"))
    if errors:
        raise ValidationError(errors)
    village = require_village(session, data["village_id"])
    person = session.get(Person, data["person_id"])
    if person is None or person.deleted:
        raise ValidationError(FieldError("person_id", "任职人员不存在或已删除。"))
    if data["post"] in SINGLE_POSTS:
        other = aliased(VillagePost)
        overlap = [
            other.village_id == village.id, other.post == data["post"], other.deleted.is_(False),
            or_(other.end_date.is_(None), other.end_date >= start),
        ]
        if end is not None:
            overlap.append(other.start_date <= end)
        if post_id:
            overlap.append(other.id != post_id)
        clash = session.execute(
            select(Person.name, other.start_date).join(other, other.person_id == Person.id).where(*overlap)
        ).first()
        if clash:
            raise ValidationError(FieldError(
                "post",
                f"{village.name}的“{VILLAGE_POST.label(data['post'])}”在这段时间已由“{clash[0]}”担任"
                f"（{clash[1]} 起）。请先填写其离任日期。",
            ))
    p = VillagePost(**data) if post_id is None else _post(session, post_id)
    for k, v in data.items():
        setattr(p, k, v)
    session.add(p)
    session.flush()
    return p.id


def delete(session: Session, post_id: str) -> None:
    _post(session, post_id).deleted = True
