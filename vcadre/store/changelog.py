"""The change log (变更日志): every change to a synced row, one field at a time.

The ORM flush hook (``db.StampingSession``) calls ``log_flush``: a new row is one ``*`` entry
holding all its fields; an update is one entry per changed field with the value it replaced, so
sync packages can carry before-values and per-field clocks (see ``docs/sync.md``). Rows written
around the ORM (the demo builder's ``executemany``, bulk imports) have no entries; they are
treated as a whole-row change at their own ``hlc``: ``log_unlogged_rows`` writes that ``*``
entry before an export, and the flush hook writes it before logging the first edit of such a row.

Values are stored as JSON of the SQLite storage value (dates as ``YYYY-MM-DD`` text, booleans
as 0/1), the same form raw SQL reads back, so exports and imports work on plain rows.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Sequence

from sqlalchemy import Table
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from vcadre.store.models import SYNC_BOOKKEEPING, SYNCED_MODELS

#: Synced tables by name, in dependency order.
TABLES: dict[str, Table] = {m.__table__.name: m.__table__ for m in SYNCED_MODELS}
#: The fields of each synced table that changes carry (``deleted`` included, bookkeeping not).
FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(c.name for c in t.columns if c.name not in SYNC_BOOKKEEPING)
    for name, t in TABLES.items()
}
WHOLE_ROW = "*"

_INSERT = ("INSERT INTO sync_change (seq, origin, origin_seq, hlc, tbl, row_id, field, old, new) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def next_seq(conn) -> int:
    """The next local sequence number (``conn``: a DB-API connection or SQLAlchemy Connection)."""
    # Never below the local site's incarnation base: a restored database continues in a new
    # range, so no number already sent out is issued again (``store.identity``).
    top = int(_exec(conn, "SELECT coalesce(max(seq), 0) FROM sync_change").fetchone()[0])
    inc = _exec(conn, "SELECT incarnation FROM site WHERE is_local = 1").fetchone()  # portable SQL
    return max(top + 1, ((int(inc[0] or 0) << 40) + 1) if inc else 1)


def _exec(conn, sql: str, params: Sequence = ()):
    if hasattr(conn, "exec_driver_sql"):
        from vcadre.store.backend import run

        return run(conn, sql, tuple(params))
    return conn.execute(sql, tuple(params))


def _executemany(conn, sql: str, rows: list) -> None:
    if not rows:
        return
    if hasattr(conn, "exec_driver_sql"):
        from vcadre.store.backend import run

        run(conn, sql, rows)
    else:
        conn.executemany(sql, rows)


#: Values are logged in SQLite's storage form whatever the backend, so a package made by an
#: office server and one made by a laptop carry the same text for the same value.
_SQLITE = sqlite_dialect()


def storage_values(table: Table, obj: Any, dialect=None) -> dict[str, Any]:
    """The object's field values as SQLite stores them."""
    dialect = _SQLITE
    procs = _PROCESSORS.get(table.name)
    if procs is None:
        procs = _PROCESSORS[table.name] = {
            name: table.columns[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in FIELDS[table.name]
        }
    out = {}
    for name, proc in procs.items():
        value = getattr(obj, name)
        out[name] = proc(value) if (proc is not None and value is not None) else value
    return out


_PROCESSORS: dict[str, dict[str, Any]] = {}
_ROW_PROCESSORS: dict[str, dict[str, Any]] = {}


def as_stored_table(table: Table):
    """A function turning a row tuple of ``table`` read from PostgreSQL into SQLite's storage form."""
    procs = [c.type.dialect_impl(_SQLITE).bind_processor(_SQLITE) for c in table.columns]

    def conv(row):
        return tuple(p(v) if (p is not None and v is not None) else v for p, v in zip(procs, row))
    return conv


def as_stored(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row read from PostgreSQL (dates, booleans as Python objects) in SQLite's storage form."""
    procs = _ROW_PROCESSORS.get(table)
    if procs is None:
        t = TABLES.get(table)
        cols = t.columns if t is not None else ()
        procs = _ROW_PROCESSORS[table] = {
            c.name: c.type.dialect_impl(_SQLITE).bind_processor(_SQLITE) for c in cols}
    out = {}
    for k, v in row.items():
        proc = procs.get(k)
        out[k] = proc(v) if (proc is not None and v is not None) else v
    return out


def _normalise(value: Any) -> Any:
    # A bool read back from SQLite is an int; a float column may hold 3 for 3.0: compare as stored.
    if isinstance(value, bool):
        return int(value)
    return value


def _apply_defaults(table: Table, obj: Any) -> None:
    for name in FIELDS[table.name]:
        col = table.columns[name]
        if getattr(obj, name) is None and col.default is not None and col.default.is_scalar:
            setattr(obj, name, col.default.arg)


def read_rows(conn, table: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Current rows (all columns) by id, read with plain SQL."""
    out: dict[str, dict[str, Any]] = {}
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        res = _exec(conn, f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        cols = [d[0] for d in res.cursor.description] if hasattr(res, "cursor") else [d[0] for d in res.description]
        pg = getattr(getattr(conn, "dialect", None), "name", "") == "postgresql"
        for r in res.fetchall():
            row = dict(zip(cols, r))
            out[row["id"]] = as_stored(table, row) if pg else row
    return out


def logged_at(conn, table: str, row_id: str, hlc: str) -> bool:
    row = _exec(conn, "SELECT 1 FROM sync_change WHERE tbl = ? AND row_id = ? AND hlc = ? LIMIT 1",
                (table, row_id, hlc)).fetchone()
    return row is not None


def capture_before(session, objs: Iterable[Any]) -> dict[int, Optional[dict[str, Any]]]:
    """Database rows of ``objs`` as they are before this flush (by ``id(obj)``)."""
    conn = session.connection()
    by_table: dict[str, list[Any]] = {}
    for obj in objs:
        by_table.setdefault(obj.__table__.name, []).append(obj)
    out: dict[int, Optional[dict[str, Any]]] = {}
    for name, group in by_table.items():
        rows = read_rows(conn, name, [o.id for o in group if o.id])
        for obj in group:
            out[id(obj)] = rows.get(obj.id)
    return out


def log_flush(session, site_id: str, new: Sequence[Any], dirty: Sequence[Any],
              before: dict[int, Optional[dict[str, Any]]]) -> None:
    """Record the changes of one flush (objects already stamped with their new ``hlc``)."""
    conn = session.connection()
    dialect = conn.dialect
    seq = next_seq(conn)
    rows: list[tuple] = []

    # The action's own changes (not the catch-up entries of rows written around the ORM), for
    # the undo journal (``store.undo_log``): (seq, hlc) pairs, checked again at commit.
    own = session.info.setdefault("undo_seqs", [])

    def add(hlc: str, table: str, row_id: str, field: str, old: Any, new_value: Any,
            catch_up: bool = False) -> None:
        nonlocal seq
        rows.append((seq, site_id, seq, hlc, table, row_id, field,
                     None if old is _NONE else dumps(old), dumps(new_value)))
        if not catch_up:
            own.append((seq, hlc))
        seq += 1

    for obj in new:
        table = obj.__table__
        _apply_defaults(table, obj)
        add(obj.hlc, table.name, obj.id, WHOLE_ROW, _NONE,
            {k: _normalise(v) for k, v in storage_values(table, obj, dialect).items()})
    for obj in dirty:
        table = obj.__table__
        prior = before.get(id(obj))
        if prior is None:  # not in the database yet (added and changed in one flush)
            add(obj.hlc, table.name, obj.id, WHOLE_ROW, _NONE,
                {k: _normalise(v) for k, v in storage_values(table, obj, dialect).items()})
            continue
        if prior["hlc"] and not logged_at(conn, table.name, obj.id, prior["hlc"]):
            # Written around the ORM: log the row as it was, at its own stamp, first.
            add(prior["hlc"], table.name, obj.id, WHOLE_ROW, _NONE,
                {k: prior[k] for k in FIELDS[table.name]}, catch_up=True)
        now = storage_values(table, obj, dialect)
        forced = session.info.get("sync_reassert", set())
        for name in FIELDS[table.name]:
            value = _normalise(now[name])
            if (obj.id, name) in forced or value != prior[name] or type(value) is not type(prior[name]) and not (
                    isinstance(value, (int, float)) and isinstance(prior[name], (int, float))):
                old = prior[name]
                if name == "deleted" and value == 1:
                    # A delete carries the row as the deleter saw it (delete/edit conflicts).
                    old = {k: prior[k] for k in FIELDS[table.name]}
                add(obj.hlc, table.name, obj.id, name, old, value)
    session.info.pop("sync_reassert", None)
    _executemany(conn, _INSERT, rows)


def reassert(session, obj: Any, name: str) -> None:
    """Log ``obj.name`` at the next flush even if unchanged (a conflict resolution keeping it)."""
    from sqlalchemy.orm.attributes import flag_modified

    session.info.setdefault("sync_reassert", set()).add((obj.id, name))
    flag_modified(obj, name)


_NONE = object()


def log_unlogged_rows(conn, site_id: str, progress=None) -> int:
    """Give every row without a log entry at its current stamp a ``*`` entry; returns how many.

    ``conn`` is a DB-API (sqlite3) connection inside a transaction.
    """
    from vcadre.store.clock import HybridClock

    seq = next_seq(conn)
    total = 0
    # Rows written without any stamp get one now, so every change carries a valid clock.
    (last,) = conn.execute("SELECT last_hlc FROM site WHERE id = ?", (site_id,)).fetchone()
    clock = HybridClock(last or "")
    stamped = False
    for name in FIELDS:
        for (row_id,) in conn.execute(f"SELECT id FROM {name} WHERE hlc IS NULL OR length(hlc) != 20").fetchall():
            conn.execute(f"UPDATE {name} SET hlc = ?, site_id = ? WHERE id = ?", (clock.tick(), site_id, row_id))
            stamped = True
    if stamped:
        conn.execute("UPDATE site SET last_hlc = ? WHERE id = ?", (clock.last, site_id))
    for name, fields in FIELDS.items():
        cols = ", ".join(fields)
        cur = conn.execute(
            f"SELECT id, hlc, {cols} FROM {name} t WHERE NOT EXISTS (SELECT 1 FROM sync_change c "
            f"WHERE c.tbl = ? AND c.row_id = t.id AND c.hlc = t.hlc) ORDER BY hlc", (name,))
        while True:
            batch = cur.fetchmany(2000)
            if not batch:
                break
            rows = []
            for r in batch:
                rows.append((seq, site_id, seq, r[1], name, r[0], WHOLE_ROW, None,
                             dumps(dict(zip(fields, r[2:])))))
                seq += 1
            conn.executemany(_INSERT, rows)
            total += len(rows)
    return total
