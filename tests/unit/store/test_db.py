"""Opening, migrating and refusing databases; pragmas; constraints; tombstones; clocks."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from vcadre.store import migrate
from vcadre.store.clock import HybridClock, Stamp
from vcadre.store.db import (
    DatabaseError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotADatabaseError,
    open_database,
)
from vcadre.store.models import Base, Person, Region, Site, VillagePost


def test_new_database_is_migrated_to_head_with_a_local_site(tmp_path: Path) -> None:
    db = open_database(tmp_path / "新 数据.db", create=True, site_name="龙场镇组织办")
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == migrate.head_revision()
    site_id, name = db.site()
    assert name == "龙场镇组织办" and len(site_id) == 36
    db.close()
    # Reopening keeps the same site identity.
    db2 = open_database(tmp_path / "新 数据.db")
    assert db2.site() == (site_id, name)
    db2.close()


def test_schema_head_constant_matches_alembic() -> None:
    assert migrate.SCHEMA_HEAD == migrate.head_revision()


def test_models_and_migrations_agree(db) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_pragmas_on_every_connection(db) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_missing_file_without_create_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="不存在"):
        open_database(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


def test_non_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx.db"
    content = b"PK\x03\x04 this is really a spreadsheet" * 20
    path.write_bytes(content)
    with pytest.raises(NotADatabaseError, match="不是 SQLite"):
        open_database(path)
    assert path.read_bytes() == content
    assert not Path(str(path) + "-wal").exists()


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(ForeignDatabaseError, match="不是 vcadre 数据库"):
        open_database(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_with_a_clear_message(db, tmp_path: Path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    db.close()
    before = db.path.read_bytes()
    with pytest.raises(NewerSchemaError, match="较新版本") as err:
        open_database(db.path)
    assert "9999_future" in str(err.value)
    assert db.path.read_bytes() == before


def test_rows_are_stamped_with_site_and_increasing_clock(db) -> None:
    with db.session() as s, s.begin():
        county = Region(code="520524", name="织金县", level="county")
        s.add(county)
        s.flush()
        first = county.hlc
        site_id = s.scalar(select(Site.id).where(Site.is_local.is_(True)))
        assert county.site_id == site_id and len(county.id) == 36 and county.updated_at
    with db.session() as s, s.begin():
        county = s.get(Region, county.id)
        county.name = "织金县（改）"
    assert county.hlc > first
    with db.session() as s:
        assert s.scalar(select(Site.last_hlc).where(Site.is_local.is_(True))) == county.hlc


def test_unchanged_rows_are_not_restamped(db) -> None:
    with db.session() as s, s.begin():
        county = Region(code="520524", name="织金县", level="county")
        s.add(county)
    stamp = county.hlc
    with db.session() as s, s.begin():
        c = s.get(Region, county.id)
        c.name = c.name  # no real change
    with db.session() as s:
        assert s.get(Region, county.id).hlc == stamp


def test_live_id_numbers_may_repeat_only_through_sync(db) -> None:
    """Two offline sites may register the same person: the database keeps both (issue 8 lists
    them as "possible same person"); on one site the person service refuses a second holder."""
    from vcadre.services.errors import ValidationError
    from vcadre.services.persons import save_person

    number = "520524198503040132"
    with db.session() as s, s.begin():
        s.add(Person(name="张三", gender="1", id_number=number))
    with pytest.raises(ValidationError):
        with db.session() as s, s.begin():
            save_person(s, None, {"name": "李四", "gender": "1", "id_number": number})
    with db.session() as s, s.begin():
        s.add(Person(name="张三", gender="1", id_number=number))  # as a sync import would
    with db.session() as s:
        assert len(s.scalars(select(Person)).all()) == 2


def test_post_ending_before_it_starts_is_refused_by_the_database(db) -> None:
    with db.session() as s, s.begin():
        v = Region(code="520524001001", name="青山村", level="village")
        p = Person(name="王五", gender="1")
        s.add_all([v, p])
    with pytest.raises(IntegrityError):
        with db.session() as s, s.begin():
            s.add(VillagePost(person_id=p.id, village_id=v.id, post="secretary",
                              start_date=date(2021, 5, 1), end_date=date(2021, 4, 1)))


def test_foreign_keys_are_enforced(db) -> None:
    with pytest.raises(IntegrityError):
        with db.session() as s, s.begin():
            s.add(VillagePost(person_id="no-such-person", village_id="no-such-village",
                              post="secretary", start_date=date(2021, 5, 1)))


def test_hybrid_clock_never_goes_backwards_and_passes_remote_stamps() -> None:
    wall = [1000.0]
    clock = HybridClock(wall=lambda: wall[0])
    a = clock.tick()
    wall[0] = 999.0  # the laptop's clock jumps back
    b = clock.tick()
    assert b > a
    clock.observe(Stamp(5_000_000, 3).encode())
    c = clock.tick()
    assert c > Stamp(5_000_000, 3).encode()
    assert Stamp.decode(c) == Stamp(5_000_000, 4)


def test_clock_counter_overflow_keeps_stamps_fixed_width_and_increasing() -> None:
    clock = HybridClock(Stamp(1000, 999_998).encode(), wall=lambda: 0.5)
    stamps = [clock.tick() for _ in range(3)]
    assert stamps == sorted(stamps) and len(set(map(len, stamps))) == 1
    assert Stamp.decode(stamps[-1]) == Stamp(1001, 1)
