"""Backups are consistent snapshots that can be restored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vcadre.store.backup import backup_database, restore_backup
from vcadre.store.db import DatabaseError, open_database
from vcadre.store.models import Region


def regions(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Region))


def test_backup_then_restore_undoes_later_changes(db, tmp_path: Path, user_data_dir: Path) -> None:
    with db.session() as s, s.begin():
        s.add(Region(code="520524", name="织金县", level="county"))
    backup = backup_database(db, "导入 区划/测试")
    assert backup.parent == user_data_dir / "backups"
    assert "导入-区划-测试" in backup.name
    with db.session() as s, s.begin():  # the change an officer wants to undo
        s.add(Region(code="520525", name="纳雍县", level="county"))
    assert regions(db) == 2
    path = db.path
    db.close()
    restore_backup(backup, path)
    reopened = open_database(path)
    assert regions(reopened) == 1
    reopened.close()


def test_backup_is_a_checked_copy_in_the_backup_dir(db, tmp_path, monkeypatch):
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "data"))
    path = backup_database(db, "后备干部导入")
    assert path.parent == tmp_path / "data" / "backups"
    assert "后备干部导入" in path.name
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM site").fetchone()[0] == 1
    con.close()


def test_backup_failure_is_a_chinese_error(db, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="备份数据库失败"):
        backup_database(db, "x", dest_dir=blocker / "sub")
