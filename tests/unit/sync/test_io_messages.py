"""File and database problems are said in Chinese, naming the file; the English text of the OS or
SQLite ("[Errno 28] No space left on device", "database is locked") reaches the log only.

Each case is a real failure path of sync or backup with an ``OSError`` of that errno (or an
SQLite error) raised where the disk would raise it. Writing and reading a package run on both
backends (the county an office on the server); the site record beside a file database, SQLite's
texts and locks and file backups are about the laptop's file: SQLite only."""

from __future__ import annotations

import errno
import logging
import os
import re
import sqlite3
from pathlib import Path

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS, dump
from tests.unit.sync.test_enroll import _person
from vcadre.store import backup as backup_mod
from vcadre.store import ioerrors
from vcadre.store.backup import BackupError, backup_database
from vcadre.sync import package as pkg
from vcadre.sync import segments
from vcadre.sync.errors import SyncError
from vcadre.sync.service import export_package, import_package

#: English words of strerror / SQLite texts that must not reach a message.
ENGLISH = re.compile(r"Errno|No space|denied|Read-only|read-only|readonly|locked|database|No such|busy|"
                     r"Input/output|disk I/O|unable", re.I)

CASES = [
    (errno.ENOSPC, "No space left on device", "磁盘空间不足"),
    (errno.EROFS, "Read-only file system", "磁盘是只读的"),
    (errno.EACCES, "Permission denied", "没有读写权限"),
    (errno.ENOENT, "No such file or directory", "文件或文件夹不存在"),
    (errno.EIO, "Input/output error", "读写磁盘出错"),
    (errno.EBUSY, "Device or resource busy", "文件被其他程序占用"),
]


def os_error(code: int, text: str, filename: str = "/media/usb/包.vcsync") -> OSError:
    return OSError(code, text, filename)


@pytest.mark.parametrize("code,text,said", CASES)
def test_each_errno_is_said_in_chinese_with_the_file(code, text, said, caplog) -> None:
    exc = os_error(code, text)
    with caplog.at_level(logging.WARNING, logger="vcadre.store.ioerrors"):
        message = ioerrors.describe(exc)
    assert message.startswith("“/media/usb/包.vcsync”：") and said in message
    assert not ENGLISH.search(message), message
    assert text in caplog.text  # the original only in the log


def test_a_file_open_in_another_program_on_windows_is_said_so() -> None:
    exc = os_error(errno.EACCES, "The process cannot access the file because it is being used by another process")
    exc.winerror = 32  # ERROR_SHARING_VIOLATION (what Windows raises for a file Excel holds open)
    assert "文件被其他程序占用" in ioerrors.reason(exc)
    exc.winerror = 112  # ERROR_DISK_FULL
    assert "磁盘空间不足" in ioerrors.reason(exc)


@pytest.mark.parametrize("text,said", [
    ("database is locked", "文件被其他程序占用"),
    ("attempt to write a readonly database", "只读"),
    ("database or disk is full", "磁盘空间不足"),
    ("disk I/O error", "读写磁盘出错"),
    ("unable to open database file", "无法打开数据库文件"),
    ("file is not a database", "已损坏"),
])
def test_sqlite_texts_are_said_in_chinese(text, said) -> None:
    message = ioerrors.reason(sqlite3.OperationalError(text))
    assert said in message and not ENGLISH.search(message), message


def test_sqlite_result_codes_win_over_the_text(tmp_path) -> None:
    """A real SQLite error carries its result code: a locked database, caused for real."""
    path = tmp_path / "x.db"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE t (a)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as info:
            other.execute("INSERT INTO t VALUES (1)")
    finally:
        other.close()
        holder.rollback()
        holder.close()
    assert ioerrors.is_environmental(info.value)
    assert "文件被其他程序占用" in ioerrors.reason(info.value)
    assert not ioerrors.is_environmental(sqlite3.OperationalError("no such column: x"))  # a bug, not the disk


# ------------------------------------------------------------------ the failure paths themselves


@pytest.fixture
def county(sites):
    (db,) = sites("县委组织部")
    _person(db, "张三", "13900000001")
    return db


@pytest.mark.both_backends
@pytest.mark.parametrize("code,text,said", CASES[:4])
def test_writing_a_sync_package_fails_in_chinese_and_leaves_no_file(county, tmp_path, monkeypatch, code, text,
                                                                      said) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "县.vcsync"

    real_open = open

    def failing_open(path, mode="r", *a, **k):
        if Path(path).parent == folder and "w" in mode:  # the package's temporary file
            raise os_error(code, text, str(path))
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(SyncError) as info:
        export_package(county, out, PASS, kdf_n=FAST_KDF)
    message = str(info.value)
    assert message.startswith(f"无法写入同步包“{out}”：") and said in message, message
    assert not ENGLISH.search(message.replace(str(out), "")), message
    assert list(folder.iterdir()) == []


def test_a_site_record_that_cannot_be_written_is_said_in_chinese(county, tmp_path, monkeypatch, user_data_dir) -> None:
    """The site's record outside the database (``store.identity``, in the user data folder) on a
    full disk: a Chinese message naming it, no package, the database unchanged."""
    from vcadre.store.db import DatabaseError

    real_open = open

    def failing_open(path, mode="r", *a, **k):
        if "sites" in Path(path).parts and "w" in mode:
            raise os_error(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, mode, *a, **k)

    before = dump(county)
    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(DatabaseError) as info:
        export_package(county, tmp_path / "x.vcsync", PASS, kdf_n=FAST_KDF)
    monkeypatch.undo()
    message = str(info.value)
    assert message.startswith("无法记录本机的站点身份（文件“") and "磁盘空间不足" in message
    assert not ENGLISH.search(message.replace(str(user_data_dir), "")), message
    assert dump(county) == before and not (tmp_path / "x.vcsync").exists()


@pytest.mark.both_backends
def test_reading_a_package_from_a_pulled_usb_stick_is_said_in_chinese(county, sites, tmp_path, monkeypatch) -> None:
    out = tmp_path / "县.vcsync"
    export_package(county, out, PASS, kdf_n=FAST_KDF)
    (town,) = sites("龙场镇")
    before = dump(town)
    real_open = open

    def failing_open(path, mode="r", *a, **k):
        if str(path) == str(out):
            raise os_error(errno.EIO, "Input/output error", str(out))
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(SyncError, match="读写磁盘出错") as info:
        import_package(town, out, PASS, backup=False)
    monkeypatch.undo()
    assert not ENGLISH.search(str(info.value).replace(str(out), ""))
    assert dump(town) == before


def test_a_locked_database_during_export_is_said_in_chinese(county, tmp_path, monkeypatch) -> None:
    def locked(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(segments, "sign_own", locked)
    before = dump(county)
    with pytest.raises(SyncError) as info:
        export_package(county, tmp_path / "x.vcsync", PASS, kdf_n=FAST_KDF)
    message = str(info.value)
    assert "未能导出同步包" in message and "文件被其他程序占用" in message and not ENGLISH.search(message), message
    assert dump(county) == before and not (tmp_path / "x.vcsync").exists()


@pytest.mark.parametrize("code,text,said", [CASES[1], CASES[2]])
def test_a_backup_folder_that_cannot_be_made_is_said_in_chinese(county, tmp_path, monkeypatch, code, text,
                                                               said) -> None:
    def mkdir(self, *a, **k):
        raise os_error(code, text, str(self))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(BackupError) as info:
        backup_database(county, "before-sync-import", tmp_path / "backups")
    assert said in str(info.value) and not ENGLISH.search(str(info.value).replace(str(tmp_path), ""))


def test_a_full_disk_while_backing_up_is_said_in_chinese(county, tmp_path, monkeypatch) -> None:
    real_connect = sqlite3.connect

    def connect(path, *a, **k):
        con = real_connect(path, *a, **k)
        if "backups" in str(path):
            con.close()
            raise sqlite3.OperationalError("database or disk is full")
        return con

    monkeypatch.setattr(backup_mod.sqlite3, "connect", connect)
    with pytest.raises(BackupError) as info:
        backup_database(county, "before-sync-import", tmp_path / "backups")
    message = str(info.value)
    assert "磁盘空间不足" in message and not ENGLISH.search(message.replace(str(tmp_path), "")), message
    assert os.listdir(tmp_path / "backups") == []
