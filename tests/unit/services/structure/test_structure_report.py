"""The team-structure report against an independent plain-SQL oracle, cell by cell, on the demo
county at the 2021 report date and on the suite's day; settings; targets on a small county."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from sqlalchemy import or_, select, update

from tests.unit.services.structure import oracle
from tests.unit.services.test_demo import TODAY, county_demo, demo_db  # noqa: F401
from vcadre.services import stats
from vcadre.services.errors import ValidationError
from vcadre.services.structure import compare, report, settings
from vcadre.store.db import open_database
from vcadre.store.models import Person, VillagePost

DAYS = [date(2021, 9, 14), TODAY]
#: Named days: the report's, the suite's, and the last day on post of the most posts and the next.
DAY_NAMES = ["2021-09-14", "today", "last-day", "day-after"]


def _day(name: str, path) -> date:
    if name == "today":
        return TODAY
    if name in ("last-day", "day-after"):
        last = oracle.busiest_last_day(path)
        return last if name == "last-day" else last + timedelta(days=1)
    return date.fromisoformat(name)
INT_KEYS = ["count", "women", "minority", "cpc", *[f"age_{i}" for i in range(5)], *[f"edu_{i}" for i in range(5)],
            "cross", "one_shoulder"]


@pytest.mark.parametrize("day_name", DAY_NAMES)
@pytest.mark.parametrize("group", ["secretary", "director", "members"])
def test_every_cell_agrees_with_the_oracle(demo_db, county_demo, day_name, group) -> None:  # noqa: F811
    day = _day(day_name, county_demo.path)
    with demo_db.session() as s:
        rep = report.build(s, day)
    table = rep.group(group)
    expected = oracle.group_figures(county_demo.path, day, group)
    towns = oracle.townships(county_demo.path)
    assert [r.township_id for r in table.rows] == [t[0] for t in towns]
    zero = dict.fromkeys(INT_KEYS, 0)
    checked = 0
    for row, (tid, _name, villages) in zip(table.rows, towns):
        exp = expected.get(tid, {**zero, "avg_age": None, "college_share": None})
        assert row.values["villages"] == villages
        for key in INT_KEYS:
            assert row.values[key] == exp[key], (row.name, key)
            checked += 1
        if exp["avg_age"] is None:
            assert row.values["avg_age"] is None
        else:
            assert abs(row.values["avg_age"] - exp["avg_age"]) <= 0.05 + 1e-9, row.name
            assert abs(row.values["college_share"] - exp["college_share"]) <= 0.05 + 1e-9, row.name
        assert row.age_unknown == exp.get("age_unknown", 0)
        assert row.education_unknown == exp.get("edu_unknown", 0)
    # The total row is the sum of the townships (and the oracle's county-wide figures).
    for key in INT_KEYS:
        assert table.total.values[key] == sum(e[key] for e in expected.values())
    assert table.total.values["villages"] == sum(t[2] for t in towns)
    assert checked > 30 * len(INT_KEYS)
    assert table.total.values["count"] > 0


@pytest.mark.parametrize("day_name", DAY_NAMES)
def test_targets_agree_with_the_oracle(demo_db, county_demo, day_name) -> None:  # noqa: F811
    day = _day(day_name, county_demo.path)
    with demo_db.session() as s:
        rep = report.build(s, day)
    expected = oracle.targets(county_demo.path, day)
    for row in rep.targets.rows:
        for key, value in expected[row.township_id].items():
            assert row.values[key] == value, (row.name, key)
    listed = {m.village_code for m in rep.targets.misses}
    assert len(listed) == rep.targets.total.values["any"]
    assert rep.targets.total.values["any"] >= max(rep.targets.total.values[k] for k in
                                                  ("no_secretary", "no_woman", "no_young", "secretary_education"))


@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_one_shoulder_agrees_with_stats_and_the_oracle(demo_db, county_demo, day) -> None:  # noqa: F811
    with demo_db.session() as s:
        rep = report.build(s, day)
        head = stats.headline(s, as_of=day)
    expected = oracle.one_shoulder_villages(county_demo.path, day)
    assert rep.group("secretary").total.values["one_shoulder"] == expected == head.one_shoulder_villages
    assert rep.group("director").total.values["one_shoulder"] == expected
    assert rep.group("members").total.values["one_shoulder"] == expected
    if day == date(2021, 9, 14):
        assert expected == 220  # the report's figure (README)


def test_a_birthday_moves_a_person_between_bands_on_the_day(demo_db, county_demo, tmp_path) -> None:  # noqa: F811
    path = tmp_path / "c.db"
    shutil.copyfile(county_demo.path, path)
    day = date(2021, 9, 14)
    eve = day - timedelta(days=1)
    with demo_db.session() as s:
        orig = {d: report.build(s, d).group("secretary").total.values for d in (eve, day)}
    db = open_database(path)
    try:
        with db.session() as s, s.begin():
            person_id = s.scalar(select(VillagePost.person_id).where(
                VillagePost.post == "secretary", VillagePost.deleted.is_(False), VillagePost.start_date <= eve,
                or_(VillagePost.end_date.is_(None), VillagePost.end_date >= day)).limit(1))
            # The secretary turns 36 on the report day: 35 (band 35岁及以下) the day before.
            s.execute(update(Person).where(Person.id == person_id).values(birth_date=date(1985, 9, 14)))
        with db.session() as s:
            mod = {d: report.build(s, d).group("secretary").total.values for d in (eve, day)}
    finally:
        db.close()
    for d in (eve, day):
        exp = oracle.group_figures(path, d, "secretary")
        for key in ("age_0", "age_1", "age_2"):
            assert mod[d][key] == sum(e[key] for e in exp.values()), (d, key)
    # Against the same days unchanged: in band 0 on the eve, band 1 on the day.
    moved = {k: (mod[eve][k] - orig[eve][k]) - (mod[day][k] - orig[day][k]) for k in ("age_0", "age_1")}
    assert moved == {"age_0": 1, "age_1": -1}


def test_age_is_by_calendar() -> None:
    assert report.age_on(date(1975, 9, 14), date(2021, 9, 13)) == 45
    assert report.age_on(date(1975, 9, 14), date(2021, 9, 14)) == 46
    assert report.age_on(date(1980, 2, 29), date(2021, 2, 28)) == 40
    assert report.age_on(date(1980, 2, 29), date(2021, 3, 1)) == 41
    assert report.age_on(None, date(2021, 3, 1)) is None


def test_education_is_the_higher_of_full_time_and_in_service() -> None:
    assert report.education_level("61", "31") == 2  # 高中 full-time, 大专 in service → 大学专科
    assert report.education_level("21", None) == 1
    assert report.education_level(None, None) is None
    assert report.education_level("14") == 0
    assert report.education_level("81", "71") == 4


def test_township_scope_is_that_townships_row(demo_db) -> None:  # noqa: F811
    day = date(2021, 9, 14)
    with demo_db.session() as s:
        whole = report.build(s, day)
        row = whole.group("members").rows[3]
        one = report.build(s, day, row.township_id)
    assert one.scope == row.name
    assert [r.values for r in one.group("members").rows] == [row.values]
    assert one.group("members").total.values["count"] == row.values["count"]


def test_comparison_changes_are_after_minus_before(demo_db) -> None:  # noqa: F811
    with demo_db.session() as s:
        cmp = compare.compare(s, date(2021, 1, 1), date(2021, 9, 14))
        a = report.build(s, date(2021, 1, 1))
        b = report.build(s, date(2021, 9, 14))
    members = next(t for t in cmp.tables if t.key == "members")
    for key in ("count", "women", "age_0", "cross", "one_shoulder"):
        assert members.total.change(key) == b.group("members").total.values[key] - a.group("members").total.values[key]
    assert members.total.change("one_shoulder") != 0  # the 2021 elections made one-shoulder villages
    assert [r.name for r in members.rows] == [r.name for r in b.group("members").rows]


def test_settings_defaults_save_and_refuse(db) -> None:
    with db.session() as s, s.begin():
        cfg = settings.load(s)
        assert cfg.age_bands == (35, 45, 55, 60) and cfg.young_age == 35 and cfg.secretary_education == "college"
        assert cfg.age_band_labels() == ["35岁及以下", "36—45岁", "46—55岁", "56—60岁", "60岁以上"]
        cfg = settings.save(s, {"age_bands": "30,40,50", "secretary_education": "大学本科",
                                "exceptions": {"520524001001": "致富带头人，群众公认"}})
    with db.session() as s:
        cfg = settings.load(s)
    assert cfg.age_bands == (30, 40, 50) and cfg.secretary_education == "bachelor"
    assert cfg.exceptions == {"520524001001": "致富带头人，群众公认"}
    for bad in ({"age_bands": "45,35"}, {"young_age": "abc"}, {"secretary_education": "博士后"},
                {"exceptions": {"520524001001": ""}}, {"college_share_min": 120}):
        with db.session() as s, s.begin():
            with pytest.raises(ValidationError) as exc:
                settings.save(s, bad)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))
    with db.session() as s:
        assert settings.load(s).age_bands == (30, 40, 50)  # nothing written by a refusal
