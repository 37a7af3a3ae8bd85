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
