"""The two backends behind one store: an SQLite file (a laptop) or a PostgreSQL server (an office).

``--db`` takes either a path or an SQLAlchemy URL ``postgresql://user@host[:port]/dbname``; this
module tells them apart, makes the server's engine (psycopg 3; libpq's default ``sslmode=prefer``
uses TLS whenever the server offers it) and runs the little raw SQL the store keeps in SQLite's
``?`` style on either (``run``). Everything backend-specific beyond that lives in ``store.pg``.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Sequence

# SQLAlchemy is imported inside the functions: ``is_server_url`` runs while the CLI parses
# ``--db``, before the window is shown, and SQLAlchemy's import alone costs ~270 ms there.
if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_server_url(target: "os.PathLike | str | None") -> bool:
    """``target`` names a PostgreSQL server database (not a file)."""
    return isinstance(target, str) and target.strip().lower().startswith(SCHEMES)


def server_url(text: str, password: str | None = None) -> URL:
    """The SQLAlchemy URL of ``text`` with the psycopg 3 driver (and ``password`` if given)."""
    from sqlalchemy.engine import make_url

    from vcadre.store.db import DatabaseError

    text = text.strip()
    if text.lower().startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    try:
        url = make_url(text)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy's ArgumentError: a malformed URL
        raise DatabaseError(f"服务器地址“{display(text)}”格式不对：应为 postgresql://用户名@主机:端口/数据库名。") from exc
    if url.get_backend_name() != "postgresql" or not url.database:
        raise DatabaseError(f"服务器地址“{display(text)}”格式不对：应为 postgresql://用户名@主机:端口/数据库名。")
    url = url.set(drivername="postgresql+psycopg")
    if password is not None:
        url = url.set(password=password)
    return url


def display(target: "URL | str | os.PathLike") -> str:
    """``target`` as shown to the user and written to logs: never with its password."""
    if not isinstance(target, (str, os.PathLike)):  # an SQLAlchemy URL
        return target.set(drivername="postgresql").render_as_string(hide_password=True)
    if is_server_url(target):
        from sqlalchemy.engine import make_url

        try:
            return display(make_url(str(target).replace("postgres://", "postgresql://", 1)))
        except Exception:  # noqa: BLE001
            return re.sub(r":[^:@/]*@", ":***@", str(target))
    return str(target)


def make_server_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine

    engine = create_engine(
        url,
        pool_pre_ping=True,  # an office server restarted overnight: reconnect, don't fail the first click
        connect_args={"connect_timeout": 10, "application_name": "vcadre",
                      # Short interactive reads: the planner's pessimistic estimate of a search's
                      # never-run branch (``store.pg_search``) made it JIT-compile the query (50 ms
                      # for a 5 ms read) and start parallel workers (more than the read itself,
                      # and several officers' searches then fight for the cores).
                      "options": "-c jit=off -c max_parallel_workers_per_gather=0"},
    )
    return engine


def is_postgres(bind: Any) -> bool:
    """``bind`` (Engine, Connection, Session or dialect) talks to PostgreSQL."""
    dialect = getattr(bind, "dialect", None)
    if dialect is None and hasattr(bind, "get_bind"):
        dialect = bind.get_bind().dialect
    if dialect is None:
        dialect = bind
    return getattr(dialect, "name", "") == "postgresql"


_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?|%")


def qmark_to_format(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (and a literal ``%`` doubled), quotes kept."""
    def swap(m: re.Match) -> str:
        tok = m.group(0)
        return "%s" if tok == "?" else "%%" if tok == "%" else tok
    return _TOKENS.sub(swap, sql)


def run(conn: Any, sql: str, params: Sequence | list = ()):
    """``conn.exec_driver_sql`` of SQLite-style SQL (``?`` placeholders) on either backend; a list
    of tuples runs it for each (executemany)."""
    if is_postgres(conn):
        sql = qmark_to_format(sql)
    if isinstance(params, list):
        if not params:
            return None
        return conn.exec_driver_sql(sql, params)
    return conn.exec_driver_sql(sql, tuple(params))


def lock_for_edit(session: Any) -> None:
    """Take the write lock now, before reading what a save is checked against, and keep it to the
    end of the transaction: a check done under it and the write that follows are one step that no
    other writer can come between (optimistic locking, ``services.edit_lock``).

    PostgreSQL: the writers' advisory lock (``store.pg.writer_lock``), which every flush takes
    anyway — taken first, so a check never holds row locks while waiting for it (no deadlock).
    SQLite: a write statement that changes nothing takes the file's write lock; it must be the
    transaction's first statement, or a stale read snapshot would make it fail instead of wait.
    """
    conn = session.connection()
    if is_postgres(conn):
        from vcadre.store import pg

        pg.writer_lock(conn)
    else:
        conn.exec_driver_sql("UPDATE site SET last_hlc = last_hlc WHERE 0")
