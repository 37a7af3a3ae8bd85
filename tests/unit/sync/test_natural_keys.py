"""Natural keys merge, never block (issue 14, point 3).

Every live-rows unique index of a synced table (``merge.NATURAL_KEYS``: region code, assessment
per entry and year, enrolment per class and person, attendance per day, days-on-post per month,
one-shoulder plan per village, certificate series per class, training setting per key) is a
natural key: two sites creating the same logical record end with one record on both, and a
visible ``duplicate`` conflict where their values differ. A certificate number given twice is
kept by one record. A parent deleted on one site while a child is added to it on another is a
``delete`` conflict on both.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.today import wall_stamp
from tests.unit.sync.conftest import content
from tests.unit.sync.helpers import deliver, ship
from vcadre.services import regions, talent, talent_review
from vcadre.store.changelog import FIELDS
from vcadre.store.models import Assessment, Person, Region, ReserveEntry, SyncConflict, TrainingSession, new_id
from vcadre.sync import conflicts
from vcadre.sync.merge import NATURAL_KEYS

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)

ROWS = [
    (2, "520524", "织金县", ""),
    (3, "520524001", "龙场镇", "520524"),
    (4, "520524001001", "青山村", "520524001"),
]


def _entry_values(village: str) -> dict:
    return {"name": "王芳", "gender": "2", "id_number": "520524199001011221", "village_id": village,
            "source": "veteran", "stage": "reserve", "status": "active", "entry_date": "2024-03-01"}


def _exchange(a, b, tmp_path, rounds: int = 2) -> None:
    for _ in range(rounds):
        ship(a, b, tmp_path)
        ship(b, a, tmp_path)


def test_every_unique_index_of_a_synced_table_is_audited() -> None:
    assert {t: [cols for cols, _m in keys] for t, keys in NATURAL_KEYS.items()} == {
        "region": [("code",)],
        "assessment": [("entry_id", "year")],
        "one_shoulder_plan": [("village_id",)],
        "enrolment": [("session_id", "person_id"), ("certificate_no",)],
        "attendance": [("enrolment_id", "day")],
        "certificate_series": [("session_id",)],
        "training_setting": [("key",)],
        "dispatch_month": [("dispatch_id", "month")],
    }


def test_the_same_years_assessment_made_on_two_sites_merges(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    with county.session() as s, s.begin():
        regions.import_regions(s, ROWS)
        village = s.scalar(select(Region.id).where(Region.code == "520524001001"))
        entry = talent.save(s, None, _entry_values(village))
    ship(county, town, tmp_path)
    with county.session() as s, s.begin():
        talent_review.record(s, 2025, {entry: "excellent"})
    with town.session() as s, s.begin():
        talent_review.record(s, 2025, {entry: "competent"})
    _exchange(county, town, tmp_path)  # used to fail both ways: UNIQUE constraint failed
    assert content(county) == content(town)
    shown = []
    for db in (county, town):
        with db.session() as s:
            live = s.scalars(select(Assessment).where(Assessment.entry_id == entry, Assessment.year == 2025,
                                                      Assessment.deleted.is_(False))).all()
            assert len(live) == 1
            found = [c for c in conflicts.list_conflicts(s) if c.kind == "duplicate"]
            for c in found:
                assert (c.table, c.field) == ("assessment", "result")
                assert {c.winner, c.loser} == {"excellent", "competent"}
                assert live[0].result == c.winner  # the conflict shows what is stored
            shown += found
    # The site that merged the two records shows the other value (the other site receives the
    # merge already made: one record, no second duplicate to settle).
    assert shown
    with town.session() as s, s.begin():  # keeping the other value is an ordinary change
        c = next(iter(conflicts.list_conflicts(s)), None)
        if c is not None:
            conflicts.resolve(s, c.id, keep="loser")
    _exchange(county, town, tmp_path, rounds=1)
    assert content(county) == content(town)


def test_a_region_list_loaded_on_both_sites_merges_and_children_follow(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    for db in (county, town):  # both load the official list before they first exchange
        with db.session() as s, s.begin():
            regions.import_regions(s, ROWS)
    with town.session() as s, s.begin():
        village = s.scalar(select(Region.id).where(Region.code == "520524001001"))
        s.add(Person(name="李四", gender="1", home_village_id=village))
    _exchange(county, town, tmp_path)
    assert content(county) == content(town)
    with town.session() as s:
        live = s.scalars(select(Region).where(Region.deleted.is_(False))).all()
        assert sorted(r.code for r in live) == ["520524", "520524001", "520524001001"]
        person = s.scalar(select(Person).where(Person.name == "李四"))
        home = s.get(Region, person.home_village_id)
        assert home.code == "520524001001" and not home.deleted  # moved to the surviving village
        assert not [c for c in conflicts.list_conflicts(s) if c.kind == "duplicate"]  # same values


def test_a_parent_deleted_while_a_child_is_added_elsewhere_is_a_conflict(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    with county.session() as s, s.begin():
        regions.import_regions(s, ROWS)
        village = s.scalar(select(Region.id).where(Region.code == "520524001001"))
        entry = talent.save(s, None, _entry_values(village))
    ship(county, town, tmp_path)
    with county.session() as s, s.begin():
        talent.delete(s, entry)
    with town.session() as s, s.begin():
        talent_review.record(s, 2025, {entry: "excellent"})
    _exchange(county, town, tmp_path)
    assert content(county) == content(town)
    for db in (county, town):
        with db.session() as s:
            assert s.get(ReserveEntry, entry).deleted  # the delete wins provisionally ...
            found = [c for c in conflicts.list_conflicts(s) if c.kind == "delete"]
            assert [(c.table, c.row_id) for c in found] == [("reserve_entry", entry)]
            assert list(found[0].loser) == ["assessment"]  # ... and the added child is shown
        with db.session() as s, s.begin():
            conflicts.resolve(s, found[0].id, keep="loser")
            assert not s.get(ReserveEntry, entry).deleted


# ---- hand-written packages: the ids decide which record survives (the smaller), so each test
# chooses them, and the order of arrival; the rules of ``Merger._settle_keys`` one by one.

_seq: dict[str, int] = {}


def _whole(origin: str, ms: int, table: str, rid: str, values: dict) -> list:
    """A whole-row change as a package carries it, ``ms`` milliseconds ahead of the local clock."""
    _seq[origin] = _seq.get(origin, 0) + 1
    return [origin, _seq[origin], wall_stamp(60_000 + ms), table, rid, "*", None,
            json.dumps(values, ensure_ascii=False)]


def _enrolment(origin: str, ms: int, rid: str, session: str, person: str, **kw) -> list:
    values = {"session_id": session, "person_id": person, "hours_completed": 0, "result": "pending",
              "override_reason": None, "certificate_no": None, "certificate_revoked": 0, "notes": None,
              "deleted": 0, **kw}
    return _whole(origin, ms, "enrolment", rid, values)


def _attendance(origin: str, ms: int, rid: str, enrolment: str, day: str, status: str, **kw) -> list:
    values = {"enrolment_id": enrolment, "day": day, "status": status, "hours": 4, "deleted": 0, **kw}
    return _whole(origin, ms, "attendance", rid, values)


def _class(sites):
    """A county holding one class and three people, and a relay forwarding hand-written changes."""
    county, relay = sites("county", "relay")
    with county.session() as s, s.begin():
        session = TrainingSession(title="村干部培训班", kind="village_cadre", start_date=date(2026, 3, 2),
                                  end_date=date(2026, 3, 6), year=2026, planned_hours=32)
        people = [Person(name=n, gender="1") for n in ("张三", "李四", "王五")]
        s.add_all([session, *people])
    return county, relay, session.id, [p.id for p in people]


def _row(db, table: str, rid: str) -> dict:
    hlc, site, *values = content(db)[table][rid]
    return {"hlc": hlc, "site": site, **dict(zip(FIELDS[table], values))}


def _site(db) -> str:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT id FROM site WHERE is_local = 1").scalar_one()


def _duplicates(db) -> list[tuple]:
    """The open duplicate conflicts: (table, row, field, base, winner, winner stamp and site, loser,
    loser stamp and site), values decoded."""
    with db.session() as s:
        rows = s.scalars(select(SyncConflict).where(SyncConflict.kind == "duplicate", SyncConflict.status == "open")
                         .order_by(SyncConflict.tbl, SyncConflict.row_id, SyncConflict.field)).all()
        return [(c.tbl, c.row_id, c.field, json.loads(c.base), json.loads(c.winner), c.winner_hlc, c.winner_site,
                 json.loads(c.loser), c.loser_hlc, c.loser_site) for c in rows]


def _own_changes(db, table: str, rid: str) -> list[tuple]:
    """The changes this site logged itself for a row: (field, old, new), decoded, in order."""
    me = _site(db)
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT field, old, new FROM sync_change WHERE origin = %(o)s AND tbl = %(t)s AND row_id = %(r)s "
            "ORDER BY seq" if db.is_server else
            "SELECT field, old, new FROM sync_change WHERE origin = :o AND tbl = :t AND row_id = :r ORDER BY seq",
            {"o": me, "t": table, "r": rid}).fetchall()
    return [(f, json.loads(o) if o else o, json.loads(n)) for f, o, n in rows]


@pytest.mark.parametrize("ours", ["en-1", "en-2"])
def test_one_enrolment_made_on_two_sites_keeps_the_smaller_id_and_every_value_either_had(sites, tmp_path, ours):
    """Sites P and Q each enrolled 张三 in the class (records en-1, en-2). Whichever we held first,
    en-1 (the smaller id, as on every site) stays live; en-2 is tombstoned by a change we log, so it
    syncs; each field where they differ is an open duplicate conflict on en-1 — winner en-1's value,
    loser en-2's, with their stamps and sites — except where en-2 had nothing (nothing is lost)."""
    county, relay, session, (zhang, _li, _wang) = _class(sites)
    p, q = new_id(), new_id()
    one = _enrolment(p, 1_000, "en-1", session, zhang, hours_completed=24, result="completed",
                     notes=None, override_reason="补课")
    two = _enrolment(q, 2_000, "en-2", session, zhang, hours_completed=16, result="completed",
                     notes="第二站的备注", override_reason=None)
    first, second = (one, two) if ours == "en-1" else (two, one)
    deliver(relay, county, tmp_path, first)
    assert _duplicates(county) == []
    result = deliver(relay, county, tmp_path, second)
    e1, e2 = _row(county, "enrolment", "en-1"), _row(county, "enrolment", "en-2")
    assert (e1["deleted"], e2["deleted"]) == (0, 1)
    assert (e1["hours_completed"], e1["notes"], e1["override_reason"]) == (24, None, "补课")  # the survivor's own
    assert (e2["hours_completed"], e2["notes"]) == (16, "第二站的备注")  # kept in the tombstone too
    assert e2["site"] == _site(county)  # the tombstone is our change ...
    seen = {**json.loads(two[7]), "deleted": 0}
    assert _own_changes(county, "enrolment", "en-2") == [("deleted", seen, 1)]  # ... logged, so it syncs
    assert _own_changes(county, "enrolment", "en-1") == []
    # hours differ; notes: en-2's is not lost (en-1 has none); override_reason: en-2 has none, nothing lost.
    assert _duplicates(county) == [
        ("enrolment", "en-1", "hours_completed", None, 24, one[2], p, 16, two[2], q),
        ("enrolment", "en-1", "notes", None, None, one[2], p, "第二站的备注", two[2], q),
    ]
    assert result.stats.conflicts == 2


def test_the_other_site_ends_with_the_same_record_and_one_set_of_conflicts(sites, tmp_path):
    """The merge made at one site travels: the other site, holding the other record, receives the
    tombstone as a change and converges on the same rows."""
    county, relay, session, (zhang, _li, _wang) = _class(sites)
    (town,) = sites("town")
    ship(county, town, tmp_path)
    p, q = new_id(), new_id()
    one = _enrolment(p, 1_000, "en-1", session, zhang, hours_completed=24)
    two = _enrolment(q, 2_000, "en-2", session, zhang, hours_completed=16)
    deliver(relay, county, tmp_path, one)
    deliver(relay, town, tmp_path, two)
    deliver(relay, county, tmp_path, two)
    for _ in range(2):
        ship(county, town, tmp_path)
        ship(town, county, tmp_path)
    assert content(county)["enrolment"] == content(town)["enrolment"]
    assert (_row(town, "enrolment", "en-1")["deleted"], _row(town, "enrolment", "en-2")["deleted"]) == (0, 1)


def test_a_duplicate_arriving_deleted_or_a_record_without_the_key_settles_nothing(sites, tmp_path):
    """Only live rows hold a natural key: a tombstone of the same enrolment arriving does not merge
    ours away, nor does a live one arriving merge with a tombstone we hold — whichever id is
    smaller; and enrolments without a certificate number do not share one."""
    county, relay, session, (zhang, li, wang) = _class(sites)
    p = new_id()
    deliver(relay, county, tmp_path, _enrolment(p, 1_000, "en-2", session, zhang, notes="ours"),
            _enrolment(new_id(), 1_100, "en-3", session, wang, deleted=1, notes="deleted here"))
    _seq[p] += 1  # an edit in the package: the rows go through the general path, one by one
    edit = [p, _seq[p], wall_stamp(61_500), "enrolment", "en-2", "hours_completed", "0", "8"]
    result = deliver(relay, county, tmp_path, edit,
                     _enrolment(new_id(), 2_000, "en-1", session, zhang, deleted=1, notes="deleted there"),
                     _enrolment(new_id(), 2_100, "en-4", session, wang, notes="live there"),
                     _enrolment(new_id(), 3_000, "en-5", session, li))
    assert [_row(county, "enrolment", r)["deleted"] for r in ("en-1", "en-2", "en-3", "en-4", "en-5")] == [
        1, 0, 1, 0, 0]
    assert [_own_changes(county, "enrolment", r) for r in ("en-1", "en-2", "en-3", "en-4")] == [[], [], [], []]
    assert _duplicates(county) == [] and result.stats.conflicts == 0


def test_an_enrolment_edited_into_a_duplicate_merges_and_its_sign_ins_follow(sites, tmp_path):
    """en-2 was 王五's enrolment with a sign-in; an edit from Q makes it 张三's, whom en-1 already
    enrols: the record written by the edit gives way (the larger id), and its live sign-in moves to
    en-1 by a change we log."""
    county, relay, session, (zhang, _li, wang) = _class(sites)
    q = new_id()
    deliver(relay, county, tmp_path, _enrolment(new_id(), 1_000, "en-1", session, zhang),
            _enrolment(q, 1_100, "en-2", session, wang), _attendance(q, 1_200, "at-2", "en-2", "2026-03-02", "present"))
    _seq[q] += 1
    edit = [q, _seq[q], wall_stamp(62_000), "enrolment", "en-2", "person_id", json.dumps(wang), json.dumps(zhang)]
    deliver(relay, county, tmp_path, edit)
    assert (_row(county, "enrolment", "en-1")["deleted"], _row(county, "enrolment", "en-2")["deleted"]) == (0, 1)
    assert _row(county, "attendance", "at-2")["enrolment_id"] == "en-1"
    assert _own_changes(county, "attendance", "at-2") == [("enrolment_id", "en-2", "en-1")]


def test_a_merged_enrolment_signed_in_on_a_day_the_survivor_signed_in_too_gives_that_sign_in_way(
        sites, tmp_path):
    """en-1 (张三's) and en-2 (王五's) each signed in on 03-02; an edit from Q makes en-2 张三's, so
    en-2 merges into en-1 and its sign-ins follow — but en-1 already holds a live sign-in of that
    day. The two are one record: at-1 (the smaller id) stays, at-2 moves to en-1 tombstoned, its
    differing status a duplicate conflict; the import goes through. (Used to refuse the whole
    import: the move broke the one-live-sign-in-per-day index before the day was settled.)"""
    county, relay, session, (zhang, _li, wang) = _class(sites)
    p, q = new_id(), new_id()
    deliver(relay, county, tmp_path, _enrolment(p, 1_000, "en-1", session, zhang),
            _attendance(p, 1_050, "at-1", "en-1", "2026-03-02", "leave"),
            _enrolment(q, 1_100, "en-2", session, wang), _attendance(q, 1_200, "at-2", "en-2", "2026-03-02", "present"),
            _attendance(q, 1_300, "at-3", "en-2", "2026-03-03", "present"))
    _seq[q] += 1
    edit = [q, _seq[q], wall_stamp(62_000), "enrolment", "en-2", "person_id", json.dumps(wang), json.dumps(zhang)]
    result = deliver(relay, county, tmp_path, edit)
    assert (_row(county, "enrolment", "en-1")["deleted"], _row(county, "enrolment", "en-2")["deleted"]) == (0, 1)
    rows = {r: _row(county, "attendance", r) for r in ("at-1", "at-2", "at-3")}
    assert {r: (v["enrolment_id"], v["deleted"]) for r, v in rows.items()} == {
        "at-1": ("en-1", 0), "at-2": ("en-1", 1), "at-3": ("en-1", 0)}
    moved, dropped = _own_changes(county, "attendance", "at-2")
    assert moved == ("enrolment_id", "en-2", "en-1")  # peers move it too, then drop it
    assert dropped[0] == "deleted" and dropped[2] == 1
    assert _own_changes(county, "attendance", "at-1") == []
    assert [c[:3] + (c[4], c[7]) for c in _duplicates(county)] == [
        ("attendance", "at-1", "status", "leave", "present")]
    assert result.stats.conflicts >= 1


def test_a_moved_sign_in_with_the_smaller_id_stays_and_the_survivors_own_of_that_day_gives_way(
        sites, tmp_path):
    """As above, the other way round: the sign-in that moves with the merged en-2 (at-1) has the
    smaller id, so it stays, moved to en-1 by a change we log; en-1's own sign-in of that day (at-2)
    is tombstoned by our change, and the differing status is a duplicate conflict on at-1 — winner
    at-1's value at its stamp and site, loser at-2's. The certificate event of en-2 (no natural
    key) moves to en-1 by a logged change too."""
    county, relay, session, (zhang, _li, wang) = _class(sites)
    p, q = new_id(), new_id()
    at1 = _attendance(q, 1_200, "at-1", "en-2", "2026-03-02", "present")
    at2 = _attendance(p, 1_050, "at-2", "en-1", "2026-03-02", "leave")
    event = _whole(q, 1_300, "certificate_event", "ce-2", {
        "enrolment_id": "en-2", "certificate_no": "2026-001-0009", "action": "revoked",
        "event_date": "2026-03-06", "reason": "重复发证", "deleted": 0})
    deliver(relay, county, tmp_path, _enrolment(p, 1_000, "en-1", session, zhang), at2,
            _enrolment(q, 1_100, "en-2", session, wang), at1, event)
    _seq[q] += 1
    edit = [q, _seq[q], wall_stamp(62_000), "enrolment", "en-2", "person_id", json.dumps(wang), json.dumps(zhang)]
    deliver(relay, county, tmp_path, edit)
    rows = {r: _row(county, "attendance", r) for r in ("at-1", "at-2")}
    assert {r: (v["enrolment_id"], v["deleted"]) for r, v in rows.items()} == {
        "at-1": ("en-1", 0), "at-2": ("en-1", 1)}
    assert _own_changes(county, "attendance", "at-1") == [("enrolment_id", "en-2", "en-1")]
    assert [c[0] for c in _own_changes(county, "attendance", "at-2")] == ["deleted"]
    assert _duplicates(county) == [
        ("attendance", "at-1", "status", None, "present", at1[2], q, "leave", at2[2], p)]
    assert _row(county, "certificate_event", "ce-2")["enrolment_id"] == "en-1"
    assert _own_changes(county, "certificate_event", "ce-2") == [("enrolment_id", "en-2", "en-1")]


@pytest.mark.parametrize("ours", ["en-1", "en-2"])
def test_a_certificate_number_given_twice_stays_with_the_smaller_id_and_the_other_shows_it_lost(
        sites, tmp_path, ours):
    """Two different enrolments (张三's, 李四's) were given the same certificate number at two sites.
    en-1 keeps it; en-2 gives it up by a change we log (old number → none) and stays live, and an open
    duplicate conflict on en-2's number shows the number it had (the loser), for someone to number
    it again."""
    county, relay, session, (zhang, li, _wang) = _class(sites)
    p, q = new_id(), new_id()
    one = _enrolment(p, 1_000, "en-1", session, zhang, certificate_no="2026-001-0001", result="completed")
    two = _enrolment(q, 2_000, "en-2", session, li, certificate_no="2026-001-0001", result="completed")
    first, second = (one, two) if ours == "en-1" else (two, one)
    deliver(relay, county, tmp_path, first)
    result = deliver(relay, county, tmp_path, second)
    e1, e2 = _row(county, "enrolment", "en-1"), _row(county, "enrolment", "en-2")
    assert (e1["certificate_no"], e1["deleted"]) == ("2026-001-0001", 0)
    assert (e2["certificate_no"], e2["deleted"], e2["person_id"]) == (None, 0, li)
    assert e2["site"] == _site(county)
    assert _own_changes(county, "enrolment", "en-2") == [("certificate_no", "2026-001-0001", None)]
    assert _own_changes(county, "enrolment", "en-1") == []
    (c,) = _duplicates(county)
    assert c[:5] == ("enrolment", "en-2", "certificate_no", None, None)
    assert c[5:7] == (one[2], p)  # the keeper's stamp and site, whichever arrived first
    assert c[7:] == ("2026-001-0001", two[2], q)  # the number en-2 had, at its stamp and site
    assert result.stats.conflicts == 1


def test_a_record_merged_away_takes_no_number_from_another(sites, tmp_path):
    """en-2 is 张三's enrolment made again at Q (en-1 is the same record) and carries a number 李四's
    en-3 holds here. en-2 is merged into en-1 and gives up its number (the survivor holds the
    record; a tombstone holding a number would keep it from everyone), so en-3 keeps its own; the
    number en-2 had is shown on en-1 like any value of the duplicate. (Used to refuse the whole
    import: UNIQUE constraint failed: enrolment.certificate_no.)"""
    county, relay, session, (zhang, li, _wang) = _class(sites)
    deliver(relay, county, tmp_path, _enrolment(new_id(), 1_000, "en-1", session, zhang),
            _enrolment(new_id(), 2_000, "en-3", session, li, certificate_no="2026-001-0002"))
    two = _enrolment(new_id(), 3_000, "en-2", session, zhang, certificate_no="2026-001-0002")
    deliver(relay, county, tmp_path, two)
    assert _row(county, "enrolment", "en-3")["certificate_no"] == "2026-001-0002"
    assert _own_changes(county, "enrolment", "en-3") == []
    e2 = _row(county, "enrolment", "en-2")
    assert (e2["deleted"], e2["certificate_no"]) == (1, None)
    # The number given up first, then the tombstone showing the row as it was deleted.
    seen = {**json.loads(two[7]), "certificate_no": None, "deleted": 0}
    assert _own_changes(county, "enrolment", "en-2") == [("certificate_no", "2026-001-0002", None),
                                                         ("deleted", seen, 1)]
    assert [c[:5] + (c[7],) for c in _duplicates(county)] == [
        ("enrolment", "en-1", "certificate_no", None, None, "2026-001-0002")]


@pytest.mark.parametrize("ours", ["en-1", "en-2"])
def test_one_enrolment_numbered_alike_on_two_sites_keeps_its_number_once(sites, tmp_path, ours):
    """Both sites hold 张三's enrolment with the same certificate number (one roster imported at
    both). The merged record keeps the number, the tombstone holds none, nothing is in conflict.
    (Used to refuse the whole import in either order: the tombstone kept the number.)"""
    county, relay, session, (zhang, _li, _wang) = _class(sites)
    one = _enrolment(new_id(), 1_000, "en-1", session, zhang, certificate_no="2026-001-0001")
    two = _enrolment(new_id(), 2_000, "en-2", session, zhang, certificate_no="2026-001-0001")
    first, second = (one, two) if ours == "en-1" else (two, one)
    deliver(relay, county, tmp_path, first)
    result = deliver(relay, county, tmp_path, second)
    e1, e2 = _row(county, "enrolment", "en-1"), _row(county, "enrolment", "en-2")
    assert (e1["deleted"], e1["certificate_no"]) == (0, "2026-001-0001")
    assert (e2["deleted"], e2["certificate_no"]) == (1, None)
    assert _duplicates(county) == [] and result.stats.conflicts == 0
    assert [c[0] for c in _own_changes(county, "enrolment", "en-2")] == ["certificate_no", "deleted"]


@pytest.mark.parametrize("first", ["deleted", "live"])
@pytest.mark.parametrize("deleted_one", ["en-1", "en-2"])
def test_a_deleted_record_holds_its_number_too(sites, tmp_path, deleted_one, first):
    """A certificate number stays taken by a deleted enrolment (it was printed). A live enrolment
    with that number arriving where the deleted one is, or the deleted one arriving where the live
    one is: the larger id gives the number up, deleted or not, and the import goes through. (Used
    to be refused: UNIQUE constraint failed — only live rows were looked at.)"""
    county, relay, session, (zhang, li, _wang) = _class(sites)
    p, q = new_id(), new_id()
    one = _enrolment(p, 1_000, "en-1", session, zhang, certificate_no="2026-001-0003",
                     deleted=int(deleted_one == "en-1"))
    two = _enrolment(q, 2_000, "en-2", session, li, certificate_no="2026-001-0003",
                     deleted=int(deleted_one == "en-2"))
    dead, live = (one, two) if deleted_one == "en-1" else (two, one)
    deliver(relay, county, tmp_path, dead if first == "deleted" else live)
    deliver(relay, county, tmp_path, live if first == "deleted" else dead)
    e1, e2 = _row(county, "enrolment", "en-1"), _row(county, "enrolment", "en-2")
    assert (e1["certificate_no"], e2["certificate_no"]) == ("2026-001-0003", None)
    assert (e1["deleted"], e2["deleted"]) == ((1, 0) if deleted_one == "en-1" else (0, 1))
    assert _own_changes(county, "enrolment", "en-2") == [("certificate_no", "2026-001-0003", None)]
    (c,) = _duplicates(county)
    assert c == ("enrolment", "en-2", "certificate_no", None, None, one[2], p, "2026-001-0003", two[2], q)


def test_the_live_sign_ins_of_a_merged_enrolment_move_to_the_survivor_and_merge_by_day(sites, tmp_path):
    """en-2 (merged into en-1) had signed in on two days, en-1 on the first of them. Its live sign-ins
    move to en-1 by changes we log; the two sign-ins of the same day are one record (the smaller id,
    at-1, stays) with the differing status a duplicate conflict; a deleted sign-in stays where it was."""
    county, relay, session, (zhang, _li, _wang) = _class(sites)
    p, q = new_id(), new_id()
    deliver(relay, county, tmp_path, _enrolment(q, 1_000, "en-2", session, zhang),
            _attendance(q, 1_100, "at-2", "en-2", "2026-03-02", "present"),
            _attendance(q, 1_200, "at-3", "en-2", "2026-03-03", "present"),
            _attendance(q, 1_300, "at-4", "en-2", "2026-03-04", "present", deleted=1))
    one = _enrolment(p, 2_000, "en-1", session, zhang)
    at1 = _attendance(p, 2_100, "at-1", "en-1", "2026-03-02", "leave")
    deliver(relay, county, tmp_path, one, at1)
    rows = {r: _row(county, "attendance", r) for r in ("at-1", "at-2", "at-3", "at-4")}
    assert {r: (v["enrolment_id"], v["deleted"]) for r, v in rows.items()} == {
        "at-1": ("en-1", 0), "at-2": ("en-1", 1), "at-3": ("en-1", 0), "at-4": ("en-2", 1)}
    assert _own_changes(county, "attendance", "at-3") == [("enrolment_id", "en-2", "en-1")]
    assert [c[:3] + (c[4], c[7]) for c in _duplicates(county)] == [
        ("attendance", "at-1", "status", "leave", "present")]


def test_a_first_package_sharing_keys_with_our_rows_or_within_itself_is_merged_not_refused(sites, tmp_path):
    """A package of new whole rows only (the bulk path) whose rows share a natural key with a live row
    here — the 301st sign-in, past the first batch of 300 keys looked up — or with each other."""
    county, relay, session, (zhang, li, _wang) = _class(sites)
    p, q = new_id(), new_id()
    deliver(relay, county, tmp_path, _enrolment(p, 1_000, "en-1", session, zhang))
    days = [(date(2026, 1, 1) + timedelta(days=i)).isoformat() for i in range(301)]
    deliver(relay, county, tmp_path, _attendance(p, 1_100, "at-0", "en-1", days[300], "leave"))
    deliver(relay, county, tmp_path, *[_attendance(q, 2_000 + i, f"at-{i + 1:03d}", "en-1", d, "present")
                                       for i, d in enumerate(days)])
    live = {v[1]: r for r, (_h, _s, *v) in ((r, content(county)["attendance"][r])
                                           for r in content(county)["attendance"]) if v[4] == 0}
    assert len(live) == 301 and live[days[300]] == "at-0"
    assert _row(county, "attendance", "at-301")["deleted"] == 1
    # Two new rows of one package sharing a key.
    deliver(relay, county, tmp_path, _enrolment(q, 3_000, "en-5", session, li, notes="乙"),
            _enrolment(p, 3_100, "en-4", session, li, notes="甲"))
    assert (_row(county, "enrolment", "en-4")["deleted"], _row(county, "enrolment", "en-5")["deleted"]) == (0, 1)
    # Two sign-ins of one day in a package, nothing of that day here: one record (the smaller id).
    deliver(relay, county, tmp_path, _attendance(q, 4_000, "at-b", "en-1", "2027-02-01", "present"),
            _attendance(p, 4_100, "at-a", "en-1", "2027-02-01", "leave"))
    assert (_row(county, "attendance", "at-a")["deleted"], _row(county, "attendance", "at-b")["deleted"]) == (0, 1)
