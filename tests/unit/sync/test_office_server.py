"""An office on a PostgreSQL server syncs with two township laptops (SQLite) by package (issue 16).

The office is one site like a laptop: packages go both ways, edits on every side travel, a
conflicting edit is recorded (not lost), and after the rounds all three hold the same content,
compared as plain rows (the values packages carry) read from each backend.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from vcadre.services import regions
from vcadre.store.changelog import FIELDS
from vcadre.store.db import Database, open_database
from vcadre.store.dbapi import raw_connection
from vcadre.store.models import Person, Region, ReserveEntry, new_id
from vcadre.sync import conflicts
from vcadre.sync.service import peers

from tests.unit.sync.helpers import ship


@pytest.fixture
def office(pg_cluster, pg_template, user_data_dir):
    """The county office: a fresh server database with its own site id and name."""
    url = pg_cluster.create(template=pg_template)
    db = open_database(url)
    with db.engine.connect() as conn, conn.begin():
        conn.exec_driver_sql("UPDATE site SET id = %s, name = %s WHERE is_local", (new_id(), "县委组织部"))
    yield db
    db.close()
    pg_cluster.drop(url.rsplit("/", 1)[1])


def content(db: Database) -> dict:
    """Every synced row's fields and clock, by table and id, as plain values (either backend)."""
    out = {}
    with db.engine.connect() as conn:
        raw = raw_connection(conn)
        for table, fields in FIELDS.items():
            out[table] = {r[0]: tuple(r[1:]) for r in raw.execute(
                f"SELECT id, hlc, site_id, {', '.join(fields)} FROM {table} ORDER BY id").fetchall()}
        conn.rollback()
    return out


def _add(db: Database, obj) -> str:
    with db.session() as s, s.begin():
        s.add(obj)
    return obj.id


def _edit(db: Database, model, row_id: str, **values) -> None:
    with db.session() as s, s.begin():
        obj = s.get(model, row_id)
        for k, v in values.items():
            setattr(obj, k, v)


def _get(db: Database, model, row_id: str):
    with db.session() as s:
        return s.get(model, row_id)


def _open_conflicts(db: Database):
    with db.session() as s:
        return conflicts.list_conflicts(s, open_only=True)


def _round(office, laptops, folder) -> None:
    """Each laptop sends to the office, then the office sends to each laptop."""
    for laptop in laptops:
        ship(laptop, office, folder)
    for laptop in laptops:
        ship(office, laptop, folder)


def test_office_server_and_two_laptops_converge(office, sites, tmp_path) -> None:
    lap1, lap2 = sites("龙场镇", "金凤街道")
    with office.session() as s, s.begin():
        regions.import_regions(s, [(2, "520524", "织金县", ""), (3, "520524001", "龙场镇", "520524"),
                                   (4, "520524001001", "青山村", "520524001")])
    with office.session() as s:
        village = s.scalar(select(Region.id).where(Region.name == "青山村"))
    _edit(office, Region, village, needs_first_secretary=True)
    p1 = _add(office, Person(name="张三", gender="1", birth_date=date(1985, 3, 9), phone="13800000001"))
    # First contact: full packages out from the office.
    ship(office, lap1, tmp_path)
    ship(office, lap2, tmp_path)
    assert content(lap1) == content(office) == content(lap2)
    assert _get(lap1, Region, village).needs_first_secretary is True
    assert _get(lap2, Person, p1).birth_date == date(1985, 3, 9)

    # Each side adds and edits: a person on each laptop, a reserve entry on the first, office edits.
    p2 = _add(lap1, Person(name="李四", gender="2", birth_date=date(1990, 12, 31)))
    e2 = _add(lap1, ReserveEntry(person_id=p2, village_id=village, source="veteran", stage="reserve",
                                     entry_date=date(2024, 5, 1)))
    p3 = _add(lap2, Person(name="王五", gender="1", phone="13500000003"))
    _edit(office, Person, p1, phone="13800000009", party_join_date=date(2010, 7, 1))
    _edit(lap2, Region, village, needs_first_secretary=False)
    _round(office, [lap1, lap2], tmp_path)
    _round(office, [lap1, lap2], tmp_path)  # lap1 now gets what lap2 sent in the first round
    assert content(lap1) == content(office) == content(lap2)
    with office.session() as s:
        names = set(s.scalars(select(Person.name).where(Person.deleted.is_(False))))
    assert names == {"张三", "李四", "王五"}
    assert _get(office, ReserveEntry, e2).entry_date == date(2024, 5, 1)
    assert _get(lap1, Person, p1).party_join_date == date(2010, 7, 1)
    assert _get(lap1, Region, village).needs_first_secretary is False
    assert _get(lap1, Person, p3).phone == "13500000003"
    # The office keeps a peer entry per laptop, with what each acknowledged.
    assert {p["name"] for p in peers(office)} == {"龙场镇", "金凤街道"}

    # A delete on the office travels too.
    _edit(office, Person, p3, deleted=True)
    _round(office, [lap1, lap2], tmp_path)
    assert _get(lap1, Person, p3).deleted and _get(lap2, Person, p3).deleted
    assert content(lap1) == content(office) == content(lap2)


def test_concurrent_edits_of_one_field_are_a_conflict_everywhere(office, sites, tmp_path) -> None:
    lap1, lap2 = sites("龙场镇", "金凤街道")
    pid = _add(office, Person(name="张三", gender="1", notes="原备注"))
    ship(office, lap1, tmp_path)
    ship(office, lap2, tmp_path)
    # Both laptops change the phone from the same base, neither seeing the other; the office
    # meanwhile changes another field of the same person.
    _edit(lap1, Person, pid, phone="13900000001")
    _edit(lap2, Person, pid, phone="13900000002")
    _edit(office, Person, pid, notes="办公室改的备注")
    _round(office, [lap1, lap2], tmp_path)
    _round(office, [lap1, lap2], tmp_path)
    assert content(lap1) == content(office) == content(lap2)
    got = _get(office, Person, pid)
    assert got.notes == "办公室改的备注" and got.phone in {"13900000001", "13900000002"}
    found = _open_conflicts(office)
    assert [(c.kind, c.field) for c in found] == [("edit", "phone")]
    assert {found[0].winner, found[0].loser} == {"13900000001", "13900000002"}
    assert found[0].winner == got.phone  # the later clock's value is the one kept
    # Every laptop that saw both versions records the same conflict (lap2 got lap1's edit after
    # its own, and the other way round), so an officer anywhere can settle it.
    for laptop in (lap1, lap2):
        assert [(c.kind, c.field, c.winner) for c in _open_conflicts(laptop)] == [("edit", "phone", got.phone)]


def test_office_export_of_a_deleted_edited_row_is_a_delete_conflict(office, sites, tmp_path) -> None:
    lap1, = sites("龙场镇")
    pid = _add(lap1, Person(name="赵六", gender="2", phone="13700000001"))
    ship(lap1, office, tmp_path)
    _edit(office, Person, pid, deleted=True)  # the office removes the person...
    _edit(lap1, Person, pid, phone="13700000002")  # ...while the township corrects the phone
    ship(office, lap1, tmp_path)
    ship(lap1, office, tmp_path)
    assert content(lap1) == content(office)
    for db in (office, lap1):
        p = _get(db, Person, pid)
        assert p.deleted and p.phone == "13700000002"  # the edit kept inside the deleted row
        assert [c.kind for c in _open_conflicts(db)] == ["delete"]


def test_any_officer_machine_exports_as_the_one_office_site(office, sites, tmp_path, monkeypatch) -> None:
    """The server database belongs to no installation: a second officer's machine (its own data
    dir) opens it and exports as the same site, signed with the same key, and is not taken for a
    copy of it (as a copied laptop file would be)."""
    lap1, = sites("龙场镇")
    p1 = _add(office, Person(name="张三", gender="1"))
    ship(office, lap1, tmp_path)  # exported from the first officer's machine
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "second-officer"))
    second = open_database(office.url.replace("***", ""))
    try:
        assert second.site()[0] == office.site()[0]
        _edit(second, Person, p1, phone="13600000001")
        p2 = _add(second, Person(name="钱七", gender="2"))
        result = ship(second, lap1, tmp_path)
        assert not result.new_peer and result.stats.conflicts == 0
    finally:
        second.close()
    assert _get(lap1, Person, p1).phone == "13600000001" and _get(lap1, Person, p2).name == "钱七"
    assert content(lap1) == content(office)


def test_a_restored_laptop_numbers_beyond_32_bits_reach_the_office(office, sites, tmp_path) -> None:
    """A laptop in a later incarnation (after a restore) numbers its changes from 2^40 on; the
    server keeps them (``bigint``, migration 0170) and acknowledges them back."""
    lap1, = sites("龙场镇")
    with lap1.engine.connect() as conn, conn.begin():
        conn.exec_driver_sql("UPDATE site SET incarnation = 2 WHERE is_local = 1")
    pid = _add(lap1, Person(name="孙八", gender="1"))
    ship(lap1, office, tmp_path)
    with office.engine.connect() as conn:
        top = conn.exec_driver_sql("SELECT max(origin_seq) FROM sync_change").scalar()
    assert top > 2 ** 41
    _edit(office, Person, pid, phone="13400000001")
    ship(office, lap1, tmp_path)
    assert {p["name"]: p["received_seq"] for p in peers(lap1)}["县委组织部"] > 0
    assert content(lap1) == content(office)


def test_an_office_import_is_backed_up_first_on_the_server(office, sites, tmp_path, user_data_dir) -> None:
    """The GUI and CLI import with a backup first: on a server, a copy of the office database as it
    was before the package, kept on the server (``store.server_backup``): nothing of it is written
    to the officer's machine, and the administrator copies it out into a file that holds exactly
    the rows from before the import."""
    import sqlite3

    from tests.unit.sync.conftest import PASS
    from tests.unit.sync.helpers import export
    from vcadre.cli import main
    from vcadre.store import server_backup
    from vcadre.sync.service import import_package

    lap1, = sites("龙场镇")
    _add(office, Person(name="张三", gender="1"))
    _add(lap1, Person(name="李四", gender="2"))
    result = import_package(office, export(lap1, tmp_path), PASS)
    assert result.stats.added == 1
    taken = server_backup.backups(office)
    assert [b.name for b in taken] == [result.backup.name] and taken[0].reason == "before-sync-import"
    assert not list(user_data_dir.rglob("*.db")), "no copy of the server's data on this machine"
    out = tmp_path / "恢复 出来.db"
    assert main(["db", "copy", "--from", office.location, "--backup", result.backup.name, "--to", str(out),
                 "--quiet"]) == 0
    con = sqlite3.connect(out)
    try:
        assert [n for (n,) in con.execute("SELECT name FROM person ORDER BY name")] == ["张三"]
    finally:
        con.close()
    with office.session() as s:  # the live data has the import
        assert sorted(s.scalars(select(Person.name))) == ["张三", "李四"]
