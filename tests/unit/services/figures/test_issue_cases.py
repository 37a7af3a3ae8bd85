"""The cases of issue 19, each on hand-made rows: the figure the issue found wrong, now right."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.today import TEST_TODAY
from vcadre.services import (
    dashboard, dispatch_alerts, posts_rates, stats, talent_alerts, talent_review, training_records,
)
from vcadre.store.models import (
    Assessment, Dispatch, Enrolment, Person, Region, ReserveEntry, StageChange, TrainingSession, VillagePost,
)

T = TEST_TODAY


def _add(db, *rows):
    with db.session() as s, s.begin():
        for r in rows:
            s.add(r)
            s.flush()
        return [r.id for r in rows]


def _person(db, name="某人", birth=date(1985, 5, 5), village=None) -> str:
    return _add(db, Person(name=name, birth_date=birth, home_village_id=village))[0]


def _entry(db, person, village, entered, status="active", stage="talent", changes=()):
    (eid,) = _add(db, ReserveEntry(person_id=person, village_id=village, source="veteran", stage=stage,
                                   status=status, entry_date=entered))
    history = [StageChange(entry_id=eid, change_date=entered, to_stage=changes[0][1] if changes else stage,
                           to_status=changes[0][2] if changes else status)]
    history += [StageChange(entry_id=eid, change_date=d, to_stage=stg, to_status=st) for d, stg, st in changes[1:]]
    _add(db, *history)
    return eid


def test_recall_ending_today_still_counts_today_and_past_dates_count_ended_postings(db, small_county):
    v = small_county["青山村"]
    p1, p2 = _person(db, "甲"), _person(db, "乙")
    _add(db, Dispatch(person_id=p1, unit="县直", role="first_secretary", village_id=v, start_date=date(2019, 6, 20),
                      actual_end=T, status="recalled"),
         Dispatch(person_id=p2, unit="县直", role="member", village_id=v, start_date=date(2019, 6, 20),
                  actual_end=date(2021, 6, 19), status="rotated"))
    with db.session() as s:
        today = stats.headline(s, None, T)
        assert (today.active_dispatches, today.first_secretaries) == (1, 1)  # the last day counts
        tomorrow = stats.headline(s, None, T + timedelta(days=1))
        assert (tomorrow.active_dispatches, tomorrow.first_secretaries) == (0, 0)
        past = stats.headline(s, None, date(2021, 6, 19))  # both on post then, whatever their status now
        assert (past.active_dispatches, past.first_secretaries) == (2, 1)


def test_reserve_figures_follow_as_of(db, small_county):
    v = small_county["青山村"]
    _entry(db, _person(db), v, date(2020, 1, 1), "exited", "reserve",
           [(date(2020, 1, 1), "talent", "active"), (date(2021, 1, 1), "reserve", "active"),
            (date(2022, 1, 1), "reserve", "exited")])
    _entry(db, _person(db), v, date(2023, 1, 1))
    with db.session() as s:
        h = lambda d: stats.headline(s, None, d)  # noqa: E731
        assert (h(date(2019, 12, 31)).reserve_total, h(date(2019, 12, 31)).reserve_current) == (0, 0)
        mid = h(date(2021, 6, 1))
        assert (mid.reserve_total, mid.reserve_current, mid.reserve_by_stage["reserve"],
                mid.reserve_by_source["veteran"]) == (1, 1, 1, 1)
        assert h(date(2020, 6, 1)).reserve_by_stage["talent"] == 1
        now = h(T)
        assert (now.reserve_total, now.reserve_current, now.reserve_by_stage["talent"]) == (2, 1, 1)


def test_dispatch_alerts_on_a_past_day_and_a_successor_who_starts_later(db, small_county):
    v = small_county["青山村"]
    with db.session() as s, s.begin():
        s.get(Region, v).needs_first_secretary = True
    old, new = _person(db, "旧"), _person(db, "新")
    _add(db, Dispatch(person_id=old, unit="县直", role="first_secretary", village_id=v, start_date=date(2019, 6, 20),
                      planned_end=date(2021, 6, 19), actual_end=T, status="recalled"),
         Dispatch(person_id=new, unit="县直", role="first_secretary", village_id=v, start_date=date(2027, 1, 3),
                  status="on_post"))
    with db.session() as s:
        ending = dispatch_alerts.compute(s, today=date(2021, 4, 30))
        assert [a.figure for a in ending.ending] == [50]  # 50 days before its planned end
        assert dispatch_alerts.compute(s, today=T).uncovered == []  # recalled today: still on post today
        tomorrow = T + timedelta(days=1)
        assert [a.village_id for a in dispatch_alerts.compute(s, today=tomorrow).uncovered] == [v]
        card = {a.key: a.count for a in dashboard.alerts(s, None, tomorrow)}
        assert card.get("first_secretary_missing") == 1  # the 概览 card agrees with the alert
        assert dispatch_alerts.compute(s, today=date(2019, 1, 1)).uncovered[0].village_id == v
        assert dispatch_alerts.compute(s, today=date(2027, 1, 3)).uncovered == []


def test_over_45_from_the_46th_birthday(db, small_county):
    v = small_county["青山村"]
    _entry(db, _person(db, birth=T.replace(year=T.year - 46)), v, date(2020, 1, 1))
    with db.session() as s:
        assert talent_alerts.gap_alerts(s, as_of=T, limit=0).over_age == 1
        assert talent_alerts.gap_alerts(s, as_of=T - timedelta(days=1), limit=0).over_age == 0


def test_tombstoned_person_counts_nowhere(db, small_county):
    v = small_county["青山村"]
    keep, gone = _person(db, "留", village=v), _person(db, "删", village=v)
    for p in (keep, gone):
        _entry(db, p, v, date(2020, 1, 1), stage="reserve")
    (cls,) = _add(db, TrainingSession(title="班", kind="village_cadre", start_date=date(2021, 7, 5),
                                      end_date=date(2021, 7, 9), year=2021, planned_hours=40))
    _add(db, Enrolment(session_id=cls, person_id=keep, hours_completed=40, result="completed"),
         Enrolment(session_id=cls, person_id=gone, hours_completed=40, result="completed"))
    with db.session() as s, s.begin():
        s.get(Person, gone).deleted = True
    with db.session() as s:
        h = stats.headline(s, None, T)
        assert (h.reserve_total, h.reserve_current, h.trainees) == (1, 1, 1)
        assert [c.enrolled for c in training_records.list_classes(s, 2021)] == [1]
        g = talent_alerts.gap_alerts(s, as_of=T)
        assert g.unreviewed == len(g.unreviewed_list) == 1  # the card and its list agree
        assert talent_review.unreviewed_count(s, T.year) == len(talent_review.rows(s, T.year, only_unreviewed=True))
        assert g.villages - g.no_reserve_stage == 1  # 青山村 has a 村后备干部 (the live one)


def test_tombstoned_township_leaves_every_figure(db, small_county):
    p = _person(db, "一肩挑")
    for vname in ("青山村", "化垮社区"):
        _add(db, VillagePost(person_id=p, village_id=small_county[vname], post="secretary", start_date=date(2021, 5, 1)),
             VillagePost(person_id=p, village_id=small_county[vname], post="director", start_date=date(2021, 5, 1)))
    with db.session() as s, s.begin():
        s.get(Region, small_county["金凤街道"]).deleted = True
    with db.session() as s:
        h = stats.headline(s, None, T)
        r = posts_rates.rates(s, T)
        assert (h.townships, h.villages, h.one_shoulder_villages) == (1, 2, 1)
        assert (r.villages, r.one_shoulder) == (h.villages, h.one_shoulder_villages)
        assert talent_alerts.gap_alerts(s, as_of=T, limit=0).villages == 2
        assert {a.key: a.count for a in dashboard.alerts(s, None, T)}["secretary_vacant"] == 1


def test_training_short_takes_the_pool_of_that_year(db, small_county):
    v = small_county["青山村"]
    before, after, exited = _person(db, "早"), _person(db, "晚"), _person(db, "退")
    _entry(db, before, v, date(2019, 3, 1))
    _entry(db, after, v, date(2021, 3, 1))
    _entry(db, exited, v, date(2018, 3, 1), "exited", "talent",
           [(date(2018, 3, 1), "talent", "active"), (date(2019, 12, 31), "talent", "exited")])
    with db.session() as s:
        names = lambda y: {r.name for r in training_records.short_of_hours(s, y, 24)}  # noqa: E731
        assert names(2020) == {"早"}
        assert names(2019) == {"早", "退"}  # in the pool until its last day of 2019
        assert names(2021) == {"早", "晚"}


def test_timeline_has_no_point_where_changes_cancel(db, small_county):
    a, b = _person(db, "甲"), _person(db, "乙")
    _add(db, VillagePost(person_id=a, village_id=small_county["青山村"], post="secretary", start_date=date(2017, 1, 1),
                         end_date=date(2021, 4, 30)),
         VillagePost(person_id=a, village_id=small_county["青山村"], post="director", start_date=date(2017, 1, 1),
                     end_date=date(2021, 4, 30)),
         VillagePost(person_id=b, village_id=small_county["石桥村"], post="secretary", start_date=date(2021, 5, 1)),
         VillagePost(person_id=b, village_id=small_county["石桥村"], post="director", start_date=date(2021, 5, 1)))
    with db.session() as s:
        points = posts_rates.timeline(s, until=date(2024, 1, 1))
    assert [(p.day, p.one_shoulder) for p in points] == [(date(2017, 1, 1), 1), (date(2024, 1, 1), 1)]


def test_stats_cli_says_what_it_cannot_know_for_a_past_day(db, db_target, small_county, capsys):
    import json

    from vcadre.cli import main

    _person(db, "甲", village=small_county["青山村"])
    db.close()
    assert main(["stats", "--db", str(db_target), "--as-of", "2021-09-14"]) == 0
    out = capsys.readouterr().out
    assert "persons: 无法确定（人员记录没有日期" in out and "reserve_total: 0" in out
    assert main(["stats", "--db", str(db_target), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["persons"] == 1 and data["unknown"] == {}
    assert main(["stats", "--db", str(db_target), "--json", "--as-of", "2021-09-14"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["persons"] is None and "无法回溯" in data["unknown"]["persons"]


def test_rosters_and_gap_alerts_on_a_day_from_the_command_line(db, db_target, small_county, capsys):
    import json

    from vcadre.cli import main

    v = small_county["青山村"]
    old, new = _person(db, "旧"), _person(db, "新")
    _add(db, Dispatch(person_id=old, unit="县直", role="first_secretary", village_id=v, start_date=date(2019, 6, 20),
                      actual_end=date(2021, 6, 19), status="rotated"),
         Dispatch(person_id=new, unit="县直", role="first_secretary", village_id=v, start_date=date(2027, 1, 3)))
    _entry(db, _person(db, "备", birth=date(1975, 9, 14)), v, date(2020, 1, 1), stage="reserve")
    db.close()
    path = str(db_target)  # a file or a server URL
    assert main(["dispatch", "list", "--db", path, "--active", "--as-of", "2021-06-19", "--json"]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["旧"]
    assert main(["dispatch", "list", "--db", path, "--active", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # today: one gone, one not yet arrived
    assert main(["talent", "alerts", "--db", path, "--as-of", "2021-09-14", "--json"]) == 0
    g = json.loads(capsys.readouterr().out)
    assert (g["over_age"], g["no_reserve"], g["villages"]) == (1, 3, 4)  # 46 on 2021-09-14
    assert main(["talent", "alerts", "--db", path, "--as-of", "2021-09-13"]) == 0
    assert "超过 45 周岁的后备干部：0" in capsys.readouterr().out
    assert main(["talent", "alerts", "--db", path, "--as-of", "2019-12-31"]) == 0
    assert "没有后备人选的村：4" in capsys.readouterr().out
