"""Every headline figure on a small hand-made county, each expected value counted by hand from the
rule in ``services/stats.py``'s docstring (scope, dates, tombstones), for the whole county, a
township and a village, today and on past days. Mutation testing found these unstated."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.today import TEST_TODAY
from vcadre.services import stats
from vcadre.services.errors import NotFoundError
from vcadre.store.models import (
    Dispatch, Enrolment, Person, Region, ReserveEntry, StageChange, TrainingSession, VillagePost,
)

T = TEST_TODAY
D = date


def _add(db, *rows):
    with db.session() as s, s.begin():
        for r in rows:
            s.add(r)
            s.flush()
        return [r.id for r in rows]


@pytest.fixture
def county(db, small_county):
    """青山村 and 石桥村 in 龙场镇, 化垮社区 and 青山社区 in 金凤街道; see each block for what is there."""
    v = small_county
    with db.session() as s, s.begin():
        for name in ("青山村", "化垮社区"):
            s.get(Region, v[name]).needs_first_secretary = True
    # People: 甲 of 青山村, 乙 of 石桥村, 丙 of 化垮社区, 丁 a county cadre (no village), 戊 deleted.
    jia, yi, bing, ding, wu = _add(db, Person(name="甲", home_village_id=v["青山村"]),
                                   Person(name="乙", home_village_id=v["石桥村"]),
                                   Person(name="丙", home_village_id=v["化垮社区"]),
                                   Person(name="丁"), Person(name="戊", home_village_id=v["青山村"]))
    with db.session() as s, s.begin():
        s.get(Person, wu).deleted = True
    # Reserve: 甲 (veteran, reserve) since 2020; 乙 (rural talent, talent) since 2020, exited 2022-06-30;
    # 丙 (other, cadre) entered ten days before today.
    e1, e2, e3 = _add(db, ReserveEntry(person_id=jia, village_id=v["青山村"], source="veteran", stage="reserve",
                                       status="active", entry_date=D(2020, 1, 1)),
                      ReserveEntry(person_id=yi, village_id=v["石桥村"], source="rural_talent", stage="talent",
                                   status="exited", entry_date=D(2020, 1, 1)),
                      ReserveEntry(person_id=bing, village_id=v["化垮社区"], source="other", stage="cadre",
                                   status="active", entry_date=T - timedelta(days=10)))
    _add(db, StageChange(entry_id=e1, change_date=D(2020, 1, 1), to_stage="reserve", to_status="active"),
         StageChange(entry_id=e2, change_date=D(2020, 1, 1), to_stage="talent", to_status="active"),
         StageChange(entry_id=e2, change_date=D(2022, 6, 30), to_stage="talent", to_status="exited"),
         StageChange(entry_id=e3, change_date=T - timedelta(days=10), to_stage="cadre", to_status="active"))
    # Training: 2021 class (甲 40 h, 丁 32 h, 乙's enrolment deleted); 2022 classes: one with 甲 10 h,
    # 丙 20 h and deleted 戊, one with nobody; a class starting next month (乙).
    c1, c2, c3, c4 = _add(db, *(TrainingSession(title=t, kind="village_cadre", start_date=s0, end_date=s0 + timedelta(days=4),
                                                year=s0.year, planned_hours=40)
                                for t, s0 in (("班一", D(2021, 7, 5)), ("班二", D(2022, 3, 1)),
                                              ("班三", T + timedelta(days=30)), ("班四", D(2022, 5, 1)))))
    gone, = _add(db, Enrolment(session_id=c1, person_id=yi, hours_completed=8))
    _add(db, Enrolment(session_id=c1, person_id=jia, hours_completed=40),
         Enrolment(session_id=c1, person_id=ding, hours_completed=32),
         Enrolment(session_id=c2, person_id=jia, hours_completed=10),
         Enrolment(session_id=c2, person_id=bing, hours_completed=20),
         Enrolment(session_id=c2, person_id=wu, hours_completed=20),
         Enrolment(session_id=c3, person_id=yi, hours_completed=0))
    with db.session() as s, s.begin():
        s.get(Enrolment, gone).deleted = True
    # Dispatches: 丁 first secretary of 青山村 since 2021-06-01; 乙 member in 化垮社区 2021-06-01 to
    # 2022-06-30; a deleted first secretary in 石桥村.
    _add(db, Dispatch(person_id=ding, unit="县直", role="first_secretary", village_id=v["青山村"],
                      start_date=D(2021, 6, 1), status="on_post"),
         Dispatch(person_id=yi, unit="县直", role="member", village_id=v["化垮社区"], start_date=D(2021, 6, 1),
                  actual_end=D(2022, 6, 30), status="rotated"))
    d3, = _add(db, Dispatch(person_id=ding, unit="县直", role="first_secretary", village_id=v["石桥村"],
                            start_date=D(2021, 6, 1), status="on_post"))
    with db.session() as s, s.begin():
        s.get(Dispatch, d3).deleted = True
    # Posts: 甲 holds both posts of 青山村 since 2021-05-01 (one-shoulder); 乙 both of 石桥村 until his
    # director post ended 2022-12-31; in 化垮社区 two different people.
    _add(db, *(VillagePost(person_id=p, village_id=v[vn], post=post, start_date=D(2021, 5, 1), end_date=end)
               for p, vn, post, end in ((jia, "青山村", "secretary", None), (jia, "青山村", "director", None),
                                        (yi, "石桥村", "secretary", None), (yi, "石桥村", "director", D(2022, 12, 31)),
                                        (bing, "化垮社区", "secretary", None), (yi, "化垮社区", "director", None))))
    return v


def test_the_whole_county_today(db, county):
    with db.session() as s:
        h = stats.headline(s, None, T)
    assert (h.region_id, h.region_name, h.region_level, h.as_of) == (None, "", "", T)
    assert (h.townships, h.villages, h.villages_needing_first_secretary) == (2, 4, 2)
    assert h.persons == 4 and h.unknown == {}  # 戊 is deleted; 丁 without a village counts unscoped
    assert (h.reserve_total, h.reserve_current) == (3, 2)
    assert h.reserve_by_source == {"rural_talent": 0, "veteran": 1, "retired_cadre": 0, "returned_graduate": 0,
                                   "young_entrepreneur": 0, "other": 1}
    assert h.reserve_by_stage == {"talent": 0, "reserve": 1, "cadre": 1, "secretary": 0}
    assert (h.training_sessions, h.trainees, h.enrolments, h.training_hours) == (3, 3, 4, 102.0)
    assert h.training_sessions_by_year == {"2021": 1, "2022": 2}
    assert (h.active_dispatches, h.first_secretaries) == (1, 1)
    assert (h.one_shoulder_villages, h.one_shoulder_rate) == (1, 0.25)
    d = h.as_dict()
    assert d["as_of"] == T.isoformat() and d["one_shoulder_rate"] == 0.25 and d["persons"] == 4


def test_a_past_day(db, county):
    """2022-06-01: 乙 still in the pool (talent), 丙 not yet entered; the 2022 classes not all
    started; 乙's posting still on; 乙 still one-shoulder in 石桥村. Persons cannot be known."""
    with db.session() as s:
        h = stats.headline(s, None, D(2022, 6, 1))
    assert h.persons is None and h.unknown == {"persons": stats.UNDATED_PERSONS}
    assert (h.reserve_total, h.reserve_current) == (2, 2)
    assert (h.reserve_by_source["veteran"], h.reserve_by_source["rural_talent"]) == (1, 1)
    assert (h.reserve_by_stage["reserve"], h.reserve_by_stage["talent"], h.reserve_by_stage["cadre"]) == (1, 1, 0)
    assert (h.training_sessions, h.trainees, h.enrolments, h.training_hours) == (3, 3, 4, 102.0)
    assert (h.active_dispatches, h.first_secretaries) == (2, 1)
    assert (h.one_shoulder_villages, h.one_shoulder_rate) == (2, 0.5)
    with db.session() as s:
        early = stats.headline(s, None, D(2022, 3, 31))  # before the class of 2022-05-01
    assert (early.training_sessions, early.training_sessions_by_year) == (2, {"2021": 1, "2022": 1})


def test_a_township(db, county):
    """龙场镇: its two villages; persons and training by home village (丁, without one, falls out);
    classes only those with someone from it."""
    with db.session() as s:
        h = stats.headline(s, county["龙场镇"], T)
    assert (h.region_id, h.region_name, h.region_level) == (county["龙场镇"], "龙场镇", "township")
    assert (h.townships, h.villages, h.villages_needing_first_secretary, h.persons) == (1, 2, 1, 2)
    assert (h.reserve_total, h.reserve_current, h.reserve_by_stage["reserve"]) == (2, 1, 1)
    assert (h.training_sessions, h.trainees, h.enrolments, h.training_hours) == (2, 1, 2, 50.0)
    assert h.training_sessions_by_year == {"2021": 1, "2022": 1}
    assert (h.active_dispatches, h.first_secretaries) == (1, 1)
    assert (h.one_shoulder_villages, h.one_shoulder_rate) == (1, 0.5)
    with db.session() as s:
        other = stats.headline(s, county["金凤街道"], T)
    assert (other.villages, other.one_shoulder_villages, other.one_shoulder_rate) == (2, 0, 0.0)
    assert (other.active_dispatches, other.trainees, other.training_sessions) == (0, 1, 1)
    assert other.training_sessions_by_year == {"2022": 1}  # 丙's class; 甲's and 丁's are not theirs


def test_a_village(db, county):
    with db.session() as s:
        h = stats.headline(s, county["青山村"], T)
    assert (h.region_name, h.region_level, h.townships, h.villages) == ("青山村", "village", 0, 1)
    assert (h.persons, h.one_shoulder_villages, h.one_shoulder_rate) == (1, 1, 1.0)


def test_a_county_with_no_villages_has_a_rate_of_nought(db):
    with db.session() as s:
        h = stats.headline(s, None, T)
    assert (h.villages, h.one_shoulder_villages, h.one_shoulder_rate, h.persons) == (0, 0, 0.0, 0)
    assert (h.townships, h.villages_needing_first_secretary, h.first_secretaries) == (0, 0, 0)


def test_scopes_that_do_not_exist_are_refused_with_what_is_wrong(db, county):
    with db.session() as s, s.begin():
        s.get(Region, county["金凤街道"]).deleted = True
        s.get(Region, county["石桥村"]).deleted = True
    with db.session() as s:
        with pytest.raises(NotFoundError, match="^所选区划不存在或已删除。$"):
            stats.headline(s, "no-such-region", T)
        with pytest.raises(NotFoundError, match="^所选区划不存在或已删除。$"):
            stats.headline(s, county["石桥村"], T)
        with pytest.raises(NotFoundError, match="^所选区划所在的乡镇（街道）已删除。$"):
            stats.headline(s, county["化垮社区"], T)
        assert stats.headline(s, county["青山村"], T).villages == 1  # its township is live


def test_the_county_itself_as_the_scope(db, county):
    """Scoped to 织金县 by its id: its townships and villages — not those of 纳雍县, another county
    in the same database — and, unlike no scope, people without a home village (丁) fall out of
    persons and training."""
    from vcadre.services import regions

    with db.session() as s, s.begin():
        regions.import_regions(s, [(2, "520525", "纳雍县", ""), (3, "520525001", "雍熙街道", "520525"),
                                   (4, "520525001001", "西城社区", "520525001")])
    with db.session() as s:
        h = stats.headline(s, county["织金县"], T)
        everything = stats.headline(s, None, T)
    assert (everything.townships, everything.villages) == (3, 5)
    assert (h.region_name, h.region_level) == ("织金县", "county")
    assert (h.townships, h.villages, h.villages_needing_first_secretary, h.persons) == (2, 4, 2, 3)
    assert (h.reserve_total, h.reserve_current) == (3, 2)
    # 甲 in 班一 (40 h) and 班二 (10 h), 丙 in 班二 (20 h); 丁's 32 h and 班四 (nobody) fall out.
    assert (h.training_sessions, h.trainees, h.enrolments, h.training_hours) == (2, 2, 3, 70.0)
    assert h.training_sessions_by_year == {"2021": 1, "2022": 1}
    assert (h.active_dispatches, h.first_secretaries, h.one_shoulder_villages) == (1, 1, 1)


def test_villages_needing_a_first_secretary_are_counted_in_each_scope(db, county):
    """青山村 and 化垮社区 are marked; 石桥村 and 青山社区 are not."""
    with db.session() as s:
        assert [stats.headline(s, county[name], T).villages_needing_first_secretary
                for name in ("青山村", "石桥村", "化垮社区", "青山社区", "龙场镇", "金凤街道")] == [1, 0, 1, 0, 1, 1]
        s.get(Region, county["化垮社区"]).needs_first_secretary = False
        s.flush()
        assert stats.headline(s, county["金凤街道"], T).villages_needing_first_secretary == 0
        assert stats.headline(s, None, T).villages_needing_first_secretary == 1


def test_a_village_scope_counts_only_that_village(db, county):
    """石桥村 today: 乙 lives there and is in the records (exited); his 2021 enrolment is deleted
    and his class of next month has not started; the deleted posting there does not count; his
    director post ended, so the village is no longer one-shoulder."""
    with db.session() as s:
        h = stats.headline(s, county["石桥村"], T)
        past = stats.headline(s, county["石桥村"], D(2022, 6, 1))
    assert (h.townships, h.villages, h.persons) == (0, 1, 1)
    assert (h.reserve_total, h.reserve_current) == (1, 0)
    assert (h.training_sessions, h.trainees, h.enrolments, h.training_hours) == (0, 0, 0, 0.0)
    assert h.training_sessions_by_year == {}
    assert (h.active_dispatches, h.first_secretaries) == (0, 0)
    assert (h.one_shoulder_villages, h.one_shoulder_rate) == (0, 0.0)
    assert (past.reserve_current, past.reserve_by_stage["talent"], past.reserve_by_source["rural_talent"]) == (1, 1, 1)
    assert (past.one_shoulder_villages, past.one_shoulder_rate) == (1, 1.0)


def test_reserve_breakdowns_count_each_source_stage_and_status(db, small_county):
    """Four entries that share two of source, stage and status pairwise, plus one with a source
    and a stage this version does not know (e.g. written by a newer one): each breakdown still sums to
    the current figure (the module's rule), the unknown codes under their own names."""
    v = small_county["青山村"]
    people = _add(db, *(Person(name=n, home_village_id=v) for n in "甲乙丙丁戊"))
    _add(db, *(ReserveEntry(person_id=p, village_id=v, source=src, stage=stg, status=st, entry_date=D(2020, 1, 1))
               for p, (src, stg, st) in zip(people, (("veteran", "reserve", "active"),
                                                     ("veteran", "reserve", "exited"),
                                                     ("veteran", "talent", "active"),
                                                     ("other", "reserve", "active"),
                                                     ("new_source", "new_stage", "used")))))
    with db.session() as s:
        h = stats.headline(s, None, T)
    assert (h.reserve_total, h.reserve_current) == (5, 4)
    assert {k: n for k, n in h.reserve_by_source.items() if n} == {"veteran": 2, "other": 1, "new_source": 1}
    assert {k: n for k, n in h.reserve_by_stage.items() if n} == {"reserve": 2, "talent": 1, "new_stage": 1}


def test_a_deleted_person_takes_their_classes_out_of_their_village(db, county):
    """With 甲 deleted, 青山村 has no live trainee (戊 is deleted too): no class counts for it,
    in any year, though 甲's enrolments themselves are live."""
    with db.session() as s, s.begin():
        s.scalars(select(Person).where(Person.name == "甲")).one().deleted = True
    with db.session() as s:
        h = stats.headline(s, county["青山村"], T)
    assert (h.persons, h.trainees, h.enrolments, h.training_sessions) == (0, 0, 0, 0)
    assert h.training_sessions_by_year == {}
