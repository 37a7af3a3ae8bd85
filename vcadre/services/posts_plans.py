"""One-shoulder plans (一肩挑推进计划): for a village that is not one-shoulder, why not, what
is planned, by when, and the candidate from the reserve pool (拟任人选).

One live plan per village. The one-shoulder status itself is never stored (see ``posts``).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.services.forms import FormField, clean
from vcadre.services.regions import require_village
from vcadre.store.models import OneShoulderPlan, Person, ReserveEntry

FIELDS: tuple[FormField, ...] = (
    FormField("village_id", "village", required=True),
    FormField("target_date", "date"),
    FormField("reason", "multiline", max_length=500),
    FormField("plan", "multiline", max_length=1000),
    FormField("candidate_id", "person"),
    FormField("notes", "multiline"),
)
LABELS = {
    "village_id": "村（社区）", "reason": "未实现“一肩挑”原因", "plan": "推进措施",
    "target_date": "计划实现时间", "candidate_id": "拟任人选", "notes": "备注",
}


def plan_for_village(session: Session, village_id: str) -> Optional[str]:
    """The id of the village's live plan, or None."""
    return session.scalar(select(OneShoulderPlan.id).where(
        OneShoulderPlan.village_id == village_id, OneShoulderPlan.deleted.is_(False)))


def _plan(session: Session, plan_id: str) -> OneShoulderPlan:
    p = session.get(OneShoulderPlan, plan_id)
    if p is None or p.deleted:
        raise NotFoundError("该“一肩挑”推进计划不存在或已删除。")
    return p


def get(session: Session, plan_id: str) -> dict[str, Any]:
    p = _plan(session, plan_id)
    return {f.key: getattr(p, f.key) for f in FIELDS}


def candidate_display(session: Session, plan_id: str) -> dict[str, str]:
    """Display text for the person field of the edit dialog."""
    p = _plan(session, plan_id)
    if p.candidate_id:
        person = session.get(Person, p.candidate_id)
        if person is not None:
            return {"candidate_id": person.name}
    return {}


def save(session: Session, plan_id: Optional[str], values: Mapping[str, Any]) -> str:
    errors: list[FieldError] = []
    data = clean(FIELDS, values, errors, LABELS)
    if errors:
        raise ValidationError(errors)
    village = require_village(session, data["village_id"])
    existing = plan_for_village(session, village.id)
    if existing is not None and existing != plan_id:
        raise ValidationError(FieldError("village_id", f"{village.name}已有“一肩挑”推进计划，请修改该计划。"))
    candidate = data.get("candidate_id")
    if candidate:
        person = session.get(Person, candidate)
        if person is None or person.deleted:
            raise ValidationError(FieldError("candidate_id", "拟任人选不存在或已删除。"))
        in_pool = session.scalar(select(ReserveEntry.id).where(
            ReserveEntry.person_id == candidate, ReserveEntry.deleted.is_(False),
            ReserveEntry.status != "exited").limit(1))
        if in_pool is None:
            raise ValidationError(FieldError(
                "candidate_id", f"“{person.name}”不在村级后备力量库中（或已退出），拟任人选应从后备库中选择。"))
    p = OneShoulderPlan() if plan_id is None else _plan(session, plan_id)
    for k, v in data.items():
        setattr(p, k, v)
    session.add(p)
    session.flush()
    return p.id


def delete(session: Session, plan_id: str) -> None:
    _plan(session, plan_id).deleted = True
