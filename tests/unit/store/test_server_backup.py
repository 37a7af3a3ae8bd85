"""Automatic backups of an office server stay on the server (``store.server_backup``, issue 16).

A server database has no vcadre key: a copy of it on the officer's PC would be every ID number
unencrypted outside the database. So the backup before an import is a schema on the server,
kept like a laptop's backups (newest ten and the newest of every month), copied out only by the
administrator (``db copy --backup``), never put back in place.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from vcadre.cli import main
from vcadre.services import talent_excel
from vcadre.store import server_backup
from vcadre.store.backup import backup_database
from vcadre.store.db import DatabaseError, open_database
from vcadre.store.models import Person

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def _people(db, *names: str) -> None:
    with db.session() as s, s.begin():
        for n in names:
            s.add(Person(name=n, gender="1"))


def _names(db) -> list[str]:
    with db.session() as s:
        return sorted(s.scalars(select(Person.name)))


def test_a_backup_is_the_data_as_it_was_and_stays_on_the_server(db, tmp_path: Path, user_data_dir: Path) -> None:
    _people(db, "张三", "李四")
    taken = backup_database(db, "人员导入")
    _people(db, "王五")
    assert taken.reason == "人员导入" and taken.rows > 0
    assert [b.name for b in server_backup.backups(db)] == [taken.name]
    assert not list(user_data_dir.rglob("*.db")), "nothing of the server's data on this machine"
    # The backup's own person table: the two from before, not the one after.
    with db.engine.connect() as conn:
        got = sorted(r[0] for r in conn.exec_driver_sql(f'SELECT name FROM "{taken.name}".person'))
    assert got == ["张三", "李四"]
    assert _names(db) == ["张三", "李四", "王五"]


def test_the_administrator_copies_a_backup_out_and_it_is_checked(db, pg_cluster, tmp_path: Path, capsys) -> None:
    _people(db, "张三")
    taken = backup_database(db, "before-sync-import")
    _people(db, "李四")
    assert main(["db", "backups", "--db", db.location, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["name"], b["reason"]) for b in listed] == [(taken.name, "before-sync-import")]
    out = tmp_path / "备份 复制.db"
    assert main(["db", "copy", "--from", db.location, "--backup", taken.name, "--to", str(out), "--quiet"]) == 0
    assert "行数与内容摘要一致" in capsys.readouterr().out
    con = sqlite3.connect(out)
    try:
        assert [n for (n,) in con.execute("SELECT name FROM person")] == ["张三"]
        # The search keys are rebuilt from the copied rows, as every copy does.
        assert con.execute("SELECT count(*) FROM person_search_key").fetchone()[0] > 0
    finally:
        con.close()
    # Into an empty server database too, the way a restore is done (README).
    url = pg_cluster.create()
    try:
        assert main(["db", "copy", "--from", db.location, "--backup", taken.name, "--to", url, "--quiet"]) == 0
        restored = open_database(url)
        try:
            assert _names(restored) == ["张三"]
        finally:
            restored.close()
    finally:
        pg_cluster.drop(url.rsplit("/", 1)[1])


def test_an_unknown_backup_is_refused_in_chinese(db, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.db"
    assert main(["db", "copy", "--from", db.location, "--backup", "vcadre_backup_20260101_000000_000000",
                 "--to", str(out), "--quiet"]) == 2
    assert "没有名为" in capsys.readouterr().err and not out.exists()
    assert main(["db", "copy", "--from", db.location, "--backup", 'x"; DROP TABLE person; --',
                 "--to", str(out), "--quiet"]) == 2
    assert _names(db) == []  # and the person table is still there


def test_a_backup_cannot_be_written_through_and_hides_the_live_tables(db) -> None:
    _people(db, "张三")
    taken = backup_database(db, "manual-test")
    _people(db, "李四")
    snap = server_backup.open_backup(db, taken.name)
    try:
        with snap.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM person").scalar() == 1
            with pytest.raises(Exception, match="read-only"):
                conn.exec_driver_sql("DELETE FROM person")
            conn.rollback()
            # A table the backup does not have is not read from the live data instead.
            with pytest.raises(Exception, match="does not exist"):
                conn.exec_driver_sql("SELECT count(*) FROM person_search_key")
    finally:
        snap.close()
    assert _names(db) == ["张三", "李四"]


def _backup_at(db, stamp: str) -> str:
    """A backup schema as ``take`` names it, taken at ``stamp`` (YYYYMMDD_HHMMSS)."""
    name = f"vcadre_backup_{stamp}_000000"
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        conn.exec_driver_sql(f'CREATE TABLE "{name}".person AS TABLE person')
    return name


def test_old_backups_go_the_newest_and_one_a_month_stay(db) -> None:
    dec = [_backup_at(db, f"202612{d:02d}_090000") for d in (1, 2, 3)]
    nov = [_backup_at(db, f"202611{d:02d}_090000") for d in (10, 20)]
    oct_ = _backup_at(db, "20261005_090000")
    dropped = server_backup.prune(db, keep=2)
    kept = [b.name for b in server_backup.backups(db)]
    # The two newest (3 and 2 Dec), then the newest of each older month (20 Nov, 5 Oct).
    assert kept == [dec[2], dec[1], nov[1], oct_]
    assert sorted(dropped) == sorted([dec[0], nov[0]])
    with db.engine.connect() as conn:  # really gone, tables and all
        assert conn.exec_driver_sql("SELECT count(*) FROM pg_namespace WHERE nspname = %s",
                                    (dec[0],)).scalar() == 0


def test_an_excel_import_on_the_server_backs_up_there_and_keeps_few(db, small_county, tmp_path: Path,
                                                                     monkeypatch) -> None:
    from tests.unit.services.test_talent_excel import TODAY, idn, row, write

    monkeypatch.setenv("VCADRE_KEEP_BACKUPS", "1")
    first = write(tmp_path / "a.xlsx", [row("张龙敏", "男", idn(11))])
    _preview, one = talent_excel.import_file(db, first, today=TODAY)
    second = write(tmp_path / "b.xlsx", [row("李四", "男", idn(13))])
    _preview, two = talent_excel.import_file(db, second, today=TODAY)
    # One kept (the newest; both in this month), and it has the first import but not the second.
    assert [b.name for b in server_backup.backups(db)] == [two.backup.split()[-1]]
    with db.engine.connect() as conn:
        names = sorted(r[0] for r in conn.exec_driver_sql(f'SELECT name FROM "{two.backup.split()[-1]}".person'))
    assert "张龙敏" in names and "李四" not in names


def test_an_import_that_fails_drops_its_backup(db, small_county, tmp_path: Path, monkeypatch) -> None:
    from tests.unit.services.test_talent_excel import TODAY, idn, row, write
    from vcadre.services.imports import engine

    def broken(*_a, **_k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(engine, "apply", broken)
    path = write(tmp_path / "a.xlsx", [row("张龙敏", "男", idn(11))])
    with pytest.raises(RuntimeError):
        talent_excel.import_file(db, path, today=TODAY)
    assert server_backup.backups(db) == []


def test_a_server_backup_that_cannot_be_made_stops_the_import(db, small_county, tmp_path: Path) -> None:
    """A server account without the right to create schemas: a Chinese reason, nothing imported."""
    from tests.unit.services.test_talent_excel import TODAY, idn, row, write

    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE ROLE vcadre_clerk LOGIN PASSWORD 'pw'")
        conn.exec_driver_sql("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vcadre_clerk")
        conn.exec_driver_sql("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO vcadre_clerk")
    clerk_url = db.engine.url.set(username="vcadre_clerk", password="pw")
    clerk = open_database(clerk_url.render_as_string(hide_password=False))
    try:
        before = _names(clerk)
        path = write(tmp_path / "a.xlsx", [row("张龙敏", "男", idn(11))])
        with pytest.raises(DatabaseError, match="无法在单位服务器上备份数据库：.*权限"):
            talent_excel.import_file(clerk, path, today=TODAY)
        assert _names(clerk) == before
    finally:
        clerk.close()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP OWNED BY vcadre_clerk")
            conn.exec_driver_sql("DROP ROLE vcadre_clerk")
