"""SQLCipher at rest: the file, its WAL and backups are unreadable without a key; the key file;
converting a plaintext database; recovery; lockout; user-only files."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.unit.security.conftest import ADMIN, CANARY_ID, CANARY_NAME, CANARY_PHONE, PASSWORDS, READER
from vcadre.store.db import LoginFailed, LoginRequired, open_database
from vcadre.store.models import Person
from vcadre.store.protect import keyring as kr
from vcadre.store.protect.login import Login


def _needles() -> list[bytes]:
    return [CANARY_NAME.encode("utf-8"), CANARY_ID.encode(), CANARY_PHONE.encode(),
            CANARY_NAME.encode("utf-16-le")]


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_database_wal_and_key_file_hold_no_personal_data(protected) -> None:
    path = protected["path"]
    db = protected["login"](ADMIN)
    with db.session() as s, s.begin():  # a write that stays in the WAL
        p = s.scalars(select(Person).where(Person.name == CANARY_NAME)).one()
        p.notes = "备注"
    folder_files = _files(path.parent)
    assert any(f.name.endswith("-wal") and f.stat().st_size > 0 for f in folder_files)
    for f in folder_files:
        data = f.read_bytes()
        for needle in _needles():
            assert needle not in data, (f.name, needle)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM person").fetchone()


def test_plaintext_database_is_converted_and_old_file_removed(protected) -> None:
    path = protected["path"]
    names = {p.name for p in path.parent.iterdir()}
    assert not any(n.endswith((".plain-old", ".encrypting")) for n in names)
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    db = protected["login"](READER)
    with db.session() as s:  # every row came across
        assert s.scalar(select(func.count()).select_from(Person)) == 1
        assert s.scalar(select(Person.id_number)) == CANARY_ID


def test_open_needs_login_and_the_right_password(protected) -> None:
    path = protected["path"]
    with pytest.raises(LoginRequired):
        open_database(path)
    with pytest.raises(LoginFailed, match="用户名或密码不正确"):
        open_database(path, login=Login(ADMIN, "wrong-password"))
    with pytest.raises(LoginFailed, match="用户名或密码不正确"):
        open_database(path, login=Login("无此人", "whatever-123"))


def test_failures_bring_a_growing_delay_never_a_permanent_lock(protected) -> None:
    ring = kr.Keyring.load(protected["path"])
    now = 1_000_000.0
    for _ in range(kr.FREE_TRIES - 1):
        with pytest.raises(kr.WrongPassword):
            ring.unwrap(ADMIN, "bad", now=now)
        assert ring.wait_seconds(ADMIN, now) == 0
    with pytest.raises(kr.WrongPassword):
        ring.unwrap(ADMIN, "bad", now=now)
    first = ring.wait_seconds(ADMIN, now)
    assert first > 0
    with pytest.raises(kr.LockedOut):  # even the right password waits
        ring.unwrap(ADMIN, PASSWORDS[ADMIN], now=now)
    with pytest.raises(kr.WrongPassword):
        ring.unwrap(ADMIN, "bad", now=now + first)
    second = ring.wait_seconds(ADMIN, now + first)
    assert second > first
    for i in range(30):  # many more failures: the delay stops growing at MAX_DELAY
        t = now + 10_000 * (i + 2)
        with pytest.raises(kr.WrongPassword):
            ring.unwrap(ADMIN, "bad", now=t)
    assert ring.wait_seconds(ADMIN, t) <= kr.MAX_DELAY
    key = ring.unwrap(ADMIN, PASSWORDS[ADMIN], now=t + kr.MAX_DELAY)
    assert kr.key_check(key) == ring.data["key_check"]
    assert ring.wait_seconds(ADMIN, t + kr.MAX_DELAY) == 0  # success resets


def test_failed_logins_reach_the_audit_trail_at_the_next_login(protected) -> None:
    from vcadre.services.security import audit

    with pytest.raises(LoginFailed):
        open_database(protected["path"], login=Login(READER, "nope-nope"))
    db = protected["login"](ADMIN)
    with db.session() as s:
        failed = audit.entries(s, audit.AuditFilter(action="login.failed"))
    assert [(e.user, e.target) for e in failed] == [(READER, READER)]


def test_recovery_key_opens_without_the_key_file_and_sets_a_new_password(protected, tmp_path) -> None:
    from vcadre.services.security import accounts

    path = protected["path"]
    kr.keyring_path(path).unlink()  # the key file is lost
    with pytest.raises(LoginFailed):
        open_database(path, login=Login(recovery_key="AAAA-" * 7 + "AAAA"))
    name = accounts.recover(path, protected["recovery"].lower().replace("-", " "), "brand-new-pass")
    assert name == ADMIN
    db = open_database(path, login=Login(ADMIN, "brand-new-pass"))
    with db.session() as s:
        assert s.scalar(select(Person.name)) == CANARY_NAME
    db.close()


def test_password_change_rewraps_without_reencrypting(protected) -> None:
    from vcadre.services.security import accounts

    path = protected["path"]
    salt, check = path.read_bytes()[:16], kr.Keyring.load(path).data["key_check"]
    db = protected["login"](READER)
    accounts.change_password(db, PASSWORDS[READER], "reader-new-99")
    db.close()
    # Same file salt, same database key (the recovery key still opens it): only the wrap changed.
    assert path.read_bytes()[:16] == salt and kr.Keyring.load(path).data["key_check"] == check
    open_database(path, login=Login(recovery_key=protected["recovery"])).close()
    with pytest.raises(LoginFailed):
        open_database(path, login=Login(READER, PASSWORDS[READER]))
    open_database(path, login=Login(READER, "reader-new-99")).close()


def test_encrypted_backup_restores_with_password_or_recovery_key(protected, tmp_path) -> None:
    from vcadre.store.backup import backup_database

    db = protected["login"](ADMIN)
    copy = backup_database(db, "manual", dest_dir=tmp_path / "usb")
    for f in _files(tmp_path / "usb"):
        for needle in _needles():
            assert needle not in f.read_bytes()
    db.close()
    b1 = open_database(copy, login=Login(ADMIN, PASSWORDS[ADMIN]))
    b1.close()
    kr.keyring_path(copy).unlink()
    b2 = open_database(copy, login=Login(recovery_key=protected["recovery"]))
    with b2.session() as s:
        assert s.scalar(select(Person.phone)) == CANARY_PHONE
    b2.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes; Windows relies on the per-user profile")
def test_files_are_user_only(protected) -> None:
    from vcadre.store.protect.files import harden_database, private_umask

    old = os.umask(0o022)
    try:
        private_umask()
        path = protected["path"]
        db = protected["login"](ADMIN)
        db.close()
        harden_database(path)
        for f in path.parent.iterdir():
            if f.is_file():
                assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f.name
    finally:
        os.umask(old)


def test_conversion_failure_leaves_the_original(db, small_county, monkeypatch) -> None:
    from vcadre.services.security import accounts
    from vcadre.store.db import DatabaseError
    from vcadre.store.protect import cipher

    path = Path(db.path)
    monkeypatch.setattr(cipher, "verify_copy", lambda *a, **k: "行数不一致：person")
    with pytest.raises(DatabaseError, match="原数据库未改动"):
        accounts.protect_database(db, ADMIN, PASSWORDS[ADMIN])
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not kr.keyring_path(path).exists()
    assert sorted(p.name for p in path.parent.iterdir() if "encrypting" in p.name) == []
    open_database(path).close()
