"""Proven origins (issue 14): every change is accepted only with its origin's signature, also when a
third site relays it; a forged, altered, unsigned, revoked or unenrolled origin refuses the whole
package with the database unchanged (compared as a full dump)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.today import wall_stamp
from tests.unit.sync.conftest import FAST_KDF, PASS, content, dump
from tests.unit.sync.helpers import export, ship
from tests.unit.sync.test_enroll import _join, _person
from vcadre.store.models import Person, new_id
from vcadre.sync import package as pkg
from vcadre.sync import segments
from vcadre.sync.enroll import revoke
from vcadre.sync.errors import DamagedPackageError, SiteKeyError, SyncError
from vcadre.sync.service import import_package, peers, site_info

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)


def _refused(db, path: Path, match: str, exc=SyncError) -> str:
    before = dump(db)
    with pytest.raises(exc) as info:
        import_package(db, path, PASS, backup=False)
    assert dump(db) == before, "nothing written"
    msg = str(info.value)
    assert "未作任何改动" in msg and match in msg, msg
    return msg


def _seal(sender, folder: Path, writer: pkg.ChangeWriter, keys: dict | None = None) -> Path:
    """A package from ``sender`` (its real key) holding what ``writer`` holds."""
    me = site_info(sender)
    compressed, digest = writer.finish()
    m = pkg.Manifest(package_id=new_id(), site_id=me.id, site_name=me.name, schema="x", created="",
                     full=True, for_site=None, from_seq=1, to_seq=1, changes=writer.count,
                     counts=writer.counts, acks={}, content_sha256=digest, segments=writer.segments,
                     keys=keys or {})
    data, _key = pkg.seal(m, compressed, private_key=me.private_key, public_key=me.public_key,
                          passphrase=PASS, kdf_n=FAST_KDF)
    out = folder / f"hand-{new_id()[-8:]}.vcsync"
    out.write_bytes(data)
    return out


def _row(name: str) -> str:
    from vcadre.store.changelog import FIELDS

    row = {f: None for f in FIELDS["person"]}
    row.update(name=name, name_pinyin="x", name_initials="x", gender="1", deleted=0)
    return json.dumps(row, ensure_ascii=False)


def _own_segments(db) -> list[tuple[segments.Segment, list]]:
    """The segments ``db`` holds, each with its rows from the change log."""
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        out = []
        for r in raw.execute("SELECT origin, first_seq, last_seq, count, sha256, signature FROM sync_segment "
                             "ORDER BY origin, first_seq").fetchall():
            seg = segments.row_segment(r)
            rows = raw.execute(
                "SELECT origin, origin_seq, hlc, tbl, row_id, field, old, new FROM sync_change "
                "WHERE origin = ? AND origin_seq BETWEEN ? AND ? ORDER BY origin_seq",
                (seg.origin, seg.first, seg.last)).fetchall()
            out.append((seg, rows))
        conn.rollback()
    return out


@pytest.fixture
def network(sites, tmp_path):
    """A county (the root) with two enrolled townships, all holding the same data."""
    county, town1, town2 = sites("县委组织部", "龙场镇", "茅坪镇")
    _person(county, "张三", "13900000001")
    _join(county, town1, tmp_path)
    _join(county, town2, tmp_path)
    ship(county, town1, tmp_path)  # town1 learns town2 from the roster
    return county, town1, town2


def test_a_change_relayed_through_a_third_site_is_accepted(network, tmp_path) -> None:
    county, town1, town2 = network
    pid = _person(town1, "李四", "13900000002")
    ship(town1, county, tmp_path)
    ship(county, town2, tmp_path)  # town1's change, relayed by the county, signed by town1
    with town2.session() as s:
        assert s.get(Person, pid).name == "李四"
    # And onwards again, from the township that only relayed it (a second hop).
    ship(town2, town1, tmp_path, full=True)
    ship(county, town1, tmp_path)
    assert content(town1) == content(town2) == content(county)


def test_relays_outside_an_enrolled_network_pin_the_origin_key(sites, tmp_path) -> None:
    """Trust on first use (no root anywhere): the relayed origin's key travels with the package
    and is pinned; a later package signed by another key for that origin is refused."""
    a, b, c = sites("甲站", "乙站", "丙站")
    pid = _person(a, "王五", "13900000003")
    ship(a, b, tmp_path)
    ship(b, c, tmp_path)
    with c.session() as s:
        assert s.get(Person, pid).name == "王五"
    assert {p["name"] for p in peers(c)} == {"甲站", "乙站"}
    # b forges a change "of a" signed with a key of its own: c knows a's real key now.
    private, public = pkg.new_key_pair()
    w = pkg.ChangeWriter({a.site()[0]: private})
    w.add([a.site()[0], 10**6, wall_stamp(), "person", new_id(), "*", None, _row("冒名")])
    path = _seal(b, tmp_path, w, keys={a.site()[0]: ["甲站", base64.b64encode(public).decode()]})
    _refused(c, path, "没有该站点的有效签名", SiteKeyError)


def test_a_forged_origin_line_inside_an_honest_senders_package_is_refused(network, tmp_path) -> None:
    county, town1, _town2 = network
    import hashlib

    me = site_info(town1)
    # town1's own segment, truly signed by town1, holding a line that claims the county as origin.
    lines = [pkg.line_of([me.id, 10**6, wall_stamp(), "person", new_id(), "*", None, _row("本镇")]),
             pkg.line_of([county.site()[0], 10**6 + 1, wall_stamp(), "person", new_id(), "*", None, _row("县里")])]
    seg = segments.Segment(me.id, 10**6, 10**6 + 1, 2, hashlib.sha256(b"".join(lines)).hexdigest(), b"")
    w2 = pkg.ChangeWriter()
    w2.add_segment(seg.signed(me.private_key).as_list(), lines, ["person", "person"])
    msg = _refused(county, _seal(town1, tmp_path, w2), "第 2 条变更自称来自站点", SiteKeyError)
    assert "龙场镇" in msg


def test_a_segment_of_another_origin_signed_by_the_sender_is_refused(network, tmp_path) -> None:
    county, town1, town2 = network
    me = site_info(town1)
    victim = town2.site()[0]
    w = pkg.ChangeWriter({victim: me.private_key})  # town1 signs "as" town2
    w.add([victim, 10**6, wall_stamp(), "person", new_id(), "*", None, _row("伪造")])
    msg = _refused(county, _seal(town1, tmp_path, w), "没有该站点的有效签名", SiteKeyError)
    assert "茅坪镇" in msg and "第 1–1 条" in msg


def test_an_altered_relayed_line_is_refused(network, tmp_path) -> None:
    county, town1, town2 = network
    pid = _person(town2, "赵六", "13900000004")
    ship(town2, town1, tmp_path)
    # town1 relays town2's segment to the county with the phone number changed in one line.
    w = pkg.ChangeWriter()
    for seg, rows in _own_segments(town1):
        if seg.origin != town2.site()[0]:
            continue
        lines = [pkg.line_of(r) for r in rows]
        lines = [line.replace(b"13900000004", b"13900000005") for line in lines]
        w.add_segment(seg.as_list(), lines, [r[3] for r in rows])
    assert w.count
    _refused(county, _seal(town1, tmp_path, w), "与该站点签名时的内容不符", DamagedPackageError)
    with county.session() as s:
        assert s.get(Person, pid) is None


def test_lines_without_a_segment_are_refused(network, tmp_path) -> None:
    county, town1, _town2 = network
    me = site_info(town1)
    w = pkg.ChangeWriter()  # nobody signs
    w.add([me.id, 10**6, wall_stamp(), "person", new_id(), "*", None, _row("无签名")])
    _refused(county, _seal(town1, tmp_path, w), "没有来源站点的签名", SiteKeyError)


def test_an_origin_not_enrolled_is_refused_even_from_an_enrolled_sender(network, sites, tmp_path) -> None:
    county, town1, _town2 = network
    (stranger,) = sites("冒名站点")
    _person(stranger, "钱七", "13900000005")
    me = site_info(town1)
    them = site_info(stranger)
    w = pkg.ChangeWriter({them.id: them.private_key})  # the stranger's own, truly signed change
    w.add([them.id, 10**6, wall_stamp(), "person", new_id(), "*", None, _row("陌生")])
    keys = {them.id: ["冒名站点", base64.b64encode(them.public_key).decode()]}
    msg = _refused(county, _seal(town1, tmp_path, w, keys), "未经", SiteKeyError)
    assert "冒名站点" in msg and "登记" in msg
    assert me.id != them.id


def test_a_revoked_origin_relayed_by_an_enrolled_site_is_refused(network, tmp_path) -> None:
    county, town1, lost = network
    pid = _person(lost, "冒用者", "13900000009")
    ship(lost, town1, tmp_path)  # before the theft was known
    revoke(county, "茅坪镇")
    relayed = export(town1, tmp_path)  # town1 has not heard of the revocation yet
    msg = _refused(county, relayed, "已被县委组织部吊销", SiteKeyError)
    assert "茅坪镇" in msg and "龙场镇" in msg  # which site, and who should re-export
    # Once a package of the county has brought the revocation, town1 leaves those changes out.
    ship(county, town1, tmp_path)
    from vcadre.sync.service import export_package

    again = tmp_path / "again.vcsync"
    res = export_package(town1, again, PASS, full=True, kdf_n=FAST_KDF)
    assert res.left_out["revoked"] >= 1
    import_package(county, again, PASS, backup=False)
    with county.session() as s:
        assert s.get(Person, pid) is None


def test_a_revoked_origin_is_refused_where_the_revocation_arrived(network, sites, tmp_path) -> None:
    """A site that has the revocation refuses a relay (that has not) carrying the revoked changes."""
    county, town1, lost = network
    (town3,) = sites("新场镇")
    _join(county, town3, tmp_path)
    ship(county, town1, tmp_path)
    _person(lost, "冒用者", "13900000009")
    ship(lost, town1, tmp_path)
    revoke(county, "茅坪镇")
    ship(county, town3, tmp_path)  # town3 learns of the revocation
    _refused(town3, export(town1, tmp_path), "吊销", SiteKeyError)


def test_segments_verify_independently_so_a_relay_can_send_part_of_a_range(network, monkeypatch, tmp_path) -> None:
    """The county's changes in several segments; a relay forwards only the second: accepted."""
    county, town1, town2 = network
    monkeypatch.setattr("vcadre.store.signed.SEGMENT_MAX", 3)
    ids = [_person(county, f"人员{i}", f"1390000010{i}") for i in range(5)]
    ship(county, town1, tmp_path)
    mine = [(seg, rows) for seg, rows in _own_segments(town1) if seg.origin == county.site()[0]]
    latest = sorted(mine, key=lambda e: e[0].first)[-2:]  # the last two segments of the county
    assert len(latest) == 2
    seg, rows = latest[1]
    w = pkg.ChangeWriter()
    w.add_segment(seg.as_list(), [pkg.line_of(r) for r in rows], [r[3] for r in rows])
    import_package(town2, _seal(town1, tmp_path, w), PASS, backup=False)
    got = {r[4] for r in rows if r[5] == "*"}
    with town2.session() as s:
        for pid in ids:
            assert (s.get(Person, pid) is not None) == (pid in got)
    assert got and set(ids) - got  # part of the range, not all of it


def test_a_package_from_the_old_format_is_refused_clearly(network, tmp_path) -> None:
    county, town1, _town2 = network
    good = export(town1, tmp_path).read_bytes()
    header_len = int.from_bytes(good[12:16], "big")
    head = json.loads(good[16:16 + header_len])
    head["format"] = 1
    new_head = json.dumps(head, ensure_ascii=False, sort_keys=True).encode()
    old = tmp_path / "old.vcsync"
    old.write_bytes(pkg.MAGIC + len(new_head).to_bytes(4, "big") + new_head + good[16 + header_len:])
    _refused(county, old, "旧版本 vcadre")


def test_own_changes_are_signed_once_and_relayed_unchanged(network, tmp_path) -> None:
    county, town1, town2 = network
    _person(town1, "孙八", "13900000006")
    first = export(town1, tmp_path)
    second = export(town1, tmp_path)
    with town1.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        mine = raw.execute("SELECT count(*) FROM sync_segment WHERE origin = ?", (town1.site()[0],)).fetchone()[0]
        conn.rollback()
    import_package(county, first, PASS, backup=False)
    import_package(county, second, PASS, backup=False)
    ship(county, town2, tmp_path)
    theirs = {(s.origin, s.first, s.last, s.sha256, s.signature) for s, _r in _own_segments(town2)}
    ours = {(s.origin, s.first, s.last, s.sha256, s.signature) for s, _r in _own_segments(town1)
            if s.origin == town1.site()[0]}
    assert len(ours) == mine and ours <= theirs  # the very signatures town1 made, through the county


def test_changes_received_before_origins_signed_are_left_out_and_counted(network, tmp_path) -> None:
    """A change held without its origin's signature (received from a version before this one)
    is not forwarded — a peer would refuse the whole package — and the export says so."""
    from vcadre.sync.service import export_package

    county, town1, town2 = network
    pid = _person(town2, "周九", "13900000007")
    ship(town2, town1, tmp_path)
    with town1.engine.begin() as conn:  # as if received before origins signed their changes
        conn.exec_driver_sql("DELETE FROM sync_segment WHERE origin = ?", (town2.site()[0],))
    out = tmp_path / "legacy.vcsync"
    res = export_package(town1, out, PASS, full=True, kdf_n=FAST_KDF)
    assert res.left_out["unsigned"] >= 1
    import_package(county, out, PASS, backup=False)  # accepted: nothing unprovable in it
    with county.session() as s:
        assert s.get(Person, pid) is None
