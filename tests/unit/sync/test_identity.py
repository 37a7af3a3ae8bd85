"""Site identity: a change number is never issued twice (undo, restore by hand), and a copied
database is recognised (same installation at another path, or another installation)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS, content
from tests.unit.sync.helpers import export, ship
from vcadre.services import persons
from vcadre.store import identity
from vcadre.store.models import Person
from vcadre.store.db import open_database
from vcadre.sync.service import export_package, import_package, undo_last_import

# The county (the first site) is an office on the server (conftest.sites); the township whose
# file is copied, moved or rewound stays a laptop file.
pytestmark = pytest.mark.both_backends


def _person(db, name: str, phone: str) -> str:
    with db.session() as s, s.begin():
        person = persons.save_person(s, None, {"name": name, "gender": "1", "phone": phone})
        s.flush()
        return person.id


def _edit(db, pid: str, phone: str) -> None:
    with db.session() as s, s.begin():
        persons.save_person(s, pid, {"phone": phone})


def _backup(src_path, dst_path) -> None:
    src, dst = sqlite3.connect(src_path), sqlite3.connect(dst_path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _own_numbers(db) -> list[int]:
    site = db.site()[0]
    con = sqlite3.connect(db.path)
    try:
        return [n for (n,) in con.execute("SELECT origin_seq FROM sync_change WHERE origin = ? ORDER BY 1", (site,))]
    finally:
        con.close()


def test_undo_then_edit_then_sync_converges(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    pid = _person(county, "张三", "13900000001")
    ship(county, town, tmp_path)
    ship(town, county, tmp_path)
    # The township imports a package, edits, and sends the edit out ...
    _edit(county, pid, "13900000002")
    ship(county, town, tmp_path)  # the township's import to undo (with a backup)
    _edit(county, pid, "13900000003")
    p2 = export(county, tmp_path, full=False, for_peer=town.site()[0])
    import_package(town, p2, PASS, backup=True)
    _edit(town, pid, "13700000003")
    other = _person(town, "孙八", "13500000001")  # sent out, then lost here by the undo
    ship(town, county, tmp_path)
    assert county.site() != town.site()
    # ... then undoes the import: its edit is gone, and the counter went back with the file.
    undo_last_import(town)
    before = set(_own_numbers(town))
    _edit(town, pid, "13600000004")  # with the old counter this reused the number sent above
    new = set(_own_numbers(town)) - before
    assert new and min(new) >= identity.base(1), "a new incarnation after the undo"
    for _ in range(2):
        ship(town, county, tmp_path)
        ship(county, town, tmp_path)
    assert content(county) == content(town)
    with county.session() as s:
        assert s.get(Person, pid).phone == "13600000004"
    with town.session() as s:  # the county sent back what the undo lost: no change lost
        assert s.get(Person, other).name == "孙八"


def test_a_backup_restored_by_hand_starts_a_new_incarnation(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    pid = _person(town, "李四", "13900000001")
    ship(town, county, tmp_path)
    saved = tmp_path / "saved.db"
    _backup(town.path, saved)
    _edit(town, pid, "13900000002")
    ship(town, county, tmp_path)  # numbers after the copy are out there now
    path = town.path
    town.close()
    shutil.copyfile(saved, path)  # the officer restores yesterday's file by hand
    again = open_database(path)
    try:
        assert again.identity_event == "incarnation"
        assert again.site()[0] == town.site()[0]  # the same site, not a copy
        _edit(again, pid, "13900000005")
        assert max(_own_numbers(again)) >= identity.base(1)
        for _ in range(2):
            ship(again, county, tmp_path)
            ship(county, again, tmp_path)
        assert content(county) == content(again)
        with county.session() as s:
            assert s.get(Person, pid).phone == "13900000005"
    finally:
        again.close()


def test_a_rewound_file_of_a_never_exported_site_is_left_alone(sites, tmp_path) -> None:
    _county, town = sites("县委组织部", "龙场镇")  # the county only so that the township is a file
    _person(town, "王五", "13900000001")
    town.close()
    again = open_database(town.path)
    try:
        assert again.identity_event is None
        assert max(_own_numbers(again)) < identity.base(1)
    finally:
        again.close()


@pytest.mark.parametrize("where", ["same installation", "another laptop"])
def test_a_copied_database_is_recognised_and_cannot_export(sites, tmp_path, monkeypatch, where) -> None:
    county, town = sites("县委组织部", "龙场镇")
    pid = _person(town, "赵六", "13900000001")
    ship(town, county, tmp_path)  # the township has exported: it is bound to this installation
    copy = tmp_path / "copy" / "vcadre.db"
    copy.parent.mkdir()
    _backup(town.path, copy)
    if where == "another laptop":
        monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "laptop2"))
    clone = open_database(copy)
    try:
        assert clone.identity_event == "copy"
        assert clone.site()[0] != town.site()[0]
        with clone.session() as s:  # readable
            assert s.get(Person, pid).phone == "13900000001"
        con = sqlite3.connect(copy)
        try:
            assert con.execute("SELECT private_key FROM site WHERE id = ?", (town.site()[0],)).fetchone() == (None,)
        finally:
            con.close()
        before = copy.read_bytes()
        with pytest.raises(identity.CopiedSiteError) as err:
            export_package(clone, tmp_path / "x.vcsync", PASS, kdf_n=FAST_KDF)
        assert "复制" in str(err.value) and "vcadre sync join" in str(err.value)
        assert not (tmp_path / "x.vcsync").exists()
        # Edits in the copy carry its new id: they can never take the original's numbers.
        _edit(clone, pid, "13900000009")
        assert all(o != town.site()[0] for o in _new_origins(copy, before))
    finally:
        clone.close()
    if where == "same installation":
        # The original, at its registered path, is still itself.
        again = open_database(town.path)
        try:
            assert again.identity_event is None
            export_package(again, tmp_path / "ok.vcsync", PASS, kdf_n=FAST_KDF)
        finally:
            again.close()


def _new_origins(path, _before) -> set[str]:
    con = sqlite3.connect(path)
    try:
        local = con.execute("SELECT id FROM site WHERE is_local = 1").fetchone()[0]
        rows = con.execute("SELECT DISTINCT origin FROM sync_change WHERE field = 'phone' AND new = '\"13900000009\"'")
        origins = {r[0] for r in rows}
        assert origins == {local}
        return origins
    finally:
        con.close()


def test_a_moved_database_stays_itself(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    _person(town, "钱七", "13900000001")
    ship(town, county, tmp_path)
    town.close()
    moved = tmp_path / "moved.db"
    shutil.move(town.path, moved)
    again = open_database(moved)
    try:
        assert again.identity_event is None
        export_package(again, tmp_path / "m.vcsync", PASS, kdf_n=FAST_KDF)
    finally:
        again.close()


def test_a_copy_joins_under_a_new_name_then_exports(sites, tmp_path, monkeypatch) -> None:
    from vcadre.sync.errors import SyncError
    from vcadre.sync.service import join_request

    county, town = sites("县委组织部", "龙场镇")
    _person(town, "周九", "13900000001")
    ship(town, county, tmp_path)
    copy = tmp_path / "copy.db"
    _backup(town.path, copy)
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "laptop2"))
    clone = open_database(copy)
    try:
        with pytest.raises(SyncError, match="已被其他站点使用"):
            join_request(clone, tmp_path / "r.vcjoin", " 龙场镇 ")  # the original's name, trimmed
        me = join_request(clone, tmp_path / "r.vcjoin", "龙场镇（新电脑）")
        assert me.id == clone.site()[0] != town.site()[0]
        assert (tmp_path / "r.vcjoin").exists()
        out = export(clone, tmp_path)
        res = import_package(county, out, PASS, backup=False)
        assert res.manifest.site_name == "龙场镇（新电脑）"
    finally:
        clone.close()


def test_undoing_the_first_import_keeps_the_site_key(sites, tmp_path) -> None:
    """The automatic backup before a township's first import predates its key pair (made at its
    first export). Undoing that import must not give the site a new key: the county would refuse
    every later package of the township as a forgery."""
    county, town = sites("县委组织部", "龙场镇")
    pid = _person(county, "张三", "13900000001")
    first = export(county, tmp_path)
    import_package(town, first, PASS, backup=True)  # backup of a site without keys
    _edit(town, pid, "13700000001")
    ship(town, county, tmp_path)  # the key is made and the county records it
    town_key = _public_key(town)
    undo_last_import(town)
    assert town_key and _public_key(town) == town_key
    other = _person(town, "孙八", "13500000001")
    for _ in range(2):
        ship(town, county, tmp_path)
        ship(county, town, tmp_path)
    assert content(county) == content(town)
    with county.session() as s:
        assert s.get(Person, other).name == "孙八"


def test_a_keyless_backup_put_back_by_hand_joins_as_a_new_site(sites, tmp_path) -> None:
    from vcadre.sync.service import join_request

    county, town = sites("县委组织部", "龙场镇")
    pid = _person(town, "李四", "13900000001")
    saved = tmp_path / "saved.db"
    _backup(town.path, saved)  # before the township's first export: no key pair in it
    ship(town, county, tmp_path)
    old_id, path = town.site()[0], town.path
    town.close()
    shutil.copyfile(saved, path)
    again = open_database(path)
    try:
        assert again.identity_event == "copy"
        assert again.site()[0] != old_id
        with pytest.raises(identity.CopiedSiteError, match="旧备份"):
            export_package(again, tmp_path / "x.vcsync", PASS, kdf_n=FAST_KDF)
        join_request(again, tmp_path / "r.vcjoin", "龙场镇（恢复）")  # the documented step
        _edit(again, pid, "13900000007")
        for _ in range(2):
            ship(again, county, tmp_path)
            ship(county, again, tmp_path)
        assert content(county) == content(again)
        with county.session() as s:
            assert s.get(Person, pid).phone == "13900000007"
    finally:
        again.close()


def _public_key(db) -> bytes:
    con = sqlite3.connect(db.path)
    try:
        return con.execute("SELECT public_key FROM site WHERE is_local = 1").fetchone()[0]
    finally:
        con.close()
