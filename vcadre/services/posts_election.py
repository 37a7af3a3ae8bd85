"""The general election helper (换届): close every post of a township (or the county) at the
election date and enter the results village by village — all in the caller's one transaction.

    rows = election_villages(session, region_id, day)      # what the officer fills in
    summary = hold_election(session, region_id, day, results)

Every post current on the election day in scope ends the day before it; each result
(village, post, person) starts on the election day, how appointed: 选举. A village elects 5–9
people, so each row also lists the other posts (副书记, 委员, 副主任, 监委会主任 …) held the day
before: the helper re-enters them unless the officer takes them out. Everything is checked
before anything is written, and a refusal names the village: a tombstoned or unknown person,
a village outside the scope, two people for one single post, or posts that already start on or
after the election day (the election was probably entered already).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vcadre.domain.codes import SINGLE_POSTS, VILLAGE_POST
from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.posts import holds
from vcadre.services.posts_rates import villages_in_scope
from vcadre.store.models import Person, Region, VillagePost

__all__ = ["Holder", "ElectionRow", "Elected", "ElectionSummary", "election_villages", "hold_election"]


@dataclass(frozen=True)
class Holder:
    """One post held: ``post`` code, person id and name."""

    post: str
    person_id: str
    name: str


@dataclass(frozen=True)
class ElectionRow:
    """A village in scope with its holders on the day before the election."""

    village_id: str
    township: str
    village: str
    secretary_id: Optional[str]
    secretary: str
    director_id: Optional[str]
    director: str
    #: Every other post held that day, in the code table's order, then by name.
    others: tuple[Holder, ...] = ()


@dataclass(frozen=True)
class Elected:
    """One result: ``person_id`` elected to ``post`` of ``village_id``."""

    village_id: str
    post: str
    person_id: str


@dataclass(frozen=True)
class ElectionSummary:
    closed: int
    created: int
    villages: int
    one_shoulder: int  #: villages whose secretary and director results are one person


def election_villages(session: Session, region_id: Optional[str], election_date: date) -> list[ElectionRow]:
    """Villages in scope, in code order, with the holders the day before ``election_date``."""
    day = election_date - timedelta(days=1)
    village, township = Region, None
    from sqlalchemy.orm import aliased

    township = aliased(Region)

    def holder(post: str):
        p = aliased(VillagePost)
        person = aliased(Person)
        return (select(person.id, person.name).join(p, p.person_id == person.id)
                .where(holds(p, village.id, post, day), person.deleted.is_(False))
                .order_by(p.start_date.desc()).limit(1))

    sec, dirr = holder("secretary"), holder("director")
    stmt = (
        select(village.id, township.name, village.name,
               sec.with_only_columns(sec.selected_columns[0]).scalar_subquery(),
               sec.with_only_columns(sec.selected_columns[1]).scalar_subquery(),
               dirr.with_only_columns(dirr.selected_columns[0]).scalar_subquery(),
               dirr.with_only_columns(dirr.selected_columns[1]).scalar_subquery())
        .join(township, village.parent_id == township.id)
        .where(village.id.in_(villages_in_scope(session, region_id)))
        .order_by(village.code)
    )
    rows = [(v, t, n, si, sn or "", di, dn or "") for v, t, n, si, sn, di, dn in session.execute(stmt)]
    others: dict[str, list[Holder]] = {}
    order = {code: i for i, code in enumerate(VILLAGE_POST.codes())}
    for chunk in range(0, len(rows), 500):
        ids = [r[0] for r in rows[chunk:chunk + 500]]
        held = session.execute(
            select(VillagePost.village_id, VillagePost.post, Person.id, Person.name)
            .join(Person, Person.id == VillagePost.person_id)
            .where(VillagePost.village_id.in_(ids), VillagePost.post.not_in(("secretary", "director")),
                   VillagePost.deleted.is_(False), Person.deleted.is_(False),
                   VillagePost.start_date <= day, or_(VillagePost.end_date.is_(None), VillagePost.end_date >= day)))
        for vid, post, pid, name in held:
            holder = Holder(post, pid, name)
            if holder not in others.setdefault(vid, []):
                others[vid].append(holder)
    return [ElectionRow(*r, others=tuple(sorted(others.get(r[0], ()), key=lambda h: (order.get(h.post, 99), h.name))))
            for r in rows]


def hold_election(session: Session, region_id: Optional[str], election_date: date,
                  results: Iterable[Elected]) -> ElectionSummary:
    """Close the posts in scope the day before ``election_date`` and add ``results``.

    Runs inside the caller's transaction (``with session.begin():``); raises ``ValidationError``
    with every problem found before writing anything.
    """
    results = list(results)
    if election_date is None:
        raise ValidationError(FieldError("election_date", "请填写换届选举日期。"))
    scope = villages_in_scope(session, region_id)
    names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(scope))).all())
    errors: list[str] = []
    if not names:
        errors.append("所选范围内没有村（社区）。")
    # Posts that already start on or after the election day: entered twice, or a later record.
    later = session.execute(
        select(Region.name, func.count()).join(VillagePost, VillagePost.village_id == Region.id)
        .where(VillagePost.village_id.in_(scope), VillagePost.deleted.is_(False),
               VillagePost.start_date >= election_date)
        .group_by(Region.name).order_by(Region.name)
    ).all()
    for name, n in later:
        errors.append(f"{name}已有 {n} 条 {election_date} 当天或之后开始的任职记录，"
                      "可能已录入过本次换届结果；请先核对该村的任职记录。")
    persons = {pid: (name, deleted) for pid, name, deleted in session.execute(
        select(Person.id, Person.name, Person.deleted).where(Person.id.in_({r.person_id for r in results})))}
    seen: dict[tuple[str, str], str] = {}
    for r in results:
        village = names.get(r.village_id)
        if village is None:
            errors.append("换届结果中有不在所选范围内的村（社区）。")
            continue
        if r.post not in VILLAGE_POST:
            errors.append(f"{village}：未知的职务“{r.post}”。")
            continue
        post_label = VILLAGE_POST.label(r.post)
        person = persons.get(r.person_id)
        if person is None:
            errors.append(f"{village}的{post_label}人选不存在。")
            continue
        if person[1]:
            errors.append(f"{village}的{post_label}人选“{person[0]}”已被删除，不能任职。")
            continue
        key = (r.village_id, r.post)
        if r.post in SINGLE_POSTS and key in seen and seen[key] != r.person_id:
            errors.append(f"{village}的{post_label}只能由一人担任（填了“{persons[seen[key]][0]}”和“{person[0]}”）。")
            continue
        seen[key] = r.person_id
    if errors:
        raise ValidationError([FieldError("", e) for e in dict.fromkeys(errors)])

    day_before = election_date - timedelta(days=1)
    # Through the ORM (not a bulk UPDATE) so each closed post is stamped for sync like any edit.
    to_close = session.scalars(select(VillagePost).where(
        VillagePost.village_id.in_(scope), VillagePost.deleted.is_(False),
        VillagePost.start_date < election_date,
        or_(VillagePost.end_date.is_(None), VillagePost.end_date >= election_date))).all()
    for p in to_close:
        p.end_date = day_before
    closed = len(to_close)
    created = 0
    added: set[tuple[str, str, str]] = set()
    for r in results:
        if (r.village_id, r.post, r.person_id) in added:
            continue
        added.add((r.village_id, r.post, r.person_id))
        session.add(VillagePost(person_id=r.person_id, village_id=r.village_id, post=r.post,
                                start_date=election_date, end_date=None, origin="election",
                                notes=f"{election_date.year}年换届"))
        created += 1
    session.flush()
    sec = {(r.village_id, r.person_id) for r in results if r.post == "secretary"}
    one = {v for v, p in sec if (v, "director", p) in added}
    return ElectionSummary(closed, created, len({r.village_id for r in results}), len(one))
