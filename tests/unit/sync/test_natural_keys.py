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

import pytest
from sqlalchemy import select

from tests.unit.sync.conftest import content
from tests.unit.sync.helpers import ship
from vcadre.services import regions, talent, talent_review
from vcadre.store.models import Assessment, Person, Region, ReserveEntry
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
