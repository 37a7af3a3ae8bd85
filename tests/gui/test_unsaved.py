"""Issue 17 item 4: typed work is never thrown away without a question — Esc, 关闭/取消 and the
title bar's × all ask when a dialog holds unsaved input, and close at once when it holds none."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from vcadre.services import persons, talent
from vcadre.store.models import Assessment, DispatchMonth, ReserveEntry
from vcadre.ui.dispatch_days import DaysDialog, MonthDaysModel
from vcadre.ui.forms import RecordDialog
from vcadre.ui.posts_election import ElectionDialog
from vcadre.ui.talent_review import ReviewDialog

from .conftest import type_text


def _esc(qtbot, dlg) -> None:
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)


def _close_button(dlg):
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Close)


def _cancel_button(dlg):
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel)


CLOSERS = {
    "esc": _esc,
    "button": lambda qtbot, dlg: (_close_button(dlg) or _cancel_button(dlg)).click(),
    "title bar": lambda qtbot, dlg: dlg.close(),
}


def _show(qtbot, dlg):
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    return dlg


@pytest.mark.parametrize("how", CLOSERS)
def test_add_form_asks_before_discarding_typed_input(qtbot, county_db, chinese, messages, how):
    dlg = _show(qtbot, RecordDialog(county_db, talent, "talent"))
    CLOSERS[how](qtbot, dlg)  # nothing typed: closes without a question
    assert not dlg.isVisible() and messages.texts("confirm") == []

    dlg = _show(qtbot, RecordDialog(county_db, talent, "talent"))
    type_text(qtbot, dlg.widgets["name"], "王小二")
    messages.confirm_answer = False
    CLOSERS[how](qtbot, dlg)
    assert dlg.isVisible() and dlg.widgets["name"].text() == "王小二"
    assert messages.texts("confirm") == ["这里填写的内容尚未保存。关闭并放弃这些内容吗？"]
    messages.confirm_answer = True
    CLOSERS[how](qtbot, dlg)
    assert not dlg.isVisible()


def test_edit_form_asks_only_after_a_change(qtbot, county_db, chinese, messages):
    with county_db.session() as s:
        entry = s.scalar(select(ReserveEntry.id).limit(1))
    dlg = _show(qtbot, RecordDialog(county_db, talent, "talent", entry))
    _esc(qtbot, dlg)
    assert not dlg.isVisible() and messages.texts("confirm") == []
    dlg = _show(qtbot, RecordDialog(county_db, talent, "talent", entry))
    type_text(qtbot, dlg.widgets["phone"], "13800000000")
    messages.confirm_answer = False
    _esc(qtbot, dlg)
    assert dlg.isVisible() and len(messages.texts("confirm")) == 1


@pytest.mark.parametrize("how", CLOSERS)
def test_review_sheet_with_unsaved_results_asks(qtbot, county_db, chinese, messages, how):
    dlg = _show(qtbot, ReviewDialog(county_db, None))
    dlg.select_all.click()
    dlg.result_combo.setCurrentIndex(dlg.result_combo.findData("excellent"))
    dlg.apply_button.click()
    messages.confirm_answer = False
    CLOSERS[how](qtbot, dlg)
    assert dlg.isVisible() and len(dlg.pending()) == 4
    assert messages.texts("confirm") == ["这里设置的考核结果尚未保存。关闭并放弃吗？"]
    messages.confirm_answer = True
    CLOSERS[how](qtbot, dlg)
    assert not dlg.isVisible()
    with county_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0


@pytest.mark.parametrize("how", ["esc", "title bar"])
def test_days_on_post_with_typed_figures_asks(qtbot, county_db, chinese, messages, how):
    dlg = _show(qtbot, DaysDialog(county_db))
    assert dlg.model.rowCount() == 1  # 周明 in 石桥村
    table = dlg.table
    table.setFocus()
    table.setCurrentIndex(dlg.model.index(0, MonthDaysModel.DAYS))
    qtbot.keyClicks(table, "2")
    editor = table.focusWidget()
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.model.value(0) == 22)
    messages.confirm_answer = False
    table.setFocus()
    CLOSERS[how](qtbot, dlg)
    assert dlg.isVisible() and dlg.model.value(0) == 22
    assert messages.texts("confirm") == ["本月已输入的天数尚未保存，仍要关闭吗？"]
    messages.confirm_answer = True
    CLOSERS[how](qtbot, dlg)
    assert not dlg.isVisible()
    with county_db.session() as s:
        assert s.scalar(select(func.count()).select_from(DispatchMonth)) == 0


def test_election_with_changed_results_asks(qtbot, county_db, chinese, messages):
    dlg = _show(qtbot, ElectionDialog(county_db, None))
    dlg.set_election_date(date(2026, 12, 1))
    _esc(qtbot, dlg)
    assert not dlg.isVisible() and messages.texts("confirm") == []
    dlg = _show(qtbot, ElectionDialog(county_db, None))
    with county_db.session() as s:
        zhang = persons.search(s, "张龙敏")[0]
    dlg.set_pick(0, "secretary", (zhang.id, zhang.name))
    messages.confirm_answer = False
    _esc(qtbot, dlg)
    assert dlg.isVisible() and len(messages.texts("confirm")) == 1


def test_settings_dialogs_ask_after_a_change(qtbot, county_db, chinese, messages):
    from vcadre.services.dispatch_alerts import Thresholds
    from vcadre.ui.dispatch_alerts import ThresholdsDialog
    from vcadre.ui.training_people import TrainingSettingsDialog

    for make, change in ((lambda: TrainingSettingsDialog(county_db), lambda d: d.county.setText("黔西")),
                         (lambda: ThresholdsDialog(Thresholds()), lambda d: d.min_days.setValue(d.min_days.value() + 1))):
        dlg = _show(qtbot, make())
        _esc(qtbot, dlg)
        assert not dlg.isVisible() and messages.texts("confirm") == []
        dlg = _show(qtbot, make())
        change(dlg)
        messages.confirm_answer = False
        _esc(qtbot, dlg)
        assert dlg.isVisible() and len(messages.texts("confirm")) == 1
        messages.confirm_answer = True
        _esc(qtbot, dlg)
        assert not dlg.isVisible()
        messages.shown.clear()
