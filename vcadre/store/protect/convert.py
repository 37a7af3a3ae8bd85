"""Creating an encrypted database, and converting a plaintext one (SQLite only).

``encrypt_in_place(path, key)``: the plaintext database at ``path`` (not open anywhere) is copied
into an encrypted file beside it with ``sqlcipher_export``; the copy is checked (integrity, the
same tables with the same row counts); only then it replaces the original, whose old file is
overwritten and removed (with its WAL and SHM). A failure at any step leaves the original as it
was and removes the partial copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from vcadre.store.protect import cipher


class ConversionError(Exception):
    pass


def encrypt_in_place(path: os.PathLike | str, key: bytes) -> None:
    path = Path(path)
    tmp = path.with_name(path.name + ".encrypting")
    old = path.with_name(path.name + ".plain-old")
    src = cipher.connect(path, None)
    try:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cipher.export_copy(src, tmp, key)
        problem = cipher.verify_copy(src, tmp, key)
    except Exception as exc:
        src.close()
        cipher.secure_delete(tmp)
        raise ConversionError(f"加密数据库失败（{exc}），原数据库未改动。") from exc
    src.close()
    if problem:
        cipher.secure_delete(tmp)
        raise ConversionError(f"加密后的副本检查未通过（{problem}），原数据库未改动。")
    os.replace(path, old)
    try:
        os.replace(tmp, path)
    except OSError:
        os.replace(old, path)
        raise
    for suffix in ("-wal", "-shm"):
        cipher.secure_delete(path.with_name(path.name + suffix))
    cipher.secure_delete(old)
    for suffix in ("-wal", "-shm"):
        cipher.secure_delete(old.with_name(old.name + suffix))
