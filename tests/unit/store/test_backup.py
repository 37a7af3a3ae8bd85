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


class _Proxy:
    """A sqlite3 connection with one method replaced."""

    def __init__(self, con, **replaced) -> None:
        self._con, self._replaced = con, replaced

    def __getattr__(self, name):
        return self._replaced.get(name) or getattr(self._con, name)


def _fake_sqlite(monkeypatch, *, fail_copy: bool = False, check: str = "ok") -> None:
    """Backups whose copy dies half-way (a USB stick pulled out) or whose check fails."""
    import types

    from vcadre.store import backup as backup_mod

    def connect(path, *a, **kw):
        con = sqlite3.connect(path, *a, **kw)
        if fail_copy:
            def backup(out, *args, **kwargs):
                con.backup(out._con if isinstance(out, _Proxy) else out, pages=1)  # some pages written
                raise sqlite3.OperationalError("disk I/O error")
            return _Proxy(con, backup=backup)

        def execute(sql, *args):
            if sql.startswith("PRAGMA quick_check"):
                return types.SimpleNamespace(fetchone=lambda: (check,))
            return con.execute(sql, *args)

        def backup(out, *args, **kwargs):
            return con.backup(out._con, *args, **kwargs)
        return _Proxy(con, execute=execute, backup=backup)

    monkeypatch.setattr(backup_mod, "sqlite3", types.SimpleNamespace(connect=connect, Error=sqlite3.Error))


@pytest.mark.parametrize("how", ["copy fails", "check fails"])
def test_a_failed_backup_leaves_no_file_behind_and_says_why(db, tmp_path, monkeypatch, how) -> None:
    with db.session() as s, s.begin():
        s.add(Region(code="520524", name="织金县", level="county"))
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "older-backup.db").write_bytes(b"kept")
    if how == "copy fails":
        _fake_sqlite(monkeypatch, fail_copy=True)
        match = r"无法备份数据库到“.*导入\.db”：读写磁盘出错"  # in Chinese; "disk I/O error" only in the log
    else:
        _fake_sqlite(monkeypatch, check="*** in database main ***\nPage 7: btreeInitPage() returns error code 11")
        match = r"数据库备份“.*导入\.db”未通过完整性检查（\*\*\* in database main"
    with pytest.raises(DatabaseError, match=match):
        backup_database(db, "导入", dest_dir=folder)
    assert sorted(p.name for p in folder.iterdir()) == ["older-backup.db"]  # the half copy is gone
    assert (folder / "older-backup.db").read_bytes() == b"kept"
    monkeypatch.undo()
    assert regions(db) == 1  # the database itself untouched
