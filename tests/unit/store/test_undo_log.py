"""The undo journal written at commit (store.undo_log) and its migration (0120)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from vcadre.store import undo_log
from vcadre.store.models import Person, SyncChange, UndoAction


def _person(db, name: str = "张三") -> str:
    with db.session() as s, s.begin():
        p = Person(name=name, gender="1")
        s.add(p)
    return p.id


def _actions(db) -> list[UndoAction]:
    with db.session() as s:
        return list(s.scalars(select(UndoAction).order_by(UndoAction.id)))


def test_one_row_per_commit_with_the_actions_own_changes(db) -> None:
    pid = _person(db)
    with db.session() as s, s.begin():
        s.get(Person, pid).phone = "13800001111"
        s.flush()
        s.get(Person, pid).notes = "备注"
    rows = _actions(db)
    assert [(a.tbl, a.op, a.direction) for a in rows] == [("person", "create", "do"), ("person", "edit", "do")]
    with db.session() as s:
        logged = [tuple(r) for r in s.execute(select(SyncChange.field).where(
            SyncChange.seq.in_(undo_log.seq_list(rows[1].seqs))).order_by(SyncChange.seq))]
    assert logged == [("phone",), ("notes",)]


def test_a_rolled_back_savepoint_and_a_rolled_back_transaction_leave_nothing(db) -> None:
    pid = _person(db)
    with db.session() as s, s.begin():
        with pytest.raises(RuntimeError):
            with s.begin_nested():
                s.get(Person, pid).phone = "13800001111"
                s.flush()
                raise RuntimeError
        s.get(Person, pid).notes = "只有这一项"
    with pytest.raises(RuntimeError):
        with db.session() as s, s.begin():
            s.get(Person, pid).name = "李四"
            s.flush()
            raise RuntimeError
    rows = _actions(db)
    assert len(rows) == 2
    with db.session() as s:
        fields = s.scalars(select(SyncChange.field).where(SyncChange.seq.in_(undo_log.seq_list(rows[1].seqs))))
        assert list(fields) == ["notes"]


def test_rows_written_around_the_orm_are_caught_up_but_not_part_of_the_action(db) -> None:
    with db.engine.begin() as conn:  # as the demo builder or an Excel import writes them
        conn.exec_driver_sql("INSERT INTO person (id, name, gender, hlc, site_id, deleted, name_pinyin, "
                             "name_initials) VALUES ('p1', '王五', '1', '0000000000001.000000', 'x', 0, '', '')")
    with db.session() as s, s.begin():
        s.get(Person, "p1").phone = "13900002222"
    (action,) = _actions(db)
    with db.session() as s:
        fields = list(s.scalars(select(SyncChange.field).where(SyncChange.seq.in_(undo_log.seq_list(action.seqs)))))
        assert fields == ["phone"]
        assert s.scalar(select(func.count()).where(SyncChange.row_id == "p1", SyncChange.field == "*")) == 1


def test_skip_flag_and_pruning(db, monkeypatch) -> None:
    pid = _person(db)
    with db.session() as s, s.begin():
        s.info["undo_skip"] = True
        s.get(Person, pid).phone = "13800001111"
    assert len(_actions(db)) == 1
    monkeypatch.setattr(undo_log, "KEEP_PER_TABLE", 3)
    for i in range(5):
        with db.session() as s, s.begin():
            s.get(Person, pid).notes = f"第{i}次"
    rows = _actions(db)
    assert len(rows) == 3 and rows[-1].op == "edit"


def test_ranges() -> None:
    assert undo_log.ranges([5, 3, 4, 9, 10, 12]) == [[3, 5], [9, 10], [12, 12]]
    assert undo_log.seq_list(json.dumps([[3, 5], [9, 9]])) == [3, 4, 5, 9]


def test_migration_0120_down_and_up_on_a_populated_database(db) -> None:
    from alembic import command

    from vcadre.store import migrate

    pid = _person(db)
    with db.session() as s, s.begin():
        s.get(Person, pid).deleted = True

    def names() -> set[str]:
        with db.engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name LIKE '%_trash' OR name = 'undo_action'")}

    assert "ix_person_trash" in names() and "undo_action" in names() and len(names()) == 12
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0070")
    assert names() == set()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert len(names()) == 12
    with db.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM person WHERE deleted = 1 ORDER BY updated_at"))
        assert "ix_person_trash" in plan
        assert conn.exec_driver_sql("SELECT id FROM person WHERE deleted = 1").scalar() == pid
