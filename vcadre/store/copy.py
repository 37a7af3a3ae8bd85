"""``vcadre db copy``: move a whole database between an SQLite file and a PostgreSQL server.

A county's laptop file goes to the office server (and a server database back into a file for a
laptop): every table, the same site identity and clocks, so sync goes on as before. The target
must be new (a file that does not exist, or an empty server database); it is migrated to the
same schema, filled in one transaction, then checked: row counts and a content hash per table
must equal the source's. The search-key tables are derived: they are rebuilt on the target by
its own triggers' rules, and their counts checked against the source too (a PL/pgSQL rule that
drifted from SQLite's would show here).

Rows travel as the driver reads them (SQLite storage values, or PostgreSQL's typed values turned
into that form): into PostgreSQL with ``COPY``, into SQLite with ``executemany``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy import Boolean, Integer, Table, func, inspect, select

from vcadre.store import search_index
from vcadre.store.backend import display, is_server_url
from vcadre.store.db import Database, DatabaseError, open_database
from vcadre.store.models import Base

#: Tables rebuilt on the target instead of copied.
DERIVED = ("person_search_key", "reserve_search_key")
BATCH = 5000

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


def tables() -> list[Table]:
    """Every table of the schema in foreign-key order (parents first)."""
    return list(Base.metadata.sorted_tables)


def _canon(v: Any) -> Any:
    if v is None or isinstance(v, (str, int)) and not isinstance(v, bool):
        return v
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, datetime):
        return v.isoformat(sep=" ", timespec="microseconds")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if isinstance(v, Decimal):
        return repr(float(v))
    return str(v)


def table_digest(db: Database, table: Table) -> tuple[int, str]:
    """(rows, hash) of ``table``: the sum of each row's SHA-256 over its typed values, so the
    order rows come back in (collations differ between backends) does not matter."""
    total, n = 0, 0
    cols = list(table.columns)
    with db.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(select(*cols))
        for row in result:
            line = json.dumps([_canon(v) for v in row], ensure_ascii=False, separators=(",", ":"))
            total = (total + int.from_bytes(hashlib.sha256(line.encode()).digest(), "big")) % (1 << 256)
            n += 1
    return n, f"{total:064x}"


def digest(db: Database, progress: Optional[Progress] = None) -> tuple[dict[str, int], dict[str, str]]:
    counts, hashes = {}, {}
    present = set(inspect(db.engine).get_table_names())
    for t in tables():
        if t.name not in present:
            continue
        if t.name in DERIVED:
            with db.engine.connect() as conn:
                counts[t.name] = conn.scalar(select(func.count()).select_from(t)) or 0
            continue
        counts[t.name], hashes[t.name] = table_digest(db, t)
        if progress is not None:
            progress(t.name, counts[t.name], -1)
    return counts, hashes


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
    try:
        _refuse_unless_empty(dest)
        present = set(inspect(src.engine).get_table_names())
        todo = [t for t in tables() if t.name in present and t.name not in DERIVED]
        with src.engine.connect() as sconn:
            sizes = {t.name: sconn.scalar(select(func.count()).select_from(t)) or 0 for t in todo}
        total, done = sum(sizes.values()), 0
        with dest.engine.begin() as dconn:
            dconn.exec_driver_sql("DELETE FROM site")  # the source's site (identity, keys, clock) comes over
            search_index.suspend(dconn)
            for t in todo:
                for n in _copy_table(src, dconn, t):
                    done += n
                    if progress is not None and progress(t.name, done, total) is False:
                        raise CopyError("复制已取消，目标未写入任何数据。")
            if progress is not None:
                progress("person_search_key", done, total)
            search_index.resume(dconn)  # the derived keys, by the target's own rules
            if dconn.dialect.name == "postgresql":
                _fix_sequences(dconn, todo)
                # Planner statistics now, not when autovacuum gets round to it: the first
                # searches after a move would otherwise be planned for empty tables.
                dconn.exec_driver_sql("ANALYZE")
        report = CopyReport(display(src.location) if src.is_server else str(src.path), display(target))
        if verify:
            s_counts, s_hash = digest(src)
            d_counts, d_hash = digest(dest)
            bad = [n for n in s_counts if s_counts[n] != d_counts.get(n)]
            bad += [n for n in s_hash if s_hash[n] != d_hash.get(n) and n not in bad]
            if bad:
                raise CopyError(f"复制后核对不一致（表：{'、'.join(bad)}）；目标“{display(target)}”不可使用，请删除后重试。")
            report.counts = s_counts
            report.digest = hashlib.sha256(json.dumps(s_hash, sort_keys=True).encode()).hexdigest()
        report.seconds = time.perf_counter() - started
        return report
    finally:
        dest.close()


def _refuse_unless_empty(dest: Database) -> None:
    with dest.engine.connect() as conn:
        for t in tables():
            if t.name in ("site", "alembic_version") or t.name in DERIVED:
                continue
            if conn.scalar(select(func.count()).select_from(t)):
                raise CopyError(f"目标数据库“{dest.location}”里已有数据（表 {t.name}）；只能复制到空数据库。")
        if (conn.scalar(select(func.count()).select_from(Base.metadata.tables["site"])) or 0) > 1:
            raise CopyError(f"目标数据库“{dest.location}”里已有数据（站点）；只能复制到空数据库。")


def _copy_table(src: Database, dconn, table: Table):
    """Stream ``table`` from ``src`` into the target connection; yields rows written per batch."""
    from vcadre.store.changelog import as_stored_table

    cols = [c.name for c in table.columns]
    col_list = ", ".join(f'"{c}"' for c in cols)
    src_pg = src.engine.dialect.name == "postgresql"
    dest_pg = dconn.dialect.name == "postgresql"
    raw = src.engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor(name="vcadre_copy") if src_pg else raw.cursor()
        cur.execute(f"SELECT {col_list} FROM {table.name}")
        if dest_pg:
            dcur = dconn.connection.driver_connection.cursor()
            bools = [i for i, c in enumerate(table.columns) if isinstance(c.type, Boolean)] if not src_pg else []
            with dcur.copy(f"COPY {table.name} ({col_list}) FROM STDIN") as cp:
                while True:
                    batch = cur.fetchmany(BATCH)
                    if not batch:
                        break
                    for row in batch:
                        if bools:
                            row = list(row)
                            for i in bools:
                                if row[i] is not None:
                                    row[i] = bool(row[i])
                        cp.write_row(row)
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
        cur.close()
    finally:
        raw.close()


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
