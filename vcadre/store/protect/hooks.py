"""The write guard and the audit capture, installed on every vcadre Session (``store.db``).

``before_flush`` (runs before the sync stamping):

1. **Guard.** With accounts, any new, changed or deleted object needs ``Permission.EDIT``; a
   ``UserAccount`` needs ``Permission.USERS`` unless it is the actor's own row (password
   change, last login). The audit tables are exempt: a reader's login is audited too.
2. **Capture.** Record creates, edits and deletes become audit entries: kind (table), record
   ids, field *names* — never values. One entry per (action, kind) and flush, so a bulk import
   of 15,000 rows is one entry with the count and the first ids.

``do_orm_execute`` guards ORM bulk ``insert``/``update``/``delete`` statements the same way
(and notes them once per Session in the audit trail).

``before_insert`` on ``AuditEntry`` chains each entry to the one before (``audit_head`` holds
the newest number and hash; it is updated first, which takes the write lock).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from vcadre.domain.roles import Permission
from vcadre.store.protect import chain
from vcadre.store.protect.context import context_of
from vcadre.store.models import new_id
from vcadre.store.protect.models import AuditEntry, AuditHead, UserAccount

#: Tables written freely (the audit trail itself).
EXEMPT = frozenset({"audit_log", "audit_head"})
#: Tables whose changes are bookkeeping, not records: not captured in the trail.
NOT_RECORDS = frozenset({"audit_log", "audit_head", "user_account", "site", "sync_change", "sync_peer",
                         "sync_package", "sync_segment", "sync_conflict", "person_search_key", "reserve_search_key"})
BOOKKEEPING = frozenset({"hlc", "site_id", "updated_at"})
MAX_IDS = 20


def _table(obj: Any) -> str:
    return getattr(getattr(obj, "__table__", None), "name", type(obj).__name__)


def _guard(session: Session, objs: list) -> None:
    auth = context_of(session)
    if not auth.accounts:
        return
    for obj in objs:
        name = _table(obj)
        if name in EXEMPT:
            continue
        if isinstance(obj, UserAccount):
            own = auth.actor is not None and not auth.locked and obj.id == auth.actor.user_id
            if not own:
                auth.require(Permission.USERS)
        else:
            auth.require(Permission.EDIT)


def _changed_fields(obj: Any) -> list[str]:
    state = inspect(obj)
    out = []
    for attr in state.mapper.column_attrs:
        if attr.key in BOOKKEEPING:
            continue
        if state.attrs[attr.key].history.has_changes():
            out.append(attr.key)
    return out


def _capture(session: Session) -> None:
    groups: dict[tuple[str, str], tuple[list, set]] = {}

    def note(action: str, obj: Any, fields) -> None:
        kind = _table(obj)
        if kind in NOT_RECORDS:
            return
        ids, names = groups.setdefault((action, kind), ([], set()))
        ids.append(str(getattr(obj, "id", "") or ""))
        names.update(fields)

    for obj in session.new:
        if hasattr(obj, "hlc") and getattr(obj, "id", None) is None:
            obj.id = new_id()  # what the sync stamping would give it, so the trail can name it
        note("record.create", obj, ())
    for obj in session.dirty:
        if _table(obj) in NOT_RECORDS or not session.is_modified(obj, include_collections=False):
            continue
        fields = _changed_fields(obj)
        if not fields:
            continue
        deleted = "deleted" in fields and bool(getattr(obj, "deleted", False))
        note("record.delete" if deleted else "record.edit", obj, [] if deleted else fields)
    for obj in session.deleted:
        note("record.delete", obj, ())
    if not groups:
        return
    auth = context_of(session)
    for (action, kind), (ids, fields) in groups.items():
        detail: dict[str, Any] = {"count": len(ids), "ids": ids[:MAX_IDS]}
        if fields:
            detail["fields"] = sorted(fields)
        session.add(new_entry(auth, action, kind=kind, target=ids[0] if len(ids) == 1 else "", detail=detail))


def new_entry(auth: Any, action: str, *, kind: str = "", target: str = "", detail: dict | None = None,
              at: datetime | None = None) -> AuditEntry:
    """An unsaved audit entry by the acting user of ``auth`` (chained when it is inserted)."""
    extra = dict(detail or {})
    if getattr(auth, "via", ""):
        extra.setdefault("via", auth.via)
    return AuditEntry(
        at=(at or datetime.now()).isoformat(sep=" ", timespec="seconds"),
        user_name=auth.user_name, role=auth.role_name, action=action, kind=kind, target=target[:300],
        detail=json.dumps(extra, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


def _before_flush(session: Session, _ctx, _instances) -> None:
    objs = list(session.new) + [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    objs += list(session.deleted)
    if not objs:
        return
    _guard(session, objs)
    _capture(session)


def _do_orm_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(getattr(state.statement, "table", None), "name", "")
    if table in EXEMPT:
        return
    session = state.session
    auth = context_of(session)
    auth.require(Permission.USERS if table == "user_account" else Permission.EDIT)
    if table in NOT_RECORDS:
        return
    action = "record.bulk_" + ("create" if state.is_insert else "edit" if state.is_update else "delete")
    seen = session.info.setdefault("audit_bulk_seen", set())
    if (action, table) not in seen:
        seen.add((action, table))
        session.add(new_entry(auth, action, kind=table))


def _chain_entry(_mapper, connection, target: AuditEntry) -> None:
    head = AuditHead.__table__
    res = connection.execute(update(head).where(head.c.id == 1).values(seq=head.c.seq))
    if res.rowcount == 0:
        connection.execute(head.insert().values(id=1, seq=0, hash=chain.GENESIS))
    seq, prev = connection.execute(select(head.c.seq, head.c.hash).where(head.c.id == 1)).one()
    target.seq = int(seq) + 1
    target.prev_hash = prev or chain.GENESIS
    target.hash = chain.entry_hash([target.seq, target.at, target.user_name or "", target.role or "",
                                    target.action, target.kind or "", target.target or "", target.detail or "{}"],
                                   target.prev_hash)
    connection.execute(update(head).where(head.c.id == 1).values(seq=target.seq, hash=target.hash))


def install(session_cls: type) -> None:
    """Install the guard and the audit capture on ``session_cls`` (idempotent)."""
    if not event.contains(session_cls, "before_flush", _before_flush):
        event.listen(session_cls, "before_flush", _before_flush, insert=True)
        event.listen(session_cls, "do_orm_execute", _do_orm_execute)
    if not event.contains(AuditEntry, "before_insert", _chain_entry):
        event.listen(AuditEntry, "before_insert", _chain_entry)
