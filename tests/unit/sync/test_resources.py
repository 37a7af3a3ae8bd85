"""Bounded resources (issue 14, points 5–6): size, KDF and decompression limits checked before
the work, no backup for a package that changes nothing (nor for a refused one), pruning with a
disk-space check first, an undo that waits for a lock a few seconds at most, and Chinese
messages for read-only, locked and full disks.

The limits on a package run on both backends, the importer (the county) an office on the server;
backups, their pruning, the undo that puts a backup file back and SQLite's lock and write texts
are about the laptop's file, so those tests stay on SQLite."""

from __future__ import annotations

import json
import sqlite3
import tracemalloc
import zlib
from pathlib import Path

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS, dump
from tests.unit.sync.helpers import export
from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.store import backup as backup_mod
from vcadre.store.backup import BackupError, backup_database, prune_backups
from vcadre.store.models import Person, new_id
from vcadre.sync import package as pkg
from vcadre.sync.errors import DamagedPackageError, SyncError
from vcadre.sync.service import import_package, site_info, undo_last_import, write_problem


@pytest.fixture
def on_server() -> tuple[str, ...]:
    """On the postgresql backend the importing county is the office on the server."""
    return ("县委组织部",)


@pytest.fixture
def pair(sites, tmp_path):
    a, b = sites("龙场镇", "县委组织部")
    with a.session() as s, s.begin():
        for i in range(5):
            s.add(Person(name=f"人员{i}", gender="1"))
    return a, b, export(a, tmp_path)


def _refused(db, path, match: str) -> None:
    before = dump(db)
    with pytest.raises(SyncError, match=match):
        import_package(db, path, PASS, backup=True)
    assert dump(db) == before


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.db")) if folder.exists() else []


@pytest.mark.both_backends
def test_a_costly_kdf_header_is_refused_before_any_work(pair, tmp_path, monkeypatch) -> None:
    _a, b, good = pair
    data = good.read_bytes()
    header, end = pkg.read_header(data)
    h = json.loads(data[len(pkg.MAGIC) + 4:end])
    h["kdf"].update(n=2**20, r=16)
    head = json.dumps(h).encode()
    bad = tmp_path / "kdf.vcsync"
    bad.write_bytes(pkg.MAGIC + len(head).to_bytes(4, "big") + head + data[end:])
    monkeypatch.setattr(pkg, "derive_key", lambda *a, **k: pytest.fail("scrypt must not run"))
    _refused(b, bad, "参数不受支持")


@pytest.mark.both_backends
def test_a_compression_bomb_is_refused_in_bounded_memory(pair, tmp_path, monkeypatch) -> None:
    a, b, _good = pair
    monkeypatch.setattr(pkg, "MAX_PLAIN", 8 * 2**20)
    me = site_info(a)
    bomb = zlib.compress(b"0" * (64 * 2**20), 9)  # 64 MB of text in ~64 KB
    m = pkg.Manifest(package_id=new_id(), site_id=me.id, site_name=me.name, schema="x", created="", full=True,
                     for_site=None, from_seq=1, to_seq=1, changes=1, counts={}, acks={}, content_sha256="0")
    data, _key = pkg.seal(m, bomb, private_key=me.private_key, public_key=me.public_key, passphrase=PASS,
                          kdf_n=FAST_KDF)
    path = tmp_path / "bomb.vcsync"
    path.write_bytes(data)
    tracemalloc.start()
    try:
        _refused(b, path, "解压后过大|过长")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 2**20, peak


@pytest.mark.both_backends
def test_an_oversized_file_is_refused_without_reading_it(pair, monkeypatch) -> None:
    _a, b, good = pair
    monkeypatch.setattr(pkg, "MAX_PACKAGE", 1024)
    _refused(b, good, "超过同步包的上限")


def test_no_backup_for_a_package_that_changes_nothing_nor_for_a_refused_one(pair, tmp_path, user_data_dir) -> None:
    a, b, good = pair
    folder = user_data_dir / "backups"
    import_package(b, good, PASS, backup=True)
    assert len(_backups(folder)) == 1
    again = export(a, tmp_path)  # another package, the same (known) changes
    res = import_package(b, again, PASS, backup=True)
    assert res.backup is None and res.stats.new_changes == 0
    assert len(_backups(folder)) == 1
    with a.session() as s, s.begin():
        s.add(Person(name="新人", gender="Z"))  # refused by the rules on import
    bad = export(a, tmp_path)
    with pytest.raises(SyncError):
        import_package(b, bad, PASS, backup=True)
    assert len(_backups(folder)) == 1


def test_backups_are_pruned_keeping_the_newest_and_one_a_month(tmp_path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = []
    for month in range(1, 7):
        for day in (3, 17, 25):
            name = f"vcadre-2026{month:02d}{day:02d}-101010-000000-before-sync-import.db"
            (folder / name).write_bytes(b"x")
            names.append(name)
    (folder / "vcadre-20260101-101010-000000-before-restore.db").write_bytes(b"x")  # another kind
    deleted = prune_backups(Path("vcadre.db"), "before-sync-import", keep=10, folder=folder)
    left = sorted(p.name for p in folder.glob("*before-sync-import.db"))
    newest = sorted(names, reverse=True)[:10]
    monthly = [f"vcadre-2026{m:02d}25-101010-000000-before-sync-import.db" for m in range(1, 7)]
    assert left == sorted(set(newest) | set(monthly))
    assert len(deleted) == 18 - len(left)
    assert (folder / "vcadre-20260101-101010-000000-before-restore.db").exists()


def test_a_full_disk_is_said_before_the_backup_is_written(pair, monkeypatch, user_data_dir) -> None:
    _a, b, good = pair

    class Usage:
        free = 10 * 2**20

    monkeypatch.setattr(backup_mod.shutil, "disk_usage", lambda _p: Usage)
    with pytest.raises(BackupError, match="磁盘空间不足"):
        backup_database(b, "before-sync-import")
    before = dump(b)
    with pytest.raises(BackupError, match="磁盘空间不足"):
        import_package(b, good, PASS, backup=True)
    assert dump(b) == before
    assert not _backups(user_data_dir / "backups")


def test_undo_waits_for_a_lock_a_few_seconds_at_most(pair, monkeypatch) -> None:
    _a, b, good = pair
    import_package(b, good, PASS, backup=True)
    monkeypatch.setattr(backup_mod, "LOCK_WAIT", 0.3)
    other = sqlite3.connect(b.path)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        with pytest.raises(BackupError, match="已锁定"):
            undo_last_import(b)
    finally:
        other.rollback()
        other.close()
    undo_last_import(b)  # once the lock is gone
    with b.session() as s:
        assert s.query(Person).count() == 0


def test_cli_undo_warns_and_needs_yes_when_local_edits_would_be_lost(pair, capsys, monkeypatch) -> None:
    _a, b, good = pair
    import_package(b, good, PASS, backup=True)
    with b.session() as s, s.begin():
        s.query(Person).first().phone = "13900000001"  # an edit after the import
    b.close()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["sync", "undo", "--db", str(b.path)]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert "1 处修改" in err and "--yes" in err
    assert main(["sync", "undo", "--db", str(b.path), "--yes"]) == 0
    assert "已撤销" in capsys.readouterr().out


@pytest.mark.parametrize("raw,expected", [
    ("attempt to write a readonly database", "只读"),
    ("database is locked", "已锁定"),
    ("database or disk is full", "磁盘空间不足"),
])
def test_write_problems_are_said_in_chinese(raw, expected) -> None:
    text = write_problem(sqlite3.OperationalError(raw))
    assert expected in text and "database" not in text
