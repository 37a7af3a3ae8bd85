"""The dashboard's breakdowns agree with the headline figures."""

from __future__ import annotations

from datetime import date

from vcadre.services import dashboard, posts, stats


def test_one_shoulder_by_township_sums_to_headline(db, small_county) -> None:
    from vcadre.services import persons

    with db.session() as s, s.begin():
        p = persons.save_person(s, None, {"name": "陈文", "gender": "1"})
        s.flush()
        for post in ("secretary", "director"):
            posts.save(s, None, {"person_id": p.id, "village_id": small_county["青山社区"], "post": post,
                                 "start_date": date(2021, 5, 1)})
    with db.session() as s:
        rows = dashboard.one_shoulder_by_township(s)
        head = stats.headline(s)
        town = dashboard.one_shoulder_by_township(s, small_county["金凤街道"])
    assert [(r.name, r.villages, r.one_shoulder) for r in rows] == [("龙场镇", 2, 0), ("金凤街道", 2, 1)]
    assert sum(r.one_shoulder for r in rows) == head.one_shoulder_villages
    assert [(r.name, r.rate) for r in town] == [("金凤街道", 0.5)]
    with db.session() as s:
        assert dashboard.trainees_per_year(s) == []


def test_alerts_count_vacant_secretaries_and_overdue_dispatches(db, small_county) -> None:
    from vcadre.services import dispatch

    with db.session() as s, s.begin():
        dispatch.save(s, None, {"name": "周明", "gender": "1", "unit": "县财政局", "role": "first_secretary",
                                "village_id": small_county["石桥村"], "start_date": date(2020, 9, 1),
                                "planned_end": date(2022, 9, 1), "status": "on_post"}, today=date(2026, 1, 1))
    with db.session() as s:
        found = {a.key: a.count for a in dashboard.alerts(s, as_of=date(2026, 1, 1))}
        town = {a.key: a.count for a in dashboard.alerts(s, small_county["金凤街道"], as_of=date(2026, 1, 1))}
    assert found["dispatch_overdue"] == 1
    assert found["secretary_vacant"] == 4  # no village has a secretary yet
    assert "dispatch_overdue" not in town and town["secretary_vacant"] == 2
