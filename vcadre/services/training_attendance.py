"""Attendance (签到) per class day, hours completed computed from it, and the completion rule.

Class days are the days from the start to the end date; each carries an equal share of the planned
hours (a 5-day, 40-hour class: 8 hours a day). Present earns the day's hours; absent and leave earn
none. The result is 结业 when the hours reach the completion rule (default 80 % of the planned
hours, see ``training_settings``), else 未结业; 未评定 while no day has been marked. A manual
override (with a reason) fixes the result until it is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain.codes import ATTENDANCE
from vcadre.services import training_settings
from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.training_enrol import get_class
from vcadre.store.models import Attendance, Enrolment, Person, TrainingSession

STATUSES = tuple(ATTENDANCE.codes())  # present, absent, leave


def class_days(t: TrainingSession) -> list[date]:
    n = (t.end_date - t.start_date).days + 1
    return [t.start_date + timedelta(days=i) for i in range(n)]


def day_hours(t: TrainingSession) -> float:
    days = len(class_days(t))
    return round(float(t.planned_hours or 0) / days, 2) if days else 0.0


@dataclass
class Grid:
    """Attendance of a whole class: ``status[enrolment id][day] -> code`` (missing = not marked)."""

    days: list[date]
    day_hours: float
    planned_hours: float
    status: dict[str, dict[date, str]]


def grid(session: Session, class_id: str) -> Grid:
    t = get_class(session, class_id)
    status: dict[str, dict[date, str]] = {}
    rows = session.execute(
        select(Attendance.enrolment_id, Attendance.day, Attendance.status)
        .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
        .where(Enrolment.session_id == class_id, Enrolment.deleted.is_(False), Attendance.deleted.is_(False))
    )
    for eid, day, code in rows:
        status.setdefault(eid, {})[day] = code
    return Grid(class_days(t), day_hours(t), float(t.planned_hours or 0), status)


def cell_key(enrolment_id: str, day: date) -> str:
    """A grid cell as one key (a field of an ``edit_lock.EditConflict``)."""
    return f"{enrolment_id}|{day.isoformat()}"


def _cells(session: Session, keys: list[str]) -> dict[str, Optional[str]]:
    """The stored status of each cell key (None: not marked)."""
    pairs = [(k.split("|")[0], date.fromisoformat(k.split("|")[1])) for k in keys]
    ids, days = {p[0] for p in pairs}, {p[1] for p in pairs}
    stored = {cell_key(eid, day): code for eid, day, code in session.execute(
        select(Attendance.enrolment_id, Attendance.day, Attendance.status).where(
            Attendance.enrolment_id.in_(ids), Attendance.day.in_(days), Attendance.deleted.is_(False)))}
    return {k: stored.get(k) for k in keys}


def cell_names(session: Session, keys: list[str]) -> dict[str, str]:
    ids = {k.split("|")[0] for k in keys}
    names = dict(session.execute(select(Enrolment.id, Person.name).join(Person, Person.id == Enrolment.person_id)
                                 .where(Enrolment.id.in_(ids))).all())
    return {k: f"{names.get(k.split('|')[0], '')} {date.fromisoformat(k.split('|')[1]):%m-%d}" for k in keys}


def mark(session: Session, class_id: str, enrolment_ids: Iterable[str], days: Iterable[date],
         status: Optional[str], hours: Optional[float] = None,
         loaded: Optional[Mapping[str, Optional[str]]] = None) -> int:
    """Mark ``status`` (None clears) for the given enrolees on the given days; recompute hours and
    results. A day outside the class, an unknown status, hours above the day's share or a change
    that would take a certificate holder below the completion rule is refused; nothing is written.
    Returns the number of cells set.

    ``loaded``: the cells (``cell_key``) as the grid showed them. A cell another officer marked
    since, which this mark would overwrite, refuses it with ``edit_lock.EditConflict``."""
    enrolment_ids, days = list(enrolment_ids), list(days)
    if loaded is not None:
        from vcadre.services import edit_lock
        from vcadre.services.forms import FormField

        keys = [cell_key(eid, d) for eid in dict.fromkeys(enrolment_ids) for d in dict.fromkeys(days)]
        edit_lock.check(session, class_id, tuple(FormField(k, "code", "attendance") for k in keys),
                        lambda: _cells(session, keys), {k: loaded.get(k) for k in keys}, dict.fromkeys(keys, status),
                        lambda: cell_names(session, keys))
    t = get_class(session, class_id)
    valid_days = set(class_days(t))
    days = list(dict.fromkeys(days))
    bad = [d for d in days if d not in valid_days]
    if bad:
        raise ValidationError(FieldError(
            "day", f"{bad[0].isoformat()} 不在培训班的日期（{t.start_date} 至 {t.end_date}）之内。"))
    if status is not None and status not in STATUSES:
        raise ValidationError(FieldError("status", f"未知的出勤情况“{status}”。"))
    per_day = day_hours(t)
    if hours is not None and not 0 <= hours <= per_day:
        raise ValidationError(FieldError(
            "hours", f"学时 {hours:g} 超出当天的计划学时（{per_day:g}），或为负数。"))
    ids = list(dict.fromkeys(enrolment_ids))
    enrolments = {e.id: e for e in session.scalars(select(Enrolment).where(
        Enrolment.id.in_(ids), Enrolment.session_id == class_id, Enrolment.deleted.is_(False)))}
    if len(enrolments) != len(ids):
        raise ValidationError("有学员不在本培训班中或已移出。")
    existing = {(a.enrolment_id, a.day): a for a in session.scalars(select(Attendance).where(
        Attendance.enrolment_id.in_(ids), Attendance.day.in_(days), Attendance.deleted.is_(False)))}
    earned = per_day if hours is None else hours
    n = 0
    for eid in ids:
        for d in days:
            a = existing.get((eid, d))
            if status is None:
                if a is not None:
                    a.deleted = True
                    n += 1
                continue
            h = earned if status == "present" else 0.0
            if a is None:
                session.add(Attendance(enrolment_id=eid, day=d, status=status, hours=h))
            elif a.status != status or a.hours != h:
                a.status, a.hours = status, h
            n += 1
    session.flush()
    recompute(session, class_id, ids)
    return n


def recompute(session: Session, class_id: str, enrolment_ids: Optional[Iterable[str]] = None) -> None:
    """Hours completed from the sign-ins, and the result from the completion rule (overrides kept)."""
    t = get_class(session, class_id)
    rule = training_settings.load(session).completion_percent
    need = float(t.planned_hours or 0) * rule / 100.0
    stmt = select(Enrolment).where(Enrolment.session_id == class_id, Enrolment.deleted.is_(False))
    if enrolment_ids is not None:
        stmt = stmt.where(Enrolment.id.in_(list(enrolment_ids)))
    enrolments = list(session.scalars(stmt))
    sums: dict[str, tuple[float, int]] = {}
    for eid, h in session.execute(
        select(Attendance.enrolment_id, Attendance.hours).where(
            Attendance.enrolment_id.in_([e.id for e in enrolments]), Attendance.deleted.is_(False))
    ):
        total, count = sums.get(eid, (0.0, 0))
        sums[eid] = (total + float(h or 0), count + 1)
    planned = float(t.planned_hours or 0)
    for e in enrolments:
        total, count = sums.get(e.id, (0.0, 0))
        if total > planned + 1e-6:
            raise ValidationError(f"{e.person.name}的学时（{total:g}）超过了计划学时（{planned:g}）。")
        e.hours_completed = round(total, 2)
        if e.override_reason:
            continue
        result = "pending" if count == 0 else ("completed" if total + 1e-6 >= need else "not_completed")
        if result != "completed" and e.certificate_no and not e.certificate_revoked:
            raise ValidationError(
                f"{e.person.name}已颁发结业证书（{e.certificate_no}），修改后将不再满足结业条件；"
                "请先撤销证书。")
        e.result = result
    session.flush()


def override(session: Session, enrolment_id: str, result: Optional[str], reason: str = "") -> None:
    """Set the result by hand (结业 / 未结业) with a reason, or clear the override (``result=None``)."""
    e = session.get(Enrolment, enrolment_id)
    if e is None or e.deleted:
        raise ValidationError("该学员不存在或已移出培训班。")
    if result is None:
        e.override_reason = None
        session.flush()
        recompute(session, e.session_id, [e.id])
        return
    if result not in ("completed", "not_completed"):
        raise ValidationError(FieldError("result", f"未知的结业情况“{result}”。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(FieldError("override_reason", "手动认定结业情况时必须填写理由。"))
    if len(reason) > 200:
        raise ValidationError(FieldError("override_reason", "理由最多 200 个字。"))
    if result != "completed" and e.certificate_no and not e.certificate_revoked:
        raise ValidationError(f"{e.person.name}已颁发结业证书（{e.certificate_no}），请先撤销证书。")
    e.result = result
    e.override_reason = reason
    session.flush()

