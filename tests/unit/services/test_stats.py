"""Headline statistics: over the county demo, and edge cases on hand-made rows."""

from __future__ import annotations

from tests.today import TEST_TODAY
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vcadre.services.errors import NotFoundError
from vcadre.services.stats import headline, one_shoulder_condition, one_shoulder_select
from vcadre.store.db import Database, open_database
from vcadre.store.models import Dispatch, Person, Region, VillagePost

# The county demo is built once per session, by the fixture in test_demo.
from tests.unit.services.test_demo import TODAY, county_demo, demo_db  # noqa: F401


def test_headline_county(demo_db: Database) -> None:  # noqa: F811
    with demo_db.session() as s:
        h = headline(s, as_of=TODAY)
    assert (h.townships, h.villages, h.persons) == (33, 578, 15_000)
    assert h.one_shoulder_villages == 220
    assert h.one_shoulder_rate == pytest.approx(220 / 578)
    assert h.training_sessions > 8 and h.trainees > 1_867  # the report's 8 and 1,867, and since
    assert h.enrolments > h.trainees and h.training_hours > 0
    assert h.villages_needing_first_secretary == 193
    assert 170 <= h.first_secretaries <= 210 and h.active_dispatches > h.first_secretaries
    assert sum(h.reserve_by_source.values()) == h.reserve_current
    assert sum(h.reserve_by_stage.values()) == h.reserve_current
    assert h.reserve_current < h.reserve_total  # exited entries are left out of the breakdowns
    assert all(v > 0 for v in h.reserve_by_source.values())
    assert all(v > 0 for v in h.reserve_by_stage.values())
    d = json.loads(json.dumps(h.as_dict(), ensure_ascii=False))
    assert d["as_of"] == TODAY.isoformat() and d["one_shoulder_villages"] == 220


def test_headline_scopes_add_up(demo_db: Database) -> None:  # noqa: F811
    with demo_db.session() as s:
        county_id = s.scalar(select(Region.id).where(Region.level == "county"))
        whole = headline(s, county_id, TODAY)
        assert (whole.villages, whole.one_shoulder_villages, whole.townships) == (578, 220, 33)
        assert whole.region_name == "织金县"
        parts = [headline(s, t, TODAY) for t in
                 s.scalars(select(Region.id).where(Region.level == "township"))]
        assert sum(p.villages for p in parts) == 578
        assert sum(p.one_shoulder_villages for p in parts) == 220
        assert sum(p.reserve_total for p in parts) == whole.reserve_total
        assert sum(p.active_dispatches for p in parts) == whole.active_dispatches
        assert all(p.townships == 1 for p in parts)
        village = s.scalar(
            select(Region.id).where(Region.level == "village", one_shoulder_condition(TODAY))
        )
        one = headline(s, village, TODAY)
        assert (one.villages, one.one_shoulder_villages, one.one_shoulder_rate) == (1, 1, 1.0)
        assert one.townships == 0
        in_sql = s.scalar(select(func.count()).select_from(one_shoulder_select(TODAY).subquery()))
        assert in_sql == 220
        # Before the 2021 election the previous term's holders count.
        assert headline(s, as_of=date(2019, 1, 1)).one_shoulder_villages < 220


def test_unknown_region(demo_db: Database) -> None:  # noqa: F811
    with demo_db.session() as s, pytest.raises(NotFoundError):
        headline(s, "no-such-region")


def test_tombstones_are_ignored(county_demo, tmp_path: Path) -> None:  # noqa: F811
    path = shutil.copyfile(county_demo.path, tmp_path / "copy.db")
    db = open_database(path)
    try:
        with db.session() as s, s.begin():
            village = s.scalar(
                select(Region.id).where(Region.level == "village", one_shoulder_condition(TODAY))
                .order_by(Region.code)
            )
            post = s.scalars(select(VillagePost).where(
                VillagePost.village_id == village, VillagePost.post == "secretary",
                VillagePost.end_date.is_(None))).one()
            post.deleted = True
            dispatch = s.scalars(select(Dispatch).where(
                Dispatch.status == "on_post", Dispatch.role == "first_secretary").limit(1)).one()
            dispatch.deleted = True
        with db.session() as s:
            h = headline(s, as_of=TODAY)
            assert h.one_shoulder_villages == 219
            assert h.one_shoulder_rate == pytest.approx(219 / 578)
            assert h.first_secretaries == county_demo.summary.first_secretaries_on_post - 1
        with db.session() as s, s.begin():
            region = s.get(Region, village)
            region.deleted = True
            person = s.scalars(select(Person).where(Person.home_village_id.is_not(None))
                               .order_by(Person.id).limit(1)).one()
            person.deleted = True
        with db.session() as s:
            h = headline(s, as_of=TODAY)
            assert h.villages == 577 and h.persons == 14_999 and h.one_shoulder_villages == 219
    finally:
        db.close()


def _post(s, person: Person, village: Region, post: str, start: date, end: date | None = None):
    row = VillagePost(person_id=person.id, village_id=village.id, post=post, start_date=start,
                      end_date=end)
    s.add(row)
    return row


def test_one_shoulder_edges(db: Database) -> None:
    """Same day counts; a post ended the day before does not; tombstoned holders do not."""
    with db.session() as s, s.begin():
        county = Region(code="520524", name="织金县", level="county")
        s.add(county)
        s.flush()
        town = Region(code="520524001", name="龙场镇", level="township", kind="town",
                      parent_id=county.id)
        s.add(town)
        s.flush()
        v1, v2, v3 = (Region(code=f"520524001{i:03d}", name=n, level="village", kind="village",
                             parent_id=town.id) for i, n in ((201, "青山村"), (202, "石桥村"),
                                                              (203, "白岩村")))
        s.add_all([v1, v2, v3])
        a, b, c = (Person(name=n) for n in ("张龙敏", "王芳", "李强"))
        s.add_all([a, b, c])
        s.flush()
        _post(s, a, v1, "secretary", date(2021, 4, 1))
        _post(s, a, v1, "director", date(2021, 5, 1), date(2024, 5, 1))
        _post(s, b, v2, "secretary", date(2021, 4, 1))
        _post(s, c, v2, "director", date(2021, 4, 1))  # two people: not one-shoulder
        _post(s, c, v3, "secretary", date(2021, 4, 1))
        _post(s, c, v3, "director", date(2021, 4, 1))
        ids = (county.id, town.id, v1.id, v3.id, c.id)
    county_id, town_id, v1_id, v3_id, c_id = ids
    with db.session() as s:
        def count(as_of: date, region: str | None = None) -> int:
            return headline(s, region, as_of).one_shoulder_villages

        assert count(date(2021, 4, 30)) == 1  # v1's director post has not started yet
        assert count(date(2021, 5, 1)) == 2  # starts that day
        assert count(date(2024, 5, 1)) == 2  # ends that day: still held
        assert count(date(2024, 5, 2)) == 1
        assert count(date(2024, 5, 1), town_id) == 2
        assert count(date(2024, 5, 1), county_id) == 2
        assert count(date(2024, 5, 1), v3_id) == 1
        assert count(date(2024, 5, 1), v1_id) == 1
        h = headline(s, town_id, date(2024, 5, 2))
        assert h.villages == 3 and h.one_shoulder_rate == pytest.approx(1 / 3)
    with db.session() as s, s.begin():
        s.get(Person, c_id).deleted = True
    with db.session() as s:
        assert headline(s, None, date(2022, 1, 1)).one_shoulder_villages == 1
        assert headline(s, None, TEST_TODAY).persons == 2
        past = headline(s, None, date(2022, 1, 1))  # persons carry no dates: unknown, and it says so
        assert past.persons is None and "无法回溯" in past.unknown["persons"]


@pytest.mark.parametrize("tombstoned", ["secretary", "director"])
def test_a_deleted_post_of_either_kind_does_not_make_a_village_one_shoulder(db: Database, tombstoned) -> None:
    """One-shoulder needs both posts held, and a deleted (tombstoned) post is not held."""
    from vcadre.services import posts_rates

    with db.session() as s, s.begin():
        county = Region(code="520524", name="织金县", level="county")
        s.add(county)
        s.flush()
        town = Region(code="520524001", name="龙场镇", level="township", kind="town", parent_id=county.id)
        s.add(town)
        s.flush()
        village = Region(code="520524001201", name="青山村", level="village", kind="village", parent_id=town.id)
        holder = Person(name="张龙敏")
        s.add_all([village, holder])
        s.flush()
        held = {post: _post(s, holder, village, post, date(2021, 4, 1)) for post in ("secretary", "director")}
        s.flush()
        ids = village.id, held[tombstoned].id
    village_id, post_id = ids
    day = date(2024, 1, 1)

    def figures() -> tuple:
        with db.session() as s:
            return (headline(s, None, day).one_shoulder_villages,
                    s.scalar(select(func.count()).select_from(one_shoulder_select(day).subquery())),
                    s.scalar(select(func.count()).select_from(Region).where(
                        Region.id == village_id, one_shoulder_condition(day))),
                    posts_rates.rates(s, day).one_shoulder)

    assert figures() == (1, 1, 1, 1)
    with db.session() as s, s.begin():
        s.get(VillagePost, post_id).deleted = True
    assert figures() == (0, 0, 0, 0)


def test_empty_database(db: Database) -> None:
    with db.session() as s:
        h = headline(s)
    assert (h.villages, h.one_shoulder_villages, h.one_shoulder_rate) == (0, 0, 0.0)
    assert h.reserve_by_stage == {"talent": 0, "reserve": 0, "cadre": 0, "secretary": 0}
    assert h.as_of == TEST_TODAY
