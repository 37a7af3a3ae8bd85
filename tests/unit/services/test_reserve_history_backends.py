"""``figures.live.reserve_on``: the stage and status of an entry on day D come from its latest
stage change dated on or before D (same day: the later id) — on SQLite (bare columns beside
MAX) and on PostgreSQL (``array_agg … ORDER BY``) alike (the services suite runs on both)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from vcadre.services.figures import live
from vcadre.store.models import Person, ReserveEntry, StageChange


def test_stage_and_status_on_a_day_follow_the_latest_change(db, small_county) -> None:
    with db.session() as s, s.begin():
        p = Person(name="张三", gender="1")
        s.add(p)
        s.flush()
        e = ReserveEntry(person_id=p.id, village_id=small_county["青山村"], source="veteran",
                         stage="cadre", status="used", entry_date=date(2020, 1, 1))
        s.add(e)
        s.flush()
        # Added out of date order; two on 2022-06-01, the later id (added later) wins that day.
        for day, stage, status in [(date(2022, 6, 1), "reserve", "inspecting"),
                                   (date(2021, 3, 1), "reserve", "active"),
                                   (date(2022, 6, 1), "cadre", "used"),
                                   (date(2020, 1, 1), "talent", "active")]:
            s.add(StageChange(entry_id=e.id, change_date=day, to_stage=stage, to_status=status))
            s.flush()
        entry_id = e.id

    def on(day: date):
        pool = live.reserve_on(day)
        with db.session() as s:
            return s.execute(select(pool.c.stage, pool.c.status).where(pool.c.id == entry_id)).one_or_none()

    assert on(date(2019, 12, 31)) is None  # not entered yet
    assert tuple(on(date(2020, 6, 1))) == ("talent", "active")
    assert tuple(on(date(2021, 3, 1))) == ("reserve", "active")
    assert tuple(on(date(2022, 5, 31))) == ("reserve", "active")
    assert tuple(on(date(2022, 6, 1))) == ("cadre", "used")
    assert tuple(on(date(2030, 1, 1))) == ("cadre", "used")
