"""Backups with the SQLite backup API, checked with integrity_check."""

from __future__ import annotations

import sqlite3

import pytest

from vcadre.store.backup import backup_database
from vcadre.store.db import DatabaseError


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
