"""The one "live on day D" definition: each rule on hand-made rows, broken one at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from vcadre.services.figures import live
from vcadre.store.models import (
    Dispatch, Enrolment, Person, Region, ReserveEntry, StageChange, TrainingSession, VillagePost, new_id,
)

D = date(2021, 9, 14)


@pytest.fixture
def world(db, small_county):
    """A person, a post, a dispatch, a reserve entry with history and an enrolment in 青山村."""
    with db.session() as s, s.begin():
        p = Person(name="张三", birth_date=date(1980, 2, 29))
        s.add(p)
        s.flush()
        v = small_county["青山村"]
        post = VillagePost(person_id=p.id, village_id=v, post="secretary", start_date=date(2021, 1, 5),
                           end_date=D)
        disp = Dispatch(person_id=p.id, unit="县委组织部", role="first_secretary", village_id=v,
                        start_date=date(2021, 6, 1), actual_end=D, status="recalled")
        entry = ReserveEntry(person_id=p.id, village_id=v, source="other", stage="reserve", status="exited",
                             entry_date=date(2020, 3, 1), exit_date=date(2022, 1, 1))
        ts = TrainingSession(title="班", kind="village_cadre", start_date=D, end_date=D, year=2021)
        s.add_all([post, disp, entry, ts])
        s.flush()
        s.add_all([
            StageChange(entry_id=entry.id, change_date=date(2020, 3, 1), to_stage="talent", to_status="active"),
            StageChange(entry_id=entry.id, change_date=date(2021, 5, 1), from_stage="talent", to_stage="reserve",
                        from_status="active", to_status="inspecting"),
            StageChange(entry_id=entry.id, change_date=date(2022, 1, 1), from_stage="reserve", to_stage="reserve",
                        from_status="inspecting", to_status="exited"),
        ])
        s.add(Enrolment(session_id=ts.id, person_id=p.id))
        return {"person": p.id, "village": v, "township": small_county["龙场镇"], "post": post.id,
                "dispatch": disp.id, "entry": entry.id, "class": ts.id}


def _n(s, model, cond) -> int:
    return s.scalar(select(func.count()).select_from(model).where(cond))


def _tomb(db, model, row_id) -> None:
    with db.session() as s, s.begin():
        s.get(model, row_id).deleted = True


def test_post_last_day_is_inclusive(db, world):
    with db.session() as s:
        assert _n(s, VillagePost, live.post_held_on(VillagePost, D)) == 1
        assert _n(s, VillagePost, live.post_held_on(VillagePost, date(2021, 1, 5))) == 1
        assert _n(s, VillagePost, live.post_held_on(VillagePost, date(2021, 1, 4))) == 0
        assert _n(s, VillagePost, live.post_held_on(VillagePost, D + timedelta(days=1))) == 0
        assert _n(s, VillagePost, live.post_held_on(VillagePost, D, "director")) == 0
        assert _n(s, VillagePost, live.post_held_on(VillagePost, D, ("director", "secretary"))) == 1
        assert _n(s, VillagePost, live.post_held_during(VillagePost, date(2019, 1, 1), date(2021, 1, 5))) == 1
        assert _n(s, VillagePost, live.post_held_during(VillagePost, date(2019, 1, 1), date(2021, 1, 4))) == 0


@pytest.mark.parametrize("what", ["row", "person", "village", "township"])
def test_tombstones_up_the_chain(db, world, what):
    model, key = {"row": (None, None), "person": (Person, "person"), "village": (Region, "village"),
                  "township": (Region, "township")}[what]
    with db.session() as s:
        before = (_n(s, VillagePost, live.post_held_on(VillagePost, D)),
                  _n(s, Dispatch, live.dispatch_on_post(Dispatch, D)),
                  _n(s, ReserveEntry, live.reserve_entered(ReserveEntry, D)),
                  s.scalar(select(func.count()).select_from(live.live_villages().subquery())))
    assert before == (1, 1, 1, 4)
    if what == "row":
        for m, k in ((VillagePost, "post"), (Dispatch, "dispatch"), (ReserveEntry, "entry")):
            _tomb(db, m, world[k])
    else:
        _tomb(db, model, world[key])
    with db.session() as s:
        after = (_n(s, VillagePost, live.post_held_on(VillagePost, D)),
                 _n(s, Dispatch, live.dispatch_on_post(Dispatch, D)),
                 _n(s, ReserveEntry, live.reserve_entered(ReserveEntry, D)),
                 _n(s, Enrolment, live.enrolment_live(Enrolment)))
        villages = s.scalar(select(func.count()).select_from(live.live_villages().subquery()))
        townships = s.scalar(select(func.count()).select_from(live.live_townships().subquery()))
    assert after[:3] == (0, 0, 0)
    assert after[3] == (0 if what == "person" else 1)  # enrolments hang off persons and classes
    assert villages == {"row": 4, "person": 4, "village": 3, "township": 2}[what]
    assert townships == (1 if what == "township" else 2)


def test_dispatch_on_post_rules(db, world):
    with db.session() as s:
        on = lambda d, role=None: _n(s, Dispatch, live.dispatch_on_post(Dispatch, d, role))  # noqa: E731
        assert on(D) == 1 and on(D, "first_secretary") == 1 and on(D, "member") == 0  # last day counts
        assert on(D + timedelta(days=1)) == 0 and on(date(2021, 5, 31)) == 0
        d = s.get(Dispatch, world["dispatch"])
        d.actual_end, d.status = None, "on_post"
        s.flush()
        assert on(date(2030, 1, 1)) == 1  # still on post, open end
        d.status = "recalled"  # ended, but no last day recorded: on post on no day
        s.flush()
        assert on(D) == 0
        d.status, d.actual_end = "on_post", D  # still 在岗, its last day entered ahead: D
        s.flush()
        assert on(D) == 1 and on(D + timedelta(days=1)) == 0
        d.actual_end = None
        d.status, d.start_date = "on_post", D + timedelta(days=1)  # a successor starting later
        s.flush()
        assert on(D) == 0 and on(D + timedelta(days=1)) == 1
        assert _n(s, Dispatch, live.dispatch_on_post_during(Dispatch, date(2021, 1, 1), D)) == 0
        assert _n(s, Dispatch, live.dispatch_on_post_during(Dispatch, date(2021, 1, 1), D + timedelta(days=1))) == 1


def test_reserve_status_and_stage_from_history(db, world):
    with db.session() as s:
        def on(day):
            return s.execute(select(live.reserve_status_on(ReserveEntry, day), live.reserve_stage_on(ReserveEntry, day))
                             .where(live.reserve_entered(ReserveEntry, day))).all()
        assert on(date(2020, 2, 29)) == []  # not entered yet
        assert on(date(2020, 3, 1)) == [("active", "talent")]
        assert on(date(2021, 4, 30)) == [("active", "talent")]
        assert on(date(2021, 5, 1)) == [("inspecting", "reserve")]
        assert on(date(2021, 12, 31)) == [("inspecting", "reserve")]
        assert on(date(2022, 1, 1)) == [("exited", "reserve")]
        pool = lambda d: _n(s, ReserveEntry, live.reserve_in_pool(ReserveEntry, d))  # noqa: E731
        assert (pool(date(2020, 2, 29)), pool(D), pool(date(2022, 1, 1))) == (0, 1, 0)
        assert _n(s, ReserveEntry, live.reserve_in_pool(ReserveEntry, date(2022, 1, 1), live.NOT_EXITED)) == 0
        during = lambda a, b: _n(s, ReserveEntry, live.reserve_in_pool_during(ReserveEntry, a, b))  # noqa: E731
        assert during(date(2019, 1, 1), date(2019, 12, 31)) == 0
        assert during(date(2020, 1, 1), date(2020, 12, 31)) == 1  # entered during the year
        assert during(date(2022, 1, 1), date(2022, 12, 31)) == 0  # exited on its first day
        assert during(date(2021, 12, 31), date(2022, 12, 31)) == 1
        # Same-day changes: the later-created one wins.
        s.add(StageChange(entry_id=world["entry"], change_date=date(2021, 5, 1), from_stage="reserve",
                          to_stage="cadre", from_status="inspecting", to_status="used"))
        s.flush()
        assert on(date(2021, 5, 1)) == [("used", "cadre")]
        # A tombstoned change is no history.
        for c in s.scalars(select(StageChange).where(StageChange.to_stage == "cadre")):
            c.deleted = True
        s.flush()
        assert on(date(2021, 5, 1)) == [("inspecting", "reserve")]


def test_reserve_without_history_uses_stored_status(db, world):
    with db.session() as s:
        for c in s.scalars(select(StageChange)):
            c.deleted = True
        s.flush()
        assert s.execute(select(live.reserve_status_on(ReserveEntry, D))).scalar() == "exited"
        assert _n(s, ReserveEntry, live.reserve_in_pool_during(ReserveEntry, D, D, ("exited",))) == 1


def _days():
    out = [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2025, 2, 28), date(2025, 3, 1),
           date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 13)]
    return out


def test_calendar_age_python():
    assert live.age_on(date(1980, 3, 13), date(2026, 3, 12)) == 45
    assert live.age_on(date(1980, 3, 13), date(2026, 3, 13)) == 46  # on the birthday
    assert live.age_on(date(1980, 2, 29), date(2025, 2, 28)) == 44
    assert live.age_on(date(1980, 2, 29), date(2025, 3, 1)) == 45
    assert live.age_on(date(1980, 2, 29), date(2024, 2, 29)) == 44
    assert live.age_on(None, D) is None
    assert live.latest_birth_for_age(date(2024, 2, 29), 45) == date(1979, 2, 28)


def test_calendar_age_sql_agrees_with_python(db):
    births = [date(1980, 2, 29), date(1980, 3, 1), date(1980, 2, 28), date(1979, 12, 31), date(1981, 1, 1),
              date(1980, 3, 13), date(1980, 3, 12), date(1980, 3, 14), date(2000, 2, 29)]
    with db.session() as s, s.begin():
        s.add_all(Person(name=f"p{i}", birth_date=b) for i, b in enumerate(births))
        s.add(Person(name="无生日"))
    days = _days() + [b.replace(year=2026) for b in births if (b.month, b.day) != (2, 29)]
    with db.session() as s:
        for day in days:
            got = dict(s.execute(select(Person.birth_date, live.age_sql(Person.birth_date, day))).all())
            for b, a in got.items():
                assert a == live.age_on(b, day), (b, day)
            for years in (44, 45, 46, 26):
                n = _n(s, Person, live.age_at_least_sql(Person.birth_date, day, years))
                assert n == sum(1 for b in births if live.age_on(b, day) >= years), (day, years)


# ---------------------------------------------------------------- rules stated case by case
# Each figure below is worked out by hand from the module's rules, on rows made for it.


def test_a_first_secretary_covers_only_the_village_he_is_posted_to(db, world, small_county):
    """张三 is 青山村's first secretary until D; a member (驻村队员) on post in 石桥村 covers nothing."""
    helper = Person(name="李四")
    with db.session() as s, s.begin():
        s.add(helper)
        s.flush()
        s.add(Dispatch(person_id=helper.id, unit="县直", role="member", village_id=small_county["石桥村"],
                       start_date=date(2021, 1, 1), status="on_post"))
    with db.session() as s:
        def covered(day):
            return set(s.scalars(select(Region.name).where(Region.level == "village",
                                                           live.has_first_secretary(Region.id, day))))
        assert covered(D) == {"青山村"}
        assert covered(D + timedelta(days=1)) == set()


def _changes(s, entry_id, *rows):
    """Stage changes of ``entry_id`` recorded in the order given: ``(day, stage, status[, id])``."""
    for row in rows:
        day, stage, status = row[:3]
        s.add(StageChange(entry_id=entry_id, change_date=day, to_stage=stage, to_status=status,
                          **({"id": row[3]} if len(row) > 3 else {})))
        s.flush()


def test_the_status_on_a_day_is_that_of_the_latest_change_dated_by_then(db, small_county):
    """Changes count by the day they are dated, not the order they were recorded in; on one day the
    later-made change (the greater id: ids are made in time order) wins even when it arrived first
    (a change made on another laptop); each entry reads its own history only."""
    early_id, late_id = sorted(new_id() for _ in range(2))
    with db.session() as s, s.begin():
        a, b = Person(name="甲"), Person(name="乙")
        s.add_all([a, b])
        s.flush()
        ea = ReserveEntry(person_id=a.id, village_id=small_county["石桥村"], source="other", stage="reserve",
                          status="exited", entry_date=date(2020, 1, 1))
        eb = ReserveEntry(person_id=b.id, village_id=small_county["石桥村"], source="other", stage="talent",
                          status="active", entry_date=date(2020, 1, 1))
        s.add_all([ea, eb])
        s.flush()
        _changes(s, ea.id, (date(2020, 1, 1), "talent", "active"), (date(2021, 6, 1), "cadre", "used"),
                 (date(2021, 3, 1), "reserve", "inspecting"),  # entered afterwards, dated earlier
                 (date(2022, 1, 10), "reserve", "exited", late_id),  # arrived first, made second
                 (date(2022, 1, 10), "reserve", "active", early_id))
        _changes(s, eb.id, (date(2020, 1, 1), "talent", "active"))
        s.add(StageChange(entry_id=eb.id, change_date=date(2021, 3, 1), to_stage="talent", to_status="exited",
                          deleted=True))  # deleted (recycle bin): no history
        names = {ea.id: "甲", eb.id: "乙"}
    expected = {
        date(2021, 2, 28): {"甲": ("active", "talent"), "乙": ("active", "talent")},
        date(2021, 3, 1): {"甲": ("inspecting", "reserve"), "乙": ("active", "talent")},
        date(2021, 7, 1): {"甲": ("used", "cadre"), "乙": ("active", "talent")},
        date(2022, 1, 10): {"甲": ("exited", "reserve"), "乙": ("active", "talent")},
    }
    with db.session() as s:
        for day, want in expected.items():
            one_by_one = s.execute(select(ReserveEntry.id, live.reserve_status_on(ReserveEntry, day),
                                          live.reserve_stage_on(ReserveEntry, day))).all()
            assert {names[i]: (st, stg) for i, st, stg in one_by_one} == want, day
            pool = live.reserve_on(day)
            grouped = s.execute(select(pool.c.id, pool.c.status, pool.c.stage)).all()
            assert {names[i]: (st, stg) for i, st, stg in grouped} == want, day


def test_an_entry_without_history_keeps_its_stored_stage_too(db, world):
    with db.session() as s:
        for c in s.scalars(select(StageChange)):
            c.deleted = True
        s.flush()
        assert s.execute(select(live.reserve_stage_on(ReserveEntry, date(2020, 6, 1)))).scalar() == "reserve"


def test_in_the_pool_during_a_year(db, small_county):
    """Who was in the pool (在库/考察中) on at least one day of 2021, entry by entry."""
    first, last = date(2021, 1, 1), date(2021, 12, 31)
    made = sorted(new_id() for _ in range(2))
    with db.session() as s, s.begin():
        def entry(name, entered, status, *history, tombstone_history=False):
            p = Person(name=name)
            s.add(p)
            s.flush()
            e = ReserveEntry(person_id=p.id, village_id=small_county["青山村"], source="other", stage="talent",
                             status=status, entry_date=entered)
            s.add(e)
            s.flush()
            _changes(s, e.id, *history)
            if tombstone_history:
                for c in s.scalars(select(StageChange).where(StageChange.entry_id == e.id)):
                    c.deleted = True
            return e.id

        out = entry("退出未返", date(2020, 1, 1), "active",  # exited all 2021, back in the pool in 2022
                    (date(2020, 1, 1), "talent", "active"), (date(2020, 6, 1), "talent", "exited"),
                    (date(2022, 3, 1), "talent", "active"))
        s.add(StageChange(entry_id=out, change_date=date(2021, 5, 1), to_stage="talent", to_status="active",
                          deleted=True))  # a change deleted (recycle bin) is no history
        entry("末日返库", date(2020, 1, 1), "inspecting",
              (date(2020, 1, 1), "talent", "active"), (date(2020, 6, 1), "talent", "exited"),
              (date(2021, 12, 31), "reserve", "inspecting"))
        entry("首日即用", date(2020, 1, 1), "used",  # 考察中 on 1 January, 提拔使用 later that day
              (date(2020, 1, 1), "talent", "active"), (date(2020, 6, 1), "talent", "exited"),
              (date(2021, 1, 1), "reserve", "inspecting", made[0]), (date(2021, 1, 1), "cadre", "used", made[1]))
        entry("年中入库", date(2021, 7, 1), "active")  # no history recorded: the stored status stands
        entry("年中入库已退", date(2021, 7, 1), "exited")
        entry("次年入库", date(2022, 2, 1), "active")
        entry("历史已删", date(2021, 7, 1), "active", (date(2021, 7, 1), "talent", "exited"),
              tombstone_history=True)

    with db.session() as s:
        def names(a, b, statuses=live.IN_POOL):
            return set(s.scalars(select(Person.name).join(ReserveEntry, ReserveEntry.person_id == Person.id)
                                 .where(live.reserve_in_pool_during(ReserveEntry, a, b, statuses))))
        assert names(first, last) == {"末日返库", "首日即用", "年中入库", "历史已删"}
        # exited on 1 January (what a day shows is its status at the end of the day, see above)
        assert names(first, last, ("exited",)) == {"退出未返", "末日返库", "年中入库已退"}
        assert names(date(2022, 1, 1), date(2022, 12, 31)) == {"退出未返", "末日返库", "年中入库", "次年入库", "历史已删"}


def test_an_enrolment_counts_while_it_its_class_and_its_trainee_are_live(db, world):
    with db.session() as s, s.begin():
        other = Person(name="李四")
        closed = TrainingSession(title="撤销的班", kind="village_cadre", start_date=D, end_date=D, year=2021)
        s.add_all([other, closed])
        s.flush()
        closed.deleted = True
        s.add_all([Enrolment(session_id=world["class"], person_id=other.id, deleted=True),  # withdrawn
                   Enrolment(session_id=closed.id, person_id=other.id)])
    with db.session() as s:
        assert s.scalars(select(Enrolment.person_id).where(live.enrolment_live(Enrolment))).all() == [world["person"]]


def test_live_townships_are_those_of_the_scope_and_a_township_scope_is_itself(db, small_county):
    ids = {name: small_county[name] for name in ("织金县", "龙场镇", "金凤街道")}
    with db.session() as s:
        def townships(region=None):
            return set(s.scalars(live.live_townships(region)))
        assert townships() == townships(ids["织金县"]) == {ids["龙场镇"], ids["金凤街道"]}
        assert townships(ids["龙场镇"]) == {ids["龙场镇"]}
    _tomb(db, Region, ids["金凤街道"])
    with db.session() as s:
        assert set(s.scalars(live.live_townships())) == {ids["龙场镇"]}
        assert set(s.scalars(live.live_townships(ids["金凤街道"]))) == set()


def test_a_class_counts_as_started_from_its_first_day_while_live(db, world):
    """world's class starts on D; a class deleted after it started counts on no day."""
    with db.session() as s, s.begin():
        gone = TrainingSession(title="删除的班", kind="village_cadre", start_date=date(2020, 5, 1),
                               end_date=date(2020, 5, 3), year=2020)
        s.add(gone)
        s.flush()
        gone.deleted = True
    with db.session() as s:
        def started(day):
            return _n(s, TrainingSession, live.training_started_by(TrainingSession, day))
        assert (started(D - timedelta(days=1)), started(D), started(date(2030, 1, 1))) == (0, 1, 1)
