"""SQLCipher 4 at rest — the only module that knows the database file is encrypted (SQLite only).

The engine factory (``store.db.make_engine``) calls ``on_connect`` first on every new connection:
``PRAGMA key`` with the raw 256-bit key (``x'…'``: no per-connection PBKDF2, so opening a
connection costs no more than with plain SQLite), ``temp_store=MEMORY`` (sorts and temp tables
never reach a temp file), and the write authorizer (``authorizer``), the last line of the role
guard for SQL sent around the ORM. The WAL of an encrypted database is encrypted page by page by
SQLCipher itself.

``export_copy`` writes an encrypted (or plaintext → encrypted) copy with ``sqlcipher_export``;
``verify_copy`` checks it (integrity, same tables, same row counts); ``secure_delete`` overwrites a
file before removing it (best effort: an SSD or a journaling file system may keep old blocks).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Optional

SQLITE_MAGIC = b"SQLite format 3\x00"

# sqlite3 authorizer action codes (same numbers in every SQLite build)
SQLITE_DELETE, SQLITE_INSERT, SQLITE_UPDATE = 9, 18, 23
SQLITE_OK, SQLITE_DENY = 0, 1
#: Written by every role (audit trail; own account row: password change, last login).
ALWAYS_WRITABLE = frozenset({"audit_log", "audit_head", "user_account", "sqlite_sequence", "sqlite_stat1",
                             "sqlite_stat4", "sqlite_temp_master"})


class CipherUnavailable(RuntimeError):
    pass


def dbapi() -> Any:
    """The SQLCipher DB-API module (``sqlcipher3``, from the ``sqlcipher3-wheels`` package)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise CipherUnavailable("缺少加密组件 sqlcipher3，无法打开加密数据库；请重新安装 vcadre。") from exc
    return dbapi2


def is_encrypted_file(path: os.PathLike | str) -> bool:
    """A non-empty file that does not start with the SQLite header (SQLCipher encrypts page 1)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return bool(head) and head != SQLITE_MAGIC


def key_pragma(key: bytes, schema: str = "") -> str:
    if len(key) != 32:
        raise ValueError("database key must be 32 bytes")
    return f"PRAGMA {schema + '.' if schema else ''}key = \"x'{key.hex()}'\""


#: Page cache of an encrypted connection, KiB: SQLCipher decrypts (and checks the HMAC of) every
#: page it reads from the file, so warm pages are kept decrypted in memory (a county database fits;
#: at province scale the search keys' pages do). Plain SQLite leans on the OS cache instead.
CACHE_KIB = 65536


def on_connect(dbapi_conn: Any, key: bytes, writable: Optional[Callable[[], bool]] = None) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(key_pragma(key))
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.close()
    if writable is not None:
        dbapi_conn.set_authorizer(authorizer(writable))


def authorizer(writable: Callable[[], bool]) -> Callable[..., int]:
    """Deny INSERT/UPDATE/DELETE of record tables while ``writable()`` is False.

    Evaluated when a statement is prepared (also for the statements of triggers); the GUI opens a
    new engine for another user, so cached statements never outlive the actor they were checked for.
    """

    def check(action: int, arg1: Optional[str], _arg2, db_name: Optional[str], _source) -> int:
        if action in (SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE) and db_name != "temp":
            if arg1 not in ALWAYS_WRITABLE and not writable():
                return SQLITE_DENY
        return SQLITE_OK

    return check


def connect(path: os.PathLike | str, key: Optional[bytes], *, readonly: bool = False) -> Any:
    """A raw SQLCipher connection (``key`` None: a plaintext database through the same library)."""
    mod = dbapi()
    if readonly:
        con = mod.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        con = mod.connect(str(path), check_same_thread=False)
    con.isolation_level = None
    if key is not None:
        con.execute(key_pragma(key))
        con.execute("PRAGMA temp_store=MEMORY")
    return con


def table_counts(con: Any) -> dict[str, int]:
    names = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def export_copy(src: Any, dest_path: Path, dest_key: bytes) -> None:
    """Copy the open connection ``src``'s main database to a new encrypted file ``dest_path``."""
    dest_path = Path(dest_path)
    if dest_path.exists():
        dest_path.unlink()
    fd = os.open(dest_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # user-only from the start
    os.close(fd)
    src.execute(f"ATTACH DATABASE ? AS vcadre_copy KEY \"x'{dest_key.hex()}'\"", (str(dest_path),))
    try:
        src.execute("SELECT sqlcipher_export('vcadre_copy')")
        version = src.execute("PRAGMA main.user_version").fetchone()[0]
        src.execute(f"PRAGMA vcadre_copy.user_version = {int(version)}")
    finally:
        src.execute("DETACH DATABASE vcadre_copy")


def verify_copy(src: Any, dest_path: Path, dest_key: bytes, quick: bool = False) -> Optional[str]:
    """None if the copy at ``dest_path`` is whole and has the same tables and row counts as ``src``."""
    con = connect(dest_path, dest_key, readonly=True)
    try:
        check = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            return str(check)
        mine, theirs = table_counts(con), table_counts(src)
        if mine != theirs:
            diff = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
            return "行数不一致：" + "、".join(diff[:5])
    except Exception as exc:  # noqa: BLE001 - any failure means the copy is not good
        return str(exc)
    finally:
        con.close()
    return None


def secure_delete(path: os.PathLike | str) -> None:
    """Overwrite ``path`` with zeros, sync, and remove it (missing: nothing to do)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    try:
        with open(path, "r+b", buffering=0) as f:
            block = b"\0" * 65536
            left = size
            while left > 0:
                n = min(left, len(block))
                f.write(block[:n])
                left -= n
            os.fsync(f.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)
