"""User-only files: the data dir 0700, everything in it 0600 (Linux; Windows: the per-user
%LOCALAPPDATA% already keeps other users out, so these calls change nothing there).

``private_umask()`` is set once when vcadre starts (``cli.main``): every file and folder the
process creates afterwards — database, WAL, key file, backups, logs, settings, exports — is
created user-only. ``harden(path)`` fixes what an older vcadre left readable by others.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_umask() -> None:
    if sys.platform != "win32":
        os.umask(PRIVATE_UMASK)


def make_private_dir(path: os.PathLike | str) -> Path:
    path = Path(path)
    existed = path.exists()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not existed:
        _chmod(path, 0o700)
    return path


def _chmod(path: Path, mode: int) -> None:
    if sys.platform == "win32":
        return
    try:
        if path.stat().st_uid == os.getuid() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(mode)
    except OSError:
        pass


def harden(path: os.PathLike | str) -> None:
    """Make a folder (and all in it) or a file user-only, where it is ours and is not yet."""
    path = Path(path)
    if not path.exists():
        return
    if path.is_dir():
        _chmod(path, 0o700)
        for root, dirs, files in os.walk(path):
            for d in dirs:
                _chmod(Path(root) / d, 0o700)
            for f in files:
                _chmod(Path(root) / f, 0o600)
    else:
        _chmod(path, 0o600)


def harden_database(db_path: os.PathLike | str) -> None:
    """The database file, its WAL/SHM and key file: user-only."""
    p = Path(db_path)
    for suffix in ("", "-wal", "-shm", ".keys"):
        harden(p.with_name(p.name + suffix))
