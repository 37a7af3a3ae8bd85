"""Every service figure against the separately written reference, on the demo county, on many days.

Sampled days by default; every day of a year with ``VCADRE_ORACLE_DAYS`` (see conftest and
docs/figures.md). Days taken from the data itself (first and last days of postings and posts,
the day after, 46th birthdays and the day before) are checked in every run.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.oracle import reference as ref
from tests.oracle import service_side as svc
from tests.oracle.conftest import oracle_days
from tests.today import TEST_TODAY

DAYS = oracle_days()


@pytest.fixture(scope="module")
def conn(oracle_path):
    c = ref.connect(oracle_path)
    yield c
    c.close()


def check_day(s, conn, day: date, townships: tuple[str, ...] = ()) -> None:
    """Every dated figure on ``day``, service against reference (a failure names the figure)."""
    assert svc.headline(s, day) == ref.headline(conn, day, TEST_TODAY), ("headline", day)
    for t in townships:
        assert svc.headline(s, day, t) == ref.headline(conn, day, TEST_TODAY, t), ("headline", day, t)
    assert svc.rates(s, day) == ref.rates(conn, day), ("rates", day)
    got, want = svc.dispatch_alert_sets(s, day), ref.dispatch_alerts(conn, day)
    for kind in want:
        assert got[kind] == want[kind], ("dispatch alerts", kind, day, len(got[kind]), len(want[kind]))
    assert svc.dashboard_alerts(s, day) == ref.dashboard_alerts(conn, day), ("dashboard alerts", day)
    assert svc.gap_alerts(s, day) == ref.gap_alerts(conn, day), ("gap alerts", day)
    assert svc.trainees_per_year(s, day) == ref.trainees_per_year(conn, day), ("trainees per year", day)
    roster = svc.dispatch_roster(s, day)
    assert roster == ref.dispatch_on_post_ids(conn, day), ("dispatch roster", day)


@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_figures_on_day(demo_db, conn, day):
    townships = tuple(r[0] for r in conn.execute(
        "SELECT id FROM region WHERE level = 'township' AND deleted = 0 ORDER BY code LIMIT 2"))
    with demo_db.session() as s:
        check_day(s, conn, day, townships)


@pytest.mark.slow
def test_figures_on_days_taken_from_the_records(demo_db, conn):
    """First and last days of postings and posts (and the day after), and birthdays."""
    days: set[date] = set()
    for q in ("SELECT start_date FROM dispatch WHERE deleted = 0 ORDER BY id LIMIT 3",
              "SELECT actual_end FROM dispatch WHERE actual_end IS NOT NULL ORDER BY id DESC LIMIT 3",
              "SELECT end_date FROM village_post WHERE end_date IS NOT NULL ORDER BY id LIMIT 2",
              "SELECT start_date FROM village_post ORDER BY id DESC LIMIT 2"):
        for (text,) in conn.execute(q):
            d = date.fromisoformat(text)
            days |= {d, d + timedelta(days=1)}
    # 46th birthdays of people in the pool (over 45 from that day on), and the day before.
    for (text,) in conn.execute("""SELECT p.birth_date FROM person p JOIN reserve_entry e ON e.person_id = p.id
            WHERE e.status IN ('active', 'inspecting') AND p.birth_date BETWEEN '1976-01-01' AND '1980-11-27'
            AND substr(p.birth_date, 6) <> '02-29' ORDER BY p.id LIMIT 3"""):
        b = date.fromisoformat(text)
        d = b.replace(year=b.year + 46)
        days |= {d, d - timedelta(days=1)}
    assert len(days) >= 12
    with demo_db.session() as s:
        for day in sorted(days):
            check_day(s, conn, day)


@pytest.mark.slow
@pytest.mark.parametrize("year", [2019, 2020, 2021, 2025, TEST_TODAY.year])
def test_training_short_and_classes(demo_db, conn, year):
    with demo_db.session() as s:
        for hours in (0.5, 24, 48):
            got, want = svc.training_short(s, year, hours), ref.training_short(conn, year, hours)
            assert got == pytest.approx(want), (year, hours, len(got), len(want))
        assert svc.training_classes(s, year) == ref.training_classes(conn, year)


@pytest.mark.slow
def test_timeline_steps_match_the_daily_count(demo_db, conn):
    """The one-shoulder timeline has a point on every day the count changes and on no other day
    (the first and last days aside), and between points it equals the count of each day."""
    until = TEST_TODAY
    with demo_db.session() as s:
        points = svc.timeline(s, until)
    assert points[0].day <= date(2016, 12, 31) and points[-1].day == until
    changes = [p for p in points[1:-1]]
    assert all(a.one_shoulder != b.one_shoulder for a, b in zip(points, changes)), "a point without a change"
    probe = sorted({p.day for p in points} | {p.day - timedelta(days=1) for p in points[1:]} | set(DAYS))
    for day in probe:
        if not points[0].day <= day <= until:
            continue
        step = [p for p in points if p.day <= day][-1]
        assert step.one_shoulder == len(ref.one_shoulder_villages(conn, day)), day


@pytest.mark.slow
@pytest.mark.parametrize("day", [TEST_TODAY, date(2026, 3, 13), date(2021, 9, 14)], ids=str)
def test_roster_ages(demo_db, conn, day):
    """The 年龄 column of the reserve roster is the calendar age on the roster's day."""
    with demo_db.session() as s:
        got = svc.talent_ages(s, day)
    want = ref.entry_ages(conn, day)
    assert got.keys() <= want.keys() and len(got) > 4000
    assert {k: got[k] for k in got} == {k: want[k] for k in got}
