"""Sites for sync tests: each a copy of the migrated template with its own site id and name."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path
from typing import Callable

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


@pytest.fixture
def sites(empty_template: Path, tmp_path: Path, user_data_dir) -> Callable[..., list[Database]]:
    made: list[Database] = []
    counter = itertools.count()

    def make(*names: str) -> list[Database]:
        out = []
        for name in names:
            folder = tmp_path / f"s{next(counter)}"
            folder.mkdir()
            db = make_site(empty_template, folder, name)
            made.append(db)
            out.append(db)
        return out

    yield make
    for db in made:
        db.close()


def dump(db: Database) -> list[str]:
    """Everything in the database, as SQL text (to compare before/after)."""
    con = sqlite3.connect(db.path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def content(db: Database) -> dict:
    """The synced content: every row's fields and clock, by table and id."""
    from vcadre.store.changelog import FIELDS

    con = sqlite3.connect(db.path)
    try:
        out = {}
        for table, fields in FIELDS.items():
            out[table] = {r[0]: r[1:] for r in con.execute(
                f"SELECT id, hlc, site_id, {', '.join(fields)} FROM {table} ORDER BY id")}
        return out
    finally:
        con.close()
