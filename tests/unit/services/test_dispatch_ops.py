"""驻村 services: rotation in one transaction, monthly days, visits, history, alerts, CLI."""

from __future__ import annotations

from tests.today import TEST_TODAY
import json
from datetime import date

import pytest
from sqlalchemy import func, select, update

from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.domain.idnumber import make_id_number
from vcadre.services import dispatch, dispatch_alerts, dispatch_days, dispatch_rotation, dispatch_visits
from vcadre.services.dispatch_rotation import RotationPlan, Successor
from vcadre.services.errors import ValidationError
from vcadre.store.models import Dispatch, DispatchMonth, Region, RotationBatch, Visit

TODAY = TEST_TODAY


def live(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False)))


@pytest.fixture
def posted(db, small_county):
    """A 2025 batch: first secretaries in 青山村 and 石桥村, a team member in 青山村; both villages
    designated to have a first secretary."""
    ids = dict(small_county)
    with db.session() as s, s.begin():
        s.execute(update(Region).where(Region.id.in_([ids["青山村"], ids["石桥村"]]))
                  .values(needs_first_secretary=True))
        batch = RotationBatch(name="2025年6月轮换", batch_date=date(2025, 6, 20))
        s.add(batch)
        s.flush()
        ids["batch"] = batch.id
        for key, name, role, village, n in (
                ("fs1", "周明", "first_secretary", "青山村", 1), ("fs2", "吴芳", "first_secretary", "石桥村", 2),
                ("tm1", "郑强", "team_member", "青山村", 3)):
            ids[key] = dispatch.save(s, None, {
                "name": name, "gender": "1" if n != 2 else "2",
                "id_number": make_id_number("520524", date(1985, n, 1), 11 + (0 if n != 2 else 1)),
                "unit": "县财政局", "role": role, "village_id": ids[village], "start_date": date(2025, 6, 20),
                "status": "on_post", "batch_id": batch.id}, today=TODAY)
    return ids


def plan(ids, **over) -> RotationPlan:
    p = RotationPlan(batch_name="2027年6月轮换", batch_date=date(2027, 6, 20),
                     ending=[ids["fs1"], ids["fs2"], ids["tm1"]],
                     successors=[Successor(ids["青山村"], name="钱进", gender="1", unit="县民政局",
                                           handover_note="移交帮扶台账"),
                                 Successor(ids["石桥村"], name="孙丽", gender="2", unit="县教育局")])
    for k, v in over.items():
        setattr(p, k, v)
    return p


def test_rotation_ends_one_batch_and_starts_the_next(db, posted) -> None:
    with db.session() as s, s.begin():
        res = dispatch_rotation.rotate(s, plan(posted), today=TODAY, term_years=3)
    assert (res.ended, res.started, res.uncovered) == (3, 2, ())
    with db.session() as s:
        old = s.get(Dispatch, posted["fs1"])
        assert (old.status, old.actual_end, old.end_reason, old.handover_note) == (
            "rotated", date(2027, 6, 19), "期满轮换", "移交帮扶台账")
        new = s.scalars(select(Dispatch).where(Dispatch.batch_id == res.batch_id)).all()
        assert sorted(d.person.name for d in new) == ["孙丽", "钱进"]
        assert {d.planned_end for d in new} == {date(2030, 6, 20)}  # the configured 3-year term
        batches = dispatch_rotation.list_batches(s)
        assert [(b.name, b.on_post) for b in batches] == [("2027年6月轮换", 2), ("2025年6月轮换", 0)]
        history = dispatch_visits.village_history(s, posted["青山村"])
        assert [(h.batch, h.name) for h in history] == [
            ("2025年6月轮换", "周明"), ("2025年6月轮换", "郑强"), ("2027年6月轮换", "钱进")]


def test_uncovered_villages_are_reported_before_confirming(db, posted) -> None:
    p = plan(posted)
    p.successors = p.successors[:1]
    with db.session() as s:
        assert dispatch_rotation.uncovered(s, p) == ["龙场镇 石桥村"]
        p.ending = [posted["fs1"]]  # 石桥村's first secretary stays
        assert dispatch_rotation.uncovered(s, p) == []


@pytest.mark.parametrize("case", ["successor_elsewhere", "two_fs", "dates", "not_on_post", "no_unit",
                                  "same_batch"])
def test_bad_rotation_writes_nothing(db, posted, case) -> None:
    p = plan(posted)
    fragment = {"successor_elsewhere": "不能同时", "two_fs": "只能安排一名第一书记",
                "dates": "应早于", "not_on_post": "已不在岗", "no_unit": "派出单位",
                "same_batch": "就是被轮换的批次"}[case]
    if case == "successor_elsewhere":
        # 郑强 stays on post in 青山村 (not ended) and is named successor in 石桥村.
        with db.session() as s:
            person_id = s.get(Dispatch, posted["tm1"]).person_id
        p.ending = [posted["fs1"], posted["fs2"]]
        p.successors[1] = Successor(posted["石桥村"], person_id=person_id, unit="县财政局")
    elif case == "two_fs":
        p.successors.append(Successor(posted["青山村"], name="冯七", unit="县委办"))
    elif case == "dates":
        p.end_date = date(2027, 6, 25)
    elif case == "not_on_post":
        with db.session() as s, s.begin():
            d = s.get(Dispatch, posted["tm1"])
            d.status, d.actual_end, d.end_reason = "recalled", date(2026, 1, 1), "召回"
    elif case == "same_batch":
        p.batch_name = "2025年6月轮换"
    else:
        p.successors[0].unit = ""
    before = (live(db, Dispatch), live(db, RotationBatch))
    with pytest.raises(ValidationError, match=fragment):
        with db.session() as s, s.begin():
            dispatch_rotation.rotate(s, p, today=TODAY)
    assert (live(db, Dispatch), live(db, RotationBatch)) == before
    with db.session() as s:
        assert s.get(Dispatch, posted["fs1"]).status == "on_post"


def test_townships_rotated_one_after_another_join_one_batch(db, posted) -> None:
    p1 = plan(posted, ending=[posted["fs1"], posted["tm1"]], successors=plan(posted).successors[:1])
    p2 = plan(posted, ending=[posted["fs2"]], successors=plan(posted).successors[1:])
    with db.session() as s, s.begin():
        r1 = dispatch_rotation.rotate(s, p1, today=TODAY)
    with db.session() as s, s.begin():
        r2 = dispatch_rotation.rotate(s, p2, today=TODAY)
    assert r1.batch_id == r2.batch_id
    with db.session() as s:
        assert [(b.name, b.on_post) for b in dispatch_rotation.list_batches(s)][0] == ("2027年6月轮换", 2)


def test_successor_may_be_someone_leaving_another_village(db, posted) -> None:
    with db.session() as s:
        person_id = s.get(Dispatch, posted["tm1"]).person_id
    p = plan(posted)
    p.successors[1] = Successor(posted["石桥村"], person_id=person_id, unit="县财政局")
    with db.session() as s, s.begin():
        dispatch_rotation.rotate(s, p, today=TODAY)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Dispatch).where(
            Dispatch.person_id == person_id, Dispatch.status == "on_post")) == 1


def test_month_sheet_and_save_all_or_nothing(db, posted) -> None:
    oct_ = date(2026, 10, 1)
    with db.session() as s:
        sheet = dispatch_days.month_sheet(s, oct_)
    assert [r.name for r in sheet] == ["周明", "郑强", "吴芳"] and {r.possible for r in sheet} == {31}
    with pytest.raises(ValidationError, match="超过当月天数 31 天"):
        with db.session() as s, s.begin():
            dispatch_days.save_month(s, oct_, {posted["fs1"]: 22, posted["fs2"]: 32})
    assert live(db, DispatchMonth) == 0
    with pytest.raises(ValidationError, match="派驻期内的天数 11 天"):
        with db.session() as s, s.begin():
            dispatch_days.save_month(s, date(2025, 6, 1), {posted["fs1"]: 20})
    with db.session() as s, s.begin():
        assert dispatch_days.save_month(s, oct_, {posted["fs1"]: 22, posted["fs2"]: 12, posted["tm1"]: None}) == 2
    with db.session() as s, s.begin():
        assert dispatch_days.save_month(s, oct_, {posted["fs1"]: 23, posted["fs2"]: None}) == 2
    with db.session() as s:
        assert {r.name: r.days for r in dispatch_days.month_sheet(s, oct_)} == {"周明": 23, "郑强": None, "吴芳": None}
    with db.session() as s, s.begin():
        dispatch_days.save_month(s, date(2026, 9, 1), {posted["fs1"]: 15, posted["fs2"]: 25})
    with db.session() as s:
        people = {p.name: p for p in dispatch_days.person_summary(s, date(2026, 1, 1), date(2026, 12, 1), 20)}
        assert (people["周明"].months, people["周明"].total_days, people["周明"].low_months) == (2, 38, 1)
        towns = dispatch_days.township_summary(s, date(2026, 1, 1), date(2026, 12, 1), 20)
        assert [(t.township, t.people, t.months, t.total_days, t.low_months) for t in towns] == [
            ("龙场镇", 2, 3, 63, 1)]


def test_visits_and_counts(db, posted) -> None:
    with db.session() as s, s.begin():
        dispatch_visits.save_visit(s, None, posted["fs1"], {"visit_date": "2026-03-02", "households": "3组 张某等4户",
                                                            "matters": "饮水管道破损"}, today=TODAY)
    with pytest.raises(ValidationError, match="早于派驻日期"):
        with db.session() as s, s.begin():
            dispatch_visits.save_visit(s, None, posted["fs1"], {"visit_date": "2024-01-01", "households": "1组"},
                                       today=TODAY)
    with pytest.raises(ValidationError, match="不能为空"):
        with db.session() as s, s.begin():
            dispatch_visits.save_visit(s, None, posted["fs1"], {"visit_date": "2026-01-01", "households": ""},
                                       today=TODAY)
    assert live(db, Visit) == 1
    with db.session() as s:
        counts = {c.name: c.visits for c in dispatch_visits.visit_counts(s)}
        assert counts == {"周明": 1, "吴芳": 0, "郑强": 0}
        assert dispatch_visits.village_history(s, posted["青山村"])[0].visits == 1


def test_alerts_each_kind_with_thresholds(db, posted) -> None:
    with db.session() as s, s.begin():
        # A term ending soon; 石桥村 loses its first secretary (recalled).
        s.get(Dispatch, posted["tm1"]).planned_end = date(2026, 12, 20)
        d = s.get(Dispatch, posted["fs2"])
        d.status, d.actual_end, d.end_reason = "recalled", date(2026, 8, 1), "召回"
        # One person on post in two villages (e.g. two laptops' records merged).
        s.add(Dispatch(person_id=s.get(Dispatch, posted["fs1"]).person_id, unit="县财政局", role="team_member",
                       village_id=posted["化垮社区"], start_date=date(2026, 1, 1), status="on_post"))
        s.add(DispatchMonth(dispatch_id=posted["fs1"], month=date(2026, 10, 1), days=12))
        s.add(DispatchMonth(dispatch_id=posted["fs1"], month=date(2026, 5, 1), days=3))  # too long ago
    with db.session() as s:
        a = dispatch_alerts.compute(s, dispatch_alerts.Thresholds(), today=TODAY)
        assert a.counts() == {"ending": 1, "uncovered": 1, "double": 2, "low_days": 1}
        assert "还有 23 天" in a.ending[0].text and a.uncovered[0].village == "石桥村"
        assert "周明 同时在 2 个村在岗" in a.double[0].text
        assert "2026年10月驻村 12 天" in a.low_days[0].text
        tight = dispatch_alerts.compute(s, dispatch_alerts.Thresholds(term_days=10, min_days=10), today=TODAY)
        assert (len(tight.ending), len(tight.low_days)) == (0, 0)
        town = dispatch_alerts.compute(s, today=TODAY, region_id=posted["金凤街道"])
        assert town.counts() == {"ending": 0, "uncovered": 0, "double": 1, "low_days": 0}


def test_posting_added_by_hand_joins_the_batch_under_way(db, posted) -> None:
    with db.session() as s, s.begin():
        did = dispatch.save(s, None, {"name": "冯七", "gender": "1", "unit": "县委办", "role": "team_member",
                                      "village_id": posted["石桥村"], "start_date": "2026-03-01",
                                      "status": "on_post"}, today=TODAY)
        early = dispatch.save(s, None, {"name": "陈八", "gender": "1", "unit": "县委办", "role": "team_member",
                                        "village_id": posted["石桥村"], "start_date": "2020-03-01",
                                        "actual_end": "2020-09-01", "status": "adjusted", "end_reason": "调整"},
                              today=TODAY)
    with db.session() as s:
        assert s.get(Dispatch, did).batch_id == posted["batch"]
        assert s.get(Dispatch, early).batch_id is None


def test_dispatch_record_checks(db, small_county) -> None:
    base = dict(name="王五", gender="1", unit="县委办", role="team_member", village_id=small_county["青山村"],
                start_date="2025-06-01")
    with pytest.raises(ValidationError, match="实际离岗日期"):
        with db.session() as s, s.begin():
            dispatch.save(s, None, {**base, "status": "recalled", "actual_end": None, "end_reason": "x"}, today=TODAY)
    with pytest.raises(ValidationError, match="离岗原因"):
        with db.session() as s, s.begin():
            dispatch.save(s, None, {**base, "status": "recalled", "actual_end": "2026-01-01", "end_reason": ""},
                          today=TODAY)
    with pytest.raises(ValidationError, match="早于派驻日期"):
        with db.session() as s, s.begin():
            dispatch.save(s, None, {**base, "status": "rotated", "actual_end": "2025-01-01"}, today=TODAY)
    assert live(db, Dispatch) == 0


def test_cli_list_and_alerts(db, posted, capsys) -> None:
    path = db.location  # the file, or the server's URL
    with db.session() as s, s.begin():
        d = s.get(Dispatch, posted["fs2"])
        d.status, d.actual_end, d.end_reason = "recalled", date(2026, 8, 1), "召回"
    assert main(["dispatch", "list", "--db", path, "--active", "--township", "龙场镇"]) == 0
    out = capsys.readouterr().out
    assert "周明\t第一书记\t县财政局\t龙场镇\t青山村\t2025年6月轮换" in out and "吴芳" not in out
    assert main(["dispatch", "list", "--db", path, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["dispatch", "alerts", "--db", path, "--json", "--today", "2026-11-27"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["uncovered"] == 1 and data["uncovered"][0]["village"] == "石桥村"
    assert data["thresholds"]["term_days"] == 60
    assert main(["dispatch", "alerts", "--db", path, "--within-days", "900", "--today", "2026-11-27"]) == 0
    assert "【任期 900 天内届满】2 条" in capsys.readouterr().out
    assert main(["dispatch", "list", "--db", path, "--township", "火星镇"]) == EXIT_USER_ERROR
    assert "找不到乡镇" in capsys.readouterr().err
