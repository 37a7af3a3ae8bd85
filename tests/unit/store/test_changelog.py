"""The change log written by the flush hook, and backups."""

from __future__ import annotations

from tests.today import wall_stamp
import json
import sqlite3
from datetime import date

from vcadre.store.backup import backup_database, restore_database
from vcadre.store.models import Person


def _log(db) -> list[tuple]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute("SELECT seq, origin, origin_seq, hlc, tbl, row_id, field, old, new "
                           "FROM sync_change ORDER BY seq").fetchall()
    finally:
        con.close()


def test_new_row_edit_and_delete_are_logged_with_before_values(db, user_data_dir) -> None:
    site_id = db.site()[0]
    with db.session() as s, s.begin():
        p = Person(name="张三", gender="1", birth_date=date(1990, 1, 2))
        s.add(p)
    (new,) = _log(db)
    assert new[1:3] == (site_id, 1) and new[4:7] == ("person", p.id, "*") and new[7] is None
    values = json.loads(new[8])
    assert values["birth_date"] == "1990-01-02" and values["deleted"] == 0 and values["name_pinyin"] == ""
    with db.session() as s, s.begin():
        q = s.get(Person, p.id)
        q.phone = "13800000000"
        q.birth_date = date(1991, 1, 1)
    edits = {r[6]: (json.loads(r[7]), json.loads(r[8])) for r in _log(db)[1:]}
    assert edits == {"phone": (None, "13800000000"), "birth_date": ("1990-01-02", "1991-01-01")}
    with db.session() as s, s.begin():
        s.get(Person, p.id).deleted = True
    last = _log(db)[-1]
    assert last[6] == "deleted" and json.loads(last[8]) == 1
    assert json.loads(last[7])["phone"] == "13800000000"  # a delete carries the row it removed
    stamps = [r[3] for r in _log(db)]
    assert stamps == sorted(stamps)


def test_first_edit_of_a_row_written_around_the_orm_logs_it_first(db, user_data_dir) -> None:
    site_id = db.site()[0]
    old = wall_stamp(-86_400_000, 1)  # written a day ago by another program
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, deleted) "
            "VALUES ('0190a0a0-0000-7000-8000-000000000001', '李四', 'lisi', 'ls', '1', "
            "?, ?, 0)", (old, site_id))
    with db.session() as s, s.begin():
        s.get(Person, "0190a0a0-0000-7000-8000-000000000001").phone = "13800000000"
    whole, edit = _log(db)
    assert whole[3] == old and whole[6] == "*"
    assert json.loads(whole[8])["name"] == "李四"
    assert edit[6] == "phone" and edit[3] > whole[3]


def test_backup_is_checked_and_restores(db, user_data_dir) -> None:
    with db.session() as s, s.begin():
        s.add(Person(name="张三", gender="1"))
    path = backup_database(db, "测试 backup")
    assert path.exists() and path.parent == user_data_dir / "backups"
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT name FROM person").fetchall() == [("张三",)]
    con.close()
    with db.session() as s, s.begin():
        s.add(Person(name="李四", gender="1"))
    restore_database(db, path)
    with db.session() as s:
        assert [p.name for p in s.query(Person)] == ["张三"]
