"""Enrollment by the root (issue 14): the county enrolls a site from its join request and writes a
WELCOME package; from then on only enrolled sites' packages are accepted, at the county and at
every site that joined it, refused before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS, content, dump
from tests.unit.sync.helpers import export, ship
from vcadre.services import persons
from vcadre.store.models import Person
from vcadre.sync.enroll import enroll, read_request
from vcadre.sync.errors import SiteKeyError, SyncError
from vcadre.sync.service import import_package, join_request, peers

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)


def _person(db, name: str, phone: str) -> str:
    with db.session() as s, s.begin():
        person = persons.save_person(s, None, {"name": name, "gender": "1", "phone": phone})
        s.flush()
        return person.id


def _join(county, site, tmp_path: Path, name: str | None = None):
    """The whole documented flow: join request, enroll at the county, WELCOME imported."""
    req = tmp_path / f"{site.site()[1]}.vcjoin"
    join_request(site, req, name)
    welcome = tmp_path / f"welcome-{site.site()[1]}.vcsync"
    res = enroll(county, read_request(req), welcome, PASS, kdf_n=FAST_KDF)
    import_package(site, welcome, PASS, backup=False)
    return res


def test_enrolled_site_syncs_both_ways(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    pid = _person(county, "张三", "13900000001")
    res = _join(county, town, tmp_path)
    assert res.grandfathered == [] and res.name == "龙场镇"
    with town.session() as s:  # the WELCOME carries the county's data
        assert s.get(Person, pid).phone == "13900000001"
    roles = {p["name"]: p for p in peers(town)}
    assert set(roles) == {"县委组织部"}
    other = _person(town, "李四", "13900000002")
    ship(town, county, tmp_path)
    ship(county, town, tmp_path)
    assert content(county) == content(town)
    with county.session() as s:
        assert s.get(Person, other).name == "李四"


def test_the_root_refuses_a_site_it_did_not_enroll(sites, tmp_path) -> None:
    county, town, stranger = sites("县委组织部", "龙场镇", "冒名站点")
    _join(county, town, tmp_path)
    _person(stranger, "王五", "13900000003")
    out = export(stranger, tmp_path)
    before = dump(county)
    with pytest.raises(SiteKeyError, match="尚未由本机登记") as err:
        import_package(county, out, PASS, backup=False)
    assert "vcadre sync enroll" in str(err.value)
    assert dump(county) == before


def test_a_joined_site_refuses_sites_not_on_the_roots_roster(sites, tmp_path) -> None:
    county, town, other = sites("县委组织部", "龙场镇", "茅坪镇")
    _join(county, town, tmp_path)
    _person(other, "赵六", "13900000004")
    direct = export(other, tmp_path)  # before the county enrolled it
    before = dump(town)
    with pytest.raises(SiteKeyError, match="未经“县委组织部”登记"):
        import_package(town, direct, PASS, backup=False)
    assert dump(town) == before
    # The county enrolls it; its next package brings the roster to the township ...
    _join(county, other, tmp_path)
    ship(county, town, tmp_path)
    # ... which now accepts the other township directly (its key pinned from the roster).
    import_package(town, direct, PASS, backup=False)
    assert {p["name"] for p in peers(town)} == {"县委组织部", "茅坪镇"}


def test_a_forged_site_with_an_enrolled_name_or_id_is_refused(sites, tmp_path) -> None:
    county, town, forger = sites("县委组织部", "龙场镇", "龙场镇 ")
    _join(county, town, tmp_path)
    # A request with an enrolled name (after trimming) is not enrolled.
    req = tmp_path / "forger.vcjoin"
    join_request(forger, req)
    with pytest.raises(SyncError, match="已被其他站点使用"):
        enroll(county, read_request(req), tmp_path / "w.vcsync", PASS, kdf_n=FAST_KDF)
    # The enrolled site's id with another key (a copied request edited) fails its self-signature ...
    text = json.loads(req.read_text(encoding="utf-8"))
    body = json.loads(text["request"])
    body["site_id"] = town.site()[0]
    text["request"] = json.dumps(body, ensure_ascii=False, sort_keys=True)
    bad = tmp_path / "edited.vcjoin"
    bad.write_text(json.dumps(text, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SyncError, match="不是有效的加入申请"):
        read_request(bad)
    assert not (tmp_path / "w.vcsync").exists()


def test_peers_known_before_the_first_enrollment_stay_accepted(sites, tmp_path) -> None:
    county, old, new = sites("县委组织部", "老站点", "新站点")
    ship(old, county, tmp_path)  # trusted on first use, before enrollment existed
    res = _join(county, new, tmp_path)
    assert res.grandfathered == ["老站点"]
    pid = _person(old, "钱七", "13900000005")
    ship(old, county, tmp_path)
    with county.session() as s:
        assert s.get(Person, pid).name == "钱七"


def test_only_the_root_enrolls(sites, tmp_path) -> None:
    county, town, other = sites("县委组织部", "龙场镇", "茅坪镇")
    _join(county, town, tmp_path)
    req = tmp_path / "other.vcjoin"
    join_request(other, req)
    with pytest.raises(SyncError, match="只有县委组织部"):
        enroll(town, read_request(req), tmp_path / "w.vcsync", PASS, kdf_n=FAST_KDF)


def test_enroll_cli_prints_the_fingerprint_and_needs_yes(tmp_path, capsys, monkeypatch) -> None:
    from vcadre.cli import EXIT_USER_ERROR, main

    monkeypatch.setattr("vcadre.sync.package.DEFAULT_KDF_N", 2**10)
    county, town = tmp_path / "县.db", tmp_path / "镇.db"
    assert main(["init", "--db", str(county), "--site-name", "县委组织部"]) == 0
    assert main(["init", "--db", str(town), "--site-name", "龙场镇组织办"]) == 0
    pw = tmp_path / "口令.txt"
    pw.write_text("同步口令 2026\n", encoding="utf-8")
    req, welcome = tmp_path / "申请.vcjoin", tmp_path / "欢迎.vcsync"
    capsys.readouterr()
    assert main(["sync", "join", "--db", str(town), "--out", str(req)]) == 0
    said = capsys.readouterr().out
    fingerprint = said.split("密钥指纹：")[1].splitlines()[0]
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    args = ["sync", "enroll", str(req), "--db", str(county), "--out", str(welcome), "--passphrase-file", str(pw)]
    assert main(args) == EXIT_USER_ERROR  # not confirmed: nothing enrolled, nothing written
    assert not welcome.exists()
    assert main(args + ["--yes"]) == 0
    out = capsys.readouterr().out
    assert fingerprint in out and "已登记站点“龙场镇组织办”" in out
    assert main(["sync", "import", str(welcome), "--db", str(town), "--passphrase-file", str(pw)]) == 0


def test_a_revoked_site_is_refused_wherever_the_revocation_has_arrived(sites, tmp_path) -> None:
    from vcadre.sync.enroll import revoke

    county, town, lost = sites("县委组织部", "龙场镇", "茅坪镇")
    _join(county, town, tmp_path)
    _join(county, lost, tmp_path)
    ship(county, town, tmp_path)  # the township knows the lost laptop from the roster
    _person(lost, "冒用者", "13900000009")
    before_theft = export(lost, tmp_path)
    assert revoke(county, "茅坪镇")["name"] == "茅坪镇"
    before = dump(county)
    with pytest.raises(SiteKeyError, match="已被县委组织部吊销"):
        import_package(county, before_theft, PASS, backup=False)
    assert dump(county) == before
    # The township has not heard of the revocation yet: accepted there (documented) ...
    import_package(town, before_theft, PASS, backup=False)
    ship(county, town, tmp_path)  # ... until a package of the county brings it
    later = export(lost, tmp_path)
    before = dump(town)
    with pytest.raises(SiteKeyError, match="吊销"):
        import_package(town, later, PASS, backup=False)
    assert dump(town) == before
    assert {p["name"]: p["revoked"] for p in peers(town)} == {"县委组织部": 0, "茅坪镇": 1}
    # A revoked site cannot be enrolled again under the same identity.
    req = tmp_path / "again.vcjoin"
    join_request(lost, req)
    with pytest.raises(SyncError, match="已被吊销"):
        enroll(county, read_request(req), tmp_path / "w.vcsync", PASS, kdf_n=FAST_KDF)


def test_only_the_root_revokes_and_only_known_sites(sites, tmp_path) -> None:
    from vcadre.sync.enroll import revoke

    county, town = sites("县委组织部", "龙场镇")
    _join(county, town, tmp_path)
    with pytest.raises(SyncError, match="只有县委组织部"):
        revoke(town, "县委组织部")
    with pytest.raises(SyncError, match="找不到同步对象"):
        revoke(county, "不存在的站点")


def test_revoke_cli_needs_yes(tmp_path, capsys, monkeypatch) -> None:
    from vcadre.cli import EXIT_USER_ERROR, main

    monkeypatch.setattr("vcadre.sync.package.DEFAULT_KDF_N", 2**10)
    county, town = tmp_path / "县.db", tmp_path / "镇.db"
    assert main(["init", "--db", str(county), "--site-name", "县委组织部"]) == 0
    assert main(["init", "--db", str(town), "--site-name", "龙场镇组织办"]) == 0
    pw = tmp_path / "口令.txt"
    pw.write_text("同步口令 2026\n", encoding="utf-8")
    req, welcome = tmp_path / "申请.vcjoin", tmp_path / "欢迎.vcsync"
    assert main(["sync", "join", "--db", str(town), "--out", str(req)]) == 0
    assert main(["sync", "enroll", str(req), "--db", str(county), "--out", str(welcome),
                 "--passphrase-file", str(pw), "--yes"]) == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["sync", "revoke", "龙场镇组织办", "--db", str(county)]) == EXIT_USER_ERROR
    capsys.readouterr()
    assert main(["sync", "peers", "--db", str(county)]) == 0
    assert "已登记" in capsys.readouterr().out
    assert main(["sync", "revoke", "龙场镇组织办", "--db", str(county), "--yes"]) == 0
    assert "已吊销站点“龙场镇组织办”" in capsys.readouterr().out
    assert main(["sync", "peers", "--db", str(county)]) == 0
    assert "已吊销" in capsys.readouterr().out
