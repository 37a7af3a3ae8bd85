"""Village posts and one-shoulder: derived status and since-when, rates by township, the timeline
from post events, the election helper (one transaction), plans, refusals, and the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.services import persons, posts, posts_election, posts_plans, posts_rates, talent
from vcadre.services.errors import ValidationError
from vcadre.services.listing import ListQuery
from vcadre.services.posts_election import Elected
from vcadre.services.stats import headline
from vcadre.store.models import OneShoulderPlan, VillagePost

from .test_demo import county_demo  # noqa: F401 - the shared session fixture

D = date


def _person(db, name: str) -> str:
    with db.session() as s, s.begin():
        person = persons.save_person(s, None, {"name": name, "gender": "1"})
        s.flush()
        return person.id


def _post(db, person: str, village: str, post: str, start: str, end: str | None = None) -> str:
    with db.session() as s, s.begin():
        return posts.save(s, None, dict(person_id=person, village_id=village, post=post,
                                        start_date=start, end_date=end, origin="election"))


def _row(db, village: str, as_of: date):
    with db.session() as s:
        return posts.PostsListing().page(s, ListQuery(region_id=village, as_of=as_of), 0, 1)[0]


def test_since_survives_a_re_election_and_breaks_with_a_gap(db, small_county) -> None:
    v = small_county["青山村"]
    a = _person(db, "甲")
    _post(db, a, v, "secretary", "2016-12-01", "2021-04-30")
    _post(db, a, v, "director", "2017-01-15", "2021-04-30")
    # Re-elected to both the next day: still one-shoulder since 2017-01-15.
    _post(db, a, v, "secretary", "2021-05-01")
    _post(db, a, v, "director", "2021-05-01", "2023-06-30")
    assert _row(db, v, D(2022, 1, 1)).values[4:6] == (True, D(2017, 1, 15))
    # A gap of a month in the director post: the run starts again after it.
    _post(db, a, v, "director", "2023-08-01")
    assert _row(db, v, D(2023, 7, 15)).values[4:6] == (False, None)
    assert _row(db, v, D(2024, 1, 1)).values[4:6] == (True, D(2023, 8, 1))


def test_rates_by_township_agree_with_the_headline(db, small_county) -> None:
    a, b = _person(db, "甲"), _person(db, "乙")
    for post in ("secretary", "director"):
        _post(db, a, small_county["青山村"], post, "2021-05-01")
    _post(db, b, small_county["化垮社区"], "secretary", "2021-05-01")
    with db.session() as s:
        r = posts_rates.rates(s, D(2024, 1, 1))
        assert [(t.name, t.one_shoulder, t.villages) for t in r.townships] == [("龙场镇", 1, 2), ("金凤街道", 0, 2)]
        assert (r.one_shoulder, r.villages) == (1, 4)
        assert r.one_shoulder == headline(s, as_of=D(2024, 1, 1)).one_shoulder_villages
        assert posts_rates.rates(s, D(2024, 1, 1), small_county["金凤街道"]).townships[0].one_shoulder == 0
        assert posts_rates.rates(s, D(2020, 1, 1)).one_shoulder == 0


def test_a_tombstoned_holder_neither_counts_nor_takes_a_new_post(db, small_county) -> None:
    v = small_county["青山村"]
    a = _person(db, "甲")
    for post in ("secretary", "director"):
        _post(db, a, v, post, "2021-05-01")
    with db.session() as s, s.begin():
        persons.save_person(s, a, {"name": "甲", "gender": "1"}).deleted = True
    with db.session() as s:
        assert posts_rates.rates(s, D(2024, 1, 1)).one_shoulder == 0
        assert posts.PostsListing().count(s, ListQuery(filters={"one_shoulder": True}, as_of=D(2024, 1, 1))) == 0
        n = s.scalar(select(func.count()).select_from(VillagePost))
    with pytest.raises(ValidationError, match="不存在或已删除"):
        _post(db, a, small_county["石桥村"], "secretary", "2024-01-01")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(VillagePost)) == n


def test_bad_posts_are_refused_with_clear_messages(db, small_county) -> None:
    v = small_county["青山村"]
    a, b = _person(db, "甲"), _person(db, "乙")
    with pytest.raises(ValidationError, match="早于任职日期"):
        _post(db, a, v, "secretary", "2021-05-01", "2021-04-01")
    _post(db, a, v, "director", "2021-05-01")
    with pytest.raises(ValidationError, match="已由“甲”担任"):
        _post(db, b, v, "director", "2023-01-01")
    # Several committee members at once are fine.
    _post(db, a, v, "committee_member", "2021-05-01")
    _post(db, b, v, "committee_member", "2021-05-01")


def test_timeline_steps_at_post_events(db, small_county) -> None:
    a, b = _person(db, "甲"), _person(db, "乙")
    _post(db, a, small_county["青山村"], "secretary", "2017-01-01", "2021-04-30")
    _post(db, a, small_county["青山村"], "director", "2017-02-01", "2021-04-30")
    _post(db, a, small_county["青山村"], "secretary", "2021-05-01")
    _post(db, a, small_county["青山村"], "director", "2021-05-01")
    _post(db, b, small_county["石桥村"], "secretary", "2021-05-01")
    _post(db, b, small_county["石桥村"], "director", "2021-06-01", "2022-12-31")
    with db.session() as s:
        points = posts_rates.timeline(s, until=D(2024, 1, 1))
    assert [(p.day, p.one_shoulder) for p in points] == [
        (D(2017, 1, 1), 0), (D(2017, 2, 1), 1), (D(2021, 6, 1), 2), (D(2023, 1, 1), 1), (D(2024, 1, 1), 1),
    ]
    assert points[-1].villages == 4 and points[2].rate == 0.5
    # Every point agrees with the as-of rate of that day.
    with db.session() as s:
        for p in points:
            assert posts_rates.rates(s, p.day).one_shoulder == p.one_shoulder
        assert posts_rates.timeline(s, small_county["金凤街道"], until=D(2024, 1, 1))[-1].villages == 2


def test_election_closes_the_township_and_enters_results_in_one_step(db, small_county) -> None:
    a, b, c = _person(db, "甲"), _person(db, "乙"), _person(db, "丙")
    _post(db, a, small_county["青山村"], "secretary", "2021-05-01")
    _post(db, b, small_county["青山村"], "director", "2021-05-01")
    _post(db, b, small_county["青山村"], "committee_member", "2021-05-01")
    _post(db, c, small_county["化垮社区"], "secretary", "2021-05-01")  # other township
    day = D(2026, 12, 1)
    with db.session() as s:
        rows = posts_election.election_villages(s, small_county["龙场镇"], day)
    assert [(r.village, r.secretary, r.director) for r in rows] == [("青山村", "甲", "乙"), ("石桥村", "", "")]
    results = [Elected(small_county["青山村"], "secretary", a), Elected(small_county["青山村"], "director", a),
               Elected(small_county["石桥村"], "secretary", b)]
    with db.session() as s, s.begin():
        summary = posts_election.hold_election(s, small_county["龙场镇"], day, results)
    assert (summary.closed, summary.created, summary.one_shoulder) == (3, 3, 1)
    with db.session() as s:
        ends = dict(s.execute(select(VillagePost.post, VillagePost.end_date).where(
            VillagePost.village_id == small_county["青山村"], VillagePost.start_date < day)).all())
        assert ends == {"secretary": D(2026, 11, 30), "director": D(2026, 11, 30), "committee_member": D(2026, 11, 30)}
        assert s.scalar(select(VillagePost.end_date).where(VillagePost.person_id == c)) is None
        assert posts_rates.rates(s, day, small_county["龙场镇"]).one_shoulder == 1
        assert all(p.hlc for p in s.scalars(select(VillagePost)))  # stamped for sync
    # Entering it again is refused, naming the village; nothing changes.
    with pytest.raises(ValidationError, match="青山村已有 2 条"):
        with db.session() as s, s.begin():
            posts_election.hold_election(s, small_county["龙场镇"], day, results)


def test_election_refuses_bad_results_and_writes_nothing(db, small_county) -> None:
    a, b = _person(db, "甲"), _person(db, "乙")
    _post(db, a, small_county["青山村"], "secretary", "2021-05-01")
    with db.session() as s, s.begin():
        persons.save_person(s, b, {"name": "乙", "gender": "1"}).deleted = True
    bad = [Elected(small_county["青山村"], "secretary", a), Elected(small_county["青山村"], "secretary", b),
           Elected(small_county["石桥村"], "director", b), Elected(small_county["化垮社区"], "secretary", a)]
    with pytest.raises(ValidationError) as err:
        with db.session() as s, s.begin():
            posts_election.hold_election(s, small_county["龙场镇"], D(2026, 12, 1), bad)
    text = str(err.value)
    assert "“乙”已被删除" in text and "不在所选范围" in text
    with db.session() as s:
        assert s.scalar(select(VillagePost.end_date)) is None
        assert s.scalar(select(func.count()).select_from(VillagePost)) == 1


def test_plans_need_a_reserve_candidate_and_one_per_village(db, small_county) -> None:
    v = small_county["石桥村"]
    outsider = _person(db, "外人")
    with db.session() as s, s.begin():
        talent.save(s, None, {"name": "候选", "gender": "1", "village_id": v, "source": "veteran",
                              "stage": "reserve", "status": "active", "entry_date": "2023-01-01"})
    with db.session() as s:
        pool = persons.search(s, "候选")[0].id
    with pytest.raises(ValidationError, match="不在村级后备力量库"):
        with db.session() as s, s.begin():
            posts_plans.save(s, None, {"village_id": v, "candidate_id": outsider})
    with db.session() as s, s.begin():
        plan = posts_plans.save(s, None, {"village_id": v, "reason": "主任非党员", "plan": "发展入党",
                                          "target_date": "2026-12-31", "candidate_id": pool})
    with pytest.raises(ValidationError, match="已有"):
        with db.session() as s, s.begin():
            posts_plans.save(s, None, {"village_id": v, "reason": "另一个"})
    row = _row(db, v, D(2024, 1, 1))
    assert row.values[6:] == ("主任非党员", "发展入党", D(2026, 12, 31), "候选")
    # Once the village is one-shoulder the plan no longer shows.
    a = _person(db, "甲")
    for post in ("secretary", "director"):
        _post(db, a, v, post, "2024-06-01")
    assert _row(db, v, D(2024, 7, 1)).values[6:] == (None, None, None, None)
    with db.session() as s:
        assert posts_plans.plan_for_village(s, v) == plan
        assert s.scalar(select(func.count()).select_from(OneShoulderPlan)) == 1


def test_cli_one_shoulder_on_the_demo_county(county_demo, tmp_path: Path, capsys) -> None:  # noqa: F811
    path = shutil.copyfile(county_demo.path, tmp_path / "demo.db")
    assert main(["posts", "one-shoulder", "--db", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["one_shoulder"], out["villages_total"], out["rate_text"]) == (220, 578, "220/578")
    assert len(out["villages"]) == 578 and sum(v["one_shoulder"] for v in out["villages"]) == 220
    assert sum(t["one_shoulder"] for t in out["townships"]) == 220
    assert all(v["since"] for v in out["villages"] if v["one_shoulder"])
    name = out["townships"][0]["township"]
    assert main(["posts", "one-shoulder", "--db", str(path), "--township", name, "--as-of", "2020-01-01",
                 "--json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["scope"] == name and one["as_of"] == "2020-01-01"
    assert len(one["villages"]) == one["villages_total"] == out["townships"][0]["villages"]
    assert main(["posts", "one-shoulder", "--db", str(path), "--as-of", "2020-13-01"]) == EXIT_USER_ERROR
    assert "格式不正确" in capsys.readouterr().err
    png = tmp_path / "rate.png"
    assert main(["posts", "chart", "--db", str(path), "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "已保存" in capsys.readouterr().out
    assert main(["posts", "timeline", "--db", str(path), "--json"]) == 0
    points = json.loads(capsys.readouterr().out)
    assert points[-1]["one_shoulder"] == 220
