"""Sites for sync tests: each a copy of the migrated template with its own site id and name."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path
from typing import Callable, Optional

import pytest
from sqlalchemy import event

from vcadre.store.db import Database, open_database
from vcadre.store.models import new_id
from tests.conftest import copy_db

PASS = "正确的口令 correct horse"
FAST_KDF = 2**10


def make_site(template: Path, folder: Path, name: str) -> Database:
    path = folder / f"{name}-{new_id()[-6:]}.db"
    copy_db(template, path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    with con:
        con.execute("UPDATE site SET id = ?, name = ? WHERE is_local = 1", (new_id(), name))
    con.close()
    db = open_database(path)
    # Durability is not what these tests check (the crash test runs with the real settings);
    # without fsync a replica exchange costs a tenth of the time on a busy disk.
    event.listen(db.engine, "connect", lambda dbapi, _rec: dbapi.execute("PRAGMA synchronous=OFF"))
    db.engine.dispose()
    return db


def make_server_site(cluster, template: str, name: str) -> Database:
    """An office on the PostgreSQL server: a fresh database with its own site id and name."""
    db = open_database(cluster.create(template=template))
    with db.engine.connect() as conn, conn.begin():
        conn.exec_driver_sql("UPDATE site SET id = %s, name = %s WHERE is_local", (new_id(), name))
    return db


@pytest.fixture
def on_server() -> Optional[tuple[str, ...]]:
    """Names of the sites ``sites`` makes on the PostgreSQL server when ``backend`` is postgresql;
    None: the first site the test makes (the office), the others stay laptop files. A test
    parametrises it to put a given role (the root, a delegate) on the server; () keeps every site
    a file (tests elsewhere whose ``db`` is the backend under test)."""
    return None


@pytest.fixture
def sites(request: pytest.FixtureRequest, empty_template: Path, tmp_path: Path, user_data_dir, backend: str,
          on_server: Optional[tuple[str, ...]]) -> Callable[..., list[Database]]:
    """``sites(*names)``: new sites, SQLite files — and, on the postgresql ``backend``, the office
    (see ``on_server``) a database on the throw-away server."""
    made: list[Database] = []
    counter = itertools.count()

    def server(name: str) -> bool:
        if backend != "postgresql":
            return False
        return not made if on_server is None else name in on_server

    def make(*names: str) -> list[Database]:
        out = []
        for name in names:
            if server(name):
                db = make_server_site(request.getfixturevalue("pg_cluster"),
                                      request.getfixturevalue("pg_template"), name)
            else:
                folder = tmp_path / f"s{next(counter)}"
                folder.mkdir()
                db = make_site(empty_template, folder, name)
            made.append(db)
            out.append(db)
        return out

    yield make
    for db in made:
        db.close()
        if db.is_server:
            request.getfixturevalue("pg_cluster").drop(db.engine.url.database)
    if backend == "postgresql" and on_server != ():  # a test that meant to put a site on the server did
        assert any(db.is_server for db in made), f"no site on the server (on_server={on_server})"


def dump(db: Database) -> list[str]:
    """Everything in the database, as SQL text (to compare before/after); on a server every row
    of every table as PostgreSQL's text of the row, sorted (the same ``INSERT INTO "table"`` prefix)."""
    if db.is_server:
        with db.engine.connect() as conn:
            names = conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").scalars().all()
            out = []
            for name in names:
                out += sorted(f'INSERT INTO "{name}" VALUES{row}' for row in conn.exec_driver_sql(
                    f'SELECT t::text FROM "{name}" AS t').scalars())
            conn.rollback()
        return out
    con = sqlite3.connect(db.path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def content(db: Database) -> dict:
    """The synced content: every row's fields and clock, by table and id."""
    from vcadre.store.changelog import FIELDS
    from vcadre.store.dbapi import raw_connection

    out = {}
    with db.engine.connect() as conn:  # sqlite3 itself, or psycopg giving the same plain values
        raw = raw_connection(conn)
        for table, fields in FIELDS.items():
            out[table] = {r[0]: tuple(r[1:]) for r in raw.execute(
                f"SELECT id, hlc, site_id, {', '.join(fields)} FROM {table} ORDER BY id").fetchall()}
        conn.rollback()
    return out
