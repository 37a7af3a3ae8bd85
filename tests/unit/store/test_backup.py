"""Backups are consistent snapshots that can be restored."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from vcadre.store.backup import backup_database, restore_backup
from vcadre.store.db import open_database
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
