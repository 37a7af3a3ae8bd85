"""Per-field merge: the edit/delete matrix, clock skew, concurrent versions, idempotency."""

from __future__ import annotations

import base64

from tests.today import wall_stamp
import time
import json
from datetime import date

import pytest
from sqlalchemy import select

from vcadre.store.dbapi import raw_connection
from vcadre.store.models import Person, SyncConflict, new_id
from vcadre.sync import conflicts
from vcadre.sync.service import import_package

from tests.unit.sync.conftest import PASS, content, dump
from tests.unit.sync.helpers import deliver, export, ship

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)


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
    with a.engine.begin() as conn:  # plain DB-API SQL, as another program would write it
        raw_connection(conn).execute(
            "INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, deleted) "
            "VALUES ('0190a0a0-0000-7000-8000-000000000001', '李四', 'lisi', 'ls', '1', "
            "?, ?, ?)", (old, sid, 0))
    _edit(a, "0190a0a0-0000-7000-8000-000000000001", phone="13800000000")
    ship(a, b, tmp_path)
    p = _get(b, "0190a0a0-0000-7000-8000-000000000001")
    assert (p.name, p.phone) == ("李四", "13800000000")
    assert content(a) == content(b)


def test_rows_without_any_stamp_get_one_on_export(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    with a.engine.begin() as conn:
        raw_connection(conn).execute(
            "INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, deleted) "
            "VALUES ('0190a0a0-0000-7000-8000-000000000002', '赵六', '', '', '1', '', '', ?)", (0,))
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


# ---- hand-written packages: orders that ordinary exchanges rarely produce (a delete arriving before
# the edit its deleter had seen, a record deleted twice); the cases mutation testing found unstated.
# Packages come from a relay holding changes of any origin (like ``test_hundred_concurrent_versions``).

_seq: dict[str, int] = {}


def _change(origin: str, ms: int, pid: str, field: str, old, new, table: str = "person") -> list:
    """One change as a package carries it, ``ms`` milliseconds from now (ahead of local stamps)."""
    _seq[origin] = _seq.get(origin, 0) + 1
    return [origin, _seq[origin], wall_stamp(60_000 + ms), table, pid, field,
            json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)]


_deliver = deliver  # a package of hand-written changes from a relay (helpers.deliver)


def _row(db, pid) -> dict:
    with db.session() as s:
        p = s.get(Person, pid)
        return {"phone": p.phone, "notes": p.notes, "deleted": p.deleted}


def _open(db) -> list[SyncConflict]:
    with db.session() as s:
        return list(s.scalars(select(SyncConflict).where(SyncConflict.status == "open").order_by(SyncConflict.id)))


def _base(sites, tmp_path):
    """A county with one person (phone P0), known to a relay that forwards hand-written changes."""
    county, relay = sites("county", "relay")
    with county.session() as s, s.begin():
        p = Person(name="张三", gender="1", phone="13800000000", notes="base")
        s.add(p)
    ship(county, relay, tmp_path)
    return county, relay, p.id, _snapshot(county, p.id)


def _snapshot(db, pid, table: str = "person") -> dict:
    """The row as a deleter sees it (what a delete change carries)."""
    from vcadre.store.changelog import FIELDS

    with db.engine.connect() as conn:
        row = raw_connection(conn).execute(f"SELECT {', '.join(FIELDS[table])} FROM {table} WHERE id = ?",
                                           (pid,)).fetchone()
        conn.rollback()
    return dict(zip(FIELDS[table], row))


def test_an_edit_the_deleter_had_seen_adds_no_conflict_when_it_arrives_after_the_delete(sites, tmp_path):
    """Site D saw E's new phone, then deleted the record. The county gets D's delete first (its
    own older phone differs from what D saw: reported then) and E's edit later: the delete already
    covered that edit, so its arrival reports nothing more; the row stays deleted with E's phone."""
    county, relay, pid, seen = _base(sites, tmp_path)
    d, e = new_id(), new_id()
    edit = _change(e, 1_000, pid, "phone", "13800000000", "13900000001")
    _deliver(relay, county, tmp_path, _change(d, 2_000, pid, "deleted", {**seen, "phone": "13900000001"}, 1))
    before = [c.id for c in _open(county)]
    _deliver(relay, county, tmp_path, edit)
    assert [c.id for c in _open(county)] == before
    assert _row(county, pid) == {"phone": "13900000001", "notes": "base", "deleted": True}


def test_an_edit_the_deleter_had_not_seen_is_a_delete_conflict_naming_both_sides(sites, tmp_path):
    """The same order, but D deleted the record as it was before E's edit: a delete conflict, the
    delete winning provisionally, E's value kept as the loser with E's stamp, D's snapshot as base."""
    county, relay, pid, seen = _base(sites, tmp_path)
    d, e = new_id(), new_id()
    edit = _change(e, 1_000, pid, "phone", "13800000000", "13900000001")
    delete = _change(d, 2_000, pid, "deleted", seen, 1)
    _deliver(relay, county, tmp_path, delete)
    assert _open(county) == []  # D deleted exactly what the county holds
    _deliver(relay, county, tmp_path, edit)
    (c,) = _open(county)
    assert (c.kind, c.tbl, c.row_id, c.field) == ("delete", "person", pid, "deleted")
    assert json.loads(c.winner) == 1 and (c.winner_hlc, c.winner_site) == (delete[2], d)
    assert json.loads(c.loser) == {"phone": "13900000001"} and (c.loser_hlc, c.loser_site) == (edit[2], e)
    assert json.loads(c.base)["phone"] == "13800000000"
    assert _row(county, pid) == {"phone": "13900000001", "notes": "base", "deleted": True}


def test_after_a_restore_it_is_the_last_delete_that_decides_what_its_deleter_had_seen(sites, tmp_path):
    """Deleted (before E's edit was known), restored, deleted again after seeing E's edit: when E's
    edit arrives, the last delete had seen it — nothing more to report."""
    county, relay, pid, seen = _base(sites, tmp_path)
    d, e = new_id(), new_id()
    edit = _change(e, 1_000, pid, "phone", "13800000000", "13900000001")
    _deliver(relay, county, tmp_path,
             _change(d, 2_000, pid, "deleted", seen, 1),
             _change(d, 3_000, pid, "deleted", 1, 0),
             _change(d, 4_000, pid, "deleted", {**seen, "phone": "13900000001"}, 1))
    before = [c.id for c in _open(county)]
    _deliver(relay, county, tmp_path, edit)
    assert _row(county, pid)["deleted"] is True
    assert [c.id for c in _open(county)] == before


def test_after_a_restore_an_edit_the_last_deleter_had_not_seen_is_a_conflict_against_the_last_delete(
        sites, tmp_path):
    """The mirror case: the first delete had seen E's edit, the last one had not (D restored the
    record and deleted it again from an older copy): a conflict, based on the last delete."""
    county, relay, pid, seen = _base(sites, tmp_path)
    d, e = new_id(), new_id()
    edit = _change(e, 1_000, pid, "phone", "13800000000", "13900000001")
    last = _change(d, 4_000, pid, "deleted", seen, 1)
    _deliver(relay, county, tmp_path,
             _change(d, 2_000, pid, "deleted", {**seen, "phone": "13900000001"}, 1),
             _change(d, 3_000, pid, "deleted", 1, 0),
             last)
    before = {c.id for c in _open(county)}
    _deliver(relay, county, tmp_path, edit)
    (c,) = [c for c in _open(county) if c.id not in before]
    assert c.kind == "delete" and c.winner_hlc == last[2]
    assert json.loads(c.base)["phone"] == "13800000000"
    assert json.loads(c.loser) == {"phone": "13900000001"}


def test_an_edit_of_a_record_that_arrived_already_deleted_is_a_conflict_against_its_stamp(sites, tmp_path):
    """A record that came whole and already deleted (no delete change in its history, so nothing
    says what its deleter saw), then edited by a site that still had it: a delete conflict with no
    base, the tombstone (at the row's stamp) winning provisionally, the edit kept as the loser."""
    county, relay, pid, seen = _base(sites, tmp_path)
    d, e = new_id(), new_id()
    other = new_id()
    _seq[d] = _seq.get(d, 0) + 1
    whole = [d, _seq[d], wall_stamp(62_000), "person", other, "*", None,
             json.dumps({**seen, "name": "李四", "deleted": 1}, ensure_ascii=False)]
    _deliver(relay, county, tmp_path, whole)
    assert _open(county) == [] and _row(county, other)["deleted"] is True
    edit = _change(e, 3_000, other, "phone", "13800000000", "13900000001")
    _deliver(relay, county, tmp_path, edit)
    (c,) = _open(county)
    assert (c.kind, c.tbl, c.row_id, c.field, c.base) == ("delete", "person", other, "deleted", "null")
    assert json.loads(c.winner) == 1 and (c.winner_hlc, c.winner_site) == (whole[2], d)
    assert json.loads(c.loser) == {"phone": "13900000001"} and (c.loser_hlc, c.loser_site) == (edit[2], e)
    assert _row(county, other) == {"phone": "13900000001", "notes": "base", "deleted": True}


def test_a_delete_of_an_older_version_is_a_conflict_keeping_our_newer_values(sites, tmp_path):
    """D deleted the record as it was before our later phone change: a delete conflict whose base is
    what D saw, the delete winning provisionally, our newer phone kept as the loser at its stamp."""
    county, relay, pid, seen = _base(sites, tmp_path)
    d = new_id()
    delete = _change(d, 1_000, pid, "deleted", seen, 1)
    _deliver(relay, county, tmp_path, _change(new_id(), 2_000, pid, "phone", "13800000000", "13900000009"))
    _deliver(relay, county, tmp_path, delete)
    (c,) = _open(county)
    assert (c.kind, c.row_id, c.field) == ("delete", pid, "deleted")
    assert json.loads(c.base)["phone"] == "13800000000"
    assert json.loads(c.winner) == 1 and (c.winner_hlc, c.winner_site) == (delete[2], d)
    assert json.loads(c.loser) == {"phone": "13900000009"}
    assert _row(county, pid) == {"phone": "13900000009", "notes": "base", "deleted": True}


def test_a_value_changed_away_and_back_is_no_conflict_with_a_delete_that_saw_it(sites, tmp_path):
    """After D's delete (unseen here yet), E changed the notes and changed them back: the row holds
    what D saw, so D's delete arriving later reports nothing."""
    county, relay, pid, seen = _base(sites, tmp_path)
    e = new_id()
    delete = _change(new_id(), 1_000, pid, "deleted", seen, 1)
    _deliver(relay, county, tmp_path, _change(e, 2_000, pid, "notes", "base", "临时"),
             _change(e, 3_000, pid, "notes", "临时", "base"))
    _deliver(relay, county, tmp_path, delete)
    assert _open(county) == []
    assert _row(county, pid)["deleted"] is True


def test_a_second_delete_of_a_deleted_record_reports_nothing(sites, tmp_path):
    """The county changed the phone and deleted the record; D's delete of the older version arrives
    after: the record is already gone here, a second delete is no news, whatever D had seen."""
    county, relay, pid, seen = _base(sites, tmp_path)
    _edit(county, pid, phone="13900000009")
    _edit(county, pid, deleted=True)
    _deliver(relay, county, tmp_path, _change(new_id(), 1_000, pid, "deleted", seen, 1))
    assert _open(county) == []
    assert _row(county, pid) == {"phone": "13900000009", "notes": "base", "deleted": True}


def test_an_older_edit_a_newer_one_had_already_seen_is_no_conflict(sites, tmp_path):
    """F changed the phone from E's value after seeing it; E's own (older) edit arrives last: F's
    phone stays and E's arrival reports nothing more, since F's change descends from E's."""
    county, relay, pid, _seen = _base(sites, tmp_path)
    e, f = new_id(), new_id()
    older = _change(e, 1_000, pid, "phone", "13800000000", "13900000001")
    _deliver(relay, county, tmp_path, _change(f, 2_000, pid, "phone", "13900000001", "13900000002"))
    before = [c.id for c in _open(county)]  # F's base was not ours: reported when F's edit came
    _deliver(relay, county, tmp_path, older)
    assert _row(county, pid)["phone"] == "13900000002"
    assert [c.id for c in _open(county)] == before


def test_an_older_edit_nobody_had_seen_is_an_edit_conflict_the_newer_value_winning(sites, tmp_path):
    """The same, but F changed the phone from the original: E's older edit arriving last is an
    edit conflict; F's newer value stays and wins, E's is kept as the loser with E's stamp."""
    county, relay, pid, _seen = _base(sites, tmp_path)
    e, f = new_id(), new_id()
    older = _change(e, 1_000, pid, "phone", "13800000000", "13900000001")
    newer = _change(f, 2_000, pid, "phone", "13800000000", "13900000002")
    _deliver(relay, county, tmp_path, newer)
    _deliver(relay, county, tmp_path, older)
    assert _row(county, pid)["phone"] == "13900000002"
    (c,) = _open(county)
    assert (c.kind, c.field, json.loads(c.base)) == ("edit", "phone", "13800000000")
    assert (json.loads(c.winner), c.winner_hlc, c.winner_site) == ("13900000002", newer[2], f)
    assert (json.loads(c.loser), c.loser_hlc, c.loser_site) == ("13900000001", older[2], e)


def test_a_delete_and_a_later_edit_that_had_not_seen_it_in_one_package(sites, tmp_path):
    """One package holds D's delete and E's later phone edit made without seeing it: a delete
    conflict based on what D saw, the tombstone winning provisionally, E's edit kept."""
    county, relay, pid, seen = _base(sites, tmp_path)
    d, e = new_id(), new_id()
    delete = _change(d, 1_000, pid, "deleted", seen, 1)
    edit = _change(e, 2_000, pid, "phone", "13800000000", "13900000001")
    _deliver(relay, county, tmp_path, edit, delete)
    (c,) = _open(county)
    assert (c.kind, c.field) == ("delete", "deleted")
    assert json.loads(c.base) == seen  # the row as D saw it
    assert (json.loads(c.winner), c.winner_hlc, c.winner_site) == (1, delete[2], d)
    assert (json.loads(c.loser), c.loser_hlc, c.loser_site) == ({"phone": "13900000001"}, edit[2], e)
    assert _row(county, pid) == {"phone": "13900000001", "notes": "base", "deleted": True}


def test_a_whole_row_change_sets_each_field_it_is_newer_for(sites, tmp_path):
    """A whole-row change (a row logged whole, e.g. written around the ORM) arriving for a record
    we hold sets every field whose stored change is older and leaves the fields changed after it;
    later changes in the same package still apply on top."""
    county, relay, pid, seen = _base(sites, tmp_path)
    _deliver(relay, county, tmp_path, _change(new_id(), 3_000, pid, "notes", "base", "后改的备注"))
    w = new_id()
    whole = [w, 1, wall_stamp(62_000), "person", pid, "*", None,
             json.dumps({**seen, "phone": "13900000001", "notes": "整行的备注"}, ensure_ascii=False)]
    _deliver(relay, county, tmp_path, whole, _change(new_id(), 4_000, pid, "name", "张三", "张叁"))
    assert _row(county, pid) == {"phone": "13900000001", "notes": "后改的备注", "deleted": False}
    with county.session() as s:
        assert s.get(Person, pid).name == "张叁"
    assert _open(county) == []


def test_open_conflicts_stay_open_until_a_newer_change_starts_from_the_value_we_hold(sites, tmp_path):
    """E and F changed the phone concurrently (a conflict). G's later change started from yet another
    value: a new conflict, the old one still open (G had not seen ours). H's change starts from the
    value we hold: it settles the field, and the conflicts older than it are marked superseded."""
    county, relay, pid, _seen = _base(sites, tmp_path)
    _deliver(relay, county, tmp_path, _change(new_id(), 1_000, pid, "phone", "13800000000", "13900000001"),
             _change(new_id(), 2_000, pid, "phone", "13800000000", "13900000002"))
    (first,) = _open(county)
    _deliver(relay, county, tmp_path, _change(new_id(), 3_000, pid, "phone", "13900000009", "13900000003"))
    assert [c.id for c in _open(county)][0] == first.id and len(_open(county)) == 2
    _deliver(relay, county, tmp_path, _change(new_id(), 4_000, pid, "phone", "13900000003", "13900000004"))
    assert _open(county) == [] and _row(county, pid)["phone"] == "13900000004"
    with county.session() as s:
        assert {c.status for c in s.scalars(select(SyncConflict))} == {"superseded"}


def test_a_yes_no_field_set_after_a_delete_is_not_taken_for_the_delete(sites, tmp_path):
    """D renamed nothing but deleted 石桥村 after seeing E's new name; F (not knowing of the delete)
    then marked it as needing a first secretary (0 → 1). E's rename arriving last had been seen by
    the delete — the last *delete*, not F's later change to another 0/1 field — so it reports
    nothing more; the village stays deleted with E's name and F's mark."""
    from vcadre.services import regions
    from vcadre.store.models import Region

    county, relay = sites("county", "relay")
    with county.session() as s, s.begin():
        regions.import_regions(s, [(2, "520524", "织金县", ""), (3, "520524001", "龙场镇", "520524"),
                                   (4, "520524001002", "石桥村", "520524001")])
        vid = s.scalar(select(Region.id).where(Region.name == "石桥村"))
    ship(county, relay, tmp_path)
    seen = _snapshot(county, vid, "region")
    assert (seen["name"], seen["needs_first_secretary"], seen["deleted"]) == ("石桥村", 0, 0)
    d, e, f = new_id(), new_id(), new_id()
    rename = _change(e, 1_000, vid, "name", "石桥村", "石桥新村", "region")
    _deliver(relay, county, tmp_path, _change(d, 2_000, vid, "deleted", {**seen, "name": "石桥新村"}, 1, "region"))
    _deliver(relay, county, tmp_path, _change(f, 3_000, vid, "needs_first_secretary", 0, 1, "region"))
    before = [c.id for c in _open(county)]
    assert len(before) == 2  # D's delete of a name we did not hold; F's edit of the deleted village
    _deliver(relay, county, tmp_path, rename)
    assert [c.id for c in _open(county)] == before
    with county.session() as s:
        v = s.get(Region, vid)
        assert (v.name, v.needs_first_secretary, v.deleted) == ("石桥新村", True, True)


def test_a_whole_row_that_deletes_a_record_then_an_edit_of_it_in_the_same_package(sites, tmp_path):
    """One package: a whole-row change (newer than all we hold) leaving our person deleted, then
    E's phone edit made without seeing it. Nothing in the history says what the deleter saw (a
    whole row is not a delete change): a delete conflict with no base, the tombstone at the whole
    row's stamp winning provisionally, E's edit kept as the loser."""
    county, relay, pid, seen = _base(sites, tmp_path)
    w, e = new_id(), new_id()
    _seq[w] = _seq.get(w, 0) + 1
    whole = [w, _seq[w], wall_stamp(61_000), "person", pid, "*", None,
             json.dumps({**seen, "notes": "整行", "deleted": 1}, ensure_ascii=False)]
    edit = _change(e, 2_000, pid, "phone", "13800000000", "13900000001")
    _deliver(relay, county, tmp_path, whole, edit)
    (c,) = _open(county)
    assert (c.kind, c.tbl, c.row_id, c.field, c.base) == ("delete", "person", pid, "deleted", "null")
    assert json.loads(c.winner) == 1 and (c.winner_hlc, c.winner_site) == (whole[2], w)
    assert json.loads(c.loser) == {"phone": "13900000001"} and (c.loser_hlc, c.loser_site) == (edit[2], e)
    assert _row(county, pid) == {"phone": "13900000001", "notes": "整行", "deleted": True}
