"""Undo and redo (撤销、重做) of journaled actions, as new changes that sync.

An action (one committed transaction, see ``store.undo_log``) is undone by writing, through the
ORM, the values its changes replaced: the flush hook stamps them with a new clock and logs them
like any edit, so the undo travels to the other sites in the next sync package. History is never
rewritten: the action's changes stay in the log, the undo's follow them.

- a field the action changed gets the value it had before the action;
- a row the action created is tombstoned (``deleted = 1``);
- a row the action deleted is made live again.

**Changed since** (a sync import, or an edit made elsewhere): before writing, every field the
undo would write must still hold the value the action left there (for a row the action created:
every field). If one does not, the undo is *refused* with :class:`UndoConflict`, naming each
field and the site whose change is there now, and nothing is written. ``force=True`` undoes all
the same and keeps each overwritten value as an open sync conflict (``sync_conflict``, shown in
同步冲突 and reversible there, as any merge conflict).

**Rules** still hold: a row made live again must not break a unique index or a rule of
``records.check_live`` (two holders of one post …), its parents must be live, and a created row
that other live records now point at is not tombstoned. Any refusal leaves the database as it
was (the work happens in a savepoint).

Redo is the undo of an undo. Undo takes the newest action not yet undone (or a given one);
redo the newest undo, as long as no new action was done after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vcadre.services.errors import ValidationError
from vcadre.services.undo import records
from vcadre.services.undo.records import MODELS, RecordRef
from vcadre.store import undo_log
from vcadre.store.backend import run
from vcadre.store.changelog import FIELDS, TABLES, read_rows
from vcadre.store.db import local_site
from vcadre.store.models import Site, SyncConflict, SyncPeer, UndoAction


class UndoError(ValidationError):
    """The action cannot be undone (or redone); nothing was written. The message is Chinese."""


class UndoConflict(UndoError):
    """Fields the undo would write were changed after the action (by a sync import or elsewhere)."""

    def __init__(self, message: str, conflicts: list["Conflict"]) -> None:
        super().__init__(message)
        self.conflicts = conflicts


@dataclass(frozen=True)
class Conflict:
    record: RecordRef
    field: str
    #: What the action left in the field (SQLite storage values) and what is there now.
    expected: Any
    current: Any
    #: Clock and site of the change that put ``current`` there, and the site's name.
    current_hlc: str
    current_site: str
    by: str

    def describe(self) -> str:
        if self.field == "*":
            return f"{self.record}已被{self.by}修改"
        return f"{self.record}的“{records.field_label(self.field)}”已被{self.by}修改"


@dataclass(frozen=True)
class Action:
    """One journaled action, as the menus show it."""

    id: int
    direction: str
    table: str
    row_id: str
    op: str
    rows: int
    created_at: Optional[datetime]
    label: str


OP_WORDS = {"create": "新增", "edit": "修改", "delete": "删除", "restore": "恢复", "move": "调整培养阶段"}


# ------------------------------------------------------------------ the journal

def mark(session: Session) -> int:
    """The newest journal id now: actions after it are "since the window was opened"."""
    return session.scalar(select(UndoAction.id).order_by(UndoAction.id.desc()).limit(1)) or 0


def _original(session: Session, row: UndoAction) -> UndoAction:
    seen = 0
    while row.direction != "do" and row.undo_of is not None and seen < 1000:
        prev = session.get(UndoAction, row.undo_of)
        if prev is None:
            break
        row, seen = prev, seen + 1
    return row


def label(session: Session, row: UndoAction) -> str:
    """"删除后备干部 张三", "修改年度考核 张三 2025年 等 70 条"…: what the action did."""
    row = _original(session, row)
    if row.op == "move":
        change_id = _first_created(session, row, "stage_change")
        if change_id:
            return f"{OP_WORDS['move']} {records.describe(session, 'stage_change', change_id)}"
    word = OP_WORDS.get(row.op, "修改")
    text = f"{word}{records.kind_label(row.tbl)} {records.describe(session, row.tbl, row.row_id)}"
    if row.rows > 1:
        text += f" 等 {row.rows} 条"
    return text


def _first_created(session: Session, row: UndoAction, table: str) -> Optional[str]:
    for first, last in json.loads(row.seqs):
        found = run(session.connection(),
            "SELECT row_id FROM sync_change WHERE seq BETWEEN ? AND ? AND tbl = ? AND field = '*'"
            " ORDER BY seq LIMIT 1", (first, last, table)).first()
        if found:
            return found[0]
    return None


def _action(session: Session, row: UndoAction) -> Action:
    return Action(row.id, row.direction, row.tbl, row.row_id, row.op, row.rows, row.created_at,
                  label(session, row))


def undoable(session: Session, since: int = 0, limit: int = 50) -> list[Action]:
    """Actions after ``since`` that can be undone, newest first."""
    rows = session.scalars(
        select(UndoAction).where(UndoAction.id > since, UndoAction.direction != "undo",
                                 UndoAction.undone_by.is_(None))
        .order_by(UndoAction.id.desc()).limit(limit))
    return [_action(session, r) for r in rows]


def redoable(session: Session, since: int = 0, limit: int = 50) -> list[Action]:
    """Undos after ``since`` that can be redone, newest first: those with no new action after them."""
    newest_do = session.scalar(
        select(UndoAction.id).where(UndoAction.direction == "do").order_by(UndoAction.id.desc()).limit(1)) or 0
    rows = session.scalars(
        select(UndoAction).where(UndoAction.id > max(since, newest_do), UndoAction.direction == "undo",
                                 UndoAction.undone_by.is_(None))
        .order_by(UndoAction.id.desc()).limit(limit))
    return [_action(session, r) for r in rows]


# ------------------------------------------------------------------ working out an undo

def _changes(session: Session, row: UndoAction) -> list[tuple]:
    """(seq, table, row id, field, old, new) of the action, in order, values decoded."""
    conn = session.connection()
    out = []
    for first, last in json.loads(row.seqs):
        for r in run(conn,
                "SELECT seq, tbl, row_id, field, old, new FROM sync_change WHERE seq BETWEEN ? AND ?"
                " ORDER BY seq", (first, last)):
            out.append((r[0], r[1], r[2], r[3], None if r[4] is None else json.loads(r[4]),
                        json.loads(r[5]) if r[5] is not None else None))
    return out


@dataclass
class _Plan:
    #: (table, row id) → field → storage value to write.
    writes: dict[tuple[str, str], dict[str, Any]]
    #: (table, row id) → field → storage value the action left (what must still be there).
    expected: dict[tuple[str, str], dict[str, Any]]
    last_seq: int


def _plan(changes: list[tuple]) -> _Plan:
    writes: dict[tuple[str, str], dict[str, Any]] = {}
    expected: dict[tuple[str, str], dict[str, Any]] = {}
    created: set[tuple[str, str]] = set()
    for _seq, table, row_id, field, old, new in changes:
        key = (table, row_id)
        if field == "*":
            created.add(key)
            expected[key] = dict(new)
            writes[key] = {"deleted": 1}
            continue
        exp = expected.setdefault(key, {})
        exp[field] = new
        if key in created:
            continue
        if field == "deleted" and isinstance(old, dict):
            old = old.get("deleted", 0)  # a delete carries the whole row as the deleter saw it
        writes.setdefault(key, {}).setdefault(field, old)
    return _Plan(writes, expected, max((c[0] for c in changes), default=0))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool):
        a = int(a)
    if isinstance(b, bool):
        b = int(b)
    return a == b


def _site_names(session: Session) -> dict[str, str]:
    names = {s.id: s.name for s in session.scalars(select(Site))}
    names.update({p.site_id: p.name for p in session.scalars(select(SyncPeer))})
    return names


def _conflicts(session: Session, plan: _Plan) -> list[Conflict]:
    conn = session.connection()
    by_table: dict[str, list[str]] = {}
    for table, row_id in plan.expected:
        by_table.setdefault(table, []).append(row_id)
    current = {t: read_rows(conn, t, ids) for t, ids in by_table.items()}
    names: Optional[dict[str, str]] = None
    local = local_site(session).id
    out: list[Conflict] = []
    for (table, row_id), fields in plan.expected.items():
        row = current[table].get(row_id)
        if row is None:
            continue
        for field, value in fields.items():
            if field not in row or _same(row[field], value):
                continue
            hit = run(conn,
                "SELECT origin, hlc FROM sync_change WHERE tbl = ? AND row_id = ? AND (field = ? OR field = '*')"
                " ORDER BY seq DESC LIMIT 1", (table, row_id, field)).first()
            origin, hlc = (hit[0], hit[1]) if hit else (row["site_id"], row["hlc"])
            if names is None:
                names = _site_names(session)
            by = "本机的其他操作" if origin == local else f"同步导入（{names.get(origin, origin)}）"
            out.append(Conflict(records.ref(session, table, row_id), field, value, row[field],
                                hlc, origin, by))
    return out


_STORED = sqlite_dialect()


def _python(session: Session, table: str, field: str, stored: Any) -> Any:
    """A value of the change log (SQLite's storage form on either backend, ``changelog``) as the
    model's Python value: on a server too a date comes as ``YYYY-MM-DD`` text."""
    col = TABLES[table].columns[field]
    proc = col.type.dialect_impl(_STORED).result_processor(_STORED, None)
    return proc(stored) if (proc is not None and stored is not None) else stored


def _objects(session: Session, keys) -> dict[tuple[str, str], Any]:
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    out = {}
    for table, ids in by_table.items():
        model = MODELS[table]
        for i in range(0, len(ids), 500):
            for obj in session.scalars(select(model).where(model.id.in_(ids[i:i + 500]))):
                out[(table, obj.id)] = obj
    return out


def apply(session: Session, writes: dict[tuple[str, str], dict[str, Any]], *,
          what: str) -> dict[tuple[str, str], Any]:
    """Write ``writes`` through the ORM and check the rules; ``UndoError`` (nothing written) if a
    rule would break. ``what`` names the operation in messages ("撤销", "恢复")."""
    objs = _objects(session, writes)
    missing = [k for k in writes if k not in objs]
    if missing:
        raise UndoError(f"要{what}的记录已不在数据库中（{records.kind_label(missing[0][0])}），无法{what}。")
    to_delete = {k for k, w in writes.items() if w.get("deleted") == 1}
    to_live = {k for k, w in writes.items() if w.get("deleted") == 0}
    try:
        with session.begin_nested():
            with session.no_autoflush:
                for key, fields in writes.items():
                    obj = objs[key]
                    for field, value in fields.items():
                        setattr(obj, field, _python(session, key[0], field, value))
            session.flush()
            _check(session, objs, to_delete, to_live, what)
    except IntegrityError as exc:
        raise UndoError(f"无法{what}：{records.integrity_message(exc)}") from exc
    return objs


def _check(session: Session, objs: dict, to_delete: set, to_live: set, what: str) -> None:
    for key in to_delete:
        for table, row_id in records.live_referrers(session, *key):
            if (table, row_id) in to_delete:
                continue
            who = records.ref(session, *key)
            other = records.ref(session, table, row_id)
            raise UndoError(f"无法{what}：{other}仍在使用{who}。请先删除{other}。")
    live = {key: obj for key, obj in objs.items() if not obj.deleted}
    for key, parents in records.deleted_parents_of(session, live).items():
        raise UndoError(f"无法{what}：{records.ref(session, *key)}所属的{records.ref(session, *parents[0])}"
                        f"已被删除。请先在回收站中恢复它。")
    for key, obj in live.items():
        problem = records.check_live(session, key[0], obj)
        if problem:
            raise UndoError(f"无法{what}：{problem}")


def _record_overwritten(session: Session, conflicts: list[Conflict], objs: dict) -> None:
    """Keep each value a forced undo overwrote as an open sync conflict (reversible there)."""
    site = local_site(session).id
    now = datetime.now()
    for c in conflicts:
        obj = objs.get((c.record.table, c.record.id))
        if obj is None:
            continue
        if c.field in FIELDS[c.record.table] and c.field != "deleted" and not obj.deleted:
            session.add(SyncConflict(
                kind="edit", tbl=c.record.table, row_id=c.record.id, field=c.field,
                base=json.dumps(c.expected, ensure_ascii=False),
                winner=json.dumps(_stored(session, c.record.table, c.field, getattr(obj, c.field)),
                                  ensure_ascii=False),
                winner_hlc=obj.hlc, winner_site=site,
                loser=json.dumps(c.current, ensure_ascii=False), loser_hlc=c.current_hlc,
                loser_site=c.current_site, status="open", created_at=now))
        else:
            session.add(SyncConflict(
                kind="delete", tbl=c.record.table, row_id=c.record.id, field="deleted",
                base=json.dumps({c.field: c.expected}, ensure_ascii=False),
                winner=json.dumps(1 if obj.deleted else 0), winner_hlc=obj.hlc, winner_site=site,
                loser=json.dumps({c.field: c.current}, ensure_ascii=False), loser_hlc=c.current_hlc,
                loser_site=c.current_site, status="open", created_at=now))


def _stored(session: Session, table: str, field: str, value: Any) -> Any:
    """The model's value in the change log's storage form (SQLite's, on either backend)."""
    proc = TABLES[table].columns[field].type.dialect_impl(_STORED).bind_processor(_STORED)
    value = proc(value) if (proc is not None and value is not None) else value
    return int(value) if isinstance(value, bool) else value


def _revert(session: Session, row: UndoAction, direction: str, force: bool, what: str) -> Action:
    shown = label(session, row)
    plan = _plan(_changes(session, row))
    if not plan.writes:
        raise UndoError(f"“{shown}”没有可以{what}的内容。")
    conflicts = _conflicts(session, plan)
    if conflicts and not force:
        lines = "\n".join(f" · {c.describe()}" for c in conflicts[:8])
        more = f"\n · …… 共 {len(conflicts)} 处" if len(conflicts) > 8 else ""
        raise UndoConflict(
            f"无法{what}“{shown}”：这之后以下内容又被修改过——\n{lines}{more}\n"
            f"{what}会覆盖这些修改，所以没有{what}。如确需{what}，可选择“仍要{what}”："
            f"被覆盖的值会记入“同步冲突”，可以在那里恢复。", conflicts)
    start = undo_log.noted(session)
    objs = apply(session, plan.writes, what=what)
    if conflicts:
        _record_overwritten(session, conflicts, objs)
    session.flush()
    # Journal the undo now (not at commit), so that several undos in one transaction each see
    # the one before.
    undo_log.write(session, undo_log.take(session, start),
                   {"direction": direction, "undo_of": row.id, "tbl": row.tbl,
                    "row_id": row.row_id, "op": row.op, "rows": row.rows})
    session.expire(row)
    return Action(row.id, row.direction, row.tbl, row.row_id, row.op, row.rows, row.created_at, shown)


def undo(session: Session, action_id: Optional[int] = None, *, since: int = 0,
         force: bool = False) -> Action:
    """Undo ``action_id`` (default: the newest action after ``since`` not yet undone); returns it.

    Raises ``UndoError`` (nothing to undo, already undone, a rule would break) or ``UndoConflict``
    (changed since; see the module docstring) with nothing written.
    """
    if action_id is None:
        found = undoable(session, since, limit=1)
        if not found:
            raise UndoError("没有可以撤销的操作。")
        action_id = found[0].id
    row = session.get(UndoAction, action_id)
    if row is None:
        raise UndoError("该操作的撤销记录已不存在（只保留最近的操作）。")
    if row.direction == "undo":
        raise UndoError("这是一次撤销；要恢复它请使用“重做”。")
    if row.undone_by is not None:
        raise UndoError(f"“{label(session, row)}”已经撤销过了。")
    return _revert(session, row, "undo", force, "撤销")


def redo(session: Session, action_id: Optional[int] = None, *, since: int = 0,
         force: bool = False) -> Action:
    """Redo the newest undo after ``since`` (or ``action_id``, an undo); returns the undo."""
    if action_id is None:
        found = redoable(session, since, limit=1)
        if not found:
            raise UndoError("没有可以重做的操作。")
        action_id = found[0].id
    row = session.get(UndoAction, action_id)
    if row is None or row.direction != "undo":
        raise UndoError("只能重做撤销过的操作。")
    if row.undone_by is not None:
        raise UndoError(f"“{label(session, row)}”已经重做过了。")
    return _revert(session, row, "redo", force, "重做")


__all__ = ["Action", "Conflict", "UndoConflict", "UndoError", "apply", "label", "mark", "redo",
           "redoable", "undo", "undoable"]
