"""Backups with the SQLite backup API (never by copying a live file), checked after writing.

``backup_database(db, reason)`` copies the open database to the backup folder
(``paths.backup_dir()``, inside the user data dir) as ``<name>-<time>-<reason>.db``, then runs ``PRAGMA
quick_check`` on the copy; a copy that fails the check is deleted and ``BackupError`` raised.

``quick_check`` reads every page and checks the file's structure, which is what can go wrong in
writing a copy (a full disk, a USB stick pulled out). ``integrity_check`` would also compare
each index with its table: 4× slower (0.65 s against 0.15 s on a county database, before every
import), and the backup API copies pages verbatim, so it could only find what the source has.
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from vcadre.store import ioerrors
from vcadre.store.db import Database, DatabaseError

if TYPE_CHECKING:
    from vcadre.store.server_backup import ServerBackup


log = logging.getLogger(__name__)


class BackupError(DatabaseError):
    pass


def backup_database(db: Database, reason: str, dest_dir: Optional[Path] = None) -> "Path | ServerBackup":
    """Back up ``db`` (SQLite backup API), check the copy, return its path.

    The copy goes to ``dest_dir`` or the user data dir's backup folder. An office server's
    automatic backup (no ``dest_dir``) stays on the server (``store.server_backup``); asked for a
    folder (the user's explicit 备份到…), it is copied into an SQLite file there.
    """
    from vcadre.paths import backup_dir

    if db.is_server and dest_dir is None:
        from vcadre.store import server_backup

        return server_backup.take(db, reason)

    try:
        folder = Path(dest_dir) if dest_dir else backup_dir(ensure=True)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"备份数据库失败：无法创建备份文件夹（{ioerrors.reason(exc)}），未做任何修改。") from exc
    tag = re.sub(r"[^\w-]+", "-", reason).strip("-")[:40] or "backup"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = folder / f"{Path(db.path).stem}-{stamp}-{tag}.db"
    if getattr(db, "url", None) is not None:
        return _backup_server(db, dest)
    check_free_space(folder, _size(db.path))
    if getattr(db, "key", None) is not None:
        return _backup_encrypted(db, dest)
    try:
        src = sqlite3.connect(str(db.path))
        try:
            out = sqlite3.connect(str(dest))
            try:
                src.backup(out)
                ok = out.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                out.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        dest.unlink(missing_ok=True)
        raise BackupError(f"无法备份数据库到“{dest}”：{ioerrors.reason(exc)}。") from exc
    if ok != "ok":
        dest.unlink(missing_ok=True)
        raise BackupError(f"数据库备份“{dest}”未通过完整性检查（{ok}），已放弃本次操作。")
    return dest


def _backup_server(db: Database, dest: Path) -> Path:
    """A server database (office mode) backed up to a folder the user chose: a checked SQLite
    copy of it (``store.copy``), made private to this user."""
    from vcadre.store.copy import copy_database
    from vcadre.store.protect.files import harden_database

    try:
        copy_database(db, dest)
        harden_database(dest)
    except DatabaseError as exc:
        dest.unlink(missing_ok=True)
        raise BackupError(f"无法备份服务器数据库到“{dest}”：{exc}") from exc
    return dest


def _backup_encrypted(db: Database, dest: Path) -> Path:
    """An encrypted database: an encrypted copy (same key) and its key file beside it.

    The copy opens with any password that opened the database at the time, or the recovery key.
    """
    from vcadre.store.protect import cipher
    from vcadre.store.protect.keyring import keyring_path

    try:
        src = cipher.connect(db.path, db.key)
        try:
            cipher.export_copy(src, dest, db.key)
            problem = cipher.verify_copy(src, dest, db.key, quick=True)
        finally:
            src.close()
        if problem is None and keyring_path(db.path).exists():
            shutil.copyfile(keyring_path(db.path), keyring_path(dest))
    except (cipher.dbapi().Error, OSError) as exc:
        cipher.secure_delete(dest)
        raise BackupError(f"无法备份数据库到“{dest}”：{ioerrors.reason(exc)}。") from exc
    if problem is not None:
        cipher.secure_delete(dest)
        keyring_path(dest).unlink(missing_ok=True)
        raise BackupError(f"数据库备份“{dest}”未通过完整性检查（{problem}），已放弃本次操作。")
    return dest


def _size(path: Path) -> int:
    return sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())


def check_free_space(folder: Path, needed: int) -> None:
    """Refuse (before writing anything) when the disk cannot hold ``needed`` bytes and a margin."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < needed * 1.1 + 50 * 2**20:
        raise BackupError(
            f"磁盘空间不足：备份需要约 {needed / 2**20:.0f} MB，“{folder}”所在磁盘只剩 {free / 2**20:.0f} MB。"
            "请清理磁盘（例如删除旧的备份）后再试；未作任何改动。")


#: Seconds a restore waits for another program's write lock before giving up with a message.
LOCK_WAIT = 5.0

#: How many automatic backups of one kind are kept (the newest), plus the newest of each month.
KEEP_BACKUPS = 10


def keep_count() -> int:
    """How many automatic backups to keep besides the newest of every month
    (``$VCADRE_KEEP_BACKUPS`` or ``KEEP_BACKUPS``)."""
    import os

    try:
        return max(1, int(os.environ.get("VCADRE_KEEP_BACKUPS", KEEP_BACKUPS)))
    except ValueError:
        return KEEP_BACKUPS


def prune_after(db: Database, reason: str) -> None:
    """Old automatic backups of ``db`` made for ``reason`` go (on a server: its old backups)."""
    if db.is_server:
        from vcadre.store import server_backup

        server_backup.prune(db)
    else:
        prune_backups(db.path, reason)


def discard(db: Database, backup: "Path | ServerBackup | None") -> None:
    """Delete a backup that is not needed after all (the import it was taken for was refused)."""
    if backup is None:
        return
    from vcadre.store.server_backup import ServerBackup

    try:
        if isinstance(backup, ServerBackup):
            from vcadre.store import server_backup

            server_backup.drop(db, backup.name)
        else:
            Path(backup).unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - a leftover backup is harmless; the refusal is what matters
        log.warning("could not delete the unneeded backup %s: %s", backup, exc)


def prune_backups(db_path: Path, reason: str, keep: Optional[int] = None, folder: Optional[Path] = None) -> list[Path]:
    """Delete old automatic backups of ``db_path`` made for ``reason``: keep the newest ``keep``
    (``$VCADRE_KEEP_BACKUPS`` or ``KEEP_BACKUPS``) and the newest of every month. Returns the
    deleted files."""
    from vcadre.paths import backup_dir

    keep = keep_count() if keep is None else keep
    folder = Path(folder) if folder else backup_dir()
    tag = re.sub(r"[^\w-]+", "-", reason).strip("-")[:40] or "backup"
    pattern = re.compile(rf"^{re.escape(Path(db_path).stem)}-(\d{{6}})\d{{2}}-\d{{6}}-\d{{6}}-{re.escape(tag)}\.db$")
    found = sorted((p for p in folder.glob(f"*-{tag}.db") if pattern.match(p.name)), key=lambda p: p.name,
                   reverse=True)
    kept_months: set[str] = set()
    deleted = []
    for i, p in enumerate(found):
        month = pattern.match(p.name).group(1)
        if i < keep or month not in kept_months:
            kept_months.add(month)
            continue
        try:
            p.unlink()
            from vcadre.store.protect.keyring import keyring_path

            keyring_path(p).unlink(missing_ok=True)
            deleted.append(p)
        except OSError as exc:
            log.warning("could not delete old backup %s: %s", p, exc)
    return deleted


def restore_database(db: Database, backup: Path) -> None:
    """Replace the contents of ``db`` with ``backup`` (SQLite backup API, one step).

    Not for a database on an office server: putting a backup back there would wipe every other
    officer's work since it was taken, while they are connected — the server administrator's
    decision, made with the server's tools (README: 单位服务器 → 恢复). Refused, nothing touched.
    """
    if db.is_server:
        raise BackupError(
            "单位服务器上的数据库不能在 vcadre 里直接恢复：恢复会抹掉其他干部在备份之后的全部修改。"
            "请服务器管理员新建一个空数据库，用 vcadre db copy --from 备份文件 --to postgresql://…/新数据库名 "
            "（服务器上导入前的自动备份：vcadre db copy --from 服务器 --backup 备份名 --to …，vcadre db backups 列出）"
            "把备份复制进去，核对后再请大家连接新数据库；或用服务器自己的备份（pg_dump）恢复。未作任何改动。")
    backup = Path(backup)
    if not backup.exists():
        raise BackupError(f"备份文件“{backup}”不存在。")
    from vcadre.store import identity

    # The site's signing keys as they are now: a backup made before the site's first export has
    # none (they are made then), and peers refuse a new key for a known site (``store.identity``).
    trusted = None
    try:
        with db.engine.connect() as conn:
            current = identity.local_keys(conn.connection.dbapi_connection)
            trusted = identity.trust(conn.connection.dbapi_connection)
            conn.rollback()
    except sqlite3.Error as exc:  # pragma: no cover - a database too damaged to read: restore anyway
        log.warning("site keys not read before restore: %s", exc)
        current = None
    db.engine.dispose()
    if getattr(db, "key", None) is not None:
        _restore_encrypted(db, backup)
    else:
        _restore_plain(db, backup)
    # The change counter went back with the file: continue in a new incarnation, so no change
    # number already sent out is issued again; the keys the site signs with stay (``store.identity``).
    try:
        with db.engine.connect() as conn, conn.begin():
            identity.after_restore(conn.connection.dbapi_connection, db.path, keep=current)
    except sqlite3.OperationalError as exc:  # a backup from before migration 0160: checked on open
        log.warning("no new incarnation after restore: %s", exc)
    if trusted is not None:  # enrollments, revocations and the root go forward, not back (docs/sync.md)
        try:
            with db.engine.connect() as conn, conn.begin():
                identity.keep_trust(conn.connection.dbapi_connection, trusted)
        except sqlite3.OperationalError as exc:  # a backup from before migration 0163
            log.warning("trust not carried over the restore: %s", exc)


def _restore_plain(db: Database, backup: Path) -> None:
    try:
        src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = src.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise BackupError(f"备份文件“{backup}”未通过完整性检查（{ok}），未恢复。")
            dest = sqlite3.connect(str(db.path), timeout=LOCK_WAIT)
            try:
                # The backup API retries a locked destination forever: take the write lock
                # first, waiting at most LOCK_WAIT seconds, and give it back just before.
                try:
                    dest.execute("BEGIN IMMEDIATE")
                    dest.execute("ROLLBACK")
                except sqlite3.OperationalError as exc:
                    raise BackupError(
                        f"数据库正被其他程序使用（已锁定，等待 {LOCK_WAIT:.0f} 秒未果），无法恢复。"
                        "请关闭其他 vcadre 窗口或命令后再试；未作任何改动。") from exc
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"无法从备份“{backup}”恢复：{ioerrors.reason(exc)}。") from exc
    finally:
        db.engine.dispose()


def restore_backup(backup: Path, target: Path) -> None:
    """Replace the database file at ``target`` (not open anywhere) with ``backup``."""
    src = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(str(target))
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def _restore_encrypted(db: Database, backup: Path) -> None:
    """Copy an encrypted backup (made with this database's key) over the open database's pages."""
    from vcadre.store.protect import cipher

    mod = cipher.dbapi()
    try:
        src = cipher.connect(backup, db.key, readonly=True)
        try:
            ok = src.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise BackupError(f"备份文件“{backup}”未通过完整性检查（{ok}），未恢复。")
            dest = cipher.connect(db.path, db.key)
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
    except mod.Error as exc:
        raise BackupError(f"无法从备份“{backup}”恢复（密钥不符或文件损坏）：{ioerrors.reason(exc)}。") from exc
    finally:
        db.engine.dispose()
