"""Every migration's downgrade runs: the chain goes from head down to the baseline step by step and
back up, on a database with rows in it, and ends with the schema it started with."""

from __future__ import annotations

import re

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from vcadre.store import migrate


def _schema(db) -> list[tuple]:
    """Every table, index and trigger with its SQL. A table that alembic's batch mode rebuilt
    (SQLite cannot drop a column) is stored as ``CREATE TABLE "name"``: the same table."""
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        return sorted((kind, name, table, re.sub(r'^CREATE TABLE "([^"]+)"', r"CREATE TABLE \1", sql or ""))
                      for kind, name, table, sql in rows)


def _version(db) -> str:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()


def _step(db, cfg, how, target: str) -> None:
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, how)(cfg, target)


def test_the_chain_is_linear_and_every_step_goes_down_and_up(db, small_county) -> None:
    cfg = migrate.alembic_config()
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1, "migrations must stay one linear chain"
    chain = [rev.revision for rev in script.walk_revisions()]  # head first
    assert _version(db) == chain[0]
    before = _schema(db)
    for rev, down in zip(chain, chain[1:]):
        _step(db, cfg, "downgrade", down)
        assert _version(db) == down, f"downgrade of {rev} did not reach {down}"
        _step(db, cfg, "upgrade", rev)  # and this one step up again from there
        assert _version(db) == rev
        _step(db, cfg, "downgrade", down)
    assert _version(db) == chain[-1]
    _step(db, cfg, "upgrade", "head")
    assert _version(db) == chain[0]
    assert _schema(db) == before
    # The rows made before (regions of the small county) came through the baseline untouched.
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM region").scalar_one() == len(small_county)


@pytest.mark.parametrize("to", ["0060", "0008"])
def test_downgrade_then_upgrade_keeps_the_rows_of_tables_both_have(db, small_county, to) -> None:
    cfg = migrate.alembic_config()
    _step(db, cfg, "downgrade", to)
    _step(db, cfg, "upgrade", "head")
    with db.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM region")}
    assert names == set(small_county)
