"""The report's rules on a small county, case by case: who counts on which day (last day on post,
tombstones up to the township), one person with several posts, the targets and their words."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from vcadre.services import persons, posts
from vcadre.services.structure import report, settings
from vcadre.store.models import Person, Region

D = date


def _person(db, name: str, gender: str = "1", birth: str = "1980-06-01", education: str = "21",
            ethnicity: str = "01", political: str = "01") -> str:
    with db.session() as s, s.begin():
        p = persons.save_person(s, None, {"name": name, "gender": gender, "birth_date": date.fromisoformat(birth),
                                          "education": education, "ethnicity": ethnicity,
                                          "political_status": political})
        s.flush()
        return p.id


def _post(db, person: str, village: str, post: str, start: str, end: str | None = None) -> None:
    with db.session() as s, s.begin():
        posts.save(s, None, dict(person_id=person, village_id=village, post=post, start_date=start,
                                 end_date=end, origin="election"))


def _build(db, day: date, **cfg):
    with db.session() as s:
        base = settings.load(s)
        return report.build(s, day, cfg=settings.StructureSettings(**{**base.__dict__, **cfg}) if cfg else None)


def _row(rep, group: str, township: str) -> dict:
    return next(r.values for r in rep.group(group).rows if r.name == township)


def test_one_person_with_two_posts_counts_once_and_is_cross_and_one_shoulder(db, small_county) -> None:
    v = small_county["青山村"]
    a = _person(db, "甲", gender="2", ethnicity="06")
    b = _person(db, "乙", birth="1990-01-01", education="31", political="13")
    _post(db, a, v, "secretary", "2021-05-01")
    _post(db, a, v, "director", "2021-05-01")
    _post(db, b, v, "committee_member", "2021-05-01")
    _post(db, b, v, "party_committee", "2021-05-01")
    rep = _build(db, D(2022, 1, 1))
    m = _row(rep, "members", "龙场镇")
    assert (m["villages"], m["count"], m["women"], m["minority"], m["cpc"]) == (2, 2, 1, 1, 1)
    assert (m["cross"], m["one_shoulder"]) == (2, 1)
    assert (m["age_0"], m["age_1"]) == (1, 1)  # 乙 32 (birthday on 1 January), 甲 41
    assert (m["edu_1"], m["edu_2"], m["college_share"]) == (1, 1, 100.0)
    assert m["avg_age"] == 36.5
    sec = _row(rep, "secretary", "龙场镇")
    assert (sec["count"], sec["cross"], sec["one_shoulder"]) == (1, 1, 1)
    assert _row(rep, "director", "龙场镇")["count"] == 1
    assert _row(rep, "members", "金凤街道")["count"] == 0
    assert rep.group("members").total.values["count"] == 2


def test_the_last_day_on_post_counts_and_the_day_after_does_not(db, small_county) -> None:
    v = small_county["青山村"]
    a = _person(db, "甲")
    _post(db, a, v, "secretary", "2016-12-01", "2021-04-30")
    assert _row(_build(db, D(2021, 4, 30)), "secretary", "龙场镇")["count"] == 1
    assert _row(_build(db, D(2021, 5, 1)), "secretary", "龙场镇")["count"] == 0
    assert _row(_build(db, D(2016, 11, 30)), "secretary", "龙场镇")["count"] == 0


def test_tombstones_of_the_person_and_the_township_remove_the_post(db, small_county) -> None:
    a, b = _person(db, "甲"), _person(db, "乙")
    _post(db, a, small_county["青山村"], "secretary", "2021-05-01")
    _post(db, b, small_county["化垮社区"], "secretary", "2021-05-01")
    assert _build(db, D(2022, 1, 1)).group("secretary").total.values["count"] == 2
    with db.session() as s, s.begin():
        s.execute(update(Person).where(Person.id == a).values(deleted=True))
    assert _build(db, D(2022, 1, 1)).group("secretary").total.values["count"] == 1
    with db.session() as s, s.begin():
        s.execute(update(Region).where(Region.id == small_county["金凤街道"]).values(deleted=True))
    rep = _build(db, D(2022, 1, 1))
    assert [r.name for r in rep.group("secretary").rows] == ["龙场镇"]
    assert rep.group("secretary").total.values["count"] == 0
    assert rep.targets.total.values["villages"] == 2


def test_targets_name_what_each_village_misses(db, small_county) -> None:
    v1, v2 = small_county["青山村"], small_county["石桥村"]
    young_woman = _person(db, "甲", gender="2", birth="1995-03-01", education="31")
    low = _person(db, "乙", birth="1970-01-01", education="61")
    _post(db, young_woman, v1, "secretary", "2021-05-01")
    _post(db, low, v2, "secretary", "2021-05-01")
    rep = _build(db, D(2022, 1, 1))
    t = next(r.values for r in rep.targets.rows if r.name == "龙场镇")
    assert (t["villages"], t["no_secretary"], t["no_woman"], t["no_young"], t["secretary_education"], t["any"]) == \
        (2, 0, 1, 1, 1, 1)
    miss = {m.village: m.missing for m in rep.targets.misses}
    assert miss == {"石桥村": ("无女性成员", "无 35 岁及以下成员", "书记学历为中专/高中（应为大学专科及以上）"),
                    "化垮社区": ("书记空缺", "无女性成员", "无 35 岁及以下成员"),
                    "青山社区": ("书记空缺", "无女性成员", "无 35 岁及以下成员")}
    j = next(r.values for r in rep.targets.rows if r.name == "金凤街道")
    assert (j["no_secretary"], j["any"]) == (2, 2)
    # A stated exception takes the village off the education target and says why.
    with db.session() as s:
        code = s.get(Region, v2).code
    rep = _build(db, D(2022, 1, 1), exceptions={code: "致富带头人，群众公认"}, min_women=2,
                 college_share_min=60.0)
    t = next(r.values for r in rep.targets.rows if r.name == "龙场镇")
    assert (t["secretary_education"], t["exceptions"], t["no_woman"], t["college_share"]) == (0, 1, 2, 1)
    miss = {m.village: m for m in rep.targets.misses}
    assert miss["石桥村"].exception == "致富带头人，群众公认"
    assert "女性成员 1 名（应至少 2 名）" in miss["青山村"].missing
    assert "大专及以上占比 0.0%（应不低于 60%）" in miss["石桥村"].missing
    assert any("60%" in r for r in rep.targets.rules)


def test_age_bands_follow_the_setting(db, small_county) -> None:
    a = _person(db, "甲", birth="1990-01-01")
    _post(db, a, small_county["青山村"], "secretary", "2021-05-01")
    rep = _build(db, D(2022, 1, 1), age_bands=(30, 40))
    cols = [c.header for c in rep.group("secretary").columns if c.group == "年龄"]
    assert cols == ["30岁及以下", "31—40岁", "40岁以上"]
    assert [_row(rep, "secretary", "龙场镇")[f"age_{i}"] for i in range(3)] == [0, 1, 0]
