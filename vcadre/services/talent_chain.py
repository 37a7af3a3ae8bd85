"""Moves along the cultivation chain (培养链条): 优秀人才 → 村后备干部 → 村干部 → 村党组织书记.

Each move is dated, carries a reason and is recorded in the entry's stage history
(``StageChange``): promote (晋升), move back (退回), exit (退出, with an exit reason:
已使用/不再适合/迁出/其他) and re-enter (重新入库). A promotion that skips a stage needs an
explicit reason. Promoting to 村干部 or 村党组织书记 can create the matching village post
(``create_post``) — the GUI offers it, the officer decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre import clock
from vcadre.domain.codes import EXIT_REASON, STAGE, stage_index
from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.store.models import ReserveEntry, StageChange

#: Stage reached → the village post it usually means.
STAGE_POSTS = {"cadre": "committee_member", "secretary": "secretary"}


@dataclass(frozen=True)
class MoveResult:
    entry_id: str
    from_stage: str
    to_stage: str
    status: str
    #: The village post a promotion suggests (None if none): the GUI offers to create it.
    suggested_post: Optional[str] = None


def _entry(session: Session, entry_id: str) -> ReserveEntry:
    e = session.get(ReserveEntry, entry_id)
    if e is None or e.deleted:
        raise NotFoundError("该后备干部记录不存在或已删除。")
    return e


def _check_date(when: Optional[date], entry: ReserveEntry, today: date, errors: list[FieldError]) -> None:
    if when is None:
        errors.append(FieldError("change_date", "请填写变动日期。"))
    elif when > today:
        errors.append(FieldError("change_date", "变动日期不能晚于今天。"))
    elif when < entry.entry_date:
        errors.append(FieldError("change_date", f"变动日期早于入库时间（{entry.entry_date.isoformat()}）。"))


def _record(session: Session, entry: ReserveEntry, when: date, stage: str, status: str, reason: str) -> None:
    session.add(StageChange(entry_id=entry.id, change_date=when, from_stage=entry.stage, to_stage=stage,
                            from_status=entry.status, to_status=status, reason=reason))
    entry.stage, entry.status = stage, status
    session.flush()


#: Stages at which the entry holds a post: the pool has been drawn on (已使用), as in the demo.
USED_STAGES = frozenset({"cadre", "secretary"})


def status_at(stage: str, status: str) -> str:
    """The status that goes with reaching ``stage``: 已使用 once on a post, back to 在库 when moved
    back below it; 考察中 and 退出 are kept otherwise."""
    if stage in USED_STAGES and status in ("active", "inspecting"):
        return "used"
    if stage not in USED_STAGES and status == "used":
        return "active"
    return status


def promote(session: Session, entry_id: str, to_stage: str, when: Optional[date], reason: str = "",
            today: Optional[date] = None) -> MoveResult:
    """晋升 to a later stage; skipping a stage needs a reason."""
    today = today or clock.today()
    entry = _entry(session, entry_id)
    errors: list[FieldError] = []
    reason = (reason or "").strip()
    if entry.status == "exited":
        raise ValidationError("该人员已退出后备干部库，请先重新入库。")
    if to_stage not in STAGE.codes():
        errors.append(FieldError("to_stage", f"未知的培养阶段：“{to_stage}”。"))
    else:
        step = stage_index(to_stage) - stage_index(entry.stage)
        if step <= 0:
            errors.append(FieldError("to_stage", f"“{STAGE.label(to_stage)}”不高于当前阶段“{STAGE.label(entry.stage)}”，不能晋升。"))
        elif step > 1 and not reason:
            errors.append(FieldError("reason", "跨阶段晋升必须填写理由。"))
    _check_date(when, entry, today, errors)
    if errors:
        raise ValidationError(errors)
    old = entry.stage
    _record(session, entry, when, to_stage, status_at(to_stage, entry.status), reason or "晋升")
    return MoveResult(entry.id, old, to_stage, entry.status, STAGE_POSTS.get(to_stage))


def move_back(session: Session, entry_id: str, to_stage: str, when: Optional[date], reason: str,
              today: Optional[date] = None) -> MoveResult:
    """退回 to an earlier stage (reason required)."""
    today = today or clock.today()
    entry = _entry(session, entry_id)
    errors: list[FieldError] = []
    reason = (reason or "").strip()
    if entry.status == "exited":
        raise ValidationError("该人员已退出后备干部库，请先重新入库。")
    if to_stage not in STAGE.codes():
        errors.append(FieldError("to_stage", f"未知的培养阶段：“{to_stage}”。"))
    elif stage_index(to_stage) >= stage_index(entry.stage):
        errors.append(FieldError("to_stage", f"“{STAGE.label(to_stage)}”不低于当前阶段“{STAGE.label(entry.stage)}”，不能退回。"))
    if not reason:
        errors.append(FieldError("reason", "退回必须填写理由。"))
    _check_date(when, entry, today, errors)
    if errors:
        raise ValidationError(errors)
    old = entry.stage
    _record(session, entry, when, to_stage, status_at(to_stage, entry.status), reason)
    return MoveResult(entry.id, old, to_stage, entry.status)


def exit_pool(session: Session, entry_id: str, exit_reason: str, when: Optional[date], note: str = "",
              today: Optional[date] = None) -> MoveResult:
    """退出 the pool with an exit reason (已使用/不再适合/迁出/其他; 其他 needs a note)."""
    today = today or clock.today()
    entry = _entry(session, entry_id)
    errors: list[FieldError] = []
    note = (note or "").strip()
    if entry.status == "exited":
        raise ValidationError("该人员已退出后备干部库。")
    if exit_reason not in EXIT_REASON.codes():
        errors.append(FieldError("exit_reason", "请选择退出原因（已使用/不再适合/迁出/其他）。"))
    elif exit_reason == "other" and not note:
        errors.append(FieldError("reason", "退出原因为“其他”时必须说明理由。"))
    _check_date(when, entry, today, errors)
    if errors:
        raise ValidationError(errors)
    text = EXIT_REASON.label(exit_reason) + (f"：{note}" if note else "")
    _record(session, entry, when, entry.stage, "exited", f"退出（{text}）")
    entry.exit_date, entry.exit_reason = when, exit_reason
    session.flush()
    return MoveResult(entry.id, entry.stage, entry.stage, "exited")


def reenter(session: Session, entry_id: str, when: Optional[date], reason: str, stage: Optional[str] = None,
            today: Optional[date] = None) -> MoveResult:
    """重新入库 after an exit (reason required), at the stage held before or the one given."""
    today = today or clock.today()
    entry = _entry(session, entry_id)
    errors: list[FieldError] = []
    reason = (reason or "").strip()
    if entry.status != "exited":
        raise ValidationError("该人员仍在库中，无需重新入库。")
    stage = stage or entry.stage
    if stage not in STAGE.codes():
        errors.append(FieldError("to_stage", f"未知的培养阶段：“{stage}”。"))
    if not reason:
        errors.append(FieldError("reason", "重新入库必须填写理由。"))
    _check_date(when, entry, today, errors)
    if entry.exit_date and when and when < entry.exit_date:
        errors.append(FieldError("change_date", f"重新入库日期早于退出日期（{entry.exit_date.isoformat()}）。"))
    if errors:
        raise ValidationError(errors)
    old = entry.stage
    _record(session, entry, when, stage, "active", f"重新入库：{reason}")
    entry.exit_date, entry.exit_reason = None, None
    session.flush()
    return MoveResult(entry.id, old, stage, "active")


def create_post(session: Session, entry_id: str, post: str, start: date) -> str:
    """Create the village post a promotion suggests (in the entry's village); returns its id."""
    entry = _entry(session, entry_id)
    from vcadre.services import posts

    values = {"person_id": entry.person_id, "village_id": entry.village_id, "post": post,
              "start_date": start, "end_date": None, "origin": None, "notes": "由后备干部晋升生成"}
    return posts.save(session, None, values)


def history(session: Session, entry_id: str) -> list[StageChange]:
    return list(session.scalars(
        select(StageChange).where(StageChange.entry_id == entry_id, StageChange.deleted.is_(False))
        .order_by(StageChange.change_date, StageChange.hlc)))
