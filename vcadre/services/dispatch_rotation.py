"""Rotation of resident first secretaries and work teams (驻村轮换): one batch ends, the next starts.

The rotation wizard asks three things — which on-post dispatches end, who succeeds them village
by village (with a hand-over note), and the new batch's name and date — then ``rotate`` writes
everything in one savepoint: the new ``RotationBatch`` (or the existing one of that name, so a
county can rotate township by township into one batch), the ended dispatches (actual end, status,
reason, hand-over note) and the successors' dispatches (and new persons). Any error (a successor
already posted elsewhere, two first secretaries for one village, dates out of order) raises one
``ValidationError`` listing every problem by village, and nothing is written.

``uncovered`` answers the wizard's last question before confirming: which villages designated to
have a first secretary (``Region.needs_first_secretary``) would be left without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services import dispatch as dispatch_service
from vcadre.services import persons
from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.forms import clean
from vcadre.services.regions import village_ids_under
from vcadre.store.models import Dispatch, Person, Region, RotationBatch
from vcadre.store.sqlfuncs import iif


@dataclass(frozen=True)
class BatchInfo:
    id: str
    name: str
    batch_date: date
    on_post: int
    total: int


@dataclass(frozen=True)
class OnPost:
    """An on-post dispatch the rotation may end."""

    id: str
    person_id: str
    name: str
    role: str
    unit: str
    village_id: str
    village: str
    township: str
    start_date: date
    planned_end: Optional[date]
    batch: str


@dataclass(frozen=True)
class VillageSlot:
    """A village in the rotation's scope: who is there now, whether it needs a first secretary."""

    village_id: str
    village: str
    township: str
    needs_first_secretary: bool
    on_post: tuple[OnPost, ...]


@dataclass
class Successor:
    """Who takes over in a village: an existing person (``person_id``) or a new one (name…)."""

    village_id: str
    role: str = "first_secretary"
    person_id: Optional[str] = None
    name: str = ""
    gender: str = ""
    id_number: str = ""
    phone: str = ""
    unit: str = ""
    unit_post: str = ""
    handover_note: str = ""


@dataclass
class RotationPlan:
    batch_name: str
    batch_date: date
    #: Last day on post of the dispatches that end (default: the day before ``batch_date``).
    end_date: Optional[date] = None
    ending: list[str] = field(default_factory=list)  #: dispatch ids
    end_status: str = "rotated"
    end_reason: str = "期满轮换"
    successors: list[Successor] = field(default_factory=list)
    notes: str = ""

    def last_day(self) -> date:
        return self.end_date or (self.batch_date - timedelta(days=1))


@dataclass(frozen=True)
class RotationResult:
    batch_id: str
    ended: int
    started: int
    uncovered: tuple[str, ...]


def list_batches(session: Session) -> list[BatchInfo]:
    """Every batch, newest first, with how many of its dispatches are on post."""
    on_post = func.sum(iif(Dispatch.status == "on_post", 1, 0))
    stmt = (
        select(RotationBatch.id, RotationBatch.name, RotationBatch.batch_date,
               func.coalesce(on_post, 0), func.count(Dispatch.id))
        .outerjoin(Dispatch, (Dispatch.batch_id == RotationBatch.id) & Dispatch.deleted.is_(False))
        .where(RotationBatch.deleted.is_(False))
        .group_by(RotationBatch.id)
        .order_by(RotationBatch.batch_date.desc())
    )
    return [BatchInfo(i, n, d, int(o or 0), int(t)) for i, n, d, o, t in session.execute(stmt)]


def default_batch_name(d: date) -> str:
    return f"{d.year}年{d.month}月轮换"


def _on_post_stmt(region_id: Optional[str]):
    village = aliased(Region, name="village")
    township = aliased(Region, name="township")
    stmt = (
        select(Dispatch.id, Dispatch.person_id, Person.name, Dispatch.role, Dispatch.unit,
               Dispatch.village_id, village.name, township.name, Dispatch.start_date,
               Dispatch.planned_end, func.coalesce(RotationBatch.name, ""))
        .join(Person, Dispatch.person_id == Person.id)
        .join(village, Dispatch.village_id == village.id)
        .join(township, village.parent_id == township.id)
        .outerjoin(RotationBatch, Dispatch.batch_id == RotationBatch.id)
        .where(Dispatch.deleted.is_(False), Dispatch.status == "on_post")
        .order_by(village.code, Dispatch.role, Person.name_pinyin)
    )
    if region_id:
        stmt = stmt.where(Dispatch.village_id.in_(village_ids_under(region_id)))
    return stmt


_ROLE_ORDER = {"first_secretary": 0, "team_leader": 1, "team_member": 2}


def on_post(session: Session, region_id: Optional[str] = None,
            batch_id: Optional[str] = None) -> list[OnPost]:
    """On-post dispatches in the region (whole county if None), optionally of one batch."""
    stmt = _on_post_stmt(region_id)
    if batch_id:
        stmt = stmt.where(Dispatch.batch_id == batch_id)
    rows = [OnPost(*r) for r in session.execute(stmt)]
    return rows


def village_slots(session: Session, region_id: Optional[str] = None) -> list[VillageSlot]:
    """Every live village in the region, in code order, with its on-post dispatches."""
    township = aliased(Region, name="township")
    stmt = (
        select(Region.id, Region.name, township.name, Region.needs_first_secretary)
        .join(township, Region.parent_id == township.id)
        .where(Region.level == "village", Region.deleted.is_(False))
        .order_by(Region.code)
    )
    if region_id:
        stmt = stmt.where(Region.id.in_(village_ids_under(region_id)))
    by_village: dict[str, list[OnPost]] = {}
    for d in on_post(session, region_id):
        by_village.setdefault(d.village_id, []).append(d)
    out = []
    for vid, vname, tname, needs in session.execute(stmt):
        people = sorted(by_village.get(vid, []), key=lambda d: _ROLE_ORDER.get(d.role, 9))
        out.append(VillageSlot(vid, vname, tname, bool(needs), tuple(people)))
    return out


def uncovered(session: Session, plan: RotationPlan, region_id: Optional[str] = None) -> list[str]:
    """Names (乡镇 村) of villages needing a first secretary that would have none after ``plan``."""
    ending = set(plan.ending)
    new_fs = {s.village_id for s in plan.successors if s.role == "first_secretary"}
    out = []
    for slot in village_slots(session, region_id):
        if not slot.needs_first_secretary or slot.village_id in new_fs:
            continue
        staying = [d for d in slot.on_post if d.role == "first_secretary" and d.id not in ending]
        if not staying:
            out.append(f"{slot.township} {slot.village}")
    return out


def _check_plan(session: Session, plan: RotationPlan) -> list[FieldError]:
    errors: list[FieldError] = []
    if not plan.batch_name.strip():
        errors.append(FieldError("batch_name", "请填写新批次名称，如“2027年6月轮换”。"))
    last = plan.last_day()
    if last >= plan.batch_date:
        errors.append(FieldError("end_date", f"原驻村人员离岗日期（{last}）应早于新批次到岗日期（{plan.batch_date}）。"))
    if plan.end_status not in ("rotated", "recalled", "adjusted"):
        errors.append(FieldError("end_status", "离岗状态应为期满轮换、召回或调整。"))
    return errors


def _village_names(session: Session, village_ids: set[str]) -> dict[str, str]:
    """village id → “乡镇 村”, in one query."""
    township = aliased(Region)
    out: dict[str, str] = {}
    ids = list(village_ids)
    for i in range(0, len(ids), 500):
        stmt = (select(Region.id, township.name, Region.name)
                .outerjoin(township, Region.parent_id == township.id).where(Region.id.in_(ids[i:i + 500])))
        out.update({vid: f"{t} {v}" if t else v for vid, t, v in session.execute(stmt)})
    return out


def _load(session: Session, model: Any, ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i in range(0, len(ids), 500):
        out.update({o.id: o for o in session.scalars(select(model).where(model.id.in_(ids[i:i + 500])))})
    return out


def rotate(session: Session, plan: RotationPlan, today: Optional[date] = None,
           term_years: int = dispatch_service.DEFAULT_TERM_YEARS) -> RotationResult:
    """End ``plan.ending``, start ``plan.successors`` in a new batch: all or nothing.

    Everything is checked first and every problem reported at once (by village); the writes
    then happen in one savepoint with one flush, so a county's whole rotation takes seconds.
    """
    today = today or clock.today()
    errors = _check_plan(session, plan)
    last_day = plan.last_day()
    loaded = _load(session, Dispatch, list(plan.ending))
    people = _load(session, Person, list({d.person_id for d in loaded.values()}
                                         | {x.person_id for x in plan.successors if x.person_id}))
    names = _village_names(session, {d.village_id for d in loaded.values()} | {x.village_id for x in plan.successors})
    ending: list[Dispatch] = []
    for did in plan.ending:
        d = loaded.get(did)
        if d is None or d.deleted:
            errors.append(FieldError("ending", "要结束的驻村记录不存在或已删除。"))
            continue
        who = f"{names.get(d.village_id, '')}：{people[d.person_id].name}"
        if d.status != "on_post":
            errors.append(FieldError("ending", f"{who} 已不在岗，不能再结束。"))
            continue
        if d.start_date > last_day:
            errors.append(FieldError("ending", f"{who} 的派驻日期（{d.start_date}）晚于离岗日期（{last_day}）。"))
        ending.append(d)
    ending_ids = {d.id for d in ending}
    batch = session.scalars(select(RotationBatch).where(
        RotationBatch.name == plan.batch_name.strip(), RotationBatch.deleted.is_(False))).first()
    if batch is not None and any(d.batch_id == batch.id for d in ending):
        errors.append(FieldError("batch_name", f"新批次“{plan.batch_name.strip()}”就是被轮换的批次，请换一个名称。"))
    # First secretaries on post that this rotation does not end, by village.
    fs_staying = {vid for did, vid in session.execute(select(Dispatch.id, Dispatch.village_id).where(
        Dispatch.status == "on_post", Dispatch.role == "first_secretary", Dispatch.deleted.is_(False)))
        if did not in ending_ids}
    villages = _load(session, Region, list({x.village_id for x in plan.successors}))
    fs_new: dict[str, int] = {}
    seen_people: dict[str, str] = {}
    prepared: list[tuple[Successor, str, dict[str, Any], dict[str, Any]]] = []
    for x in plan.successors:
        where = names.get(x.village_id, "（未知村）")
        row_errors: list[FieldError] = []
        v = villages.get(x.village_id)
        if v is None or v.deleted or v.level != "village":
            row_errors.append(FieldError("successors", "请选择一个有效的村（社区）。"))
        person_data: dict[str, Any] = {}
        if x.person_id:
            p = people.get(x.person_id)
            if p is None or p.deleted:
                row_errors.append(FieldError("successors", "所选人员不存在或已删除。"))
        elif not x.name.strip():
            row_errors.append(FieldError("successors", "请填写接任人员姓名或选择已在册人员。"))
        else:
            person_data = persons.validate_person(
                {"name": x.name, "gender": x.gender or "0", "id_number": x.id_number, "phone": x.phone},
                row_errors, today)
        data = clean(dispatch_service.DISPATCH_FIELDS, {
            "unit": x.unit, "unit_post": x.unit_post, "role": x.role, "village_id": x.village_id,
            "start_date": plan.batch_date, "status": "on_post", "handover_note": x.handover_note,
        }, row_errors, dispatch_service.LABELS)
        key = x.person_id or (person_data.get("id_number") or None)
        if key:
            if key in seen_people:
                row_errors.append(FieldError("successors", f"同一人员在本次轮换中被安排到两个村（另一处：{seen_people[key]}）。"))
            seen_people[key] = where
        if x.role == "first_secretary":
            fs_new[x.village_id] = fs_new.get(x.village_id, 0) + 1
            if fs_new[x.village_id] == 2:
                row_errors.append(FieldError("successors", "一个村只能安排一名第一书记。"))
            if x.village_id in fs_staying:
                row_errors.append(FieldError("successors", "该村已有在岗第一书记且本次未结束，不能再安排第一书记。"))
        who = x.name.strip() or (people[x.person_id].name if x.person_id in people else "")
        errors.extend(FieldError("successors", f"{where}{(' ' + who) if who else ''}：{e.message}") for e in row_errors)
        prepared.append((x, where, person_data, data))
    if errors:
        raise ValidationError(errors)

    messages: list[FieldError] = []
    with session.begin_nested():
        if batch is None:
            batch = RotationBatch(name=plan.batch_name.strip(), batch_date=plan.batch_date,
                                  notes=plan.notes.strip() or None)
            session.add(batch)
        notes_by_village: dict[str, str] = {}
        for x in plan.successors:
            if x.handover_note.strip():
                notes_by_village.setdefault(x.village_id, x.handover_note.strip())
        for d in ending:
            d.status = plan.end_status
            d.actual_end = last_day
            d.end_reason = plan.end_reason.strip() or None
            if d.village_id in notes_by_village:
                d.handover_note = notes_by_village[d.village_id]
        session.flush()
        planned_end = dispatch_service.add_years(plan.batch_date, term_years)
        new: list[tuple[Dispatch, str]] = []
        for x, where, person_data, data in prepared:
            if x.person_id:
                person = people[x.person_id]
            else:
                try:
                    # Reuses the person holding the ID number (same name), else a new person.
                    person = persons.save_person(session, None, person_data)
                except ValidationError as err:
                    messages.extend(FieldError("successors", f"{where}：{e.message}") for e in err.errors)
                    continue
            d = Dispatch(person=person, batch_id=batch.id, planned_end=planned_end, **data)
            session.add(d)
            new.append((d, where))
        if messages:
            raise ValidationError(messages)
        session.flush()
        # Someone already posted elsewhere (and not leaving now) cannot be posted again.
        new_ids = {d.id for d, _ in new}
        person_ids = list({d.person_id for d, _ in new})
        others: dict[str, Dispatch] = {}
        for i in range(0, len(person_ids), 500):
            for o in session.scalars(select(Dispatch).where(
                    Dispatch.person_id.in_(person_ids[i:i + 500]), Dispatch.deleted.is_(False),
                    or_(Dispatch.actual_end.is_(None), Dispatch.actual_end >= plan.batch_date))):
                if o.id not in new_ids:
                    others.setdefault(o.person_id, o)
        where_other = _village_names(session, {o.village_id for o in others.values()})
        for d, where in new:
            o = others.get(d.person_id)
            if o is not None:
                messages.append(FieldError("successors", f"{where}：{d.person.name} 已在{where_other.get(o.village_id, '')}"
                                                         f"驻村（{o.start_date} 起），不能同时派驻两处。"))
        if messages:
            raise ValidationError(messages)
    left = uncovered(session, RotationPlan(batch_name="", batch_date=plan.batch_date))
    return RotationResult(batch.id, len(ending), len(new), tuple(left))
