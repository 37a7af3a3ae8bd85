"""Optimistic locking of the edit forms (issue 16): a save against a record another officer
changed since the form loaded it is refused with both versions, never a silent last-writer-wins.
Runs on SQLite and PostgreSQL (``backend``); the races on one server: ``tests/unit/test_edit_race_pg.py``."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.today import TEST_TODAY
from vcadre.domain.idnumber import make_id_number
from vcadre.services import (dispatch, dispatch_days, dispatch_visits, edit_lock, posts, talent,
                             talent_review, training, training_settings)
from vcadre.services.edit_lock import EditConflict
from vcadre.services.errors import NotFoundError
from vcadre.store.models import Person, ReserveEntry

TODAY = TEST_TODAY


@pytest.fixture
def entry(db, small_county) -> str:
    with db.session() as s, s.begin():
        return talent.save(s, None, {
            "name": "张龙敏", "gender": "1", "birth_date": date(1990, 1, 1),
            "id_number": make_id_number("520524", date(1990, 1, 1), 11), "village_id": small_county["青山村"],
            "source": "veteran", "stage": "talent", "status": "active", "entry_date": date(2022, 3, 1),
            "mentor": "王书记",
        }, today=TODAY)


def _open(db, entry_id):
    """What a form holds after opening the record: the loaded version and its editable copy."""
    with db.session() as s:
        loaded = talent.get(s, entry_id)
    return loaded, dict(loaded)


def _save(db, entry_id, values, loaded):
    with db.session() as s, s.begin():
        return edit_lock.save(s, talent, entry_id, values, loaded, today=TODAY)


def _stored(db, entry_id):
    with db.session() as s:
        return talent.get(s, entry_id)


def test_second_save_of_the_same_field_is_refused_with_both_versions(db, entry):
    loaded_a, form_a = _open(db, entry)
    loaded_b, form_b = _open(db, entry)
    form_a["mentor"] = "李主任"
    _save(db, entry, form_a, loaded_a)
    form_b["mentor"] = "赵老师"
    form_b["trial_post"] = "书记助理"
    with pytest.raises(EditConflict) as info:
        _save(db, entry, form_b, loaded_b)
    err = info.value
    assert [(c.key, c.base, c.mine, c.theirs, c.mine_changed) for c in err.fields] == [
        ("mentor", "王书记", "赵老师", "李主任", True)]
    assert "培养联系人" in str(err)
    # Nothing of B's was written, A's value stands.
    after = _stored(db, entry)
    assert (after["mentor"], after["trial_post"]) == ("李主任", None)
    # B chooses (keeps their mentor) and saves against the version the conflict showed.
    _save(db, entry, form_b, err.theirs)
    after = _stored(db, entry)
    assert (after["mentor"], after["trial_post"]) == ("赵老师", "书记助理")


def test_saving_an_untouched_field_would_undo_the_other_change_so_it_is_shown(db, entry, small_county):
    loaded_a, form_a = _open(db, entry)
    loaded_b, form_b = _open(db, entry)
    form_a["village_id"] = small_county["石桥村"]
    _save(db, entry, form_a, loaded_a)
    form_b["trial_post"] = "书记助理"
    with pytest.raises(EditConflict) as info:
        _save(db, entry, form_b, loaded_b)
    (c,) = info.value.fields
    assert (c.key, c.mine_changed, c.theirs) == ("village_id", False, small_county["石桥村"])
    assert info.value.names[small_county["石桥村"]] == "龙场镇 / 石桥村"
    # Merge: their village, my trial post.
    form_b["village_id"] = c.theirs
    _save(db, entry, form_b, info.value.theirs)
    after = _stored(db, entry)
    assert (after["village_id"], after["trial_post"]) == (small_county["石桥村"], "书记助理")


def test_same_value_or_changes_outside_the_form_are_no_conflict(db, entry, small_county):
    loaded_a, form_a = _open(db, entry)
    loaded_b, form_b = _open(db, entry)
    form_a["mentor"] = "李主任"
    _save(db, entry, form_a, loaded_a)
    with db.session() as s, s.begin():  # a field no talent form shows
        pid = s.scalar(select(ReserveEntry.person_id).where(ReserveEntry.id == entry))
        s.get(Person, pid).home_village_id = small_county["化垮社区"]
    # B typed the same mentor, and the dates as officers type them: nothing to choose.
    form_b.update(mentor=" 李主任 ", entry_date="2022/3/1", birth_date="1990年1月1日", notes="新备注")
    _save(db, entry, form_b, loaded_b)
    assert _stored(db, entry)["notes"] == "新备注"


def test_person_fields_changed_through_another_record_conflict(db, entry, small_county):
    """The talent form shows the person: an edit of their phone made elsewhere is seen."""
    loaded, form = _open(db, entry)
    with db.session() as s, s.begin():
        pid = s.scalar(select(ReserveEntry.person_id).where(ReserveEntry.id == entry))
        s.get(Person, pid).phone = "13800000000"
    form["phone"] = "139 0000 0000"
    with pytest.raises(EditConflict) as info:
        _save(db, entry, form, loaded)
    assert [(c.key, c.theirs, c.mine_changed) for c in info.value.fields] == [("phone", "13800000000", True)]


def test_record_deleted_meanwhile_is_said(db, entry):
    loaded, form = _open(db, entry)
    with db.session() as s, s.begin():
        talent.delete(s, entry)
    form["mentor"] = "李主任"
    with pytest.raises(NotFoundError, match="不存在或已删除"):
        _save(db, entry, form, loaded)


def test_new_records_and_saves_without_a_version_are_not_checked(db, entry):
    loaded, form = _open(db, entry)
    with db.session() as s, s.begin():
        talent.save(s, entry, {**form, "mentor": "李主任"}, today=TODAY)
    form["mentor"] = "赵老师"
    _save(db, entry, form, None)  # e.g. the command line: no form version, the plain save
    assert _stored(db, entry)["mentor"] == "赵老师"


def test_other_record_kinds_of_the_edit_form_are_checked(db, entry, small_county):
    """Training classes and village posts (a person picker) go through the same check."""
    with db.session() as s, s.begin():
        tid = training.save(s, None, {"title": "村干部培训班", "kind": "village_cadre", "start_date": date(2024, 3, 1),
                                      "end_date": date(2024, 3, 3), "planned_hours": 24})
        pid = s.scalar(select(ReserveEntry.person_id).where(ReserveEntry.id == entry))
        other = s.scalar(select(Person.id).where(Person.id != pid))
        post = posts.save(s, None, {"person_id": pid, "village_id": small_county["青山村"], "post": "party_committee",
                                    "start_date": date(2023, 1, 1)})
    cases = [(training, tid, "planned_hours", 32.0, 40), (posts, post, "start_date", date(2023, 2, 1), "2023-03-01")]
    for service, rid, key, a, b in cases:
        with db.session() as s:
            loaded = service.get(s, rid)
        with db.session() as s, s.begin():
            edit_lock.save(s, service, rid, {**loaded, key: a}, loaded)
        with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:
            edit_lock.save(s, service, rid, {**loaded, key: b}, loaded)
        assert [(c.key, c.theirs) for c in info.value.fields] == [(key, a)]
    assert other is None  # the one person above: the post's person name is shown by id
    with db.session() as s:
        assert edit_lock._names(s, posts.FIELDS, [edit_lock.FieldConflict("person_id", pid, pid, pid, False)]) == {
            pid: "张龙敏"}


@pytest.fixture
def posting(db, small_county) -> str:
    with db.session() as s, s.begin():
        return dispatch.save(s, None, {
            "name": "周明", "gender": "1", "id_number": make_id_number("520524", date(1985, 1, 1), 11),
            "unit": "县财政局", "role": "first_secretary", "village_id": small_county["青山村"],
            "start_date": date(2025, 6, 20), "status": "on_post"}, today=TODAY)


def test_dispatch_form_and_its_visit_log_are_checked(db, posting):
    with db.session() as s:
        loaded = dispatch.get(s, posting)
    with db.session() as s, s.begin():
        edit_lock.save(s, dispatch, posting, {**loaded, "unit": "县民政局"}, loaded, today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:
        edit_lock.save(s, dispatch, posting, {**loaded, "unit": "县教育局"}, loaded, today=TODAY)
    assert [(c.key, c.theirs, c.mine) for c in info.value.fields] == [("unit", "县民政局", "县教育局")]

    with db.session() as s, s.begin():
        vid = dispatch_visits.save_visit(s, None, posting, {"visit_date": "2026-03-02", "households": "3组"},
                                         today=TODAY)
    with db.session() as s:
        shown = dispatch_visits.get_visit(s, vid)
    with db.session() as s, s.begin():
        dispatch_visits.save_visit(s, vid, posting, {**shown, "matters": "修路"}, today=TODAY, loaded=shown)
    with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:
        dispatch_visits.save_visit(s, vid, posting, {**shown, "households": "4组"}, today=TODAY, loaded=shown)
    (c,) = info.value.fields
    assert (c.key, c.theirs, c.mine, c.mine_changed) == ("matters", "修路", None, False)
    assert "反映事项" in str(info.value)
    with db.session() as s, s.begin():  # merged: my households, their matters
        dispatch_visits.save_visit(s, vid, posting, {**shown, "households": "4组", "matters": c.theirs},
                                   today=TODAY, loaded=info.value.theirs)
    with db.session() as s:
        assert dispatch_visits.get_visit(s, vid) == {
            "visit_date": date(2026, 3, 2), "households": "4组", "matters": "修路", "follow_up": None}


def test_days_sheet_figures_are_checked_per_person(db, posting):
    month = date(2026, 3, 1)
    with db.session() as s, s.begin():
        dispatch_days.save_month(s, month, {posting: 20}, loaded={posting: None})
    with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:
        dispatch_days.save_month(s, month, {posting: 22}, loaded={posting: None})
    (c,) = info.value.fields
    assert (c.key, c.base, c.mine, c.theirs, c.mine_changed) == (posting, None, 22, 20, True)
    assert "周明（青山村）" in str(info.value)
    with db.session() as s, s.begin():  # both typed the same figure: nothing to choose
        dispatch_days.save_month(s, month, {posting: 20}, loaded={posting: None})
    with db.session() as s, s.begin():  # against the version the conflict showed
        dispatch_days.save_month(s, month, {posting: 22}, loaded=info.value.theirs)
    with db.session() as s:
        assert dispatch_days.month_figures(s, month, [posting]) == {posting: 22}


def test_review_sheet_results_are_checked_per_entry(db, entry):
    """年度考核: the sheet's results are checked against the ones it showed, entry by entry."""
    year = TODAY.year
    with db.session() as s, s.begin():
        talent_review.record(s, year, {entry: "competent"}, loaded={entry: None}, today=TODAY)
    with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:  # the sheet showed none
        talent_review.record(s, year, {entry: "excellent"}, loaded={entry: None}, today=TODAY)
    (c,) = info.value.fields
    assert (c.key, c.base, c.mine, c.theirs, c.mine_changed) == (entry, None, "excellent", "competent", True)
    assert "张龙敏（青山村）" in str(info.value)
    with db.session() as s, s.begin(), pytest.raises(EditConflict):  # clearing theirs is a change too
        talent_review.record(s, year, {entry: None}, loaded={entry: None}, today=TODAY)
    with db.session() as s:
        assert talent_review.results_of(s, year, [entry]) == {entry: "competent"}  # nothing written
    with db.session() as s, s.begin():  # both set the same result: nothing to choose
        talent_review.record(s, year, {entry: "competent"}, loaded={entry: None}, today=TODAY)
    with db.session() as s, s.begin():  # against the version the conflict showed
        talent_review.record(s, year, {entry: "excellent"}, loaded=info.value.theirs, today=TODAY)
    with db.session() as s:
        assert talent_review.results_of(s, year, [entry]) == {entry: "excellent"}


def test_training_settings_are_checked_setting_by_setting(db, small_county):
    with db.session() as s:
        loaded = training_settings.load(s).as_dict()
    with db.session() as s, s.begin():  # the other officer raises the yearly hours
        training_settings.save(s, {**loaded, "yearly_hours": 40.0}, loaded=loaded)
    mine = {**loaded, "yearly_hours": 48.0, "county": "织金"}
    with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:
        training_settings.save(s, mine, loaded=loaded)
    (c,) = info.value.fields  # the county only this user changed: no conflict
    assert (c.key, c.base, c.mine, c.theirs) == ("yearly_hours", loaded["yearly_hours"], 48.0, 40.0)
    assert "年度学时要求" in str(info.value)
    with db.session() as s:
        now = training_settings.load(s)
    assert (now.yearly_hours, now.county) == (40.0, loaded["county"])  # nothing written
    with db.session() as s, s.begin():
        training_settings.save(s, mine, loaded=info.value.theirs)
    with db.session() as s:
        now = training_settings.load(s)
    assert (now.yearly_hours, now.county) == (48.0, "织金")


def test_structure_settings_are_checked_setting_by_setting(db, small_county):
    from vcadre.services.structure import settings as structure_settings

    with db.session() as s:
        loaded = structure_settings.load(s).as_dict()  # both officers read the defaults
    with db.session() as s, s.begin():  # the other officer exempts a village, raises two targets
        structure_settings.save(s, {"exceptions": {"520524001001": "老书记留任"}, "min_women": 2, "young_age": 40},
                                loaded=loaded)
    # This officer exempts another village (from the same defaults): would drop the first one.
    # young_age "40" as typed is the 40 saved (no conflict); min_women is not being saved.
    mine = {"exceptions": {"520524001002": "换届过渡"}, "young_age": "40"}
    with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:
        structure_settings.save(s, mine, loaded=loaded)
    (c,) = info.value.fields
    assert c.key == "exceptions" and "书记学历例外" in str(info.value)
    with db.session() as s:
        now = structure_settings.load(s)
    assert (dict(now.exceptions), now.young_age, now.min_women) == ({"520524001001": "老书记留任"}, 40, 2)
    # Merged by the user against the version now saved: both exceptions kept.
    both = {"520524001001": "老书记留任", "520524001002": "换届过渡"}
    with db.session() as s:
        again = structure_settings.load(s).as_dict()
    with db.session() as s, s.begin():
        structure_settings.save(s, {"exceptions": both}, loaded=again)
    with db.session() as s:
        assert dict(structure_settings.load(s).exceptions) == both
