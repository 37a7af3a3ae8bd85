"""The person card (人员卡片): everything the app knows about one person, read-only.

Personal data, reserve-pool entries with their stage history (a timeline) and yearly
assessments, training taken (with hours per year), village posts held and dispatches (驻村).
Returns plain dataclasses, so the GUI never touches live ORM objects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from vcadre.domain import idnumber
from vcadre.services.errors import NotFoundError
from vcadre.store.models import (
    Assessment,
    Dispatch,
    Enrolment,
    Person,
    Region,
    ReserveEntry,
    StageChange,
    TrainingSession,
    VillagePost,
)


@dataclass(frozen=True)
class StageEvent:
    when: date
    from_stage: Optional[str]
    to_stage: str
    from_status: Optional[str]
    to_status: str
    reason: str


@dataclass
class EntryCard:
    entry_id: str
    village: str
    source: str
    stage: str
    status: str
    entry_date: date
    mentor: str
    trial_post: str
    exit_reason: Optional[str]
    timeline: list[StageEvent] = field(default_factory=list)
    assessments: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class TrainingLine:
    title: str
    kind: str
    start: date
    end: date
    hours: float
    result: str
    certificate_no: str


@dataclass(frozen=True)
class PostLine:
    village: str
    post: str
    start: date
    end: Optional[date]


@dataclass(frozen=True)
class DispatchLine:
    village: str
    unit: str
    role: str
    start: date
    end: Optional[date]
    status: str


@dataclass
class PersonCard:
    person_id: str
    name: str
    personal: dict[str, Any]
    masked_id: str
    village: str
    entries: list[EntryCard]
    training: list[TrainingLine]
    hours_by_year: dict[int, float]
    posts: list[PostLine]
    dispatches: list[DispatchLine]


def _village_names(session: Session):
    v, t = aliased(Region), aliased(Region)
    return v, t, (t.name + " / " + v.name)


def card(session: Session, person_id: str, show_id: bool = False) -> PersonCard:
    """The person's card; ID number and phone masked unless ``show_id`` (录入员/管理员, audited)."""
    p = session.get(Person, person_id)
    if p is None or p.deleted:
        raise NotFoundError("该人员不存在或已删除。")
    if show_id:
        from vcadre.services.security import Permission, audit, require

        require(session, Permission.UNMASK)
        audit.log(session, "unmask", kind="person", target=p.id, what="人员卡片")
    v, t, label = _village_names(session)
    home = ""
    if p.home_village_id:
        home = session.scalar(select(label).select_from(v).join(t, t.id == v.parent_id)
                              .where(v.id == p.home_village_id)) or ""
    personal = {
        "name": p.name, "gender": p.gender, "ethnicity": p.ethnicity, "birth_date": p.birth_date,
        "native_place": p.native_place, "id_number": p.id_number if show_id else idnumber.mask_id_number(p.id_number),
        "phone": p.phone if show_id else idnumber.mask_phone(p.phone), "education": p.education, "education_inservice": p.education_inservice,
        "political_status": p.political_status, "party_join_date": p.party_join_date,
        "work_start_date": p.work_start_date, "notes": p.notes,
    }
    entries: list[EntryCard] = []
    for e, vname in session.execute(
        select(ReserveEntry, label).join(v, v.id == ReserveEntry.village_id).join(t, t.id == v.parent_id)
        .where(ReserveEntry.person_id == p.id, ReserveEntry.deleted.is_(False)).order_by(ReserveEntry.entry_date)
    ):
        ec = EntryCard(e.id, vname, e.source, e.stage, e.status, e.entry_date, e.mentor or "", e.trial_post or "",
                       e.exit_reason)
        ec.timeline = [
            StageEvent(c.change_date, c.from_stage, c.to_stage, c.from_status, c.to_status, c.reason or "")
            for c in session.scalars(select(StageChange).where(
                StageChange.entry_id == e.id, StageChange.deleted.is_(False))
                .order_by(StageChange.change_date, StageChange.hlc))
        ]
        ec.assessments = [tuple(r) for r in session.execute(
            select(Assessment.year, Assessment.result).where(
                Assessment.entry_id == e.id, Assessment.deleted.is_(False)).order_by(Assessment.year))]
        entries.append(ec)
    training = [
        TrainingLine(s.title, s.kind, s.start_date, s.end_date, float(en.hours_completed or 0), en.result,
                     en.certificate_no or "")
        for en, s in session.execute(
            select(Enrolment, TrainingSession).join(TrainingSession, TrainingSession.id == Enrolment.session_id)
            .where(Enrolment.person_id == p.id, Enrolment.deleted.is_(False), TrainingSession.deleted.is_(False))
            .order_by(TrainingSession.start_date))
    ]
    hours: dict[int, float] = defaultdict(float)
    for line in training:
        hours[line.start.year] += line.hours
    posts = [
        PostLine(vname, vp.post, vp.start_date, vp.end_date)
        for vp, vname in session.execute(
            select(VillagePost, label).join(v, v.id == VillagePost.village_id).join(t, t.id == v.parent_id)
            .where(VillagePost.person_id == p.id, VillagePost.deleted.is_(False)).order_by(VillagePost.start_date))
    ]
    dispatches = [
        DispatchLine(vname, d.unit, d.role, d.start_date, d.actual_end or d.planned_end, d.status)
        for d, vname in session.execute(
            select(Dispatch, label).join(v, v.id == Dispatch.village_id).join(t, t.id == v.parent_id)
            .where(Dispatch.person_id == p.id, Dispatch.deleted.is_(False)).order_by(Dispatch.start_date))
    ]
    return PersonCard(p.id, p.name, personal, idnumber.mask_id_number(p.id_number), home, entries, training,
                      dict(sorted(hours.items())), posts, dispatches)


def person_of_entry(session: Session, entry_id: str) -> str:
    pid = session.scalar(select(ReserveEntry.person_id).where(ReserveEntry.id == entry_id))
    if pid is None:
        raise NotFoundError("该后备干部记录不存在或已删除。")
    return pid
