"""The add form accepts what the imports accept (one set of normalisers): an ID number typed with
spaces, dates as 1990年3月15日 / 2025.4.1, no gender when the ID number gives it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from tests.gui.conftest import type_text
from vcadre.domain.idnumber import make_id_number
from vcadre.store.models import Person, ReserveEntry


def test_add_form_takes_spaced_id_and_chinese_dates(qtbot, window, county_db):
    tab = window.talent
    window.tabs.setCurrentWidget(tab)
    tab.add_record()
    dlg = tab.dialog
    w = dlg.widgets
    number = make_id_number("520524", date(1990, 3, 15), 123)
    type_text(qtbot, w["name"], "钱多多")
    qtbot.keyClicks(w["id_number"], f"{number[:6]} {number[6:14]} {number[14:]}")
    assert w["id_number"].text().replace(" ", "") == number  # the box did not cut it at 18
    assert not w["gender"].currentText()  # left empty: the ID number gives it
    type_text(qtbot, w["birth_date"].edit, "1990年3月15日")
    w["village_id"].setCurrentIndex(w["village_id"].findText("龙场镇 / 青山村"))
    for key in ("source", "stage", "status"):
        w[key].setCurrentIndex(0)
    w["entry_date"].edit.clear()
    qtbot.keyClicks(w["entry_date"].edit, "2025.4.1")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None or not dlg.isVisible())
    with county_db.session() as s:
        p = s.scalars(select(Person).where(Person.name == "钱多多")).one()
        e = s.scalars(select(ReserveEntry).where(ReserveEntry.person_id == p.id)).one()
        assert (p.id_number, p.birth_date, p.gender, e.entry_date) == (number, date(1990, 3, 15), "1",
                                                                      date(2025, 4, 1))


def test_add_form_defaults_and_messages(qtbot, window, county_db, chinese):
    """Issue 17 item 7: 状态 and 入库时间 start filled in; an unknown village is "not found"."""
    from tests.today import TEST_TODAY

    tab = window.talent
    window.tabs.setCurrentWidget(tab)
    tab.add_record()
    dlg = tab.dialog
    w = dlg.widgets
    assert w["status"].currentText() == "在库"
    assert w["entry_date"].edit.text() == TEST_TODAY.isoformat()
    number = make_id_number("520524", date(1991, 6, 1), 222)
    type_text(qtbot, w["name"], "孙小梅")
    qtbot.keyClicks(w["id_number"], number)
    type_text(qtbot, w["village_id"].lineEdit(), "不存在村")
    w["source"].setCurrentIndex(1)
    w["stage"].setCurrentIndex(w["stage"].findData("reserve"))
    assert not dlg.save()
    text = dlg.error_text()
    assert "找不到村（社区）“不存在村”" in text and "不能为空" not in text
    assert "性别" not in text  # the ID number gives it
    w["village_id"].setCurrentIndex(w["village_id"].findText("龙场镇 / 青山村"))
    assert dlg.save(), dlg.error_text()
    with county_db.session() as s:
        e = s.scalars(select(ReserveEntry).join(Person).where(Person.name == "孙小梅")).one()
        assert (e.status, e.entry_date) == ("active", TEST_TODAY)


def test_village_picker_takes_pinyin(qtbot, county_db):
    from vcadre.ui.forms import VillagePicker

    picker = VillagePicker(county_db)
    qtbot.addWidget(picker)
    picker.show()
    picker.lineEdit().setFocus()
    qtbot.keyClicks(picker.lineEdit(), "q")  # the first letter typed brings the pinyin in
    completer = picker.completer()
    for typed in ("qsc", "qingshan", "lczqsc", "青山"):
        completer.setCompletionPrefix(typed)
        found = {completer.pathFromIndex(completer.completionModel().index(i, 0))
                 for i in range(completer.completionCount())}
        assert "龙场镇 / 青山村" in found, typed
    completer.setCompletionPrefix("lczqsc")
    assert completer.completionCount() == 1  # not 金凤街道's 青山社区
    completer.setCompletionPrefix("jfjdqssq")
    assert completer.pathFromIndex(completer.completionModel().index(0, 0)) == "金凤街道 / 青山社区"
