"""Issue 16: the edit form meets a record another officer saved after it was opened — the conflict
dialog lists the differing fields side by side and each way out does what it says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from vcadre.services import talent
from vcadre.store.models import ReserveEntry
from vcadre.ui.edit_conflict import EditConflictDialog
from vcadre.ui.forms import RecordDialog

from .conftest import type_text


@pytest.fixture
def entry(county_db) -> str:
    with county_db.session() as s:
        return s.scalar(select(ReserveEntry.id).where(ReserveEntry.deleted.is_(False)).order_by(ReserveEntry.id).limit(1))


def _other_officer_saves(db, entry_id, **changes) -> None:
    with db.session() as s, s.begin():
        talent.save(s, entry_id, {**talent.get(s, entry_id), **changes})


def _stored(db, entry_id):
    with db.session() as s:
        return talent.get(s, entry_id)


def _form(qtbot, db, entry_id) -> RecordDialog:
    dlg = RecordDialog(db, talent, "talent", entry_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _set_text(qtbot, widget, text: str) -> None:
    widget.clear()
    type_text(qtbot, widget, text)


@pytest.fixture
def clash(qtbot, county_db, entry, chinese):
    """The form holds the user's mentor and notes; meanwhile the other officer saved another
    mentor, notes and trial post. Returns (form, shown dialogs)."""
    form = _form(qtbot, county_db, entry)
    before = _stored(county_db, entry)
    assert (before["mentor"], before["trial_post"]) != ("我的导师", "对方岗位")
    _other_officer_saves(county_db, entry, mentor="对方导师", trial_post="对方岗位", notes="对方备注")
    _set_text(qtbot, form.widgets["mentor"], "我的导师")
    form.widgets["notes"].setPlainText("我的备注")
    return form, before


def _drive(monkeypatch, qtbot, act):
    """Replace the modal run by the real dialog, shown, driven by ``act``; returns what it saw."""
    seen: dict = {}

    def ask(cls, parent, conflict, kind, fields, english=False, field_labels=None):
        dlg = cls(conflict, kind, fields, english, parent, field_labels)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        t = dlg.table
        seen["headers"] = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
        seen["rows"] = {t.item(r, 0).text(): (t.cellWidget(r, 1).text(), t.cellWidget(r, 2).text(),
                                              t.cellWidget(r, 1).isChecked())
                        for r in range(t.rowCount())}
        seen["title"] = dlg.windowTitle()
        if os.environ.get("VCADRE_SHOTS"):
            dlg.grab().save(str(Path(os.environ["VCADRE_SHOTS"]) / "edit_conflict.png"))
        act(qtbot, dlg)
        return dlg.taken() if dlg.result() == dlg.DialogCode.Accepted else None

    monkeypatch.setattr(EditConflictDialog, "ask", classmethod(ask))
    return seen


def test_dialog_lists_both_versions_field_by_field(qtbot, monkeypatch, county_db, entry, clash):
    form, before = clash
    seen = _drive(monkeypatch, qtbot, lambda q, d: q.mouseClick(d.merge, Qt.MouseButton.LeftButton))
    assert form.save()
    assert seen["headers"] == ["字段", "我的修改", "对方已保存"]
    assert seen["title"] == "他人已保存这条记录"
    unchanged = before["trial_post"] or "（空）"
    assert seen["rows"] == {
        "培养联系人": ("我的导师", "对方导师", True),
        "试岗岗位": (f"{unchanged}（您未修改）", "对方岗位", False),
        "备注": ("我的备注", "对方备注", True),
    }


def _click(name):
    def act(qtbot, dlg):
        qtbot.mouseClick(getattr(dlg, name), Qt.MouseButton.LeftButton)
    return act


def _merge_taking_their_notes(qtbot, dlg):
    radio = dlg.table.findChild(type(dlg.table.cellWidget(0, 2)), "notes:theirs")
    assert not radio.isChecked()
    # On its round mark: a radio button takes clicks on its mark and text, not the rest of the cell.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked() and dlg.choice("notes") == "theirs"
    qtbot.mouseClick(dlg.merge, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("act, expected", [
    (_click("keep_mine"), ("我的导师", "BEFORE", "我的备注")),
    (_click("take_theirs"), ("对方导师", "对方岗位", "对方备注")),
    (_merge_taking_their_notes, ("我的导师", "对方岗位", "对方备注")),
], ids=["keep mine", "take theirs", "merge"])
def test_each_way_out_saves_what_it_says(qtbot, monkeypatch, county_db, entry, clash, act, expected):
    form, before = clash
    _drive(monkeypatch, qtbot, act)
    assert form.save() and form.saved_id == entry
    after = _stored(county_db, entry)
    want = tuple(before["trial_post"] if v == "BEFORE" else v for v in expected)
    assert (after["mentor"], after["trial_post"], after["notes"]) == want
    # The form shows what was saved.
    assert form.widgets["mentor"].text() == want[0]


def test_cancel_saves_nothing_and_keeps_the_input(qtbot, monkeypatch, county_db, entry, clash):
    form, _before = clash
    _drive(monkeypatch, qtbot, lambda q, d: d.reject())
    assert not form.save()
    assert _stored(county_db, entry)["mentor"] == "对方导师"
    assert form.widgets["mentor"].text() == "我的导师"
    assert "他人修改" in form.error_text()


def test_a_further_save_meanwhile_is_shown_again(qtbot, monkeypatch, county_db, entry, clash):
    form, _before = clash
    rounds: list[dict] = []

    def act(qtbot, dlg):
        if not rounds:  # while the user chooses, the other officer saves once more
            _other_officer_saves(county_db, entry, mentor="对方第二次")
        rounds.append(dict(dlg.conflict.theirs))
        qtbot.mouseClick(dlg.keep_mine, Qt.MouseButton.LeftButton)

    _drive(monkeypatch, qtbot, act)
    assert form.save()
    assert [r["mentor"] for r in rounds] == ["对方导师", "对方第二次"]
    assert _stored(county_db, entry)["mentor"] == "我的导师"


def test_visit_log_settles_a_conflict_too(qtbot, monkeypatch, county_db, chinese):
    from vcadre.services import dispatch_visits
    from vcadre.store.models import Dispatch
    from vcadre.ui.dispatch_dialogs import VisitLogDialog

    with county_db.session() as s, s.begin():
        d = s.scalars(select(Dispatch).where(Dispatch.deleted.is_(False)).order_by(Dispatch.id)).first()
        posting, day = d.id, d.start_date
        vid = dispatch_visits.save_visit(s, None, posting, {"visit_date": day, "households": "3组"})
    dlg = VisitLogDialog(county_db, posting)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    row = next(r for r, v in enumerate(dlg.rows) if v.id == vid)
    dlg.table.selectRow(row)
    assert dlg.households.text() == "3组"
    with county_db.session() as s, s.begin():  # the other officer, meanwhile
        dispatch_visits.save_visit(s, vid, posting, {**dispatch_visits.get_visit(s, vid), "matters": "修路"})
    _set_text(qtbot, dlg.households, "4组")
    seen = _drive(monkeypatch, qtbot, lambda q, d: q.mouseClick(d.merge, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert seen["rows"] == {"反映事项": ("（空）（您未修改）", "修路", False)}
    with county_db.session() as s:
        got = dispatch_visits.get_visit(s, vid)
    assert (got["households"], got["matters"]) == ("4组", "修路")
    assert not dlg.error.isVisible()


@pytest.mark.parametrize("choice, expected", [("take_theirs", 18), ("keep_mine", 22)])
def test_days_sheet_settles_a_conflict_per_person(qtbot, monkeypatch, county_db, chinese, qtmodeltester,
                                                  choice, expected):
    from vcadre.services import dispatch_days
    from vcadre.ui.dispatch_days import DaysDialog, MonthDaysModel

    dlg = DaysDialog(county_db)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    row = dlg.model.rows[0]
    assert row.days is None
    dlg.model.setData(dlg.model.index(0, MonthDaysModel.DAYS), "22")
    with county_db.session() as s, s.begin():  # the other officer enters the same person's figure
        dispatch_days.save_month(s, dlg.month(), {row.dispatch_id: 18})
    seen = _drive(monkeypatch, qtbot, _click(choice))
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert seen["rows"] == {f"{row.name}（{row.village}）": ("22", "18", True)}
    with county_db.session() as s:
        assert dispatch_days.month_figures(s, dlg.month(), [row.dispatch_id]) == {row.dispatch_id: expected}
    assert dlg.model.value(0) == expected and not dlg.model.changed() and not dlg.error.isVisible()
    qtmodeltester.check(dlg.model)


@pytest.mark.parametrize("choice, theirs_kept", [("take_theirs", True), ("keep_mine", False)])
def test_review_sheet_settles_a_conflict_per_entry(qtbot, monkeypatch, county_db, chinese, qtmodeltester,
                                                   choice, theirs_kept):
    """年度考核: the other officer saved a result of an entry this sheet also set since it showed it."""
    from PySide6.QtWidgets import QDialogButtonBox

    from vcadre.services import talent_review
    from vcadre.ui.talent_review import ReviewDialog

    dlg = ReviewDialog(county_db, None)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    year, entry = dlg._loaded_year, dlg.model.ids()[0]
    shown = dlg.model.row(0).result
    mine, theirs = [c for c in ("excellent", "competent", "basic") if c != shown][:2]
    dlg.set_result(0, mine)
    with county_db.session() as s, s.begin():  # the other officer reviews the same entry
        talent_review.record(s, year, {entry: theirs})
        name = talent_review.who(s, [entry])[entry]
    seen = _drive(monkeypatch, qtbot, _click(choice))
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dlg.isVisible())  # settled, saved again and closed
    label = {"excellent": "优秀", "competent": "称职", "basic": "基本称职"}
    assert seen["rows"] == {name: (label[mine], label[theirs], True)}
    with county_db.session() as s:
        assert talent_review.results_of(s, year, [entry]) == {entry: theirs if theirs_kept else mine}
    qtmodeltester.check(dlg.model)


@pytest.mark.parametrize("choice, hours", [("take_theirs", 40.0), ("keep_mine", 48.0)])
def test_training_settings_settle_a_conflict(qtbot, monkeypatch, county_db, chinese, choice, hours):
    from vcadre.services import training_settings
    from vcadre.ui.training_people import TrainingSettingsDialog

    dlg = TrainingSettingsDialog(county_db)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    with county_db.session() as s, s.begin():  # the other officer saves the settings meanwhile
        training_settings.save(s, {"yearly_hours": 40.0})
    dlg.hours.setValue(48.0)
    seen = _drive(monkeypatch, qtbot, _click(choice))
    dlg.accept()
    assert seen["rows"]["年度学时要求"][1:] == ("40", True)
    with county_db.session() as s:
        assert training_settings.load(s).yearly_hours == hours
    assert dlg.result() == dlg.DialogCode.Accepted


@pytest.mark.parametrize("choice, first", [("take_theirs", "absent"), ("keep_mine", "present")])
def test_attendance_grid_settles_a_conflict_per_cell(qtbot, monkeypatch, county_db, chinese, qtmodeltester,
                                                     choice, first):
    from vcadre.services import training_attendance, training_enrol, training_records
    from vcadre.ui.training_attendance import AttendancePage

    with county_db.session() as s, s.begin():
        class_id = training_records.find_class(s, "示范")
        training_enrol.enrol_filter(s, class_id, "reserve", None, None)
    page = AttendancePage(county_db, class_id)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    rows, day = page.model.rows, page.model.days[0]
    assert page.model.index(0, 0).data() == ""  # not marked when the grid was shown
    with county_db.session() as s, s.begin():  # the other officer marks the first trainee absent
        training_attendance.mark(s, class_id, [rows[0].id], [day], "absent")
    seen = _drive(monkeypatch, qtbot, _click(choice))
    page.mark_everyone_present()
    assert seen["rows"] == {f"{rows[0].name} {day:%m-%d}": ("出勤", "缺勤", True)}
    with county_db.session() as s:
        status = training_attendance.grid(s, class_id).status
    assert status[rows[0].id][day] == first
    assert all(status[r.id][d] == "present" for r in rows[1:] for d in page.model.days)
    assert page.model.index(0, 0).data() == {"absent": "缺勤", "present": "出勤"}[first]  # shown as saved
    qtmodeltester.check(page.model)
