"""Delegated enrollment (issue 14): the root allows a site to enroll others; a site it enrolls is
accepted everywhere once the chain root → delegate → new site is proven by the certificates the
packages carry; a site without the right cannot enroll; a revoked delegate's later enrollments
are refused wherever the revocation has arrived. Every refusal leaves the database unchanged.

Each test runs with every site a laptop file, then with the root (the county office) on the
PostgreSQL server, then with the delegate (a township office) there (issue 16: an office
database can be either).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS, dump
from tests.unit.sync.helpers import export, ship
from vcadre.store.dbapi import raw_connection
from vcadre.services import persons
from vcadre.store.models import Person
from vcadre.sync import certs
from vcadre.sync.enroll import enroll, grant, read_request, revoke
from vcadre.sync.errors import SiteKeyError, SyncError
from vcadre.sync.service import export_package, import_package, join_request, peers


#: Which sites are on the server: none; the root; the delegate (and, where a test has them, the
#: second root and a plain township — the other victims of a forged certificate).
ROLES = pytest.mark.parametrize(("backend", "on_server"), [
    ("sqlite", ()),
    ("postgresql", ("县委组织部", "县委组织部二")),
    ("postgresql", ("龙场镇组织办", "茅坪镇组织办")),
], indirect=["backend"], ids=["sqlite", "postgresql-root", "postgresql-delegate"])


def _person(db, name: str, phone: str) -> str:
    with db.session() as s, s.begin():
        person = persons.save_person(s, None, {"name": name, "gender": "1", "phone": phone})
        s.flush()
        return person.id


def _join(by, site, tmp_path: Path, may_enroll: bool = False):
    """Join request of ``site``, enrolled by ``by`` (the root or a delegate), WELCOME imported."""
    req = tmp_path / f"{site.site()[1]}.vcjoin"
    join_request(site, req)
    welcome = tmp_path / f"welcome-{site.site()[1]}.vcsync"
    res = enroll(by, read_request(req), welcome, kdf_n=FAST_KDF, may_enroll=may_enroll)
    import_package(site, welcome, backup=False)
    return res


def _send(src, folder: Path) -> Path:
    """A full package of ``src`` for every site it knows (no passphrase: encrypted to their keys)."""
    out = folder / f"{src.site()[1]}-{len(list(folder.glob('*.vcsync')))}.vcsync"
    export_package(src, out, full=True, kdf_n=FAST_KDF)
    return out


def _has(db, pid: str) -> bool:
    with db.session() as s:
        return s.get(Person, pid) is not None


def _by_name(db) -> dict:
    return {p["name"]: p for p in peers(db)}


@ROLES
def test_a_site_enrolled_by_a_delegate_is_accepted_by_a_third_site_and_the_root(sites, tmp_path) -> None:
    county, town, other, village = sites("县委组织部", "龙场镇组织办", "茅坪镇组织办", "龙场村")
    _join(county, other, tmp_path)
    _join(county, town, tmp_path, may_enroll=True)
    assert _by_name(county)["龙场镇组织办"]["may_enroll"] == 1
    # The township office enrolls a village laptop itself: the village joins the county's network.
    _join(town, village, tmp_path)
    assert _by_name(village)["县委组织部"]["is_root"] == 1
    assert _by_name(town)["龙场村"]["enrolled_by_name"] == "龙场镇组织办"
    pid = _person(village, "村干部", "13900000011")
    out = _send(village, tmp_path)
    # The third site never heard of the grant nor of the village: the certificates prove both.
    assert "龙场村" not in _by_name(other)
    import_package(other, out, backup=False)
    assert _has(other, pid)
    row = _by_name(other)["龙场村"]
    assert (row["enrolled"], row["enrolled_by_name"]) == (1, "龙场镇组织办")
    import_package(county, out, backup=False)
    assert _has(county, pid) and _by_name(county)["龙场村"]["enrolled"] == 1
    # The village accepts the third site's packages too (its certificate came with the WELCOME).
    pid2 = _person(other, "乡干部", "13900000012")
    ship(other, village, tmp_path)
    assert _has(village, pid2)


@ROLES
def test_the_grant_arrives_with_the_countys_next_package_and_the_cli_shows_who_enrolled_whom(sites, tmp_path, capsys) -> None:
    from vcadre.cli import main

    county, town, village = sites("县委组织部", "龙场镇组织办", "龙场村")
    _join(county, town, tmp_path)
    with pytest.raises(SyncError, match="未获“县委组织部”授权"):
        _join(town, village, tmp_path)
    assert grant(county, "龙场镇组织办")["name"] == "龙场镇组织办"
    import_package(town, _send(county, tmp_path), backup=False)  # the grant arrives
    _join(town, village, tmp_path)
    capsys.readouterr()
    import_package(county, _send(village, tmp_path), backup=False)
    assert main(["sync", "peers", "--db", county.location]) == 0
    said = capsys.readouterr().out
    assert "龙场镇组织办" in said and "可登记其他站点" in said and "由“龙场镇组织办”登记" in said


@ROLES
def test_a_site_without_the_right_cannot_enroll_and_its_forged_certificate_is_refused(sites, tmp_path) -> None:
    county, town, stranger = sites("县委组织部", "龙场镇组织办", "冒名村")
    _join(county, town, tmp_path)
    req = tmp_path / "stranger.vcjoin"
    join_request(stranger, req)
    before = dump(town)
    with pytest.raises(SyncError, match="未获“县委组织部”授权登记其他站点") as err:
        enroll(town, read_request(req), tmp_path / "w.vcsync", kdf_n=FAST_KDF)
    assert "vcadre sync grant" in str(err.value)
    assert dump(town) == before and not (tmp_path / "w.vcsync").exists()
    # Only the root grants the right: a delegate cannot pass it on.
    grant(county, "龙场镇组织办")
    import_package(town, _send(county, tmp_path), backup=False)
    with pytest.raises(SyncError, match="只有“县委组织部”（根站点）能允许"):
        enroll(town, read_request(req), tmp_path / "w.vcsync", kdf_n=FAST_KDF, may_enroll=True)
    # A certificate signed by a site without the right vouches for nothing: the township signs
    # one for the stranger by hand (as a malicious site could), with its real key.
    county2, plain, stranger2 = sites("县委组织部二", "茅坪镇组织办", "冒名村二")
    _join(county2, plain, tmp_path)
    s_id, s_name = stranger2.site()[:2]
    join_request(stranger2, tmp_path / "s2.vcjoin")
    r = read_request(tmp_path / "s2.vcjoin")
    with plain.engine.connect() as conn:
        p_id, p_key = raw_connection(conn).execute("SELECT id, private_key FROM site WHERE is_local = 1").fetchone()
        conn.rollback()
    forged = certs.issue(bytes(p_key), p_id, s_id, s_name, r.public_key, r.box_key)
    con = sqlite3.connect(stranger2.path)
    with con:  # the stranger carries the forged certificate in every package
        con.execute("UPDATE site SET cert = ? WHERE is_local = 1", (forged.text(),))
    con.close()
    _person(stranger2, "冒名者", "13900000013")
    out = export(stranger2, tmp_path)  # passphrase layer too: the stranger has no box keys
    for victim in (county2, plain):
        before = dump(victim)
        with pytest.raises(SiteKeyError, match="登记"):
            import_package(victim, out, PASS, backup=False)
        assert dump(victim) == before


@ROLES
def test_a_revoked_delegates_later_enrollments_are_refused_where_the_revocation_arrived(sites, tmp_path) -> None:
    county, town, other, kept, lost, late = sites(
        "县委组织部", "龙场镇组织办", "茅坪镇组织办", "龙场村", "未报村", "后登记村")
    _join(county, other, tmp_path)
    _join(county, town, tmp_path, may_enroll=True)
    _join(town, kept, tmp_path)   # reaches the county before the revocation: stays
    import_package(county, _send(town, tmp_path), backup=False)  # brings the kept village's certificate
    _join(town, lost, tmp_path)   # enrolled before, but the county never heard of it: refused later
    # Before the revocation reaches it, the third site accepts the unreported village (documented).
    early_pid = _person(lost, "早先者", "13900000020")
    early = _send(lost, tmp_path)
    import_package(other, early, backup=False)
    revoke(county, "龙场镇组织办")
    _join(town, late, tmp_path)   # the township has not heard of its revocation
    kept_pid = _person(kept, "留任村干部", "13900000021")
    late_pid = _person(late, "后登记者", "13900000022")
    lost_pid = _person(lost, "未报者", "13900000023")
    kept_out, late_out, lost_out = _send(kept, tmp_path), _send(late, tmp_path), _send(lost, tmp_path)
    # The root refuses the later enrollment and the one it never knew of, naming the revocation.
    for out in (late_out, lost_out):
        before = dump(county)
        with pytest.raises(SiteKeyError, match="吊销") as err:
            import_package(county, out, backup=False)
        assert "龙场镇组织办" in str(err.value)
        assert dump(county) == before
    import_package(county, kept_out, backup=False)
    assert _has(county, kept_pid) and not _has(county, late_pid) and not _has(county, lost_pid)
    # The revocation reaches the third site with a package of the county ...
    import_package(other, _send(county, tmp_path), backup=False)
    assert _by_name(other)["龙场镇组织办"]["revoked"] == 1
    assert _by_name(other)["未报村"]["enrolled"] == 0
    for out in (late_out, lost_out):
        before = dump(other)
        with pytest.raises(SiteKeyError):
            import_package(other, out, backup=False)
        assert dump(other) == before
    import_package(other, kept_out, backup=False)
    assert _has(other, kept_pid)
    # ... whose packages leave out what the county would refuse, so they still go through.
    back = tmp_path / "other-back.vcsync"
    res = export_package(other, back, full=True, kdf_n=FAST_KDF)
    assert res.left_out["revoked"] > 0
    import_package(county, back, backup=False)
    assert _has(other, early_pid) and not _has(county, early_pid)
    # The root's signed revocation also travels relayed: the kept village, which never imported
    # a package of the county, learns it from the third site.
    assert _by_name(kept)["龙场镇组织办"]["revoked"] == 0
    import_package(kept, _send(other, tmp_path), backup=False)
    assert _by_name(kept)["龙场镇组织办"]["revoked"] == 1


def test_a_revocation_survives_a_restore_of_an_older_backup(sites, tmp_path) -> None:
    """Revocations go forward, not back: undoing the import that brought one, or restoring a
    backup made before it, must not make a lost laptop's packages acceptable again."""
    from vcadre.store.backup import backup_database, restore_database

    county, town, lost = sites("县委组织部", "龙场镇组织办", "茅坪镇组织办")
    _join(county, town, tmp_path)
    _join(county, lost, tmp_path)
    import_package(town, _send(county, tmp_path), backup=False)
    old_county = backup_database(county, "before-revoke", dest_dir=tmp_path)
    old_town = backup_database(town, "before-revoke", dest_dir=tmp_path)
    revoke(county, "茅坪镇组织办")
    import_package(town, _send(county, tmp_path), backup=False)
    _person(lost, "冒用者", "13900000031")
    later = _send(lost, tmp_path)
    for db, old in ((county, old_county), (town, old_town)):
        restore_database(db, old)
        assert _by_name(db)["茅坪镇组织办"]["revoked"] == 1
        before = dump(db)
        with pytest.raises(SiteKeyError, match="吊销"):
            import_package(db, later, backup=False)
        assert dump(db) == before


@ROLES
def test_a_site_joins_a_network_only_through_its_own_welcome(sites, tmp_path) -> None:
    """A site outside any enrolled network that imports a package of an enrolled township does
    not adopt the township's root (nothing enrolled it): it keeps trusting on first use."""
    county, town, loner = sites("县委组织部", "龙场镇组织办", "独立站点")
    ship(loner, town, tmp_path)  # they exchanged before the township joined: its key is known
    _join(county, town, tmp_path)
    pid = _person(town, "乡干部", "13900000041")
    out = tmp_path / "town-for-loner.vcsync"
    export_package(town, out, full=True, kdf_n=FAST_KDF, to=["独立站点"])
    import_package(loner, out, backup=False)
    assert _has(loner, pid)
    assert all(not p["is_root"] for p in peers(loner))


def test_grant_cli_needs_yes_and_enroll_cli_takes_may_enroll(tmp_path, capsys, monkeypatch) -> None:
    from vcadre.cli import EXIT_USER_ERROR, main

    county, town, village = tmp_path / "县.db", tmp_path / "镇.db", tmp_path / "村.db"
    for path, name in ((county, "县委组织部"), (town, "龙场镇组织办"), (village, "龙场村")):
        assert main(["init", "--db", str(path), "--site-name", name]) == 0
    req, welcome = tmp_path / "镇.vcjoin", tmp_path / "欢迎-镇.vcsync"
    assert main(["sync", "join", "--db", str(town), "--out", str(req)]) == 0
    assert main(["sync", "enroll", str(req), "--db", str(county), "--out", str(welcome), "--yes"]) == 0
    assert main(["sync", "import", str(welcome), "--db", str(town)]) == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["sync", "grant", "龙场镇组织办", "--db", str(county)]) == EXIT_USER_ERROR  # not confirmed
    capsys.readouterr()
    assert main(["sync", "peers", "--db", str(county)]) == 0
    assert "可登记其他站点" not in capsys.readouterr().out
    assert main(["sync", "grant", "龙场镇组织办", "--db", str(county), "--yes"]) == 0
    assert "已允许站点“龙场镇组织办”登记其他站点" in capsys.readouterr().out
    update = tmp_path / "县-更新.vcsync"
    assert main(["sync", "export", "--db", str(county), "--out", str(update)]) == 0
    assert main(["sync", "import", str(update), "--db", str(town)]) == 0
    vreq, vwelcome = tmp_path / "村.vcjoin", tmp_path / "欢迎-村.vcsync"
    assert main(["sync", "join", "--db", str(village), "--out", str(vreq)]) == 0
    # A delegate cannot pass the right on; it enrolls without it.
    assert main(["sync", "enroll", str(vreq), "--db", str(town), "--out", str(vwelcome), "--yes",
                 "--may-enroll"]) == EXIT_USER_ERROR
    assert not vwelcome.exists()
    capsys.readouterr()
    assert main(["sync", "enroll", str(vreq), "--db", str(town), "--out", str(vwelcome), "--yes"]) == 0
    assert "已登记站点“龙场村”" in capsys.readouterr().out
    assert main(["sync", "import", str(vwelcome), "--db", str(village)]) == 0
    capsys.readouterr()
    assert main(["sync", "peers", "--db", str(village)]) == 0
    said = capsys.readouterr().out
    assert "县委组织部" in said and "根站点" in said and "由“县委组织部”登记" in said
