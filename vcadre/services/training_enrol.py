"""Enrolment (学员报名) in a training class: picked people, a whole filter at once (e.g. every
村党组织书记 of a township), a new person entered inline; removal; the class roster.

Every function takes the caller's Session and writes nothing on bad input (callers commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping, Optional

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.domain import idnumber
from vcadre.domain.codes import TABLES
from vcadre.services import persons
from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.services.regions import village_ids_under
from vcadre.services.undo.records import delete_with_children
from vcadre.store.models import (
    Dispatch,
    Enrolment,
    Person,
    Region,
    ReserveEntry,
    TrainingSession,
    VillagePost,
)


def get_class(session: Session, class_id: str) -> TrainingSession:
    t = session.get(TrainingSession, class_id)
    if t is None or t.deleted:
        raise NotFoundError("该培训班不存在或已删除。")
    return t


@dataclass(frozen=True)
class ClassInfo:
    id: str
    title: str
    kind: str
    organizer: str
    start_date: date
    end_date: date
    place: str
    planned_hours: float
    capacity: Optional[int]
    year: int
    enrolled: int


def class_info(session: Session, class_id: str) -> ClassInfo:
    t = get_class(session, class_id)
    n = len(_live_enrolments(session, class_id))
    return ClassInfo(t.id, t.title, t.kind, t.organizer or "", t.start_date, t.end_date, t.place or "",
                     float(t.planned_hours or 0), t.capacity, t.year, n)


def _live_enrolments(session: Session, class_id: str) -> dict[str, str]:
    """person id → enrolment id of the class's live enrolments."""
    return dict(session.execute(
        select(Enrolment.person_id, Enrolment.id).where(
            Enrolment.session_id == class_id, Enrolment.deleted.is_(False))
    ).all())


@dataclass(frozen=True)
class EnrolResult:
    added: int
    already: int  #: people in the filter who were enrolled before (skipped)


def enrol(session: Session, class_id: str, person_ids: Iterable[str]) -> EnrolResult:
    """Enrol picked people. Someone already in the class is an error naming them (nothing added)."""
    get_class(session, class_id)
    ids = list(dict.fromkeys(person_ids))
    have = _live_enrolments(session, class_id)
    twice = [pid for pid in ids if pid in have]
    if twice:
        names = session.scalars(select(Person.name).where(Person.id.in_(twice[:5]))).all()
        more = f"等 {len(twice)} 人" if len(twice) > 5 else ""
        raise ValidationError(f"{'、'.join(names)}{more}已在本培训班中，不能重复报名。")
    found = set(session.scalars(select(Person.id).where(Person.id.in_(ids), Person.deleted.is_(False))))
    missing = [pid for pid in ids if pid not in found]
    if missing:
        raise NotFoundError(f"有 {len(missing)} 名人员不存在或已删除，未报名任何人。")
    session.add_all(Enrolment(session_id=class_id, person_id=pid, hours_completed=0.0, result="pending")
                    for pid in ids)
    session.flush()
    return EnrolResult(len(ids), 0)


# ---------------------------------------------------------------- whole filters

#: What a whole-filter enrolment can select (key → Chinese description).
FILTER_KINDS = {
    "post": "现任村干部（按职务）",
    "reserve": "后备干部库在库人员（按培养阶段）",
    "dispatch": "在岗驻村干部（按驻村职务）",
}


def filter_select(kind: str, code: Optional[str], region_id: Optional[str], as_of: date):
    """SELECT of person ids for a whole filter: current holders of a village post, active
    reserve-pool entries of a stage, or dispatched cadres on post — in a region (or everywhere)."""
    if kind == "post":
        stmt = select(VillagePost.person_id).where(
            VillagePost.deleted.is_(False), VillagePost.start_date <= as_of,
            or_(VillagePost.end_date.is_(None), VillagePost.end_date >= as_of))
        if code:
            stmt = stmt.where(VillagePost.post == code)
        column = VillagePost.village_id
    elif kind == "reserve":
        stmt = select(ReserveEntry.person_id).where(
            ReserveEntry.deleted.is_(False), ReserveEntry.status.in_(("active", "inspecting")))
        if code:
            stmt = stmt.where(ReserveEntry.stage == code)
        column = ReserveEntry.village_id
    elif kind == "dispatch":
        stmt = select(Dispatch.person_id).where(Dispatch.deleted.is_(False), Dispatch.status == "on_post")
        if code:
            stmt = stmt.where(Dispatch.role == code)
        column = Dispatch.village_id
    else:
        raise ValidationError(f"未知的筛选类别“{kind}”。")
    if region_id:
        stmt = stmt.where(column.in_(village_ids_under(region_id)))
    return stmt


def preview_filter(session: Session, class_id: str, kind: str, code: Optional[str],
                   region_id: Optional[str], as_of: Optional[date] = None) -> tuple[int, int]:
    """(people the filter selects, of whom already enrolled) — for the confirmation question."""
    as_of = as_of or clock.today()
    ids = set(session.scalars(filter_select(kind, code, region_id, as_of)))
    have = _live_enrolments(session, class_id)
    return len(ids), len(ids & have.keys())


def enrol_filter(session: Session, class_id: str, kind: str, code: Optional[str],
                 region_id: Optional[str], as_of: Optional[date] = None) -> EnrolResult:
    """Enrol everyone a filter selects; people already in the class are skipped and counted."""
    get_class(session, class_id)
    as_of = as_of or clock.today()
    ids = set(session.scalars(filter_select(kind, code, region_id, as_of)))
    live = set(session.scalars(select(Person.id).where(Person.id.in_(ids), Person.deleted.is_(False))))
    have = _live_enrolments(session, class_id)
    new = sorted(live - have.keys())
    if not live:
        raise ValidationError("所选条件下没有找到任何人员，未报名任何人。")
    session.add_all(Enrolment(session_id=class_id, person_id=pid, hours_completed=0.0, result="pending")
                    for pid in new)
    session.flush()
    return EnrolResult(len(new), len(live & have.keys()))


# ---------------------------------------------------------------- a new person inline

def enrol_new_person(session: Session, class_id: str, values: Mapping[str, Any]) -> str:
    """Create a person (name, gender, ID number, village…) and enrol them; returns the person id.

    An ID number already on record with the same name reuses that person (``persons.save_person``).
    """
    get_class(session, class_id)
    errors: list[FieldError] = []
    data = persons.validate_person(values, errors)
    village = values.get("home_village_id")
    if village:
        r = session.get(Region, village)
        if r is None or r.deleted or r.level != "village":
            errors.append(FieldError("home_village_id", "所在村不存在或不是村（社区）。"))
        data["home_village_id"] = village
    if errors:
        raise ValidationError(errors)
    person = persons.save_person(session, None, data)
    session.flush()
    enrol(session, class_id, [person.id])
    return person.id


def remove(session: Session, enrolment_ids: Iterable[str]) -> int:
    """Remove enrolments (tombstones, with their sign-ins). One holding a certificate number is
    refused: the number must stay on record (revoke the certificate instead)."""
    ids = list(enrolment_ids)
    rows = session.scalars(select(Enrolment).where(Enrolment.id.in_(ids), Enrolment.deleted.is_(False))).all()
    holders = [e for e in rows if e.certificate_no]
    if holders:
        names = "、".join(e.person.name for e in holders[:5])
        raise ValidationError(f"{names}已颁发结业证书，不能移出培训班；如需作废，请撤销其证书。")
    for e in rows:  # with sign-ins and certificate records (a revoked certificate's)
        delete_with_children(session, "enrolment", e.id)
    return len(rows)


# ---------------------------------------------------------------- the roster

@dataclass(frozen=True)
class EnrolmentRow:
    id: str
    person_id: str
    name: str
    gender: str
    village: str
    masked_id: str
    hours: float
    result: str
    override_reason: Optional[str]
    certificate_no: Optional[str]
    revoked: bool


def roster(session: Session, class_id: str) -> list[EnrolmentRow]:
    """The class's enrolees, by township, village and name (a class has at most a few hundred)."""
    village = aliased(Region)
    township = aliased(Region)
    stmt = (
        select(Enrolment.id, Person.id, Person.name, Person.gender, township.name, village.name,
               Person.id_number, Enrolment.hours_completed, Enrolment.result, Enrolment.override_reason,
               Enrolment.certificate_no, Enrolment.certificate_revoked)
        .join(Person, Person.id == Enrolment.person_id)
        .outerjoin(village, Person.home_village_id == village.id)
        .outerjoin(township, village.parent_id == township.id)
        .where(Enrolment.session_id == class_id, Enrolment.deleted.is_(False))
        .order_by(township.code, village.code, Person.name_pinyin, Person.id)
    )
    return [
        EnrolmentRow(eid, pid, name, gender, " / ".join(x for x in (t, v) if x),
                     idnumber.mask_id_number(num), float(hours or 0), result, reason, cert, bool(revoked))
        for eid, pid, name, gender, t, v, num, hours, result, reason, cert, revoked in session.execute(stmt)
    ]


def code_choices(kind: str) -> list[tuple[str, str]]:
    """(code, label) pairs for a whole-filter kind's code combo."""
    table = {"post": "village_post", "reserve": "stage", "dispatch": "dispatch_role"}[kind]
    return [(item.code, item.label) for item in TABLES[table]]
