"""Training classes: enrolment, attendance and the completion rule, certificate numbers, records."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from vcadre.domain.idnumber import make_id_number
from vcadre.services import (
    persons,
    posts,
    training,
    training_attendance as att,
    training_certificates as certs,
    training_enrol as enrol,
    training_records as records,
    training_settings as settings,
)
from vcadre.services.documents.site_keys import ensure_local_key
from vcadre.services.errors import ValidationError
from vcadre.store.models import Attendance, CertificateEvent, Enrolment, Person

DAYS = [date(2024, 5, 6), date(2024, 5, 7), date(2024, 5, 8), date(2024, 5, 9), date(2024, 5, 10)]


def add_people(db, village_id: str, names: list[str]) -> list[str]:
    ids = []
    with db.session() as s, s.begin():
        for i, name in enumerate(names):
            errors: list = []
            data = persons.validate_person({"name": name, "gender": "1", "id_number": make_id_number(
                "520524", date(1980, 1, 1 + i), 11 + 2 * i)}, errors)
            assert not errors
            data["home_village_id"] = village_id
            p = persons.save_person(s, None, data)
            s.flush()
            ids.append(p.id)
    return ids


@pytest.fixture
def course(db, small_county):
    with db.session() as s, s.begin():
        cid = training.save(s, None, {"title": "2024年村干部示范培训班", "kind": "village_cadre",
                                      "organizer": "中共织金县委组织部", "start_date": DAYS[0],
                                      "end_date": DAYS[-1], "place": "县委党校", "planned_hours": 40})
    people = add_people(db, small_county["青山村"], ["张三", "李四", "王五", "赵六"])
    return cid, people


def enrolments(db, cid) -> dict[str, str]:
    with db.session() as s:
        return {r.name: r.id for r in enrol.roster(s, cid)}


def test_enrol_twice_is_refused_and_nothing_written(db, course) -> None:
    cid, people = course
    with db.session() as s, s.begin():
        assert enrol.enrol(s, cid, people[:2]).added == 2
    with pytest.raises(ValidationError, match="张三、李四已在本培训班中"):
        with db.session() as s, s.begin():
            enrol.enrol(s, cid, people[:3])  # 张三 and 李四 are in already
    with db.session() as s:
        assert len(enrol.roster(s, cid)) == 2


def test_whole_filter_enrols_secretaries_of_a_township(db, course, small_county) -> None:
    cid, people = course
    with db.session() as s, s.begin():
        for pid, village in ((people[0], "青山村"), (people[1], "石桥村"), (people[2], "化垮社区")):
            posts.save(s, None, {"person_id": pid, "village_id": small_county[village], "post": "secretary",
                                 "start_date": date(2021, 5, 1)})
        enrol.enrol(s, cid, [people[0]])
    with db.session() as s:
        assert enrol.preview_filter(s, cid, "post", "secretary", small_county["龙场镇"]) == (2, 1)
    with db.session() as s, s.begin():
        result = enrol.enrol_filter(s, cid, "post", "secretary", small_county["龙场镇"])
    assert (result.added, result.already) == (1, 1)
    assert set(enrolments(db, cid)) == {"张三", "李四"}


def test_new_person_inline(db, course, small_county) -> None:
    cid, _ = course
    with db.session() as s, s.begin():
        pid = enrol.enrol_new_person(s, cid, {"name": "孙七", "gender": "2", "home_village_id": small_county["石桥村"]})
    with db.session() as s:
        assert s.get(Person, pid).name_pinyin == "sunqi"
    assert "孙七" in enrolments(db, cid)
    with pytest.raises(ValidationError, match="身份证"):
        with db.session() as s, s.begin():
            enrol.enrol_new_person(s, cid, {"name": "周八", "gender": "1", "id_number": "123"})


def test_attendance_hours_and_completion_rule(db, course) -> None:
    cid, people = course
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, people)
    e = enrolments(db, cid)
    with db.session() as s, s.begin():
        assert att.day_hours(enrol.get_class(s, cid)) == 8
        att.mark(s, cid, e.values(), DAYS, "present")  # the whole class, every day
        att.mark(s, cid, [e["李四"]], DAYS[:2], "leave")  # 24 h of 40: below 80 %
        att.mark(s, cid, [e["王五"]], DAYS[:1], "absent")  # 32 h: exactly 80 %
    with db.session() as s:
        rows = {r.name: r for r in enrol.roster(s, cid)}
    assert (rows["张三"].hours, rows["张三"].result) == (40, "completed")
    assert (rows["李四"].hours, rows["李四"].result) == (24, "not_completed")
    assert (rows["王五"].hours, rows["王五"].result) == (32, "completed")
    with db.session() as s:
        g = att.grid(s, cid)
    assert g.status[e["李四"]][DAYS[0]] == "leave" and len(g.days) == 5


def test_attendance_bad_input_writes_nothing(db, course) -> None:
    cid, people = course
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, people[:1])
    eid = list(enrolments(db, cid).values())[0]
    for kwargs, message in (
        (dict(days=[date(2024, 5, 11)], status="present"), "不在培训班的日期"),
        (dict(days=DAYS[:1], status="late"), "未知的出勤情况"),
        (dict(days=DAYS[:1], status="present", hours=9), "超出当天的计划学时"),
    ):
        with pytest.raises(ValidationError, match=message):
            with db.session() as s, s.begin():
                att.mark(s, cid, [eid], **kwargs)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Attendance)) == 0


def test_configurable_rule_and_override(db, course) -> None:
    cid, people = course
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, people[:1])
        settings.save(s, {"completion_percent": 100})
    eid = list(enrolments(db, cid).values())[0]
    with db.session() as s, s.begin():
        att.mark(s, cid, [eid], DAYS[1:], "present")
    with db.session() as s:
        assert enrol.roster(s, cid)[0].result == "not_completed"
    with pytest.raises(ValidationError, match="理由"):
        with db.session() as s, s.begin():
            att.override(s, eid, "completed", "  ")
    with db.session() as s, s.begin():
        att.override(s, eid, "completed", "因公请假，补学后视为结业")
        att.mark(s, cid, [eid], DAYS[:1], "absent")  # the override holds
    with db.session() as s:
        row = enrol.roster(s, cid)[0]
    assert (row.result, row.override_reason) == ("completed", "因公请假，补学后视为结业")


def complete_all(db, cid, people) -> dict[str, str]:
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, people)
    e = enrolments(db, cid)
    with db.session() as s, s.begin():
        att.mark(s, cid, e.values(), DAYS, "present")
    return e


def test_certificate_numbers_unique_never_reused_reprint_same(db, course) -> None:
    cid, people = course
    e = complete_all(db, cid, people[:3])
    with db.session() as s, s.begin():
        settings.save(s, {"county": "织金"})
        issued = certs.issue(s, cid, on=DAYS[-1])
    assert issued == ["织金培〔2024〕001-0001号", "织金培〔2024〕001-0002号", "织金培〔2024〕001-0003号"]
    with db.session() as s, s.begin():
        assert certs.issue(s, cid) == []  # idempotent
        revoked = certs.revoke(s, e["李四"], "学员材料不实")
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, [people[3]])
    with db.session() as s, s.begin():
        att.mark(s, cid, [enrolments(db, cid)["赵六"]], DAYS, "present")
        new = certs.issue(s, cid)
    assert new == ["织金培〔2024〕001-0004号"] and revoked not in new
    ensure_local_key(db)
    with db.session() as s:
        printed = [c.number for c in certs.certificates(s, cid)]
        again = [c.number for c in certs.certificates(s, cid)]
        events = s.execute(select(CertificateEvent.action, CertificateEvent.reason)
                           .where(CertificateEvent.enrolment_id == e["李四"])).all()
    assert printed == again and revoked not in printed and len(printed) == 3
    assert ("revoked", "学员材料不实") in events
    # A second class of the year gets class number 2.
    with db.session() as s, s.begin():
        cid2 = training.save(s, None, {"title": "第二期", "kind": "other", "start_date": DAYS[0],
                                       "end_date": DAYS[0], "planned_hours": 8})
        enrol.enrol(s, cid2, people[:1])
        eid = enrol.roster(s, cid2)[0].id
        att.mark(s, cid2, [eid], DAYS[:1], "present")
        assert certs.issue(s, cid2) == ["织金培〔2024〕002-0001号"]


def _complete(db, cid, person_ids) -> dict[str, str]:
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, person_ids)
    e = enrolments(db, cid)
    with db.session() as s, s.begin():
        att.mark(s, cid, e.values(), DAYS, "present")
    return e


def _number(n: int) -> str:
    return f"织金培〔2024〕001-{n:04d}号"


def _issue(db, cid) -> list[str]:
    with db.session() as s, s.begin():
        settings.save(s, {"county": "织金"})
        return certs.issue(s, cid, on=DAYS[-1])


def _set_number(db, enrolment_id: str, number: str) -> None:
    with db.session() as s, s.begin():
        s.get(Enrolment, enrolment_id).certificate_no = number


def test_a_number_already_held_is_skipped_even_when_the_counter_points_at_it(db, course) -> None:
    """A number typed in or imported by hand is never issued a second time (the counter alone
    does not know it)."""
    cid, people = course
    _complete(db, cid, people[:1])
    assert _issue(db, cid) == [_number(1)]
    e = _complete(db, cid, people[1:3])  # 李四, 王五
    _set_number(db, e["李四"], _number(2))  # e.g. an old certificate entered by hand
    assert _issue(db, cid) == [_number(3)]  # 王五: 0002 is taken
    with db.session() as s:
        held = [n for n in s.scalars(select(Enrolment.certificate_no)) if n]
    assert sorted(held) == [_number(1), _number(2), _number(3)]


def test_the_counter_is_saved_so_a_number_freed_by_hand_is_not_given_again(db, course) -> None:
    """A number once issued is gone for good, even if the enrolment's number was later changed."""
    from vcadre.store.models import CertificateSeries

    cid, people = course
    e = _complete(db, cid, people[:2])
    assert _issue(db, cid) == [_number(1), _number(2)]
    with db.session() as s:
        assert s.scalar(select(CertificateSeries.last_seq).where(CertificateSeries.session_id == cid)) == 2
    _set_number(db, e["李四"], "手工更正-01")  # 0002 no longer held by anyone
    _complete(db, cid, people[2:3])
    assert _issue(db, cid) == [_number(3)]
    with db.session() as s:
        assert s.scalar(select(CertificateSeries.last_seq).where(CertificateSeries.session_id == cid)) == 3


def test_certificate_holder_protected(db, course) -> None:
    cid, people = course
    e = complete_all(db, cid, people[:1])
    with db.session() as s, s.begin():
        certs.issue(s, cid)
    with pytest.raises(ValidationError, match="请先撤销证书"):
        with db.session() as s, s.begin():
            att.mark(s, cid, [e["张三"]], DAYS[:3], "absent")
    with pytest.raises(ValidationError, match="不能移出"):
        with db.session() as s, s.begin():
            enrol.remove(s, [e["张三"]])
    with pytest.raises(ValidationError, match="理由"):
        with db.session() as s, s.begin():
            certs.revoke(s, e["张三"], "")


@pytest.mark.parametrize("pattern, message", [
    ("{county}培〔{year}〕{seq:04d}号", "缺少班次号"),
    ("{year}{class}{seq}", "非数字的分隔符"),
    ("{year}-{class}-{seq}-{name}", "无法识别"),
    ("{year}-{class}-{seq", "花括号"),
    ("{year}-{class:x}-{seq}", "补零"),
])
def test_patterns_that_could_duplicate_are_refused(db, small_county, pattern, message) -> None:
    with pytest.raises(ValidationError, match=message):
        with db.session() as s, s.begin():
            settings.save(s, {"certificate_pattern": pattern})
    with db.session() as s:
        assert settings.load(s).certificate_pattern == settings.DEFAULT_PATTERN


def test_person_record_short_report_and_yearly(db, course, small_county) -> None:
    cid, people = course
    complete_all(db, cid, people[:2])
    with db.session() as s, s.begin():
        for pid in people[:3]:
            posts.save(s, None, {"person_id": pid, "village_id": small_county["青山村"], "post": "committee_member",
                                 "start_date": date(2021, 5, 1)})
    with db.session() as s:
        rec = records.person_record(s, people[0])
        short = records.short_of_hours(s, 2024, 41)
        short40 = records.short_of_hours(s, 2024, 40)
        years = records.yearly(s)
    assert rec.hours_by_year == {2024: 40} and rec.rows[0].result == "completed"
    assert {r.name for r in short} == {"张三", "李四", "王五"}
    assert [(r.name, r.hours) for r in short40] == [("王五", 0.0)]
    assert (years[0].year, years[0].classes, years[0].trainees, years[0].person_times, years[0].hours) == (
        2024, 1, 2, 2, 80.0)


def test_find_class(db, course) -> None:
    cid, _ = course
    with db.session() as s:
        assert records.find_class(s, "示范") == cid
        assert records.find_class(s, cid) == cid
        with pytest.raises(Exception, match="找不到"):
            records.find_class(s, "不存在的班")


def test_editing_the_class_keeps_attendance_consistent(db, course) -> None:
    cid, people = course
    e = complete_all(db, cid, people[:1])
    values = {"title": "2024年村干部示范培训班", "kind": "village_cadre", "start_date": DAYS[0],
              "end_date": DAYS[2], "planned_hours": 40}
    with pytest.raises(ValidationError, match="已有签到记录"):
        with db.session() as s, s.begin():
            training.save(s, cid, values)
    with pytest.raises(ValidationError, match="早于开班日期"):
        with db.session() as s, s.begin():
            training.save(s, cid, dict(values, end_date=date(2024, 5, 1)))
    with db.session() as s, s.begin():
        training.save(s, cid, dict(values, end_date=DAYS[-1], planned_hours=20))
    with db.session() as s:
        row = enrol.roster(s, cid)[0]
    assert (row.id, row.hours, row.result) == (e["张三"], 20, "completed")


def test_attendance_marks_are_checked_against_the_grid_shown(db, course) -> None:
    """Two officers taking the same class's attendance: a cell the other marked since the grid
    showed it is refused with both marks (optimistic locking), never silently overwritten."""
    from vcadre.services.edit_lock import EditConflict

    cid, people = course
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, people[:2])
    ids = enrolments(db, cid)
    zhang, li = ids["张三"], ids["李四"]
    with db.session() as s:
        shown = att.grid(s, cid).status  # nothing marked yet
    loaded = {att.cell_key(e, d): shown.get(e, {}).get(d) for e in (zhang, li) for d in DAYS[:2]}
    with db.session() as s, s.begin():  # the other officer marks 张三 absent on the first day
        att.mark(s, cid, [zhang], [DAYS[0]], "absent", loaded=loaded)
    with db.session() as s, s.begin(), pytest.raises(EditConflict) as info:
        att.mark(s, cid, [zhang, li], DAYS[:2], "present", loaded=loaded)
    (c,) = info.value.fields
    assert (c.key, c.base, c.mine, c.theirs) == (att.cell_key(zhang, DAYS[0]), None, "present", "absent")
    assert "张三 05-06" in str(info.value)
    with db.session() as s:
        assert att.grid(s, cid).status == {zhang: {DAYS[0]: "absent"}}  # nothing of this mark written
    with db.session() as s, s.begin():  # marking what the other officer marked is no conflict
        att.mark(s, cid, [zhang], [DAYS[0]], "absent", loaded=loaded)
    with db.session() as s, s.begin():  # against the version the conflict showed
        att.mark(s, cid, [zhang, li], DAYS[:2], "present", loaded={**loaded, **info.value.theirs})
    with db.session() as s:
        assert att.grid(s, cid).status == {e: {d: "present" for d in DAYS[:2]} for e in (zhang, li)}


def _events(db) -> list[tuple]:
    with db.session() as s:
        return s.execute(select(CertificateEvent.enrolment_id, CertificateEvent.action, CertificateEvent.event_date,
                                CertificateEvent.reason).order_by(CertificateEvent.hlc)).all()


def test_revoking_what_cannot_be_revoked_is_refused_saying_why_and_writes_nothing(db, course) -> None:
    """No such enrolment, one moved out of the class, no certificate yet, already revoked, a blank
    reason, an unknown number: each refused with its own message (the number as typed, trimmed).
    Numbers go in roster (pinyin) order: 李四 0001, 王五 0002, 张三 0003."""
    from tests.today import TEST_TODAY

    cid, people = course
    e = _complete(db, cid, people[:3])
    assert _issue(db, cid) == [_number(1), _number(2), _number(3)]
    _set_number(db, e["王五"], None)  # 王五: completed, his number cleared by hand
    with db.session() as s, s.begin():
        s.get(Enrolment, e["李四"]).deleted = True  # 李四 moved out of the class
        assert certs.revoke(s, e["张三"], "  学员材料不实  ") == _number(3)
    before = _events(db)
    assert before[-1] == (e["张三"], "revoked", TEST_TODAY, "学员材料不实")  # today, the reason trimmed

    def refused(call, field: str, message: str) -> None:
        with pytest.raises(ValidationError) as err:
            with db.session() as s, s.begin():
                call(s)
        assert [(f.field, f.message) for f in err.value.errors] == [(field, message)]
        assert _events(db) == before

    refused(lambda s: certs.revoke(s, "no-such-enrolment", "理由"), "", "该学员不存在或已移出培训班。")
    refused(lambda s: certs.revoke(s, e["李四"], "理由"), "", "该学员不存在或已移出培训班。")
    refused(lambda s: certs.revoke(s, e["王五"], "理由"), "", "王五尚未颁发结业证书，无需撤销。")
    refused(lambda s: certs.revoke(s, e["张三"], "理由"), "", f"张三的证书（{_number(3)}）已撤销。")
    refused(lambda s: certs.revoke_number(s, f" {_number(1)} ", "理由"), "number",
            f"没有编号为“{_number(1)}”的证书。")  # 李四's, moved out
    refused(lambda s: certs.revoke_number(s, "  织金培〔2024〕001-0099号 ", "理由"), "number",
            "没有编号为“织金培〔2024〕001-0099号”的证书。")
    refused(lambda s: certs.revoke_number(s, "", "理由"), "number", "没有编号为“”的证书。")
    with db.session() as s, s.begin():
        s.get(Enrolment, e["李四"]).deleted = False
    refused(lambda s: certs.revoke(s, e["李四"], " \t "), "reason", "撤销证书必须填写理由。")
    refused(lambda s: certs.revoke(s, e["李四"], None), "reason", "撤销证书必须填写理由。")


def test_a_revocation_keeps_the_number_the_day_and_at_most_500_characters_of_reason(db, course) -> None:
    cid, people = course
    e = _complete(db, cid, people[:2])
    assert _issue(db, cid) == [_number(1), _number(2)]  # 李四, 张三
    with db.session() as s, s.begin():
        assert certs.revoke_number(s, _number(2), "理" * 600, date(2024, 6, 1)) == _number(2)
    with db.session() as s:
        zhang = s.get(Enrolment, e["张三"])
        assert (zhang.certificate_no, zhang.certificate_revoked) == (_number(2), True)
        assert s.get(Enrolment, e["李四"]).certificate_revoked is False
    assert _events(db)[-1] == (e["张三"], "revoked", date(2024, 6, 1), "理" * 500)


def test_the_history_of_a_certificate_lists_its_own_events_in_date_order(db, course) -> None:
    """张三's certificate: issued on the class's last day, revoked on 1 June, then (the revocation
    undone by hand) revoked again with the date 20 May — listed by date, not as entered;
    李四's events and deleted ones are not his."""
    cid, people = course
    e = _complete(db, cid, people[:2])
    assert _issue(db, cid) == [_number(1), _number(2)]  # 李四, 张三
    with db.session() as s, s.begin():
        certs.revoke(s, e["张三"], "材料不实", date(2024, 6, 1))
        s.get(Enrolment, e["张三"]).certificate_revoked = False
        certs.revoke(s, e["张三"], "冒名顶替", date(2024, 5, 20))
        s.add(CertificateEvent(enrolment_id=e["张三"], certificate_no=_number(2), action="revoked",
                               event_date=date(2024, 5, 25), reason="删掉的记录", deleted=True))
    with db.session() as s:
        rows = certs.history(s, e["张三"])
        assert certs.history(s, "no-such-enrolment") == []
    assert rows == [certs.CertificateEventRow(_number(2), "issued", DAYS[-1], None),
                    certs.CertificateEventRow(_number(2), "revoked", date(2024, 5, 20), "冒名顶替"),
                    certs.CertificateEventRow(_number(2), "revoked", date(2024, 6, 1), "材料不实")]


def test_a_tombstoned_counter_is_neither_the_class_counter_nor_holds_a_class_number(db, course) -> None:
    """Counters given up in a sync (two sites' counters of one class are one record: the natural
    key of ``certificate_series`` keeps one, tombstones the other) count for nothing: this class's
    tombstoned counter (class 7, at 40) and another class's (class 1) leave the class number 1 and
    the sequence 1 free."""
    from vcadre.store.models import CertificateSeries

    cid, people = course
    with db.session() as s, s.begin():
        other = training.save(s, None, {"title": "第二期", "kind": "other", "start_date": date(2024, 9, 2),
                                        "end_date": date(2024, 9, 2), "planned_hours": 8})
        s.add_all([CertificateSeries(session_id=cid, year=2024, class_no=7, last_seq=40, deleted=True),
                   CertificateSeries(session_id=other, year=2024, class_no=1, last_seq=3, deleted=True)])
    _complete(db, cid, people[:2])
    assert _issue(db, cid) == [_number(1), _number(2)]
    with db.session() as s:
        live = s.execute(select(CertificateSeries.class_no, CertificateSeries.last_seq)
                         .where(CertificateSeries.session_id == cid, CertificateSeries.deleted.is_(False))).all()
    assert live == [(1, 2)]


def test_class_numbers_already_printed_are_read_back_before_a_new_class_takes_one(db, course) -> None:
    """The May class holds one certificate, 001-0002, entered by hand (no counter yet). A March
    class of the same year, issuing first, must not take class number 1, though it comes first
    in the year: it gets 2. The May class's counter, read back from its number, goes on from
    0002 (the highest sequence read, not the count of certificates)."""
    from vcadre.store.models import CertificateSeries

    cid, people = course
    e = _complete(db, cid, people[:1])
    _set_number(db, e["张三"], _number(2))
    day = date(2024, 3, 1)
    with db.session() as s, s.begin():
        march = training.save(s, None, {"title": "三月班", "kind": "other", "start_date": day, "end_date": day,
                                        "planned_hours": 8})
        enrol.enrol(s, march, [people[3]])
    with db.session() as s, s.begin():
        att.mark(s, march, [enrol.roster(s, march)[0].id], [day], "present")
    assert _issue(db, march) == ["织金培〔2024〕002-0001号"]
    with db.session() as s:
        assert s.execute(select(CertificateSeries.class_no, CertificateSeries.last_seq)
                         .where(CertificateSeries.session_id == cid)).all() == [(1, 2)]
    _complete(db, cid, people[2:3])
    assert _issue(db, cid) == [_number(3)]


def test_classes_holding_numbers_of_an_old_format_keep_their_place_in_the_year(db, course) -> None:
    """Two 2024 classes hold hand-typed numbers the pattern cannot read (旧证-…): each is given its
    place in the year by start date — the March class 1, the September class 3 (the May class,
    2nd by date, has no numbers yet) — though the September one was entered first. The May class,
    issuing first, takes the next free class number, 4."""
    from vcadre.store.models import CertificateSeries

    cid, people = course
    classes = {}
    for title, day, person, number in (("九月班", date(2024, 9, 2), people[3], "旧证-09"),
                                       ("三月班", date(2024, 3, 1), people[2], "旧证-03")):
        with db.session() as s, s.begin():
            classes[title] = training.save(s, None, {"title": title, "kind": "other", "start_date": day,
                                                     "end_date": day, "planned_hours": 8})
            enrol.enrol(s, classes[title], [person])
        with db.session() as s, s.begin():
            s.get(Enrolment, enrol.roster(s, classes[title])[0].id).certificate_no = number
    _complete(db, cid, people[:1])
    assert _issue(db, cid) == ["织金培〔2024〕004-0001号"]
    with db.session() as s:
        got = dict(s.execute(select(CertificateSeries.session_id, CertificateSeries.class_no)).all())
    assert got == {classes["三月班"]: 1, classes["九月班"]: 3, cid: 4}


def test_class_numbers_are_counted_within_the_year(db, course) -> None:
    """Two 2023 classes — one holding 织金培〔2023〕001-0001号 typed in by hand (no counter), one with
    its counter at class 2 — leave class number 1 of 2024 free: the May 2024 class takes it."""
    from vcadre.store.models import CertificateSeries

    cid, people = course
    day = date(2023, 10, 9)
    with db.session() as s, s.begin():
        old = training.save(s, None, {"title": "2023年班", "kind": "other", "start_date": day, "end_date": day,
                                      "planned_hours": 8})
        enrol.enrol(s, old, [people[3]])
    with db.session() as s, s.begin():
        s.get(Enrolment, enrol.roster(s, old)[0].id).certificate_no = "织金培〔2023〕001-0001号"
        second = training.save(s, None, {"title": "2023年二班", "kind": "other", "start_date": day,
                                         "end_date": day, "planned_hours": 8})
        s.add(CertificateSeries(session_id=second, year=2023, class_no=2, last_seq=5))
    _complete(db, cid, people[:1])
    assert _issue(db, cid) == [_number(1)]
    with db.session() as s:
        assert sorted(s.execute(select(CertificateSeries.session_id, CertificateSeries.year,
                                       CertificateSeries.class_no)).all()) == sorted([(second, 2023, 2), (cid, 2024, 1)])


def test_a_class_whose_numbers_name_two_class_numbers_keeps_its_place_in_the_year(db, course) -> None:
    """The May class holds 001-0001 and 003-0002 typed by hand: no one class number can be read
    back, so it takes its place in the year (2nd, after the March class) and its counter goes on
    from its two certificates; the March class, issuing first, takes the next free number, 3."""
    from vcadre.store.models import CertificateSeries

    cid, people = course
    e = _complete(db, cid, people[:2])
    _set_number(db, e["李四"], "织金培〔2024〕001-0001号")
    _set_number(db, e["张三"], "织金培〔2024〕003-0002号")
    day = date(2024, 3, 1)
    with db.session() as s, s.begin():
        march = training.save(s, None, {"title": "三月班", "kind": "other", "start_date": day, "end_date": day,
                                        "planned_hours": 8})
        enrol.enrol(s, march, [people[3]])
    with db.session() as s, s.begin():
        att.mark(s, march, [enrol.roster(s, march)[0].id], [day], "present")
    assert _issue(db, march) == ["织金培〔2024〕003-0001号"]
    with db.session() as s:
        assert s.execute(select(CertificateSeries.class_no, CertificateSeries.last_seq)
                         .where(CertificateSeries.session_id == cid)).all() == [(2, 2)]


def _year_class_numbers(db, year: int) -> list[int]:
    from vcadre.store.models import CertificateSeries

    with db.session() as s:
        return sorted(s.scalars(select(CertificateSeries.class_no).where(
            CertificateSeries.year == year, CertificateSeries.deleted.is_(False))))


def test_a_deleted_class_keeps_its_class_number_for_when_it_is_restored(db, course) -> None:
    """Class numbers are printed on certificates: two classes of one year never share one, also
    when one of them is in the recycle bin. The May class holds 001-0001 and 001-0002, typed in by
    hand (no counter yet), and is deleted; a March class issuing next gets class number 2, not 1.
    Restored from the recycle bin, the May class goes on with 001-0003; a class issuing after
    that takes 3."""
    from vcadre.services.undo import recycle

    cid, people = course
    e = _complete(db, cid, people[:2])
    _set_number(db, e["张三"], _number(1))
    _set_number(db, e["李四"], _number(2))
    with db.session() as s, s.begin():
        training.delete(s, cid)
    day = date(2024, 3, 1)
    with db.session() as s, s.begin():
        march = training.save(s, None, {"title": "三月班", "kind": "other", "start_date": day, "end_date": day,
                                        "planned_hours": 8})
        enrol.enrol(s, march, [people[3]])
    with db.session() as s, s.begin():
        att.mark(s, march, [enrol.roster(s, march)[0].id], [day], "present")
    assert _issue(db, march) == ["织金培〔2024〕002-0001号"]
    with db.session() as s, s.begin():
        recycle.restore(s, "training_session", cid)
    with db.session() as s:
        assert {r.name: r.certificate_no for r in enrol.roster(s, cid)} == {"张三": _number(1), "李四": _number(2)}
    _complete(db, cid, people[2:3])
    assert _issue(db, cid) == [_number(3)]
    assert _year_class_numbers(db, 2024) == [1, 2]


def test_a_deleted_class_with_a_counter_keeps_its_class_number(db, course) -> None:
    """The same when the deleted class's numbers were issued by vcadre (its counter exists): the
    next class of the year takes 2, and the restored class goes on from its counter."""
    from vcadre.services.undo import recycle

    cid, people = course
    _complete(db, cid, people[:1])
    assert _issue(db, cid) == [_number(1)]
    with db.session() as s, s.begin():
        training.delete(s, cid)
    day = date(2024, 3, 1)
    with db.session() as s, s.begin():
        march = training.save(s, None, {"title": "三月班", "kind": "other", "start_date": day, "end_date": day,
                                        "planned_hours": 8})
        enrol.enrol(s, march, [people[3]])
    with db.session() as s, s.begin():
        att.mark(s, march, [enrol.roster(s, march)[0].id], [day], "present")
    assert _issue(db, march) == ["织金培〔2024〕002-0001号"]
    with db.session() as s, s.begin():
        recycle.restore(s, "training_session", cid)
    _complete(db, cid, people[1:2])
    assert _issue(db, cid) == [_number(2)]
    assert _year_class_numbers(db, 2024) == [1, 2]


def test_numbers_follow_the_roster_order_only_completers_get_one_dated_the_day_given(db, course) -> None:
    """Numbers go in roster order (by name: 李四, 王五, 张三 — not the order they were enrolled in);
    a trainee who did not complete, and one no longer in the class (removed at another site,
    arrived by sync), get none. The issue is recorded on the day given, else today."""
    from tests.today import TEST_TODAY

    cid, people = course
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, people)  # 张三, 李四, 王五, 赵六
    e = enrolments(db, cid)
    with db.session() as s, s.begin():
        att.mark(s, cid, [e["张三"], e["李四"], e["王五"], e["赵六"]], DAYS, "present")
        att.mark(s, cid, [e["赵六"]], DAYS[:2], "absent")  # 24 h of 40: not completed
    with db.session() as s, s.begin():
        s.get(Enrolment, e["王五"]).deleted = True
    assert _issue(db, cid) == [_number(1), _number(2)]
    with db.session() as s:
        held = {r.name: r.certificate_no for r in enrol.roster(s, cid)}
        assert s.get(Enrolment, e["王五"]).certificate_no is None
    assert held == {"李四": _number(1), "张三": _number(2), "赵六": None}
    with db.session() as s, s.begin():
        s.get(Enrolment, e["王五"]).deleted = False
        assert certs.issue(s, cid) == [_number(3)]  # no day given: today
    with db.session() as s:
        assert [(r.certificate_no, r.action, r.event_date) for r in certs.history(s, e["王五"])] == \
            [(_number(3), "issued", TEST_TODAY)]
        assert certs.history(s, e["李四"])[0].event_date == DAYS[-1]


def test_a_number_longer_than_60_characters_is_refused_and_nothing_is_issued(db, course) -> None:
    """A number may be 60 characters long (the column's size), not 61: the pattern below gives
    the county's name + 47 characters."""
    cid, people = course
    pattern = "{county}培〔{year}〕{class:03d}-{seq:035d}号"
    e = _complete(db, cid, people[:1])
    with db.session() as s, s.begin():
        settings.save(s, {"county": "县" * 14, "certificate_pattern": pattern})
    with pytest.raises(ValidationError) as err:
        with db.session() as s, s.begin():
            certs.issue(s, cid)
    number = "县" * 14 + "培〔2024〕001-" + "0" * 34 + "1号"
    assert len(number) == 61
    assert [(f.field, f.message) for f in err.value.errors] == \
        [("certificate_pattern", f"证书编号“{number}”超过 60 个字符。")]
    with db.session() as s:
        assert s.get(Enrolment, e["张三"]).certificate_no is None
        assert s.scalar(select(func.count()).select_from(CertificateEvent)) == 0
    with db.session() as s, s.begin():
        settings.save(s, {"county": "县" * 13})
        assert certs.issue(s, cid) == ["县" * 13 + "培〔2024〕001-" + "0" * 34 + "1号"]
    assert len(certs_held(db, cid)[0]) == 60


def certs_held(db, cid) -> list[str]:
    with db.session() as s:
        return [r.certificate_no for r in enrol.roster(s, cid) if r.certificate_no]


def test_namesakes_are_numbered_in_the_order_their_records_were_made_and_other_classes_wait(
        db, course, small_county) -> None:
    """Two 王芳 (the same name, the same place on the roster by name) are numbered in the order the
    roster lists them — the older record first — even when enrolled the other way round. Issuing
    one class numbers nobody of another class: their completers wait for their own class."""
    cid, people = course
    namesakes = []
    for birth in (date(1990, 2, 3), date(1991, 4, 5)):
        with db.session() as s, s.begin():
            errors: list = []
            data = persons.validate_person({"name": "王芳", "gender": "2", "id_number": make_id_number(
                "520524", birth, 22)}, errors)
            assert not errors
            data["home_village_id"] = small_county["青山村"]
            p = persons.save_person(s, None, data)
            s.flush()
            namesakes.append(p.id)
    older, newer = namesakes
    with db.session() as s, s.begin():
        enrol.enrol(s, cid, [newer, older])
    with db.session() as s, s.begin():
        att.mark(s, cid, [r.id for r in enrol.roster(s, cid)], DAYS, "present")
    with db.session() as s, s.begin():
        other = training.save(s, None, {"title": "第二期", "kind": "other", "start_date": DAYS[0],
                                        "end_date": DAYS[0], "planned_hours": 8})
        enrol.enrol(s, other, people[:1])
    with db.session() as s, s.begin():
        att.mark(s, other, [enrol.roster(s, other)[0].id], DAYS[:1], "present")
    assert _issue(db, cid) == [_number(1), _number(2)]
    with db.session() as s:
        roster = [(r.person_id, r.certificate_no) for r in enrol.roster(s, cid)]
        assert [r.certificate_no for r in enrol.roster(s, other)] == [None]
    assert roster == [(older, _number(1)), (newer, _number(2))]
