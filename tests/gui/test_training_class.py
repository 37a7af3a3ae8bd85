"""A training class driven through the GUI: create it, enrol people (search, a whole group, a new
person), take attendance with the keyboard, issue certificates, preview and save them as PDF."""

from __future__ import annotations

from tests.today import TEST_TODAY
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from vcadre.store.models import CertificateEvent, Enrolment
from vcadre.ui import training_people
from vcadre.ui.training_attendance import AttendanceModel
from vcadre.ui.training_class import CertificatesPage, TrainingClassDialog

from .conftest import type_text


def show_tab(qtbot, window, tab) -> None:
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.is_loaded())


def while_modal(page, action) -> None:
    """Run ``action(dialog)`` once ``page`` has opened its modal sub-dialog (it runs exec())."""
    def run() -> None:
        dlg = page.dialog
        assert dlg is not None and dlg.isVisible()
        action(dlg)
    QTimer.singleShot(0, run)


def create_class(qtbot, window) -> None:
    tab = window.training
    show_tab(qtbot, window, tab)
    tab.add_record()
    dlg = tab.dialog
    w = dlg.widgets
    type_text(qtbot, w["title"], "2026年村干部学习培训班")
    w["kind"].setCurrentIndex(w["kind"].findData("village_cadre"))
    type_text(qtbot, w["organizer"], "中共织金县委组织部")
    qtbot.keyClicks(w["start_date"].edit, "2026-06-01")
    qtbot.keyClicks(w["end_date"].edit, "2026-06-03")
    w["planned_hours"].setValue(24)
    dlg.accept()
    qtbot.waitUntil(lambda: tab.dialog is None)


def open_class(qtbot, window) -> TrainingClassDialog:
    tab = window.training
    assert tab.details_button.isEnabled()
    qtbot.mouseClick(tab.details_button, Qt.MouseButton.LeftButton)
    dlg = tab.class_dialog
    assert isinstance(dlg, TrainingClassDialog) and dlg.isVisible()
    return dlg


def test_class_from_creation_to_printed_certificates(qtbot, window, county_db, messages, monkeypatch, tmp_path):
    create_class(qtbot, window)
    dlg = open_class(qtbot, window)
    assert dlg.windowTitle() == "2026年村干部学习培训班"
    page = dlg.enrolment

    # Two people found by pinyin initials and by name, multi-selected into the list.
    def pick(picker) -> None:
        qtbot.keyClicks(picker.search, "zlm")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        picker.search.clear()
        type_text(qtbot, picker.search, "李")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        assert [h.name for h in picker.chosen.values()] == ["张龙敏", "李红梅"]
        assert "*" in picker.chosen_table.item(0, 4).text()
        picker.accept()

    while_modal(page, pick)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 2

    # The whole group: every current 村党组织书记 of the county (陈文, 王建国).
    def group(d) -> None:
        d.kind.setCurrentIndex(d.kind.findData("post"))
        d.code.setCurrentIndex(d.code.findData("secretary"))
        assert "2" in d.preview.text()
        d.accept()

    while_modal(page, group)
    qtbot.mouseClick(page.group_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 4
    assert any("2" in t for t in messages.texts("info"))

    # A new person, typed in inline.
    def new_person(d) -> None:
        type_text(qtbot, d.name, "钱多多")
        d.gender.setCurrentIndex(d.gender.findData("2"))
        d.village.setCurrentIndex(d.village.findText("龙场镇 / 石桥村"))
        d.accept()

    while_modal(page, new_person)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 5
    assert "钱多多" in [page.table.item(r, 0).text() for r in range(5)]

    # Enrolling someone twice is refused with their name.
    def again(picker) -> None:
        qtbot.keyClicks(picker.search, "zlm")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        picker.accept()

    while_modal(page, again)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "张龙敏已在本培训班中" in messages.texts("error")[-1]
    assert page.table.rowCount() == 5

    # Attendance: the whole class present with the keyboard, then 钱多多 absent for two days.
    dlg.tabs.setCurrentWidget(dlg.attendance)
    att = dlg.attendance
    assert att.model.columnCount() == 3 + 2  # three class days, hours, result
    att.view.setFocus()
    att.view.selectAll()
    qtbot.keyClick(att.view, Qt.Key.Key_P)
    assert all(r.hours == 24 and r.result == "completed" for r in att.model.rows)
    row = next(i for i, r in enumerate(att.model.rows) if r.name == "钱多多")
    sel = att.view.selectionModel()
    sel.clearSelection()
    for c in (0, 1):
        sel.select(att.model.index(row, c), QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(att.view, Qt.Key.Key_A)
    qian = att.model.rows[row]
    assert (qian.hours, qian.result) == (8, "not_completed")
    assert att.model.index(row, 0).data() == "缺勤"

    # Certificates: numbers for the four completers, preview, save as PDF, revoke one.
    dlg.tabs.setCurrentWidget(dlg.certificates)
    cert = dlg.certificates
    qtbot.mouseClick(cert.issue_button, Qt.MouseButton.LeftButton)
    numbers = sorted(r.certificate_no for r in cert.rows if r.certificate_no)
    assert numbers == [f"织金培〔2026〕001-000{i}号" for i in range(1, 5)]
    # The number as it prints, not the raw pattern (issue 17 item 9).
    assert cert.pattern.text() == "证书编号示例：织金培〔2026〕001-0001号" and "{" not in cert.pattern.text()
    qtbot.mouseClick(cert.preview_button, Qt.MouseButton.LeftButton)
    preview = cert.preview_dialog
    assert preview is not None and preview.isVisible()
    from vcadre.ui.pdf_print import page_count

    assert page_count(cert.last_pdf) == 4
    preview.close()

    out = tmp_path / "证书.pdf"
    monkeypatch.setattr(CertificatesPage, "ask_save_path", classmethod(lambda cls, parent, suggested: out))
    qtbot.mouseClick(cert.save_button, Qt.MouseButton.LeftButton)
    assert out.exists() and page_count(out) == 4

    first = next(i for i, r in enumerate(cert.rows) if r.certificate_no == numbers[0])
    cert.table.selectRow(first)
    monkeypatch.setattr("vcadre.ui.training_class.ask_text", lambda *a, **k: "重复报名，证书作废")
    qtbot.mouseClick(cert.revoke_button, Qt.MouseButton.LeftButton)
    assert cert.table.item(first, 5).text() == "已撤销"
    with county_db.session() as s:
        events = s.execute(select(CertificateEvent.action, CertificateEvent.certificate_no)).all()
    assert ("revoked", numbers[0]) in events
    # Reprinting the selection gives the same numbers; the revoked one is not printed.
    cert.table.clearSelection()
    qtbot.mouseClick(cert.save_button, Qt.MouseButton.LeftButton)
    assert page_count(out) == 3
    dlg.reject()
    qtbot.waitUntil(lambda: window.training.class_dialog is None)


def test_attendance_model_passes_the_model_tester(qtbot, qtmodeltester, county_db, chinese):
    from vcadre.services import training_attendance, training_enrol, training_records

    with county_db.session() as s, s.begin():
        class_id = training_records.find_class(s, "示范")
        training_enrol.enrol_filter(s, class_id, "reserve", None, None)
    with county_db.session() as s, s.begin():
        ids = [r.id for r in training_enrol.roster(s, class_id)]
        training_attendance.mark(s, class_id, ids[:2], [date(2024, 5, 6)], "leave")
    with county_db.session() as s:
        model = AttendanceModel()
        model.load(training_enrol.roster(s, class_id), training_attendance.grid(s, class_id))
    assert model.rowCount() == 4 and model.columnCount() == 7
    assert model.index(0, 0).data() == "请假"
    qtmodeltester.check(model)


def test_day_outside_and_bad_pattern_are_refused(qtbot, county_db, chinese, messages):
    from vcadre.services import training_records
    from vcadre.ui.training_people import TrainingSettingsDialog

    dlg = TrainingSettingsDialog(county_db)
    qtbot.addWidget(dlg)
    dlg.pattern.setText("{county}培〔{year}〕{seq:04d}号")
    assert "班次号" in dlg.error.text() and dlg.sample.text() == ""
    dlg.accept()
    with county_db.session() as s:
        from vcadre.services import training_settings

        assert training_settings.load(s).certificate_pattern == training_settings.DEFAULT_PATTERN
    dlg.pattern.setText("{county}〔{year}〕{class}-{seq:03d}")
    assert dlg.sample.text().endswith("〔%d〕1-001" % TEST_TODAY.year)


def test_person_record_and_hours_report(qtbot, county_db, chinese):
    from vcadre.services import persons, training_attendance, training_enrol, training_records
    from vcadre.ui.training_people import PersonRecordDialog, ShortHoursDialog

    with county_db.session() as s, s.begin():
        class_id = training_records.find_class(s, "示范")
        pid = persons.search(s, "陈文")[0].id
        training_enrol.enrol(s, class_id, [pid])
    with county_db.session() as s, s.begin():
        eid = training_enrol.roster(s, class_id)[0].id
        training_attendance.mark(s, class_id, [eid], [date(2024, 5, 6)], "present")
    rec = PersonRecordDialog(county_db, pid)
    qtbot.addWidget(rec)
    assert rec.table.rowCount() == 1 and rec.table.item(0, 3).text() == "8"
    assert rec.windowTitle() == "培训档案 — 陈文"
    short = ShortHoursDialog(county_db)
    qtbot.addWidget(short)
    short.year.setValue(2024)
    short.hours.setValue(32)
    short.refresh()
    names = {short.table.item(r, 0).text() for r in range(short.table.rowCount())}
    assert "陈文" in names and "王建国" in names


def test_everyone_present_and_a_result_set_by_hand(qtbot, county_db, chinese, messages, monkeypatch):
    from vcadre.services import training_enrol, training_records

    with county_db.session() as s, s.begin():
        class_id = training_records.find_class(s, "能力提升")
        training_enrol.enrol_filter(s, class_id, "reserve", None, None)
    dlg = TrainingClassDialog(county_db, class_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.tabs.setCurrentWidget(dlg.attendance)
    qtbot.mouseClick(dlg.attendance.all_present, Qt.MouseButton.LeftButton)
    assert {r.result for r in dlg.attendance.model.rows} == {"completed"}
    dlg.tabs.setCurrentWidget(dlg.enrolment)
    page = dlg.enrolment
    page.table.selectRow(0)
    name = page.rows[0].name
    monkeypatch.setattr("vcadre.ui.training_class.ask_text", lambda *a, **k: "")
    qtbot.mouseClick(page.override_button, Qt.MouseButton.LeftButton)
    assert "理由" in messages.texts("error")[-1]  # no reason, no override
    assert page.rows[0].result == "completed"
    monkeypatch.setattr("vcadre.ui.training_class.ask_text", lambda *a, **k: "中途离开，未完成结业考核")
    page.table.selectRow(0)
    qtbot.mouseClick(page.override_button, Qt.MouseButton.LeftButton)
    row = next(r for r in page.rows if r.name == name)
    assert (row.result, row.override_reason) == ("not_completed", "中途离开，未完成结业考核")
    assert dlg.changed


def test_long_class_titles_stay_tellable_apart(qtbot, window):
    """Issue 17 item 9: titles cut at the end all read “2026年织金县…（第…”."""
    from PySide6.QtCore import Qt

    tab = window.training
    window.tabs.setCurrentWidget(tab)
    assert tab.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    fm = tab.table.fontMetrics()
    width = fm.horizontalAdvance("2026年织金县村级后备")
    titles = [f"2026年织金县村级后备力量培训班（第{n}期）" for n in "三四"]
    shown = {fm.elidedText(t, tab.table.textElideMode(), width) for t in titles}
    assert len(shown) == 2
