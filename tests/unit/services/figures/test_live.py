"""The one "live on day D" definition: each rule on hand-made rows, broken one at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from vcadre.services.figures import live
from vcadre.store.models import (
    Dispatch, Enrolment, Person, Region, ReserveEntry, StageChange, TrainingSession, VillagePost,
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
