"""Why a file or database operation failed, said in Chinese (no Qt; store, sync, CLI and GUI).

``OSError`` and SQLite errors carry English text ("[Errno 28] No space left on device",
"database is locked", "attempt to write a readonly database"). Messages for the user say the
common cases in Chinese — full disk, file used by another program, no permission, read-only
disk, missing file or folder — and name the file; the English original goes to the log only.

    reason(exc)    # "磁盘空间不足，请清理磁盘或换一个 U 盘后再试"
    describe(exc)  # the same, naming the OSError's file: "“D:\\同步包.vcsync”：磁盘空间不足…"
"""

from __future__ import annotations

import errno
import logging
import sqlite3

log = logging.getLogger(__name__)

FULL = "磁盘空间不足，请清理磁盘或换一个 U 盘后再试"
READ_ONLY = "磁盘是只读的（例如光盘或打开了写保护的 U 盘），无法写入"
NO_PERMISSION = "没有读写权限（文件设为只读，或本用户无权访问该文件夹）"
IN_USE = "文件被其他程序占用（已锁定）：请关闭打开它的程序（例如另一个 vcadre 窗口或命令、Excel）后再试"
MISSING = "文件或文件夹不存在（U 盘可能已拔出，或文件已被移走）"
IO = "读写磁盘出错（磁盘或 U 盘可能已拔出或损坏）"
CORRUPT = "文件已损坏或不是 SQLite 数据库"
CANT_OPEN = "无法打开数据库文件（文件夹不存在，或没有读写权限）"

_BY_ERRNO = {
    errno.ENOSPC: FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: NO_PERMISSION,
    errno.EPERM: NO_PERMISSION,
    errno.EBUSY: IN_USE,
    errno.ETXTBSY: IN_USE,
    errno.ENOENT: MISSING,
    errno.EIO: IO,
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EEXIST: "文件已存在",
    errno.EMFILE: "同时打开的文件太多，请关闭一些程序后再试",
    errno.ENFILE: "同时打开的文件太多，请关闭一些程序后再试",
    errno.EXDEV: "不能跨磁盘移动文件",
}
if hasattr(errno, "EDQUOT"):
    _BY_ERRNO[errno.EDQUOT] = FULL

#: Windows error codes that say more than their errno: 32/33 a file open in another program (a
#: sharing or lock violation, errno EACCES), 112 a full disk, 19 a write-protected disk, 123 a
#: name with characters Windows does not allow, 21 a drive that is not ready (a card reader).
_BY_WINERROR = {32: IN_USE, 33: IN_USE, 112: FULL, 39: FULL, 19: READ_ONLY,
                123: "文件名无效（含有 Windows 不允许的字符）", 21: "磁盘没有准备好（U 盘或读卡器可能已拔出）"}

#: SQLite primary result codes (``sqlite_errorcode & 0xff``).
_BY_SQLITE = {13: FULL, 5: IN_USE, 6: IN_USE, 8: "数据库文件或其所在文件夹是只读的（例如在光盘、只读的 U 盘或没有写权限的文件夹中），无法写入",
              3: NO_PERMISSION, 10: IO, 14: CANT_OPEN, 11: CORRUPT, 26: CORRUPT}

#: The same read from the text, for drivers without an error code (SQLCipher, older Pythons).
_SQLITE_TEXT = (
    (("disk is full", "database or disk is full"), FULL),
    (("readonly", "read-only", "read only"), _BY_SQLITE[8]),
    (("locked", "busy"), IN_USE),
    (("disk i/o",), IO),
    (("unable to open",), CANT_OPEN),
    (("not a database", "malformed", "corrupt"), CORRUPT),
    (("access permission denied", "authorization denied"), NO_PERMISSION),
)


def _os_reason(exc: OSError) -> str:
    winerror = getattr(exc, "winerror", None)
    if winerror in _BY_WINERROR:
        return _BY_WINERROR[winerror]
    if exc.errno in _BY_ERRNO:
        return _BY_ERRNO[exc.errno]
    return f"操作系统报告错误（错误码 {exc.errno}）" if exc.errno else "操作系统报告错误"


def _sqlite_reason(exc: BaseException) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _BY_SQLITE:
        return _BY_SQLITE[code & 0xFF]
    text = str(exc).lower()
    for needles, said in _SQLITE_TEXT:
        if any(n in text for n in needles):
            return said
    return "数据库出错，无法完成操作"


def reason(exc: BaseException) -> str:
    """Why ``exc`` happened, as a Chinese phrase without a final full stop (no English text).

    Understands ``OSError`` (by errno, and Windows' own codes), ``sqlite3``/SQLCipher errors
    (by result code, else their text) and SQLAlchemy's wrappers of them (``.orig``). The
    original English is logged here."""
    orig = getattr(exc, "orig", None)
    if orig is not None and isinstance(orig, BaseException):
        exc = orig
    log.warning("file or database operation failed: %s: %s", type(exc).__name__, exc)
    if isinstance(exc, OSError):
        return _os_reason(exc)
    return _sqlite_reason(exc)


def describe(exc: BaseException) -> str:
    """``reason(exc)`` naming the file of an ``OSError`` (its ``filename``) when it has one."""
    said = reason(exc)
    name = getattr(exc, "filename", None) if isinstance(exc, OSError) else None
    return f"“{name}”：{said}" if name else said


def _is_sqlite(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith(("sqlcipher3", "pysqlcipher3"))


def is_io_error(exc: BaseException) -> bool:
    """An error ``reason`` explains: an ``OSError`` or a DB-API error of SQLite (maybe wrapped)."""
    exc = getattr(exc, "orig", None) or exc
    return isinstance(exc, OSError) or _is_sqlite(exc)


#: SQLite results that come from the computer, not from a bug: busy, locked, read-only, I/O,
#: full, cannot open, no permission.
_ENVIRONMENTAL = {5, 6, 8, 10, 13, 14, 3}


def is_environmental(exc: BaseException) -> bool:
    """A problem of the computer the user can act on (full disk, locked or read-only file, …),
    as opposed to a bug: every ``OSError``, and SQLite errors of those kinds."""
    exc = getattr(exc, "orig", None) or exc
    if isinstance(exc, OSError):
        return True
    if not _is_sqlite(exc):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _ENVIRONMENTAL
    text = str(exc).lower()
    return any(n in text for needles, said in _SQLITE_TEXT if said != CORRUPT for n in needles)
