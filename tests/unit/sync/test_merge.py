"""Per-field merge: the edit/delete matrix, clock skew, concurrent versions, idempotency."""

from __future__ import annotations

import base64

from tests.today import wall_stamp
import time
from datetime import date

import pytest
from sqlalchemy import select

from vcadre.store.models import Person, SyncConflict
from vcadre.sync import conflicts
from vcadre.sync.service import import_package

from tests.unit.sync.conftest import PASS, content, dump
from tests.unit.sync.helpers import export, ship


def _person(db, **kw) -> str:
    with db.session() as s, s.begin():
        p = Person(name=kw.pop("name", "张三"), gender="1", **kw)
        s.add(p)
    return p.id


def _edit(db, pid, **kw) -> None:
    with db.session() as s, s.begin():
        p = s.get(Person, pid)
        for k, v in kw.items():
            setattr(p, k, v)


def _get(db, pid) -> Person:
    with db.session() as s:
        return s.get(Person, pid)


def _conflicts(db):
    with db.session() as s:
        return conflicts.list_conflicts(s, open_only=True)


def test_new_rows_travel_and_a_second_import_changes_nothing(sites, tmp_path) -> None:
    a, b = sites("县委组织部", "龙场镇")
    pid = _person(a, phone="13800000001", birth_date=date(1990, 5, 6))
    path = export(a, tmp_path)
    first = import_package(b, path, PASS, backup=False)
    assert (first.stats.added, first.stats.conflicts) == (1, 0)
    assert _get(b, pid).birth_date == date(1990, 5, 6)
    before = dump(b)
    again = import_package(b, path, PASS, backup=False)
    assert again.already_imported and dump(b) == before
    # A different package with the same changes (re-pulled full export): nothing new either.
    import_package(b, export(a, tmp_path), PASS, backup=False)
    assert content(a) == content(b)
    with b.session() as s:
        assert s.scalar(select(Person.phone).where(Person.id == pid)) == "13800000001"


OPS = {
    "name": lambda db, pid, side: _edit(db, pid, name=f"{side}改名"),
    "phone": lambda db, pid, side: _edit(db, pid, phone="13900000001" if side == "A" else "13900000002"),
    "delete": lambda db, pid, side: _edit(db, pid, deleted=True),
}


@pytest.mark.parametrize("a_op", list(OPS))
@pytest.mark.parametrize("b_op", list(OPS))
@pytest.mark.parametrize("a_first", [True, False])
def test_edit_delete_matrix(sites, tmp_path, monkeypatch, a_op, b_op, a_first) -> None:
    a, b = sites("A", "B")
    pid = _person(a, notes="base")
    ship(a, b, tmp_path)
    # A edits one second before B (wall clocks set, not left to chance): B's is the later change.
    later = time.time() + 60
    with monkeypatch.context() as m:
        m.setattr("vcadre.store.clock.time.time", lambda: later)
        OPS[a_op](a, pid, "A")
        m.setattr("vcadre.store.clock.time.time", lambda: later + 1)
        OPS[b_op](b, pid, "B")
    first, second = ((a, b), (b, a)) if a_first else ((b, a), (a, b))
    ship(*first, tmp_path)
    ship(*second, tmp_path)
    assert content(a) == content(b)
    pa = _get(a, pid)
    kinds_a = sorted(c.kind for c in _conflicts(a))
    kinds_b = sorted(c.kind for c in _conflicts(b))
    assert kinds_a == kinds_b
    if a_op == b_op == "delete":
        assert pa.deleted and kinds_a == []
    elif "delete" in (a_op, b_op):
        # Never a silent resurrection or loss: the row stays deleted, the edit stays in it,
        # and both sites show a delete/edit conflict.
        assert pa.deleted and kinds_a == ["delete"]
        edit = b_op if a_op == "delete" else a_op
        side = "B" if a_op == "delete" else "A"
        if edit == "name":
            assert pa.name == f"{side}改名"
        else:
            assert pa.phone == ("13900000001" if side == "A" else "13900000002")
    elif a_op == b_op:
        # Same field on both sides: one conflict, the later clock (B's) wins, A's value is kept.
        assert kinds_a == ["edit"]
        won, lost = ("B改名", "A改名") if a_op == "name" else ("13900000002", "13900000001")
        for site in (a, b):
            c = _conflicts(site)[0]
            assert (c.winner, c.loser) == (won, lost)
            assert getattr(_get(site, pid), a_op) == won
        assert not pa.deleted
    else:
        # Different fields: both edits survive, no conflict.
        assert kinds_a == []
        assert pa.name.endswith("改名") and pa.phone.startswith("139") and not pa.deleted


def _skewed(monkeypatch, years: float):
    import time as _time

    real = _time.time
    monkeypatch.setattr("vcadre.store.clock.time.time", lambda: real() + years * 365.25 * 86400)


def test_a_clock_more_than_a_day_ahead_is_refused_naming_the_site(sites, tmp_path, monkeypatch) -> None:
    """One far-future stamp would move the importer's clock past every peer's (who then refuse
    all its packages): refused before anything is written, naming the site."""
    from tests.unit.sync.conftest import dump
    from vcadre.sync.errors import InvalidChangeError

    a, b = sites("龙场镇", "县委组织部")
    pid = _person(a, notes="base")
    ship(a, b, tmp_path)
    with monkeypatch.context() as m:
        _skewed(m, 10)
        _edit(a, pid, phone="13900000001")
    before = dump(b)
    with pytest.raises(InvalidChangeError, match="龙场镇.*超前约 36\\d\\d 天"):
        ship(a, b, tmp_path)
    assert dump(b) == before


@pytest.mark.parametrize("years", [0.002, -10])  # 17.5 hours fast, 10 years slow
def test_clock_skew_gives_the_same_outcome(sites, tmp_path, monkeypatch, years) -> None:
    a, b = sites("A", "B")
    pid = _person(a, notes="base")
    ship(a, b, tmp_path)
    with monkeypatch.context() as m:
        _skewed(m, years)
        _edit(a, pid, phone="13900000001", notes="A 的备注")  # A's laptop clock is wrong
    _edit(b, pid, name="B改名", phone="13900000002")
    ship(a, b, tmp_path)
    ship(b, a, tmp_path)
    assert content(a) == content(b)
    p = _get(a, pid)
    assert (p.name, p.notes) == ("B改名", "A 的备注")  # different fields both survive
    assert [c.kind for c in _conflicts(a)] == ["edit"] == [c.kind for c in _conflicts(b)]
    # After seeing A's stamps, B's next edit is causally later and wins whatever A's clock says.
    _edit(b, pid, phone="13900000003")
    ship(b, a, tmp_path)
    assert _get(a, pid).phone == "13900000003"
    assert content(a) == content(b)


def test_hundred_concurrent_versions_are_all_kept(sites, tmp_path) -> None:
    """100 sites each changed the same field from the same base, none seeing another's change;
    the county receives them all (forwarded in one package, clocks in random order)."""
    import json
    import random

    from vcadre.store.models import new_id
    from vcadre.sync import package as pkg
    from vcadre.sync.service import local_site_keys

    county, relay = sites("county", "relay")
    pid = _person(county, notes="base")
    ship(county, relay, tmp_path)
    rng = random.Random(100)
    versions = {}
    # A hundred sites the relay heard from (trust on first use: their keys travel with the package).
    signers, keys = {}, {}
    for i in range(100):
        private, public = pkg.new_key_pair()
        origin = new_id()
        signers[origin] = private
        keys[origin] = [f"站点{i}", base64.b64encode(public).decode("ascii")]
    origins = list(signers)
    writer = pkg.ChangeWriter(signers)
    for i in rng.sample(range(100), 100):
        origin = origins[i]
        value = f"版本{i:03d}"
        versions[value] = wall_stamp(60_000 + rng.randrange(10**6), i)  # ahead of every local stamp
        writer.add([origin, 1, versions[value], "person", pid, "notes", '"base"', json.dumps(value, ensure_ascii=False)])
    data, digest = writer.finish()
    with relay.engine.begin() as conn:
        me = local_site_keys(conn.connection.dbapi_connection)
    m = pkg.Manifest(package_id=new_id(), site_id=me.id, site_name=me.name, schema="0008", created="",
                     full=True, for_site=None, from_seq=1, to_seq=1, changes=100,
                     counts={"person": 100}, acks={}, content_sha256=digest, segments=writer.segments,
                     keys=keys)
    blob, _ = pkg.seal(m, data, private_key=me.private_key, public_key=me.public_key, passphrase=PASS,
                       kdf_n=2**10)
    path = tmp_path / "hundred.vcsync"
    path.write_bytes(blob)
    res = import_package(county, path, PASS, backup=False)
    assert res.stats.conflicts == 99
    stored = _get(county, pid).notes
    assert stored == max(versions, key=lambda v: versions[v])  # greatest clock wins
    with county.session() as s:
        rows = s.scalars(select(SyncConflict).where(SyncConflict.field == "notes")).all()
    kept = {json.loads(c.loser) for c in rows} | {json.loads(c.winner) for c in rows}
    assert kept == set(versions)  # every version is recoverable from the conflict log
    assert {json.loads(c.base) for c in rows} == {"base"}


def test_resolution_syncs_and_closes_the_conflict_elsewhere(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    pid = _person(a)
    ship(a, b, tmp_path)
    _edit(a, pid, phone="13900000001")
    _edit(b, pid, phone="13900000002")
    ship(a, b, tmp_path)
    ship(b, a, tmp_path)
    (ca,) = _conflicts(a)
    with a.session() as s, s.begin():
        conflicts.resolve(s, ca.id, keep="loser")
    assert _get(a, pid).phone == ca.loser
    ship(a, b, tmp_path)
    assert _get(b, pid).phone == ca.loser
    assert _conflicts(b) == [] and _conflicts(a) == []
    assert content(a) == content(b)


def test_keeping_a_delete_or_restoring_the_record(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    pid = _person(a)
    ship(a, b, tmp_path)
    _edit(a, pid, deleted=True)
    _edit(b, pid, phone="13900000002")
    ship(a, b, tmp_path)
    ship(b, a, tmp_path)
    (cb,) = _conflicts(b)
    assert cb.kind == "delete" and cb.loser == {"phone": "13900000002"}
    with b.session() as s, s.begin():
        conflicts.resolve(s, cb.id, keep="loser")  # restore the record with B's edit
    ship(b, a, tmp_path)
    p = _get(a, pid)
    assert not p.deleted and p.phone == "13900000002"
    assert _conflicts(a) == [] and content(a) == content(b)


def test_possible_same_person_merge_syncs(sites, tmp_path) -> None:
    from vcadre.store.models import Region, VillagePost

    a, b = sites("A", "B")
    with a.session() as s, s.begin():
        v = Region(code="520524001001", name="青山村", level="village")
        s.add(v)
    ship(a, b, tmp_path)
    number = "520524198503040132"
    p1 = _person(a, name="王五", id_number=number)
    p2 = _person(b, name="王五", id_number=number, phone="13800000009")
    with b.session() as s, s.begin():
        s.add(VillagePost(person_id=p2, village_id=v.id, post="secretary", start_date=date(2021, 5, 1)))
    ship(a, b, tmp_path)
    ship(b, a, tmp_path)
    with a.session() as s:
        (group,) = conflicts.possible_same_persons(s)
        assert {p.id for p in group.persons} == {p1, p2}
    with a.session() as s, s.begin():
        assert conflicts.merge_persons(s, p1, p2) == 1
    ship(a, b, tmp_path)
    assert content(a) == content(b)
    with b.session() as s:
        assert conflicts.possible_same_persons(s) == []
        assert s.scalar(select(VillagePost.person_id)) == p1
        assert s.get(Person, p1).phone == "13800000009"


def test_rows_written_around_the_orm_are_exported(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    sid = a.site()[0]
    old = wall_stamp(-86_400_000, 1)  # written a day ago by another program
    with a.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, deleted) "
            "VALUES ('0190a0a0-0000-7000-8000-000000000001', '李四', 'lisi', 'ls', '1', "
            "?, ?, 0)", (old, sid))
    _edit(a, "0190a0a0-0000-7000-8000-000000000001", phone="13800000000")
    ship(a, b, tmp_path)
    p = _get(b, "0190a0a0-0000-7000-8000-000000000001")
    assert (p.name, p.phone) == ("李四", "13800000000")
    assert content(a) == content(b)


def test_rows_without_any_stamp_get_one_on_export(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    with a.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, deleted) "
            "VALUES ('0190a0a0-0000-7000-8000-000000000002', '赵六', '', '', '1', '', '', 0)")
    ship(a, b, tmp_path)
    assert _get(b, "0190a0a0-0000-7000-8000-000000000002").name == "赵六"
    assert content(a) == content(b)


def test_delta_exports_hold_only_what_the_peer_has_not_acknowledged(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    _person(a)
    ship(a, b, tmp_path)
    ship(b, a, tmp_path)  # carries B's acknowledgement
    _person(a, name="新人")
    res = ship(a, b, tmp_path)
    assert res.manifest.changes == 1 and not res.manifest.full
    assert content(a) == content(b)


def test_stale_and_out_of_order_packages(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    pid = _person(a)
    p1 = export(a, tmp_path)
    _edit(a, pid, phone="13900000001")
    p2 = export(a, tmp_path)
    _edit(a, pid, phone="13900000003", notes="后来")
    p3 = export(a, tmp_path)
    for p in (p3, p1, p2, p3, p1):
        import_package(b, p, PASS, backup=False)
    assert content(a) == content(b)
    assert _get(b, pid).phone == "13900000003"
    assert _conflicts(b) == []


def test_import_backs_up_and_undo_restores(sites, tmp_path) -> None:
    from vcadre.sync.service import undo_last_import

    a, b = sites("A", "B")
    _person(b, name="本地")
    before = content(b)
    _person(a)
    res = import_package(b, export(a, tmp_path), PASS)
    assert res.backup is not None and res.backup.exists()
    assert content(b) != before
    undo_last_import(b)
    assert content(b) == before


def _site_id(db) -> str:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT id FROM site WHERE is_local = 1").scalar_one()


@pytest.mark.parametrize("b_made_first", [False, True])
@pytest.mark.parametrize("a_ships_first", [True, False])
def test_equal_clock_stamps_are_ordered_by_site(sites, tmp_path, monkeypatch, b_made_first, a_ships_first) -> None:
    """Two laptops edit the same field at the same millisecond: the change of the site with the
    greater id wins on both, whatever order the packages travel in (else the replicas diverge)."""
    first, second = sites("甲", "乙")
    a, b = (second, first) if b_made_first else (first, second)
    pid = _person(a, notes="base")
    ship(a, b, tmp_path)
    same = time.time() + 60
    with monkeypatch.context() as m:
        m.setattr("vcadre.store.clock.time.time", lambda: same)
        _edit(a, pid, phone="13900000001")
        _edit(b, pid, phone="13900000002")
    stamps = [content(db)["person"][pid][0] for db in (a, b)]
    assert stamps[0] == stamps[1]  # the same stamp: only the site can decide
    order = [(a, b), (b, a)] if a_ships_first else [(b, a), (a, b)]
    for src, dst in order:
        ship(src, dst, tmp_path)
    winner = "13900000001" if _site_id(a) > _site_id(b) else "13900000002"
    assert _get(a, pid).phone == _get(b, pid).phone == winner
    assert content(a) == content(b)
    for db in (a, b):
        (c,) = _conflicts(db)
        assert (c.winner, c.loser) == (winner, ({"13900000001", "13900000002"} - {winner}).pop())
