"""Shared fixtures: fresh database files built from a migrated template (Anki's getEmptyCol).

Migrating takes ~0.3 s; copying the template takes a millisecond, so every test gets its own
file under ``tmp_path`` (no in-memory SQLite: workers in other threads open the same file).
"""

from __future__ import annotations

from tests.today import TEST_TODAY
import shutil
from datetime import date
from pathlib import Path

import pytest

from vcadre.store.db import Database, open_database


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    db = open_database(path, create=True, site_name="测试站点")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def copy_db(template: Path, dest: Path) -> Path:
    shutil.copyfile(template, dest)
    return dest


@pytest.fixture
def db(empty_template: Path, tmp_path: Path):
    """An empty, migrated database of its own for this test."""
    database = open_database(copy_db(empty_template, tmp_path / "test.db"))
    yield database
    database.close()


@pytest.fixture
def small_county(db: Database) -> dict[str, str]:
    """Two townships with two villages each; returns name → region id."""
    from vcadre.services import regions

    rows = [
        (2, "520524", "织金县", ""),
        (3, "520524001", "龙场镇", "520524"),
        (4, "520524001001", "青山村", "520524001"),
        (5, "520524001002", "石桥村", "520524001"),
        (6, "520524002", "金凤街道", "520524"),
        (7, "520524002001", "化垮社区", "520524002"),
        (8, "520524002002", "青山社区", "520524002"),
    ]
    with db.session() as s, s.begin():
        regions.import_regions(s, rows)
    from sqlalchemy import select

    from vcadre.store.models import Region

    with db.session() as s:
        return {name: rid for rid, name in s.execute(select(Region.id, Region.name))}


TODAY = TEST_TODAY
