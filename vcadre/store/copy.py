"""``vcadre db copy``: move a whole database between an SQLite file and a PostgreSQL server.

A county's laptop file goes to the office server (and a server database back into a file for a
laptop): every table, the same site identity and clocks, so sync goes on as before. The target
must be new (a file that does not exist, or an empty server database); it is migrated to the
same schema, filled in one transaction, then checked: row counts and a content hash per table
must equal the source's. The search-key tables are derived: they are rebuilt on the target by
its own triggers' rules, and their counts checked against the source too (a PL/pgSQL rule that
drifted from SQLite's would show here).

Rows travel as the driver reads them (SQLite storage values, or PostgreSQL's typed values turned
into that form): into PostgreSQL with ``COPY``, into SQLite with ``executemany``. A server source
is read in one REPEATABLE READ snapshot (other officers may be saving while it is copied).

The content hash of a table (``table_digest``) is the SHA-256 of its rows' SHA-256 hashes in
sorted order, each row hashed over its *canonical line*: every column rendered the same way by
either database's own SQL (``_line_sql``, SQLite's ``quote()``: text quoted, booleans 0/1, dates
and times ISO with microseconds, binary as hex; floats as the hex of their IEEE 754 bits) —
so the hash does not depend on the order rows come back in, and neither side pays for Python to
convert each value:

- PostgreSQL computes it itself (``sha256`` of each line, ``string_agg`` of them in order, hashed):
  no row leaves the server.
- SQLite hands Python the lines; Python hashes them.

The source is hashed in a second thread, over the same snapshot as the rows copied (an SQLite
source is read in one read transaction), while the target builds its indexes and search keys:
that is the server's work (or SQLite's, releasing the GIL), so the source's hash costs a copy
next to nothing in time on two cores — at province scale ~25 s of Python hashing that used to run
inside the copy of the rows, and reading the file a second time (~5 s) is hidden as well.

A server target is checked after the commit on ``HASHERS`` connections at once, one table each at
a time, all reading one snapshot (``pg_export_snapshot``: a save by an officer who opened the new
database meanwhile is seen by none of them), while a further connection runs ANALYZE: hashing is
the server's work, table by table, and a server has more than one core.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, LargeBinary, Table, func, inspect, select

from vcadre.store import search_index
from vcadre.store.backend import display, is_server_url
from vcadre.store.db import Database, DatabaseError, open_database
from vcadre.store.models import Base

#: Tables rebuilt on the target instead of copied.
DERIVED = ("person_search_key", "reserve_search_key")
BATCH = 20000

Progress = Callable[[str, int, int], Any]  # (table, rows done, rows in all) → False cancels


class CopyError(DatabaseError):
    pass


@dataclass
class CopyReport:
    source: str
    target: str
    counts: dict[str, int] = field(default_factory=dict)
    digest: str = ""
    seconds: float = 0.0
    #: Seconds per phase: "rows", "indexes" (a server's indexes and foreign keys, built after the
    #: rows), "keys" (search keys rebuilt), "verify" (the check; a server's ANALYZE meanwhile).
    phases: dict[str, float] = field(default_factory=dict)


def tables() -> list[Table]:
    """Every table of the schema in foreign-key order (parents first)."""
    return list(Base.metadata.sorted_tables)


# ---------------------------------------------------------------- canonical lines


def _col_sql(col, pg: bool) -> Optional[str]:
    """The column's canonical text in SQL: SQLite's ``quote()`` (one C call a value), spelt out
    on PostgreSQL — text in single quotes with quotes doubled, NULL as NULL, integers and 0/1 as
    digits, dates and times quoted ISO text with microseconds, binary as X'HEX'. None: a float,
    hashed by its bits (``_line_sql``)."""
    c = f'"{col.name}"'
    t = col.type
    q = "''''"  # SQL for the text ' (a quote)
    if isinstance(t, Float):
        return f"coalesce(encode(float8send({c}), 'hex'), 'NULL')" if pg else None
    if isinstance(t, DateTime):
        if pg:
            return f"coalesce({q} || to_char({c}, 'YYYY-MM-DD HH24:MI:SS.US') || {q}, 'NULL')"
        # SQLAlchemy stores 'YYYY-MM-DD HH:MM:SS.ffffff'; a raw writer may have left off the
        # microseconds or used isoformat's 'T' (the same time on the server).
        return (f"coalesce({q} || replace({c}, 'T', ' ') || CASE WHEN length({c}) = 19 THEN '.000000' ELSE '' END "
                f"|| {q}, 'NULL')")
    if not pg:
        return f"quote({c})"
    if isinstance(t, Boolean):
        return f"CASE WHEN {c} IS NULL THEN 'NULL' WHEN {c} THEN '1' ELSE '0' END"
    if isinstance(t, Integer):  # BigInteger too
        return f"coalesce(CAST({c} AS TEXT), 'NULL')"
    if isinstance(t, Date):
        return f"coalesce({q} || to_char({c}, 'YYYY-MM-DD') || {q}, 'NULL')"
    if isinstance(t, LargeBinary):
        return f"coalesce('X' || {q} || upper(encode({c}, 'hex')) || {q}, 'NULL')"
    return f"coalesce({q} || replace({c}, {q}, '''''') || {q}, 'NULL')"


def _floats(table: Table) -> list[int]:
    return [i for i, c in enumerate(table.columns) if isinstance(c.type, Float)]


def _line_sql(table: Table, pg: bool) -> str:
    """SQL for the canonical line of a row of ``table``. Float columns come last; on SQLite they
    are left out of the SQL (it cannot show a double's bits) and appended by ``_line``."""
    cols = list(table.columns)
    parts = [_col_sql(c, pg) for c in cols if not isinstance(c.type, Float)]
    parts += [_col_sql(c, pg) for c in cols if isinstance(c.type, Float) and pg]
    return " || '|' || ".join(parts) if parts else "''"


def _float_hex(v: Any) -> str:
    return "NULL" if v is None else struct.pack(">d", float(v)).hex()


def _line(sql_line: str, floats: tuple) -> bytes:
    """The whole canonical line of an SQLite row: its SQL part and its floats' bits."""
    if floats:
        sql_line = "|".join((sql_line, *map(_float_hex, floats)))
    return sql_line.encode()


def _row_hashes(batch: list, at: int, floats: list[int]) -> list[bytes]:
    """The SHA-256 of the canonical line of each row of ``batch`` (SQLite rows holding the line's
    SQL part at index ``at`` and float values at the indexes ``floats``)."""
    sha = hashlib.sha256
    if not floats:
        return [sha(row[at].encode()).digest() for row in batch]
    return [sha(_line(row[at], tuple(row[i] for i in floats))).digest() for row in batch]


def _combine(row_hashes: list[bytes]) -> str:
    """A table's hash: the SHA-256 of its rows' hashes in sorted order (a hash of the multiset of
    rows: the order a database returns them in does not matter, a repeated row does)."""
    row_hashes.sort()
    return hashlib.sha256(b"".join(row_hashes)).hexdigest()


def _pg_digest_sql(table: Table) -> str:
    return (f"SELECT count(*), encode(sha256(coalesce(string_agg(h, ''::bytea ORDER BY h), ''::bytea)), 'hex') "
            f"FROM (SELECT sha256(convert_to({_line_sql(table, True)}, 'UTF8')) AS h FROM {table.name}) AS r")


def _digest_pg(cur, table: Table) -> tuple[int, str]:
    """(rows, hash) of ``table`` computed by the server (a DB-API cursor): no row leaves it."""
    cur.execute(_pg_digest_sql(table))
    n, hexdigest = cur.fetchone()
    return int(n), hexdigest


class _Stopped(Exception):
    """The copy failed or was cancelled while its source was being hashed in the background."""


def _digest_sqlite(cur, table: Table, stop: Optional[threading.Event] = None) -> tuple[int, str]:
    """(rows, hash) of ``table``: SQLite makes the lines, Python hashes them."""
    floats = _floats(table)
    extra = "".join(f', "{table.columns[i].name}"' for i in floats)
    cur.execute(f"SELECT {_line_sql(table, False)}{extra} FROM {table.name}")
    hashes: list[bytes] = []
    where = list(range(1, len(floats) + 1))
    while True:
        if stop is not None and stop.is_set():
            raise _Stopped()
        batch = cur.fetchmany(BATCH)
        if not batch:
            return len(hashes), _combine(hashes)
        hashes += _row_hashes(batch, 0, where)


def _digest_with(db: Database, raw, progress: Optional[Progress] = None,
                 stop: Optional[threading.Event] = None) -> tuple[dict[str, int], dict[str, str]]:
    """Counts (all tables) and hashes (copied tables) over the DB-API connection ``raw`` of ``db``."""
    pg = db.engine.dialect.name == "postgresql"
    present = set(inspect(db.engine).get_table_names())
    counts, hashes = {}, {}
    cur = raw.cursor()
    try:
        for t in tables():
            if t.name not in present:
                continue
            if t.name in DERIVED:
                cur.execute(f"SELECT count(*) FROM {t.name}")
                counts[t.name] = int(cur.fetchone()[0])
                continue
            if stop is not None and stop.is_set():
                raise _Stopped()
            counts[t.name], hashes[t.name] = _digest_pg(cur, t) if pg else _digest_sqlite(cur, t, stop)
            if progress is not None:
                progress(t.name, n, -1)
    finally:
        cur.close()
    return counts, hashes


def digest(db: Database, progress: Optional[Progress] = None) -> tuple[dict[str, int], dict[str, str]]:
    """(rows per table, content hash per copied table) of ``db`` (see the module docstring)."""
    raw = db.engine.raw_connection()
    try:
        if db.engine.dialect.name == "postgresql":
            _snapshot(raw)
        return _digest_with(db, raw, progress)
    finally:
        try:
            raw.rollback()
        finally:
            raw.close()


#: Server connections that hash a copied server database at once (one table each at a time, all
#: in one snapshot): the hashing is the server's work, table by table; two of them halve the
#: check on a server with cores to spare (ANALYZE runs on a third meanwhile).
HASHERS = 2


def _digest_server(db: Database, order: Optional[dict[str, int]] = None,
                   connections: int = HASHERS) -> tuple[dict[str, int], dict[str, str]]:
    """``digest`` of a server database on ``connections`` connections sharing one snapshot
    (``pg_export_snapshot``): the same counts and hashes, the biggest tables (by ``order``) first."""
    import re

    present = set(inspect(db.engine).get_table_names())
    todo = [t for t in tables() if t.name in present]
    todo.sort(key=lambda t: -(order or {}).get(t.name, 0))
    raws = []
    try:
        for _ in range(max(1, min(connections, len(todo)))):
            raws.append(db.engine.raw_connection())
            _snapshot(raws[-1])
        cur = raws[0].cursor()
        cur.execute("SELECT pg_export_snapshot()")
        snap = cur.fetchone()[0]
        cur.close()
        if not re.fullmatch(r"[0-9A-Fa-f-]+", snap):  # interpolated below: a utility statement takes no parameters
            raise CopyError(f"服务器返回了无法识别的快照标识：{snap!r}")
        for raw in raws[1:]:
            cur = raw.cursor()
            cur.execute(f"SET TRANSACTION SNAPSHOT '{snap}'")
            cur.close()
        counts: dict[str, int] = {}
        hashes: dict[str, str] = {}
        lock = threading.Lock()

        def work(raw) -> None:
            cur = raw.cursor()
            try:
                while True:
                    with lock:
                        if not todo:
                            return
                        t = todo.pop(0)
                    if t.name in DERIVED:
                        cur.execute(f"SELECT count(*) FROM {t.name}")
                        n, h = int(cur.fetchone()[0]), None
                    else:
                        n, h = _digest_pg(cur, t)
                    with lock:
                        counts[t.name] = n
                        if h is not None:
                            hashes[t.name] = h
            finally:
                cur.close()

        helpers = [_Background(lambda raw=raw: work(raw)) for raw in raws[1:]]
        for h in helpers:
            h.start()
        try:
            work(raws[0])
        except BaseException:
            with lock:  # the others stop after the table they are at
                todo.clear()
            raise
        finally:
            errors = []
            for h in helpers:
                try:
                    h.result()
                except BaseException as e:  # noqa: BLE001 - the first one is raised below
                    errors.append(e)
        if errors:
            raise errors[0]
        return counts, hashes
    finally:
        for raw in raws:
            try:
                raw.rollback()
            finally:
                raw.close()


def table_digest(db: Database, table: Table) -> tuple[int, str]:
    """(rows, hash) of one table of ``db``."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        if db.engine.dialect.name == "postgresql":
            _snapshot(raw)
            out = _digest_pg(cur, table)
        else:
            out = _digest_sqlite(cur, table)
        cur.close()
        raw.rollback()
        return out
    finally:
        raw.close()


def _snapshot(raw) -> None:
    """Everything read on this server connection from now on sees one moment (officers may be
    saving meanwhile): the rows copied and their hashes agree, and rows agree with each other."""
    raw.rollback()
    cur = raw.cursor()
    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    # The row hashes are sorted in memory (32 bytes a row: 32 MB per million), not on disk.
    cur.execute("SET LOCAL work_mem = '256MB'")
    cur.close()


class _Background(threading.Thread):
    """``fn()`` in a thread of its own; ``result()`` waits for it and returns or raises its outcome."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__(name="vcadre-copy-hash", daemon=True)
        self._fn = fn
        self._out: Any = None
        self._error: Optional[BaseException] = None

    def run(self) -> None:
        try:
            self._out = self._fn()
        except BaseException as e:  # noqa: BLE001 - handed to the caller by result()
            self._error = e

    def result(self) -> Any:
        self.join()
        if self._error is not None:
            raise self._error
        return self._out


def _check_target_free(target: str) -> None:
    if is_server_url(target):
        return  # checked once open: no rows beyond its own new site
    path = Path(target)
    if path.exists() and path.stat().st_size > 0:
        raise CopyError(f"目标文件“{path}”已存在；请换一个新文件名（复制不会覆盖已有数据库）。")


def copy_database(src: Database, target: "str | os.PathLike", progress: Optional[Progress] = None,
                  verify: bool = True) -> CopyReport:
    """Copy every table of ``src`` into the new database ``target`` (path or server URL)."""
    started = time.perf_counter()
    target = str(target)
    _check_target_free(target)
    dest = open_database(target, create=True, site_name="复制中")
    phases: dict[str, float] = {}
    raw = src.engine.raw_connection()  # one source connection: one snapshot
    stop = threading.Event()
    hashing: Optional[_Background] = None
    analyzing: Optional[_Background] = None
    try:
        _refuse_unless_empty(dest)
        src_pg = src.engine.dialect.name == "postgresql"
        if src_pg:
            _snapshot(raw)
        else:  # counts, rows and the hash all read one moment of the file
            raw.rollback()
            raw.cursor().execute("BEGIN")
        present = set(inspect(src.engine).get_table_names())
        todo = [t for t in tables() if t.name in present and t.name not in DERIVED]
        cur = raw.cursor()
        sizes = {}
        for t in todo:
            cur.execute(f"SELECT count(*) FROM {t.name}")
            sizes[t.name] = int(cur.fetchone()[0])
        cur.close()
        total, done = sum(sizes.values()), 0
        t0 = time.perf_counter()
        with dest.engine.begin() as dconn:
            dconn.exec_driver_sql("DELETE FROM site")  # the source's site (identity, keys, clock) comes over
            search_index.suspend(dconn)
            # A server builds its secondary indexes and checks its foreign keys once, after the
            # rows are in (as pg_restore does): kept up row by row they cost most of the COPY.
            rebuild = []
            if dconn.dialect.name == "postgresql":
                rebuild = _drop_indexes_and_foreign_keys(dconn)
                # Index builds and the key tables' sorts in memory, not in temp files (this
                # transaction only; 4.7 million person keys at province scale).
                dconn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
                dconn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
            for t in todo:
                for n in _copy_table(raw, src_pg, dconn, t):
                    done += n
                    if progress is not None and progress(t.name, done, total) is False:
                        raise CopyError("复制已取消，目标未写入任何数据。")
            phases["rows"] = time.perf_counter() - t0
            if verify:  # the source's counts and hashes, while the target works on its own
                hashing = _Background(lambda: _digest_with(src, raw, stop=stop))
                hashing.start()
            t0 = time.perf_counter()
            for ddl in rebuild:  # indexes, then foreign keys (each checked in one pass)
                dconn.exec_driver_sql(ddl)
            phases["indexes"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            if progress is not None:
                progress("person_search_key", done, total)
            search_index.resume(dconn)  # the derived keys, by the target's own rules
            if dconn.dialect.name == "postgresql":
                _fix_sequences(dconn, todo)
            phases["keys"] = time.perf_counter() - t0
        report = CopyReport(display(src.location) if src.is_server else str(src.path), display(target))
        t0 = time.perf_counter()
        if dest.is_server:
            # Planner statistics now, not when autovacuum gets round to it (the first searches
            # after a move would otherwise be planned for empty tables): on a connection of its
            # own, committed, while the target is hashed on others.
            analyzing = _Background(lambda: _analyze(dest))
            analyzing.start()
        if verify:
            if dest.is_server:
                d_counts, d_hash = _digest_server(dest, sizes)
            else:
                d_counts, d_hash = digest(dest)
            s_counts, s_hash = hashing.result()
            changed = [n for n in sizes if s_counts.get(n) != sizes[n]]
            if changed:  # cannot happen inside one snapshot; a guard against a broken one
                raise CopyError(f"源数据库在复制时被修改（表 {'、'.join(changed)}）；请关闭其他 vcadre 窗口后重试。")
            bad = [n for n in s_counts if s_counts[n] != d_counts.get(n)]
            bad += [n for n in s_hash if s_hash[n] != d_hash.get(n) and n not in bad]
            if bad:
                raise CopyError(f"复制后核对不一致（表：{'、'.join(bad)}）；目标“{display(target)}”不可使用，请删除后重试。")
            report.counts = {n: s_counts[n] for n in (t.name for t in tables()) if n in s_counts}
            report.digest = hashlib.sha256(json.dumps(s_hash, sort_keys=True).encode()).hexdigest()
        if analyzing is not None:
            analyzing.result()
            analyzing = None
        phases["verify"] = time.perf_counter() - t0
        report.phases = phases
        report.seconds = time.perf_counter() - started
        return report
    finally:
        if hashing is not None:  # a failure or a cancel: stop reading the source before closing it
            stop.set()
            hashing.join()
        if analyzing is not None:
            analyzing.join()
        try:
            raw.rollback()
        finally:
            raw.close()
            dest.close()


def _analyze(db: Database) -> None:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")


def _refuse_unless_empty(dest: Database) -> None:
    with dest.engine.connect() as conn:
        for t in tables():
            if t.name in ("site", "alembic_version") or t.name in DERIVED:
                continue
            if conn.scalar(select(func.count()).select_from(t)):
                raise CopyError(f"目标数据库“{dest.location}”里已有数据（表 {t.name}）；只能复制到空数据库。")
        if (conn.scalar(select(func.count()).select_from(Base.metadata.tables["site"])) or 0) > 1:
            raise CopyError(f"目标数据库“{dest.location}”里已有数据（站点）；只能复制到空数据库。")


def _copy_table(raw, src_pg: bool, dconn, table: Table):
    """Stream ``table`` from the source connection ``raw`` into the target connection; yields rows
    written per batch."""
    from vcadre.store.changelog import as_stored_table

    cols = [c.name for c in table.columns]
    col_list = ", ".join(f'"{c}"' for c in cols)
    dest_pg = dconn.dialect.name == "postgresql"
    if src_pg:
        cur = raw.driver_connection.cursor(name=f"vcadre_copy_{table.name}")
        cur.itersize = BATCH
    else:
        cur = raw.cursor()
    cur.execute(f"SELECT {col_list} FROM {table.name}")
    try:
        if dest_pg:
            from psycopg.copy import QueuedLibpqWriter

            dcur = dconn.connection.driver_connection.cursor()
            bools = [i for i, c in enumerate(table.columns) if isinstance(c.type, Boolean)] if not src_pg else []
            # Sent by a thread of psycopg's: the server takes in one batch while this thread
            # reads and formats the next (person, dispatch_month, visit: 27–32 s against 32–35 s at load 15).
            with dcur.copy(f"COPY {table.name} ({col_list}) FROM STDIN", writer=QueuedLibpqWriter(dcur)) as cp:
                write = cp.write_row
                while True:
                    batch = cur.fetchmany(BATCH)
                    if not batch:
                        break
                    if bools:
                        for row in batch:
                            row = list(row)
                            for i in bools:
                                if row[i] is not None:
                                    row[i] = bool(row[i])
                            write(row)
                    else:
                        for row in batch:
                            write(row)
                    yield len(batch)
        else:
            conv = as_stored_table(table) if src_pg else None
            sql = f"INSERT INTO {table.name} ({col_list}) VALUES ({', '.join('?' * len(cols))})"
            while True:
                batch = cur.fetchmany(BATCH)
                if not batch:
                    break
                if conv is not None:
                    batch = [conv(r) for r in batch]
                dconn.exec_driver_sql(sql, batch)
                yield len(batch)
    finally:
        cur.close()


def _drop_indexes_and_foreign_keys(dconn) -> list[str]:
    """Drop the new server database's foreign keys and secondary indexes (not primary keys or
    unique constraints); returns the DDL that puts them back, indexes first. Inside the copy's
    transaction: a failure or a cancel leaves the schema as it was."""
    fks = dconn.exec_driver_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1, 2").all()
    indexes = dconn.exec_driver_sql(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index AS i JOIN pg_class AS c "
        "ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = i.indexrelid) ORDER BY 1").all()
    for table, name, _ddl in fks:
        dconn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ddl in indexes:
        dconn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [ddl for _name, ddl in indexes] + [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {ddl}'
                                                for table, name, ddl in fks]


def _fix_sequences(dconn, todo: list[Table]) -> None:
    """Integer keys copied as they were: move their sequences past them (PostgreSQL)."""
    for t in todo:
        pk = list(t.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        col = pk[0].name
        seq = dconn.exec_driver_sql("SELECT pg_get_serial_sequence(%s, %s)", (t.name, col)).scalar()
        if seq:
            dconn.exec_driver_sql(
                f"SELECT setval(%s, coalesce((SELECT max({col}) FROM {t.name}), 0) + 1, false)", (seq,))
