"""Conflicts met while merging (冲突), their resolution, and "possible same person" (疑似同一人).

A resolution is an ordinary change made through the ORM (so the flush hook logs it with a new
clock and it syncs onward); where the kept value is already stored, the field is *re-asserted*
(logged again with a newer clock) so other sites close their copy of the conflict too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.orm import Session

from vcadre.services.errors import NotFoundError, ValidationError
from vcadre.store.changelog import TABLES, reassert
from vcadre.store.models import SYNCED_MODELS, Person, Site, SyncConflict, SyncPeer

MODELS = {m.__table__.name: m for m in SYNCED_MODELS}


@dataclass
class ConflictRow:
    id: int
    kind: str
    table: str
    record: str
    row_id: str
    field: str
    base: Any
    winner: Any
    winner_site: str
    loser: Any
    loser_site: str
    status: str
    created_at: Any


def _site_names(session: Session) -> dict[str, str]:
    names = {s.id: s.name for s in session.scalars(select(Site))}
    names.update({p.site_id: p.name for p in session.scalars(select(SyncPeer))})
    return names


def _describe(session: Session, table: str, row_id: str) -> str:
    model = MODELS.get(table)
    obj = session.get(model, row_id) if model else None
    if obj is None:
        return row_id
    for attr in ("name", "title"):
        if hasattr(obj, attr):
            return str(getattr(obj, attr))
    person = getattr(obj, "person", None)
    if person is not None:
        return person.name
    return row_id


def list_conflicts(session: Session, open_only: bool = True) -> list[ConflictRow]:
    stmt = select(SyncConflict).order_by(SyncConflict.id)
    if open_only:
        stmt = stmt.where(SyncConflict.status == "open")
    names = _site_names(session)
    out = []
    for c in session.scalars(stmt):
        base, loser = _load(c.base), _load(c.loser)
        if isinstance(base, dict) and isinstance(loser, dict):
            base = {k: base.get(k) for k in loser}  # the deleted row: only the fields in question
        out.append(ConflictRow(
            c.id, c.kind, c.tbl, _describe(session, c.tbl, c.row_id), c.row_id, c.field,
            base, _load(c.winner), names.get(c.winner_site, c.winner_site),
            loser, names.get(c.loser_site, c.loser_site), c.status, c.created_at))
    return out


def _load(text: Optional[str]) -> Any:
    return json.loads(text) if text is not None else None


_STORED = sqlite_dialect()


def _python_value(session: Session, table: str, field: str, stored: Any) -> Any:
    """A value of the change log (SQLite's storage form on either backend) as the model's: on a
    server too a date comes as ``YYYY-MM-DD`` text."""
    col = TABLES[table].columns[field]
    proc = col.type.dialect_impl(_STORED).result_processor(_STORED, None)
    return proc(stored) if (proc is not None and stored is not None) else stored


def resolve(session: Session, conflict_id: int, keep: str) -> None:
    """Keep the provisional ``winner`` or the ``loser``; the choice is a change that syncs."""
    c = session.get(SyncConflict, conflict_id)
    if c is None:
        raise NotFoundError(f"冲突 #{conflict_id} 不存在。")
    # Not on the undo menu: the conflict list is where a resolution is reviewed and changed.
    session.info["undo_skip"] = True
    if c.status != "open":
        raise ValidationError(f"冲突 #{conflict_id} 已经解决过了。")
    obj = session.get(MODELS[c.tbl], c.row_id)
    if obj is None:
        raise NotFoundError("冲突涉及的记录不存在。")
    if c.kind == "delete":
        if keep == "winner":
            obj.deleted = True
            reassert(session, obj, "deleted")
        else:
            obj.deleted = False
    else:
        value = _load(c.winner if keep == "winner" else c.loser)
        setattr(obj, c.field, _python_value(session, c.tbl, c.field, value))
        reassert(session, obj, c.field)
    c.status = "resolved"
    from vcadre.services.security import audit

    audit.record(session, "sync.conflict", kind=c.tbl, target=c.row_id, fields=[c.field] if c.field else [],
                 keep="保留现值" if keep == "winner" else "改用另一值", conflict=conflict_id)
    # Other open conflicts of the same field are settled by the same choice.
    for other in session.scalars(select(SyncConflict).where(
            SyncConflict.tbl == c.tbl, SyncConflict.row_id == c.row_id,
            SyncConflict.field == c.field, SyncConflict.status == "open")):
        other.status = "resolved"


# ------------------------------------------------------------------ possible same person

@dataclass
class PersonRef:
    id: str
    name: str
    site: str


@dataclass
class SamePersonGroup:
    id_number: str
    persons: list[PersonRef]


def possible_same_persons(session: Session) -> list[SamePersonGroup]:
    """Live persons sharing an ID number (two sites registered the same person)."""
    numbers = list(session.scalars(
        select(Person.id_number).where(Person.deleted.is_(False), Person.id_number.is_not(None))
        .group_by(Person.id_number).having(func.count() > 1)))
    names = _site_names(session)
    groups = []
    for number in numbers:
        people = session.scalars(select(Person).where(
            Person.id_number == number, Person.deleted.is_(False)).order_by(Person.id))
        groups.append(SamePersonGroup(number, [PersonRef(p.id, p.name, names.get(p.site_id, p.site_id))
                                               for p in people]))
    return groups


def _person_references():
    for model in SYNCED_MODELS:
        for col in model.__table__.columns:
            for fk in col.foreign_keys:
                if fk.column.table.name == "person":
                    yield model, col.name


def merge_persons(session: Session, keep_id: str, drop_id: str) -> int:
    """Move everything of ``drop_id`` to ``keep_id`` and tombstone ``drop_id``; returns rows moved.

    Empty fields of the kept person are filled from the other; a training enrolment both hold
    in the same class is kept once. Every step is an ordinary change, so the merge syncs.
    """
    if keep_id == drop_id:
        raise ValidationError("不能把人员与自己合并。")
    keep, drop = session.get(Person, keep_id), session.get(Person, drop_id)
    if keep is None or drop is None or keep.deleted or drop.deleted:
        raise NotFoundError("要合并的人员不存在或已删除。")
    from vcadre.services.security import audit

    audit.record(session, "sync.conflict", kind="person", target=keep_id, what="合并疑似同一人", merged=drop_id)
    moved = 0
    for model, column in _person_references():
        for obj in session.scalars(select(model).where(getattr(model, column) == drop_id,
                                                       model.deleted.is_(False))):
            if model.__tablename__ == "enrolment" and session.scalar(select(model.id).where(
                    model.session_id == obj.session_id, model.person_id == keep_id,
                    model.deleted.is_(False))):
                obj.deleted = True
                continue
            setattr(obj, column, keep_id)
            moved += 1
    for col in Person.__table__.columns:
        name = col.name
        if name in ("id", "hlc", "site_id", "updated_at", "deleted"):
            continue
        if getattr(keep, name) in (None, "", "0") and getattr(drop, name) not in (None, "", "0"):
            setattr(keep, name, getattr(drop, name))
    note = f"已与人员 {keep_id} 合并"
    drop.notes = f"{drop.notes}\n{note}" if drop.notes else note
    drop.deleted = True
    session.flush()
    return moved
