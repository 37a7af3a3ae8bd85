"""Schema migrations with alembic, run programmatically when a database is opened.

Importing alembic costs ~0.2 s of start-up, so a database already at ``SCHEMA_HEAD`` is
recognised with plain sqlite3 and alembic is only loaded when there is something to migrate.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

#: The newest migration's revision id; a test keeps it equal to alembic's head.
SCHEMA_HEAD = "0175"


def alembic_config() -> "Config":
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def check_compatible(path: Path, key: Optional[bytes] = None) -> Optional[str]:
    """Refuse SQLite files that are not vcadre databases or that a newer vcadre wrote.

    Returns the database's schema revision (None for an empty file). ``key``: an encrypted one.
    """
    from vcadre.store.db import DatabaseError, ForeignDatabaseError, NewerSchemaError

    errors: tuple = (sqlite3.DatabaseError,)
    try:
        # Read-only URI: inspecting must never change the file.
        if key is not None:
            from vcadre.store.protect import cipher

            errors = (sqlite3.DatabaseError, cipher.dbapi().DatabaseError)
            con = cipher.connect(path, key, readonly=True)
        else:
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                version = row[0] if row else None
        finally:
            con.close()
    except errors as exc:
        from vcadre.store import ioerrors

        # A locked file, a folder without permission or a vanished USB stick is not a damaged file.
        raise DatabaseError(f"无法打开数据库“{path}”：{ioerrors.reason(exc)}。") from exc
    if tables and "alembic_version" not in tables:
        raise ForeignDatabaseError(f"文件“{path}”是 SQLite 数据库，但不是 vcadre 数据库，未作任何改动。")
    if version is not None and version != SCHEMA_HEAD and version not in known_revisions():
        raise NewerSchemaError(
            f"数据库“{path}”由较新版本的 vcadre 创建（结构版本 {version}），"
            "本程序无法安全打开。请升级 vcadre 后再试。"
        )
    return version


def check_compatible_server(engine: Engine, shown: str) -> Optional[str]:
    """``check_compatible`` for a PostgreSQL database: its revision (None while empty)."""
    from sqlalchemy import inspect

    from vcadre.store.db import ForeignDatabaseError, NewerSchemaError

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = None
        if "alembic_version" in tables:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if tables and "alembic_version" not in tables:
        raise ForeignDatabaseError(f"服务器数据库“{shown}”里已有别的表，不是 vcadre 数据库，未作任何改动。"
                                   "请为 vcadre 新建一个空数据库。")
    if version is not None and version != SCHEMA_HEAD and version not in known_revisions():
        raise NewerSchemaError(f"服务器数据库“{shown}”由较新版本的 vcadre 创建（结构版本 {version}），"
                               "本程序无法安全打开。请升级 vcadre 后再试。")
    return version


def upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = alembic_config()
    with engine.begin() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head_revision():
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if conn.dialect.name == "postgresql":  # tables of any migration get the write guard (0173)
            from vcadre.store import pg

            pg.install_write_guard(conn)
