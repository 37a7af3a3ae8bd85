"""Packages encrypted to the recipients' keys (issue 14): no shared passphrase has to travel; a
site the package is not for cannot read it (clear Chinese message, nothing written); a passphrase
is an optional extra layer on top."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS, content, dump
from tests.unit.sync.test_enroll import _person
from vcadre.store.models import Person
from vcadre.sync import package as pkg
from vcadre.sync.enroll import enroll, read_request
from vcadre.sync.errors import SiteKeyError, SyncError, WrongPassphraseError
from vcadre.sync.service import export_package, import_package, join_request, peers, site_info

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)

_n = [0]


def _out(folder: Path) -> Path:
    _n[0] += 1
    return folder / f"r{_n[0]}.vcsync"


def _join(county, site, folder: Path) -> None:
    """Join without any passphrase: the WELCOME is encrypted to the key in the request."""
    req = folder / f"{site.site()[1]}.vcjoin"
    join_request(site, req)
    welcome = _out(folder)
    enroll(county, read_request(req), welcome, None, kdf_n=FAST_KDF)
    import_package(site, welcome, None, backup=False)


def _refused(db, path: Path, match: str, exc=SyncError, passphrase=None) -> str:
    before = dump(db)
    with pytest.raises(exc) as info:
        import_package(db, path, passphrase, backup=False)
    assert dump(db) == before, "nothing written"
    msg = str(info.value)
    assert "未作任何改动" in msg and match in msg, msg
    return msg


@pytest.fixture
def network(sites, tmp_path):
    county, town1, town2 = sites("县委组织部", "龙场镇", "茅坪镇")
    _person(county, "张三", "13900000001")
    _join(county, town1, tmp_path)
    _join(county, town2, tmp_path)
    return county, town1, town2


def test_enrolled_sites_sync_without_any_passphrase(network, tmp_path) -> None:
    county, town1, town2 = network
    pid = _person(town1, "李四", "13900000002")
    up = _out(tmp_path)
    res = export_package(town1, up, None, kdf_n=FAST_KDF)
    assert res.recipients == ["县委组织部"]  # what town1 knows: its root
    header, _end = pkg.read_header(up.read_bytes())
    assert not header.has_passphrase and set(header.recipients) == {county.site()[0]}
    import_package(county, up, None, backup=False)
    down = _out(tmp_path)
    res = export_package(county, down, None, kdf_n=FAST_KDF)  # default: every enrolled site
    assert sorted(res.recipients) == ["茅坪镇", "龙场镇"]
    import_package(town2, down, None, backup=False)
    with town2.session() as s:
        assert s.get(Person, pid).name == "李四"
    assert content(town2) == content(county)


def test_a_site_the_package_is_not_for_cannot_read_it(network, tmp_path) -> None:
    county, town1, town2 = network
    _person(county, "王五", "13900000003")
    path = _out(tmp_path)
    export_package(county, path, None, to=["龙场镇"], kdf_n=FAST_KDF)
    msg = _refused(town2, path, "不是发给本机", SiteKeyError)
    assert "龙场镇" in msg and "茅坪镇" in msg and "--to" in msg
    import_package(town1, path, None, backup=False)


def test_a_stolen_passphrase_opens_nothing_encrypted_to_recipients(network, sites, tmp_path) -> None:
    """A thief who knows the passphrase (and so could read the older packages) holds a database
    of their own: a package encrypted to the townships is closed to it, passphrase or not."""
    county, town1, _town2 = network
    (thief,) = sites("窃取者")
    path = _out(tmp_path)
    export_package(county, path, PASS, kdf_n=FAST_KDF)  # recipients + the passphrase layer
    _refused(thief, path, "不是发给本机", SiteKeyError, passphrase=PASS)
    import_package(town1, path, PASS, backup=False)


def test_the_passphrase_layer_is_needed_too_when_given(network, tmp_path) -> None:
    county, town1, _town2 = network
    _person(county, "赵六", "13900000004")
    path = _out(tmp_path)
    export_package(county, path, PASS, for_peer="龙场镇", kdf_n=FAST_KDF)
    _refused(town1, path, "另设了口令", WrongPassphraseError)
    _refused(town1, path, "口令不正确", WrongPassphraseError, passphrase="错误的口令")
    import_package(town1, path, PASS, backup=False)


def test_keys_travel_in_join_requests_packages_and_the_roster(network, tmp_path) -> None:
    county, town1, town2 = network
    # town2 learnt town1's key from the county's roster (the WELCOME): it can encrypt to town1.
    assert {p["name"] for p in peers(town2)} == {"县委组织部", "龙场镇"}
    path = _out(tmp_path)
    _person(town2, "孙八", "13900000005")
    export_package(town2, path, None, to=["龙场镇"], kdf_n=FAST_KDF)
    roster = _out(tmp_path)  # town1 joined first: a package of the county brings town2 to it
    export_package(county, roster, None, for_peer="龙场镇", kdf_n=FAST_KDF)
    import_package(town1, roster, None, backup=False)
    import_package(town1, path, None, backup=False)
    header, _end = pkg.read_header(path.read_bytes())
    assert set(header.recipients) == {town1.site()[0]}


def test_no_known_key_and_no_passphrase_is_said_clearly(sites, tmp_path) -> None:
    a, _b = sites("甲站", "乙站")
    with pytest.raises(SyncError, match="还不知道任何接收站点的加密公钥"):
        export_package(a, _out(tmp_path), None, kdf_n=FAST_KDF)
    with pytest.raises(SyncError, match="找不到同步对象"):
        export_package(a, _out(tmp_path), None, to=["乙站"], kdf_n=FAST_KDF)


def test_a_site_made_before_encryption_gets_its_key_on_first_use(sites, tmp_path) -> None:
    (old,) = sites("老站点")
    with old.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE site SET box_private = NULL, box_public = NULL WHERE is_local = 1")
    req = tmp_path / "old.vcjoin"
    join_request(old, req)
    me = site_info(old)
    assert len(me.box_public) == 32
    assert read_request(req).box_key == me.box_public


def test_a_copied_database_cannot_read_packages_for_its_original(network, tmp_path, user_data_dir) -> None:
    import shutil

    from vcadre.store.db import open_database

    county, town1, _town2 = network
    export_package(town1, _out(tmp_path), None, kdf_n=FAST_KDF)  # town1 is bound to this installation
    copy_path = tmp_path / "copy.db"
    town1.engine.dispose()
    shutil.copy(town1.path, copy_path)
    copy = open_database(copy_path)
    try:
        assert copy.identity_event == "copy"
        path = _out(tmp_path)
        export_package(county, path, None, to=["龙场镇"], kdf_n=FAST_KDF)
        _refused(copy, path, "不是发给本机", SiteKeyError)
    finally:
        copy.close()


def test_cli_export_to_and_import_without_a_passphrase(tmp_path, capsys, monkeypatch) -> None:
    from vcadre.cli import EXIT_USER_ERROR, main

    county, town = tmp_path / "县.db", tmp_path / "镇.db"
    assert main(["init", "--db", str(county), "--site-name", "县委组织部"]) == 0
    assert main(["init", "--db", str(town), "--site-name", "龙场镇组织办"]) == 0
    req, welcome, pkgfile = tmp_path / "申请.vcjoin", tmp_path / "欢迎.vcsync", tmp_path / "包.vcsync"
    assert main(["sync", "join", "--db", str(town), "--out", str(req)]) == 0
    assert main(["sync", "enroll", str(req), "--db", str(county), "--out", str(welcome), "--yes"]) == 0
    assert main(["sync", "import", str(welcome), "--db", str(town)]) == 0
    capsys.readouterr()
    assert main(["sync", "export", "--db", str(town), "--out", str(pkgfile), "--to", "县委组织部"]) == 0
    assert "已加密给：县委组织部" in capsys.readouterr().out
    assert main(["sync", "import", str(pkgfile), "--db", str(county)]) == 0
    other = tmp_path / "他.db"
    assert main(["init", "--db", str(other), "--site-name", "茅坪镇组织办"]) == 0
    capsys.readouterr()
    assert main(["sync", "import", str(pkgfile), "--db", str(other)]) == EXIT_USER_ERROR
    assert "不是发给本机" in capsys.readouterr().err


def test_a_header_naming_other_recipients_is_refused_by_the_signature(network, tmp_path) -> None:
    county, town1, town2 = network
    path = _out(tmp_path)
    export_package(county, path, None, to=["龙场镇"], kdf_n=FAST_KDF)
    data = path.read_bytes()
    hlen = int.from_bytes(data[12:16], "big")
    head = json.loads(data[16:16 + hlen])
    head["recipients"]["to"] = {town2.site()[0]: next(iter(head["recipients"]["to"].values()))}
    new = json.dumps(head, ensure_ascii=False, sort_keys=True).encode()
    bad = tmp_path / "renamed.vcsync"
    bad.write_bytes(pkg.MAGIC + len(new).to_bytes(4, "big") + new + data[16 + hlen:])
    _refused(town2, bad, "签名验证失败")


def test_no_recipient_chosen_means_the_passphrase_alone(network, tmp_path) -> None:
    """``to=[]`` (the export window with no site ticked): not the default readers but none, so a
    passphrase is needed; without one nothing is written."""
    county, town1, _town2 = network
    path = _out(tmp_path)
    with pytest.raises(SyncError, match="没有选择任何接收站点"):
        export_package(county, path, None, to=[], kdf_n=FAST_KDF)
    assert not path.exists()
    res = export_package(county, path, PASS, to=[], kdf_n=FAST_KDF)
    header, _end = pkg.read_header(path.read_bytes())
    assert res.recipients == [] and not header.recipients and header.has_passphrase
    import_package(town1, path, PASS, backup=False)
