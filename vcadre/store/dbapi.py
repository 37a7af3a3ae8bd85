"""The plain DB-API connection the sync layer works on, for either backend (office mode, issue 16).

Sync (``sync.service``, ``sync.merge``, ``changelog.log_unlogged_rows``) runs plain SQL written
for ``sqlite3``: ``?`` placeholders, values in SQLite's storage form (dates as ``YYYY-MM-DD``
text, booleans as 0/1), which is also what sync packages carry. On a PostgreSQL server,
``raw_connection`` wraps psycopg so that the same code reads and writes the same values:

- ``?`` becomes ``%s``; SQLite's ``json_each(?)`` becomes ``json_array_elements_text``; the
  one pragma sync uses (``defer_foreign_keys``) has no counterpart needed (the foreign keys are
  not deferred there, and packages carry rows in dependency order).
- Parameters go as untyped literals (``unknown``), as SQLite's loose typing takes them: ``1``
  into a ``boolean`` column, ``'1990-05-06'`` into a ``date`` one.
- Dates and timestamps come back as their ISO text, booleans as 0/1.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from vcadre.store.backend import is_postgres, qmark_to_format


def raw_connection(conn: Any) -> Any:
    """The DB-API connection under the SQLAlchemy ``conn``: ``sqlite3`` itself, or a psycopg one
    that takes and gives the same SQL and values (``PgRaw``)."""
    dbapi = conn.connection.dbapi_connection
    if is_postgres(conn):
        return PgRaw(dbapi)
    return dbapi


_JSON_EACH = re.compile(r"json_each\(\?\)")


def translate(sql: str) -> str:
    """SQLite-style SQL of the sync layer as psycopg SQL (see the module docstring)."""
    sql = _JSON_EACH.sub("json_array_elements_text(CAST(? AS json))", sql)
    return qmark_to_format(sql)


_classes = None


def _sqlite_like(adapters) -> None:
    """Make ``adapters`` (one cursor's) send parameters untyped, read dates as text, booleans as 0/1."""
    global _classes
    if _classes is None:
        _classes = _adapter_classes()
    untyped, float_text, text, timestamp, bool_as_int = _classes
    adapters.register_dumper(int, untyped)
    adapters.register_dumper(bool, untyped)
    adapters.register_dumper(float, float_text)
    adapters.register_loader("date", text)
    adapters.register_loader("timestamp", timestamp)
    adapters.register_loader("bool", bool_as_int)


def _adapter_classes():
    from psycopg.adapt import Dumper, Loader
    from psycopg.types.string import TextLoader

    class Untyped(Dumper):
        oid = 0  # unknown: the server infers the type from where the value goes

        def dump(self, obj: Any) -> bytes:
            return str(int(obj) if isinstance(obj, bool) else obj).encode()

    class FloatText(Untyped):
        def dump(self, obj: float) -> bytes:
            return repr(obj).encode()

    class BoolAsInt(Loader):
        def load(self, data) -> int:
            return 1 if bytes(data) == b"t" else 0

    class Timestamp(Loader):
        # SQLAlchemy's SQLite form: always six digits of microseconds.
        def load(self, data) -> str:
            text = bytes(data).decode()
            return text if "." in text else text + ".000000"

    return Untyped, FloatText, TextLoader, Timestamp, BoolAsInt


class PgRaw:
    """``sqlite3.Connection``'s ``execute``/``executemany`` over a psycopg connection (the caller's
    transaction: commit and rollback stay with SQLAlchemy)."""

    is_postgres = True

    def __init__(self, con: Any) -> None:
        self._con = con

    def _cursor(self):
        cur = self._con.cursor()
        _sqlite_like(cur.adapters)  # this cursor only: the ORM keeps psycopg's own
        return cur

    def execute(self, sql: str, params: Sequence = ()):
        if sql.lstrip().upper().startswith("PRAGMA"):
            return self._cursor()  # see the module docstring: nothing to do on the server
        cur = self._cursor()
        cur.execute(translate(sql), tuple(params) if params else None)
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence]):
        cur = self._cursor()
        cur.executemany(translate(sql), [tuple(r) for r in rows])
        return cur
