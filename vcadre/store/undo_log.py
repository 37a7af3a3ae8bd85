"""The undo journal (撤销记录): one ``undo_action`` row per committed user action.

Every change made through the ORM is logged by the flush hook (``changelog.log_flush``), which
also notes the action's own change numbers in ``session.info["undo_seqs"]``. When the outermost
transaction commits, :func:`record` turns them into one ``undo_action`` row in the same
transaction: the ``sync_change.seq`` ranges, and the principal record the action is named after
(``tbl``, ``row_id``) with what happened to it (``op``). The services (``vcadre.services.undo``)
read the journal to undo an action with new, ordinary changes.

Not journaled: transactions that changed nothing through the ORM (demo build, bulk imports, sync
imports — those have their own undo), sessions that set ``session.info["undo_skip"]``, and actions
that issued or revoked certificate numbers (a number once given must never be given again).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session

from vcadre.store.backend import is_postgres, run

#: Which changed table names an action, most telling first.
PRIORITY = (
    "rotation_batch", "training_session", "dispatch", "reserve_entry", "village_post",
    "one_shoulder_plan", "enrolment", "assessment", "visit", "dispatch_month", "stage_change",
    "attendance", "person", "person_photo", "family_member", "person_detail", "training_setting",
    "region",
)
#: Actions touching these are never undoable (certificate numbers are never reissued).
NOT_UNDOABLE = frozenset({"certificate_series", "certificate_event"})
#: Journal rows kept per principal table (older ones are dropped at each commit).
KEEP_PER_TABLE = 100

_KEYS = ("undo_seqs", "undo_meta", "undo_skip")


def ranges(seqs: Iterable[int]) -> list[list[int]]:
    """[[first, last], …] covering the sorted distinct ``seqs``."""
    out: list[list[int]] = []
    for s in sorted(set(seqs)):
        if out and s == out[-1][1] + 1:
            out[-1][1] = s
        else:
            out.append([s, s])
    return out


def seq_list(text: str) -> list[int]:
    return [s for a, b in json.loads(text) for s in range(a, b + 1)]


def _changes(conn, own: list[tuple[int, str]]) -> list[tuple]:
    """The (seq, tbl, row_id, field, old, new) of ``own`` that are still in the log (a rolled-back
    savepoint's numbers may have been given again, to other changes)."""
    wanted = dict(own)
    lo, hi = min(wanted), max(wanted)
    rows = run(conn,
        "SELECT seq, hlc, tbl, row_id, field, old, new FROM sync_change WHERE seq BETWEEN ? AND ?"
        " ORDER BY seq", (lo, hi)).fetchall()
    return [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows if wanted.get(r[0]) == r[1]]


def principal(changes: list[tuple]) -> tuple[str, str, str, int]:
    """(table, row id, op, rows) naming an action from its changes."""
    tables = {c[1] for c in changes}
    tbl = next((t for t in PRIORITY if t in tables), changes[0][1])
    mine = [c for c in changes if c[1] == tbl]
    row_ids = list(dict.fromkeys(c[2] for c in mine))
    fields = {c[3]: c for c in mine}
    if "*" in fields:
        op = "create"
    elif any(c[3] == "deleted" and c[5] == "1" for c in mine):
        op = "delete"
    elif any(c[3] == "deleted" and c[5] == "0" for c in mine):
        op = "restore"
    elif tbl == "reserve_entry" and any(c[1] == "stage_change" and c[3] == "*" for c in changes):
        op = "move"
    else:
        op = "edit"
    return tbl, row_ids[0], op, len(row_ids)


def record(session: Session) -> None:
    """Journal the transaction's changes (called just before the outermost commit)."""
    info = session.info
    if session.in_nested_transaction():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit's own final flush comes after this hook
    own = info.pop("undo_seqs", None)
    meta = info.pop("undo_meta", None)
    if info.pop("undo_skip", False) or not own:
        return
    write(session, own, meta)


def take(session: Session, start: int) -> list[tuple[int, str]]:
    """The changes noted since ``len(undo_seqs)`` was ``start``, removed from the transaction's
    list (an undo journals its own changes at once, apart from the rest of the transaction)."""
    own = session.info.get("undo_seqs", [])
    taken = own[start:]
    del own[start:]
    return taken


def noted(session: Session) -> int:
    return len(session.info.get("undo_seqs", []))


def write(session: Session, own: list[tuple[int, str]], meta: dict | None = None) -> int | None:
    """Write one journal row for the changes ``own`` ((seq, hlc) pairs); returns its id."""
    conn = session.connection()
    changes = _changes(conn, own) if own else []
    if not changes or any(c[1] in NOT_UNDOABLE for c in changes):
        return None
    if meta is None:
        tbl, row_id, op, n = principal(changes)
        direction, undo_of = "do", None
    else:
        tbl, row_id, op, n = meta["tbl"], meta["row_id"], meta["op"], meta["rows"]
        direction, undo_of = meta["direction"], meta["undo_of"]
    # RETURNING (SQLite 3.35+, PostgreSQL): the new id on either backend.
    new_id = run(conn,
        "INSERT INTO undo_action (created_at, direction, tbl, row_id, op, rows, seqs, undo_of)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (datetime.now() if is_postgres(conn) else datetime.now().isoformat(sep=" "), direction, tbl, row_id, op, n,
         json.dumps(ranges(c[0] for c in changes)), undo_of)).scalar()
    if undo_of is not None:
        run(conn, "UPDATE undo_action SET undone_by = ? WHERE id = ?", (new_id, undo_of))
    run(conn,
        "DELETE FROM undo_action WHERE tbl = ? AND id <= (SELECT id FROM undo_action WHERE tbl = ?"
        " ORDER BY id DESC LIMIT 1 OFFSET ?)", (tbl, tbl, KEEP_PER_TABLE))
    return new_id


def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        for key in _KEYS:
            session.info.pop(key, None)


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "before_commit", record)
    event.listen(session_class, "after_transaction_end", _forget)
