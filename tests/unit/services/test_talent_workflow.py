"""The reserve-pool workflow: chain moves, annual review, gap alerts, person card."""

from __future__ import annotations

from tests.today import TEST_TODAY
from datetime import date

import pytest
from sqlalchemy import select

from vcadre.domain.idnumber import make_id_number
from vcadre.services import person_card, talent, talent_alerts, talent_chain, talent_review
from vcadre.services.errors import ValidationError
from vcadre.store.models import Assessment, ReserveEntry, StageChange, VillagePost

TODAY = TEST_TODAY


def _entry(db, villages, name, stage="talent", birth=date(1990, 1, 1), seq=11, village="青山村", status="active"):
    with db.session() as s, s.begin():
        return talent.save(s, None, {
            "name": name, "gender": "1" if seq % 2 else "2", "birth_date": birth,
            "id_number": make_id_number("520524", birth, seq), "village_id": villages[village],
            "source": "veteran", "stage": stage, "status": status, "entry_date": date(2022, 3, 1),
        }, today=TODAY)


@pytest.fixture
def pool(db, small_county):
    return {
        "a": _entry(db, small_county, "张龙敏", "talent", seq=11),
        "b": _entry(db, small_county, "李红梅", "reserve", seq=12, village="石桥村"),
        "old": _entry(db, small_county, "王老汉", "talent", birth=date(1960, 2, 2), seq=13, village="化垮社区"),
    }


def _history(db, entry_id):
    with db.session() as s:
        return [(c.from_stage, c.to_stage, c.to_status, c.reason) for c in talent_chain.history(s, entry_id)]


def test_promote_one_stage_then_skip_needs_a_reason(db, pool):
    with db.session() as s, s.begin():
        res = talent_chain.promote(s, pool["a"], "reserve", date(2024, 1, 2), today=TODAY)
    assert (res.from_stage, res.to_stage, res.suggested_post) == ("talent", "reserve", None)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="跨阶段晋升必须填写理由"):
        talent_chain.promote(s, pool["a"], "secretary", date(2024, 6, 1), today=TODAY)
    with db.session() as s, s.begin():
        res = talent_chain.promote(s, pool["a"], "secretary", date(2024, 6, 1), "换届选举当选书记", today=TODAY)
        post_id = talent_chain.create_post(s, pool["a"], res.suggested_post, date(2024, 6, 1))
    assert res.suggested_post == "secretary"
    with db.session() as s:
        post = s.get(VillagePost, post_id)
        assert (post.post, post.start_date) == ("secretary", date(2024, 6, 1))
    assert _history(db, pool["a"])[1:] == [("talent", "reserve", "active", "晋升"),
                                           ("reserve", "secretary", "used", "换届选举当选书记")]


BLANK_REASONS = [" ", "\u3000\u3000", " \t\n "]  # spaces, ideographic spaces (Chinese IME), tabs


def _stage(db, entry_id):
    with db.session() as s:
        e = s.get(ReserveEntry, entry_id)
        return e.stage, e.status


@pytest.mark.parametrize("blank", BLANK_REASONS)
def test_a_blank_reason_is_no_reason(db, pool, blank):
    """Skipping a stage, moving back, re-entering and 其他 exits need a reason; whitespace is none."""
    before = _history(db, pool["a"]), _history(db, pool["b"])
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="跨阶段晋升必须填写理由"):
        talent_chain.promote(s, pool["a"], "secretary", date(2024, 6, 1), blank, today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="退回必须填写理由"):
        talent_chain.move_back(s, pool["b"], "talent", date(2024, 1, 2), blank, today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="其他"):
        talent_chain.exit_pool(s, pool["b"], "other", date(2024, 2, 1), blank, today=TODAY)
    assert (_history(db, pool["a"]), _history(db, pool["b"])) == before
    assert (_stage(db, pool["a"]), _stage(db, pool["b"])) == (("talent", "active"), ("reserve", "active"))
    with db.session() as s, s.begin():
        talent_chain.exit_pool(s, pool["b"], "moved", date(2024, 2, 1), today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="重新入库必须填写理由"):
        talent_chain.reenter(s, pool["b"], date(2024, 3, 1), blank, today=TODAY)
    assert _stage(db, pool["b"]) == ("reserve", "exited")


def test_promote_refuses_lower_stage_future_date_and_exited(db, pool):
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="不能晋升"):
        talent_chain.promote(s, pool["b"], "talent", date(2024, 1, 2), today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="晚于今天"):
        talent_chain.promote(s, pool["b"], "cadre", date(2027, 1, 2), today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="早于入库时间"):
        talent_chain.promote(s, pool["b"], "cadre", date(2020, 1, 2), today=TODAY)


def test_move_back_exit_and_reenter(db, pool):
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="退回必须填写理由"):
        talent_chain.move_back(s, pool["b"], "talent", date(2024, 1, 2), "", today=TODAY)
    with db.session() as s, s.begin():
        talent_chain.move_back(s, pool["b"], "talent", date(2024, 1, 2), "年度考核不称职", today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="其他"):
        talent_chain.exit_pool(s, pool["b"], "other", date(2024, 2, 1), "", today=TODAY)
    with db.session() as s, s.begin():
        talent_chain.exit_pool(s, pool["b"], "moved", date(2024, 2, 1), "外出务工", today=TODAY)
    with db.session() as s:
        e = s.get(ReserveEntry, pool["b"])
        assert (e.status, e.exit_reason, e.exit_date) == ("exited", "moved", date(2024, 2, 1))
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="请先重新入库"):
        talent_chain.promote(s, pool["b"], "reserve", date(2024, 3, 1), today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="早于退出日期"):
        talent_chain.reenter(s, pool["b"], date(2024, 1, 15), "返乡", today=TODAY)
    with db.session() as s, s.begin():
        talent_chain.reenter(s, pool["b"], date(2024, 9, 1), "返乡创业", today=TODAY)
    with db.session() as s:
        e = s.get(ReserveEntry, pool["b"])
        assert (e.status, e.stage, e.exit_reason) == ("active", "talent", None)
    hist = _history(db, pool["b"])
    assert [h[3] for h in hist[1:]] == ["年度考核不称职", "退出（迁出：外出务工）", "重新入库：返乡创业"]


def test_annual_review_many_at_once(db, pool):
    with db.session() as s:
        assert talent_review.unreviewed_count(s, 2026) == 3
    with db.session() as s, s.begin():
        assert talent_review.record(s, 2026, {pool["a"]: "excellent", pool["b"]: "competent"}, today=TODAY) == 2
    with db.session() as s:
        assert [r.name for r in talent_review.rows(s, 2026, only_unreviewed=True)] == ["王老汉"]
        assert talent_review.unreviewed_count(s, 2026) == 1
    with db.session() as s, s.begin():  # change one, clear one
        assert talent_review.record(s, 2026, {pool["a"]: "basic", pool["b"]: None}, today=TODAY) == 2
    with db.session() as s:
        live = s.execute(select(Assessment.entry_id, Assessment.result).where(Assessment.deleted.is_(False))).all()
        assert live == [(pool["a"], "basic")]


def test_annual_review_is_all_or_nothing(db, pool):
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="未知的考核结果"):
        talent_review.record(s, 2026, {pool["a"]: "excellent", pool["b"]: "很好"}, today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(ValidationError, match="考核年度"):
        talent_review.record(s, 2030, {pool["a"]: "excellent"}, today=TODAY)
    with db.session() as s:
        assert s.scalar(select(Assessment.id)) is None


def test_gap_alerts(db, small_county, pool):
    with db.session() as s:
        a = talent_alerts.gap_alerts(s, age_limit=45, as_of=TODAY)
    assert a.villages == 4
    assert a.no_reserve == 1 and a.no_reserve_list == [("金凤街道", "青山社区")]
    # 青山村 has only 优秀人才, 化垮社区 too, 青山社区 nobody: three villages lack 村后备干部 or beyond.
    assert a.no_reserve_stage == 3
    assert a.over_age == 1 and a.over_age_list[0][0] == "王老汉"
    assert a.unreviewed == 3
    with db.session() as s:
        b = talent_alerts.gap_alerts(s, region_id=small_county["龙场镇"], age_limit=70, as_of=TODAY)
    assert (b.villages, b.no_reserve, b.no_reserve_stage, b.over_age) == (2, 0, 1, 0)


def test_person_card_gathers_everything(db, small_county, pool):
    with db.session() as s, s.begin():
        talent_chain.promote(s, pool["b"], "cadre", date(2024, 1, 2), today=TODAY)
        talent_chain.create_post(s, pool["b"], "committee_member", date(2024, 1, 2))
        talent_review.record(s, 2025, {pool["b"]: "excellent"}, today=TODAY)
    with db.session() as s:
        pid = person_card.person_of_entry(s, pool["b"])
        c = person_card.card(s, pid)
    assert c.name == "李红梅" and "*" in c.masked_id
    assert c.village == "龙场镇 / 石桥村"
    assert [(e.to_stage, e.reason) for e in c.entries[0].timeline] == [("reserve", "入库"), ("cadre", "晋升")]
    assert c.entries[0].assessments == [(2025, "excellent")]
    assert [(p.post, p.start) for p in c.posts] == [("committee_member", date(2024, 1, 2))]
    assert c.training == [] and c.dispatches == []


def test_stage_changes_are_dated_with_reason(db, pool):
    with db.session() as s:
        changes = s.scalars(select(StageChange).where(StageChange.entry_id == pool["a"])).all()
    assert [(c.change_date, c.reason) for c in changes] == [(date(2022, 3, 1), "入库")]


def test_promotion_to_a_post_marks_the_entry_used_and_moving_back_frees_it(db, pool):
    """Issue 17 item 7: promoted to 村干部, the entry stayed 在库 while the demo's cadres are 已使用."""
    with db.session() as s, s.begin():
        r = talent_chain.promote(s, pool["a"], "cadre", TODAY, "换届当选", today=TODAY)
    with db.session() as s:
        assert s.get(ReserveEntry, pool["a"]).status == "used"
    with db.session() as s, s.begin():
        talent_chain.move_back(s, pool["a"], "reserve", TODAY, "辞去村干部职务", today=TODAY)
    with db.session() as s:
        assert s.get(ReserveEntry, pool["a"]).status == "active"
    assert r.to_stage == "cadre"
