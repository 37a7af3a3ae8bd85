"""Automatic backups before bulk imports and sync (SQLite online backup API, never a file copy).

A backup is a consistent snapshot even while the database is open (WAL included), checked with
``PRAGMA integrity_check`` before the caller goes on to change anything.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Optional

from vcadre.paths import backup_dir
from vcadre.store.db import Database, DatabaseError

_SAFE = re.compile(r"[^\w\u4e00-\u9fff-]+")


def backup_database(db: Database, reason: str, dest_dir: Optional[Path] = None) -> Path:
    """Snapshot ``db`` into the backup folder; returns the backup file's path.

    ``reason`` (e.g. "导入后备干部") becomes part of the file name so an officer can find the
    right one. Raises ``DatabaseError`` (Chinese message) if the copy is not sound.
    """
    folder = dest_dir or backup_dir(ensure=True)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    label = _SAFE.sub("_", reason).strip("_")[:40] or "backup"
    target = folder / f"{Path(db.path).stem}-{stamp}-{label}.db"
    try:
        src = sqlite3.connect(str(db.path))
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
            src.close()
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise DatabaseError(f"自动备份失败，未做任何修改：{exc}") from exc
    if ok != "ok":
        target.unlink(missing_ok=True)
        raise DatabaseError(f"自动备份的完整性检查未通过（{ok}），未做任何修改。")
    return target


def restore_backup(backup: Path, target: Path) -> None:
    """Replace the database at ``target`` with ``backup`` (target must not be open)."""
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
