"""编辑 → 撤销 / 重做 (Ctrl+Z, Ctrl+Y) and 回收站, driven through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from vcadre.services import undo as undo_service
from vcadre.store.models import Person, ReserveEntry, TrainingSession

from .conftest import type_text
from .test_main_window import names, show_tab


def _press(qtbot, window, key: str) -> None:
    """Press a shortcut in the window as a user would (focus in the table, not in a text box)."""
    tab = window.current_tab()
    target = getattr(tab, "table", window)
    target.setFocus()
    seq = {"undo": (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
           "redo": (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)}[key]
    qtbot.keyClick(target, seq[0], seq[1])


def _delete(qtbot, tab, name: str) -> str:
    row = names(tab).index(name)
    entry = tab.model.row_id(row)
    tab.table.selectRow(row)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    return entry


def test_ctrl_z_undoes_a_delete_and_the_menu_says_what(qtbot, window, county_db, messages):
    tab = window.talent
    show_tab(qtbot, window, tab)
    menu = window.undo_actions
    menu.update_texts()
    assert menu.undo_action.text() == "撤销(&U)"  # nothing done since the window opened
    entry = _delete(qtbot, tab, "王建国")
    assert "王建国" not in names(tab)
    assert window.statusBar().currentMessage() == "已移到回收站，可按 Ctrl+Z 撤销"
    menu.menu.aboutToShow.emit()
    assert menu.undo_action.text() == "撤销：删除后备干部 王建国(&U)"
    _press(qtbot, window, "undo")
    qtbot.waitUntil(lambda: "王建国" in names(tab))
    assert window.statusBar().currentMessage() == "已撤销：删除后备干部 王建国"
    with county_db.session() as s:
        assert s.get(ReserveEntry, entry).deleted is False
    assert menu.redo_action.text() == "重做：删除后备干部 王建国(&R)"
    _press(qtbot, window, "redo")
    qtbot.waitUntil(lambda: "王建国" not in names(tab))
    # Ctrl+Z takes the redo back; then nothing done in this window is left: Ctrl+Z says so, quietly.
    _press(qtbot, window, "undo")
    qtbot.waitUntil(lambda: "王建国" in names(tab))
    _press(qtbot, window, "undo")
    assert window.statusBar().currentMessage() == "没有可以撤销的操作。"
    assert "王建国" in names(tab) and messages.texts("warning") == []


def test_ctrl_z_undoes_an_edit_through_the_dialog(qtbot, window, county_db):
    tab = window.training
    show_tab(qtbot, window, tab)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.index(r, 0).data() == "后备干部能力提升班")
    tab.table.selectRow(row)
    tab.edit_current()
    dlg = tab.dialog
    dlg.widgets["place"].clear()
    type_text(qtbot, dlg.widgets["place"], "县委党校")
    dlg.accept()
    qtbot.waitUntil(lambda: tab.dialog is None)
    with county_db.session() as s:
        klass = s.scalar(select(TrainingSession).where(TrainingSession.title == "后备干部能力提升班"))
        assert klass.place == "县委党校"
    window.undo_actions.update_texts()
    assert window.undo_actions.undo_action.text() == "撤销：修改培训班 后备干部能力提升班(&U)"
    _press(qtbot, window, "undo")
    col = tab.model.listing.column_index("place")
    qtbot.waitUntil(lambda: tab.model.index(tab.model.row_of(klass.id), col).data() == "龙场镇党校")
    with county_db.session() as s:
        assert s.get(TrainingSession, klass.id).place == "龙场镇党校"


def test_ctrl_z_in_a_text_box_undoes_the_typing_not_the_record(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    _delete(qtbot, tab, "王建国")
    qtbot.keyClicks(tab.search, "wjg")
    qtbot.keyClick(tab.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.search.text() != "wjg"
    with county_db.session() as s:
        assert s.scalar(select(ReserveEntry.deleted).join(Person).where(Person.name == "王建国")) is True


def test_undo_over_a_later_change_asks_and_can_force(qtbot, window, county_db, monkeypatch):
    from vcadre.services import persons
    from vcadre.ui import undo as undo_ui

    tab = window.talent
    show_tab(qtbot, window, tab)
    row = names(tab).index("赵丽")
    tab.table.selectRow(row)
    tab.edit_current()
    dlg = tab.dialog
    dlg.widgets["phone"].clear()
    qtbot.keyClicks(dlg.widgets["phone"], "13800001111")
    dlg.accept()
    qtbot.waitUntil(lambda: tab.dialog is None)
    with county_db.session() as s, s.begin():
        # Changed after the edit by something else (as a sync import would), not journaled here.
        s.info["undo_skip"] = True
        pid = s.scalar(select(Person.id).where(Person.name == "赵丽"))
        persons.save_person(s, pid, {"phone": "13900002222"})
    asked = []
    monkeypatch.setattr(undo_ui.ForceQuestion, "ask", classmethod(
        lambda cls, parent, text, redo: asked.append(text) or False))
    _press(qtbot, window, "undo")
    assert asked and "联系电话" in asked[0] and "仍要撤销" in asked[0]
    with county_db.session() as s:
        assert s.get(Person, pid).phone == "13900002222"  # refused: nothing written
    monkeypatch.setattr(undo_ui.ForceQuestion, "ask", classmethod(lambda cls, parent, text, redo: True))
    _press(qtbot, window, "undo")
    with county_db.session() as s:
        assert s.get(Person, pid).phone is None
        from vcadre.sync.conflicts import list_conflicts

        assert [c.loser for c in list_conflicts(s)] == ["13900002222"]


def _open_bin(qtbot, window):
    window.undo_actions.trash_action.trigger()
    dlg = window.undo_actions.dialog
    qtbot.waitExposed(dlg)
    return dlg


def _bin_rows(dlg) -> list[tuple[str, str]]:
    m = dlg.model
    return [(m.index(r, 0).data(), m.index(r, 1).data()) for r in range(m.rowCount())]


def test_recycle_bin_lists_filters_and_restores(qtbot, qtmodeltester, window, county_db, monkeypatch):
    from vcadre.ui.undo import trash

    tab = window.talent
    show_tab(qtbot, window, tab)
    entry = _delete(qtbot, tab, "王建国")
    _delete(qtbot, tab, "赵丽")
    training_tab = window.training
    show_tab(qtbot, window, training_tab)
    row = next(r for r in range(training_tab.model.rowCount())
               if training_tab.model.index(r, 0).data() == "后备干部能力提升班")
    training_tab.table.selectRow(row)
    training_tab.table.setFocus()
    qtbot.keyClick(training_tab.table, Qt.Key.Key_Delete)
    dlg = _open_bin(qtbot, window)
    qtmodeltester.check(dlg.model)
    assert _bin_rows(dlg) == [("培训班", "后备干部能力提升班"), ("后备干部", "赵丽（村后备干部）"),
                              ("后备干部", "王建国（村干部）")]
    assert dlg.count.text() == "3 条已删除的记录"
    assert dlg.model.headerData(2, Qt.Orientation.Horizontal) == "所在地"
    dlg.kind.setCurrentIndex(dlg.kind.findText("后备干部"))
    assert [w for _k, w in _bin_rows(dlg)] == ["赵丽（村后备干部）", "王建国（村干部）"]
    type_text(qtbot, dlg.search, "王")
    qtbot.waitUntil(lambda: len(_bin_rows(dlg)) == 1)
    assert dlg.model.index(0, 2).data() == "龙场镇 石桥村"
    asked = []
    monkeypatch.setattr(trash.RestoreQuestion, "ask", classmethod(
        lambda cls, parent, plans: asked.append(plans) or True))
    dlg.table.selectRow(0)
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    assert [str(p.record) for p in asked[0]] == ["后备干部“王建国”"]
    assert _bin_rows(dlg) == []
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: "王建国" in names(tab))  # the tab shows it again
    with county_db.session() as s:
        assert s.get(ReserveEntry, entry).deleted is False
    assert window.statusBar().currentMessage() == "已恢复 2 条记录，可按 Ctrl+Z 撤销。"  # with its history
    # And Ctrl+Z in the main window takes the restore back (the open bin follows).
    dlg.kind.setCurrentIndex(0)
    dlg.search.clear()
    window.undo_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: "王建国" not in names(tab))
    assert len(_bin_rows(dlg)) == 3
    dlg.close()
    qtbot.waitUntil(lambda: window.undo_actions.dialog is None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    show_tab(qtbot, window, tab)
    _press(qtbot, window, "redo")
    qtbot.waitUntil(lambda: "王建国" in names(tab))


def test_restore_refused_by_a_rule_says_why(qtbot, window, county_db, monkeypatch, messages):
    from vcadre.ui.undo import trash

    tab = window.talent
    show_tab(qtbot, window, tab)
    entry = _delete(qtbot, tab, "张龙敏")
    with county_db.session() as s, s.begin():
        # 张龙敏 entered the pool again meanwhile (a new entry of the same person).
        e = s.get(ReserveEntry, entry)
        s.add(ReserveEntry(person_id=e.person_id, village_id=e.village_id, source="veteran",
                           stage="talent", status="active", entry_date=e.entry_date))
    dlg = _open_bin(qtbot, window)
    monkeypatch.setattr(trash.RestoreQuestion, "ask", classmethod(lambda cls, parent, plans: True))
    dlg.table.selectRow(0)
    dlg.restore_selected()
    assert any("已在后备干部库中" in t for t in messages.texts("error"))
    with county_db.session() as s:
        assert s.get(ReserveEntry, entry).deleted is True
    assert len(_bin_rows(dlg)) == 1
    dlg.close()


def test_undo_history_starts_when_the_database_opens(qtbot, window, county_db):
    with county_db.session() as s:
        assert undo_service.mark(s) == window.undo_actions.since
        assert undo_service.undoable(s)  # the fixture's own actions are journaled …
    window.undo_actions.update_texts()
    assert window.undo_actions.undo_action.text() == "撤销(&U)"  # … but are not this window's
    QApplication.processEvents()
