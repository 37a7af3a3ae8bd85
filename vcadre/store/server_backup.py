"""Automatic backups of an office server database, kept on the server (issue 16).

Before an import (Excel, sync package) a laptop copies its database file to its backup folder.
An office server is not a file: copying it to the officer's PC took minutes at province scale
and left every ID number unencrypted on that PC (a server database has no vcadre key to encrypt
a copy with, and personal data must not be written unencrypted outside the database unless the
user exports it). So the backup stays where the data already is: one schema per backup,
``vcadre_backup_<YYYYMMDD>_<HHMMSS>_<microseconds>``, holding a copy of every table as it was at
one moment (REPEATABLE READ), made by the server itself (``CREATE TABLE … AS TABLE``: no row
leaves it). The search-key tables are derived (``store.copy.DERIVED``) and not copied. The
schema's comment says when, why and by whom.

The newest ``backup.KEEP_BACKUPS`` and the newest of every month are kept, as on a laptop.
A backup is never put back in place (``backup.restore_database`` refuses: it would wipe the other
officers' work since); the server's administrator (信息员) copies one out into a new file or an
empty server database with ``vcadre db copy --from URL --backup NAME --to …`` (``open_backup``),
checked like every copy.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional

from vcadre.store.db import Database, DatabaseError

log = logging.getLogger(__name__)

PREFIX = "vcadre_backup_"
_NAME = re.compile(r"^vcadre_backup_(\d{8})_(\d{6})_(\d{6})$")


class ServerBackupError(DatabaseError):
    pass


@dataclass(frozen=True)
class ServerBackup:
    """One backup on the server: its schema ``name`` and what its comment records."""

    name: str
    taken_at: datetime
    reason: str = ""
    by: str = ""
    rows: int = 0

    def __str__(self) -> str:  # how the import result and the trail show it
        return f"单位服务器上的备份 {self.name}"


def _taken_at(name: str) -> Optional[datetime]:
    m = _NAME.match(name)
    return datetime.strptime("".join(m.groups()), "%Y%m%d%H%M%S%f") if m else None


def _quote_literal(text: str) -> str:
    # COMMENT takes no parameters; standard_conforming_strings is on since PostgreSQL 9.1.
    return "'" + text.replace("'", "''") + "'"


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
    if code == "53100":
        return "服务器磁盘已满"
    if code == "42501":
        return "连接服务器的账户没有在该数据库中建表的权限（需要 CREATE 权限）"
    if code == "25006":
        return "当前登录只能查阅，不能写入"
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return first


def take(db: Database, reason: str) -> ServerBackup:
    """Back up every table of the server database ``db`` into a new schema on the server."""
    from sqlalchemy import exc as sa_exc

    from vcadre.store.copy import DERIVED, tables

    now = datetime.now()
    name = PREFIX + now.strftime("%Y%m%d_%H%M%S_%f")
    note = json.dumps({"reason": reason, "by": db.auth.user_name, "at": now.isoformat(timespec="seconds")},
                      ensure_ascii=False)
    rows = 0
    try:
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
                present = {r[0] for r in conn.exec_driver_sql(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")}
                names = [t.name for t in tables() if t.name in present and t.name not in DERIVED]
                names += [n for n in ("alembic_version",) if n in present]
                conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
                for t in names:
                    conn.exec_driver_sql(f'CREATE TABLE "{name}"."{t}" AS TABLE "{schema}"."{t}"')
                    rows += conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"."{t}"').scalar()
                conn.exec_driver_sql(f'COMMENT ON SCHEMA "{name}" IS {_quote_literal(note)}')
    except sa_exc.DBAPIError as exc:
        log.warning("server backup failed: %s", exc.orig if hasattr(exc, "orig") else exc)
        raise ServerBackupError(f"无法在单位服务器上备份数据库：{_reason(exc)}。已放弃本次操作，未作任何改动。") from exc
    return ServerBackup(name, now, reason, db.auth.user_name, rows)


def backups(db: Database) -> list[ServerBackup]:
    """The backups on the server, newest first."""
    with db.engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT nspname, obj_description(oid, 'pg_namespace') FROM pg_namespace "
            "WHERE starts_with(nspname, %s) ORDER BY nspname DESC", (PREFIX,)).all()
    out = []
    for name, comment in found:
        when = _taken_at(name)
        if when is None:
            continue
        try:
            note = json.loads(comment or "{}")
        except ValueError:
            note = {}
        out.append(ServerBackup(name, when, str(note.get("reason", "")), str(note.get("by", ""))))
    return out


def _checked(db: Database, name: str) -> str:
    if not _NAME.match(name) or name not in {b.name for b in backups(db)}:
        raise ServerBackupError(f"单位服务器上没有名为“{name}”的备份（vcadre db backups 列出现有的备份）。")
    return name


def drop(db: Database, name: str) -> None:
    """Delete one backup (a refused import's, or an old one)."""
    name = _checked(db, name)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')


def prune(db: Database, keep: Optional[int] = None) -> list[str]:
    """Keep the newest ``keep`` backups and the newest of every month (as ``backup.prune_backups``
    does with files); returns the names dropped."""
    from vcadre.store.backup import keep_count

    keep = keep_count() if keep is None else keep
    months: set[str] = set()
    dropped = []
    for i, b in enumerate(backups(db)):
        month = b.taken_at.strftime("%Y%m")
        if i < keep or month not in months:
            months.add(month)
            continue
        try:
            drop(db, b.name)
            dropped.append(b.name)
        except Exception as exc:  # noqa: BLE001 - an old backup left is no reason to fail the import
            log.warning("could not drop old server backup %s: %s", b.name, exc)
    return dropped


def open_backup(db: Database, name: str) -> Database:
    """A read-only ``Database`` over the backup ``name`` of the server database ``db`` (its schema
    first on the search path), for ``store.copy.copy_database`` to copy out."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    name = _checked(db, name)
    engine = create_engine(db.engine.url, connect_args={
        "connect_timeout": 10, "application_name": "vcadre",
        # Only the backup's tables are visible (nothing falls through to the live ones), and
        # nothing can be written to them.
        "options": f"-c search_path={name} -c default_transaction_read_only=on"})
    return Database(Path(db.path).with_name(f"{name}.db"), engine, sessionmaker(engine),
                    url=f"{db.url}（备份 {name}）")
