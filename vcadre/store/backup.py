"""Backups with the SQLite backup API (never by copying a live file), checked after writing.

``backup_database(db, reason)`` writes ``<backup dir>/vcadre-<time>-<reason>.db`` and runs
``PRAGMA integrity_check`` on the copy; bulk imports and sync imports call it before writing.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from vcadre import paths
from vcadre.store.db import DatabaseError


def backup_database(db: Any, reason: str, dest_dir: Optional[Path] = None) -> Path:
    """Copy the open database ``db`` (a ``Database`` or a path) into the backup dir; return the copy.

    Raises ``DatabaseError`` (Chinese message) when the copy cannot be written or fails its check.
    """
    source = Path(getattr(db, "path", db))
    try:
        folder = dest_dir or paths.backup_dir(ensure=True)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"备份数据库失败：无法创建备份文件夹（{exc.strerror or exc}）。") from exc
    tag = re.sub(r"[^0-9A-Za-z_\-\u4e00-\u9fff]+", "_", reason).strip("_")[:40] or "backup"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = folder / f"{source.stem}-{stamp}-{tag}.db"
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            out = sqlite3.connect(dest)
            try:
                src.backup(out)
                result = out.execute("PRAGMA integrity_check").fetchone()
            finally:
                out.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        dest.unlink(missing_ok=True)
        raise DatabaseError(f"备份数据库失败（{dest}）：{exc}") from exc
    if not result or result[0] != "ok":
        raise DatabaseError(f"数据库备份“{dest}”完整性检查未通过：{result[0] if result else '无结果'}")
    return dest
