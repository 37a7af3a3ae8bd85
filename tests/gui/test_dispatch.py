"""驻村 tab driven through its widgets: a township's rotation from the 2025 batch to the next in the
demo county, monthly days typed down the grid, the alerts (panel, thresholds, 概览), visits, history."""

from __future__ import annotations

from tests.today import TEST_TODAY
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QWizard
from sqlalchemy import func, select, update

from vcadre.services import dispatch_days, persons
from vcadre.store.models import Dispatch, DispatchMonth, Person, Region, RotationBatch, Visit
from vcadre.ui.dispatch_days import MonthDaysModel
from vcadre.ui.forms import PersonSearchDialog

from .conftest import type_text

TODAY = TEST_TODAY


@pytest.fixture
def demo_window(qtbot, demo_db, chinese):
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    w = MainWindow(Settings(), "zh_CN")
    qtbot.addWidget(w)
    w.set_database(demo_db)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.db = None


def region_id(db, name: str, level: str = "township") -> str:
    with db.session() as s:
        return s.scalars(select(Region.id).where(Region.name == name, Region.level == level)).first()


def open_dispatch_tab(qtbot, window, region: str | None = None):
    tab = window.dispatch
    window.tabs.setCurrentWidget(tab)
    if region:
        window.region_tree.select_region(region)
    qtbot.waitUntil(lambda: tab.model.is_loaded() and tab.alerts.alerts is not None)
    return tab


def editor(view):
    """The open cell editor of an item view."""
    from PySide6.QtWidgets import QLineEdit

    found = [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert found, "no cell editor open"
    return found[0]


def double_click(qtbot, tree, item) -> None:
    pos = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def on_post(db, township: str | None = None) -> list[Dispatch]:
    with db.session() as s:
        stmt = select(Dispatch).where(Dispatch.status == "on_post", Dispatch.deleted.is_(False))
        if township:
            twp = region_id(db, township)
            stmt = stmt.join(Region, Dispatch.village_id == Region.id).where(Region.parent_id == twp)
        rows = s.scalars(stmt).all()
        s.expunge_all()
        return rows


def hit_for(db, person_id: str) -> persons.PersonHit:
    with db.session() as s:
        return persons.describe(s, person_id)


def test_rotation_of_a_township_from_one_batch_to_the_next(qtbot, demo_window, demo_db, monkeypatch, messages):
    db = demo_db
    town = "惠民街道"  # 5 on post, 3 of them first secretaries
    before = on_post(db, town)
    assert before and all(d.batch_id for d in before)
    tab = open_dispatch_tab(qtbot, demo_window, region_id(db, town))
    click(qtbot, tab.rotate_button)
    wiz = tab.wizard
    assert wiz is not None and wiz.isVisible()

    # Page 1: the township chosen in the tree, the 2025 batch, a new date and name.
    page1 = wiz.batch_page
    assert page1.township.currentText() == town
    assert page1.from_batch.currentText().startswith("2025年6月轮换")
    page1.batch_date.edit.clear()
    qtbot.keyClicks(page1.batch_date.edit, "2027-06-20")
    assert page1.name.text() == "2027年6月轮换"
    assert page1.end_date.value() == date(2027, 6, 19)
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))

    # Page 2: everyone on post in the township is listed, ticked; one team member stays.
    page2 = wiz.ending_page
    assert wiz.currentPage() is page2
    assert page2.table.rowCount() == len(before)
    stays = next(d for d in before if d.role != "first_secretary")
    page2.set_ticked(stays.id, False)
    assert len(page2.ending()) == len(before) - 1
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))

    # Page 3: one row per post to fill, village by village.
    page3 = wiz.successor_page
    assert wiz.currentPage() is page3
    assert page3.row_count() == len(before) - 1
    fs_rows = [r for r in range(page3.row_count())
               if page3.table.cellWidget(r, page3.COL_ROLE).value() == "first_secretary"]
    assert len(fs_rows) >= 2
    vacant_row = fs_rows[-1]
    vacant_village = page3.table.item(vacant_row, page3.COL_VILLAGE).text()
    # The first one typed in the cells as a user would (Chinese through the input method).
    r0 = fs_rows[0]
    for col, text in ((page3.COL_NAME, "钱进"), (page3.COL_UNIT, "县民政局"), (page3.COL_NOTE, "移交帮扶台账")):
        page3.table.setCurrentCell(r0, col)
        page3.table.editItem(page3.table.item(r0, col))
        ed = editor(page3.table)
        type_text(qtbot, ed, text)
        qtbot.keyClick(ed, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda r0=r0, col=col, text=text: page3.table.item(r0, col).text() == text)
    # One chosen from the records: someone already on post in another township → refused.
    elsewhere = next(d for d in on_post(db) if d.id not in {b.id for b in before})
    r1 = fs_rows[1]
    page3.table.setCurrentCell(r1, page3.COL_NAME)
    monkeypatch.setattr(PersonSearchDialog, "ask", classmethod(lambda cls, *a, **k: hit_for(db, elsewhere.person_id)))
    click(qtbot, page3.findChild(QPushButton, "choosePerson"))
    page3.table.item(r1, page3.COL_UNIT).setText("县教育局")
    for r in fs_rows[2:-1]:
        page3.set_successor(r, name=f"接任{r}", unit="县林业局", gender="1")
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))

    # Page 4: the summary names the village left without a first secretary.
    page4 = wiz.confirm_page
    assert wiz.currentPage() is page4
    listed = [page4.uncovered.item(i).text() for i in range(page4.uncovered.count())]
    with db.session() as s:
        vacant_needs = s.scalar(select(Region.needs_first_secretary).where(
            Region.name == vacant_village.split(" ", 1)[1], Region.parent_id == region_id(db, town)))
    assert (vacant_village in listed) == bool(vacant_needs)
    click(qtbot, wiz.button(QWizard.WizardButton.FinishButton))
    assert wiz.isVisible() and "不能同时派驻两处" in page4.error.text()
    assert len(on_post(db, town)) == len(before)  # nothing written
    with db.session() as s:
        assert not s.scalar(select(func.count()).select_from(RotationBatch).where(RotationBatch.name == "2027年6月轮换"))
    # Back, choose someone free (served in 2019, not on post now) instead.
    click(qtbot, wiz.button(QWizard.WizardButton.BackButton))
    with db.session() as s:
        busy = select(Dispatch.person_id).where(Dispatch.status == "on_post")
        free = s.scalars(select(Dispatch.person_id).where(Dispatch.status == "rotated",
                                                          Dispatch.person_id.not_in(busy))).first()
    monkeypatch.setattr(PersonSearchDialog, "ask", classmethod(lambda cls, *a, **k: hit_for(db, free)))
    page3.table.setCurrentCell(r1, page3.COL_NAME)
    page3.choose_person()
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))
    click(qtbot, wiz.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: tab.wizard is None)

    # Written at once: the batch, the ended postings, the successors; the one who stays.
    after = on_post(db, town)
    with db.session() as s:
        batch = s.scalars(select(RotationBatch).where(RotationBatch.name == "2027年6月轮换")).one()
        new = s.scalars(select(Dispatch).where(Dispatch.batch_id == batch.id)).all()
        assert len(new) == len(fs_rows) - 1
        assert {d.start_date for d in new} == {date(2027, 6, 20)}
        ended = [s.get(Dispatch, d.id) for d in before if d.id != stays.id]
        assert {(d.status, d.actual_end) for d in ended} == {("rotated", date(2027, 6, 19))}
        assert s.get(Dispatch, stays.id).status == "on_post"
        first = next(d for d in new if d.person.name == "钱进")
        assert (first.unit, first.handover_note) == ("县民政局", "移交帮扶台账")
    assert len(after) == len(new) + 1
    assert any(f"{len(new)}" in t for t in messages.texts("info"))
    # The list and the alerts were refreshed for the township.
    qtbot.waitUntil(lambda: tab.model.is_loaded())
    # Today the outgoing first secretaries still serve (their last day is 2027-06-19): no village
    # is uncovered yet; from the batch day on, the one left without a successor is.
    assert tab.alerts.alerts.uncovered == []
    from vcadre.services import dispatch_alerts

    with db.session() as s:
        later = dispatch_alerts.compute(s, today=date(2027, 6, 20), region_id=region_id(db, town))
        eve = dispatch_alerts.compute(s, today=date(2027, 6, 19), region_id=region_id(db, town))
    assert len(later.uncovered) == int(bool(vacant_needs)) and eve.uncovered == []


def test_days_on_post_typed_down_the_grid(qtbot, demo_window, demo_db, qtmodeltester, messages):
    db = demo_db
    town = "金凤街道"
    tab = open_dispatch_tab(qtbot, demo_window, region_id(db, town))
    click(qtbot, tab.days_button)
    dlg = tab.days_dialog
    assert dlg is not None and dlg.isVisible()
    qtmodeltester.check(dlg.model)
    assert dlg.month() == dispatch_days.last_full_month(TODAY)
    # The current month: nobody has figures yet.
    month = TODAY.replace(day=1)
    dlg.month_edit.setDate(dlg.month_edit.date().addMonths(1))
    assert dlg.month() == month
    n = dlg.model.rowCount()
    assert n == len(on_post(db, town)) and all(dlg.model.value(r) is None for r in range(n))

    # Type three figures straight down the 天数 column: digits, Enter, next person.
    table = dlg.table
    table.setFocus()
    table.setCurrentIndex(dlg.model.index(0, MonthDaysModel.DAYS))
    for i, text in enumerate(("22", "21", "15")):
        if i == 0:
            qtbot.keyClicks(table, text[0])  # any key starts editing the current cell
            ed = editor(table)
        else:
            ed = editor(table)  # Enter moved down and opened the next cell
            qtbot.keyClicks(ed, text[0])
        qtbot.keyClicks(ed, text[1:])
        qtbot.keyClick(ed, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda i=i: table.currentIndex().row() == i + 1 and dlg.model.value(i) is not None)
    assert [dlg.model.value(r) for r in range(3)] == [22, 21, 15]
    low = dlg.model.index(2, MonthDaysModel.DAYS)
    assert dlg.model.data(low, Qt.ItemDataRole.BackgroundRole) is not None  # red: under 20
    assert dlg.model.data(dlg.model.index(0, MonthDaysModel.DAYS), Qt.ItemDataRole.BackgroundRole) is None
    # The rest at once.
    qtbot.keyClick(editor(table), Qt.Key.Key_Escape)
    dlg.fill_spin.setValue(20)
    click(qtbot, dlg.fill_button)
    assert all(dlg.model.value(r) is not None for r in range(n))

    # Too many days for the month: refused with the person named, nothing written.
    table.setCurrentIndex(dlg.model.index(1, MonthDaysModel.DAYS))
    qtbot.keyClicks(table, "4")
    qtbot.keyClicks(editor(table), "5")
    qtbot.keyClick(editor(table), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.model.value(1) == 45)
    click(qtbot, dlg.save_button)
    assert dlg.error.isVisible() and "超过当月天数" in dlg.error.text()
    name = dlg.model.rows[1].name
    assert name in dlg.error.text()
    with db.session() as s:
        assert not s.scalar(select(func.count()).select_from(DispatchMonth).where(DispatchMonth.month == month))
    dlg.model.setData(dlg.model.index(1, MonthDaysModel.DAYS), "21")
    click(qtbot, dlg.save_button)
    assert not dlg.error.isVisible()
    with db.session() as s:
        saved = s.scalars(select(DispatchMonth.days).where(DispatchMonth.month == month,
                                                           DispatchMonth.deleted.is_(False))).all()
    assert len(saved) == n and sorted(saved)[:1] == [15]

    # Summary: per township and per person for the year.
    dlg.tabs.setCurrentIndex(1)
    assert dlg.township_table.rowCount() == 1 and dlg.township_table.item(0, 0).text() == town
    assert dlg.person_table.rowCount() >= n
    dlg.close()
    qtbot.waitUntil(lambda: tab.days_dialog is None)


@pytest.fixture
def alerting(county_db):
    """The small county with one alert of each kind."""
    db = county_db
    with db.session() as s, s.begin():
        qingshan = s.scalars(select(Region.id).where(Region.name == "青山村")).one()
        s.execute(update(Region).where(Region.id == qingshan).values(needs_first_secretary=True))
        d = s.scalars(select(Dispatch)).one()  # 周明, first secretary of 石桥村 since 2024-09-01
        d.planned_end = TODAY + timedelta(days=20)
        last = dispatch_days.last_full_month(TODAY)
        s.add(DispatchMonth(dispatch_id=d.id, month=last, days=9))
        huakua = s.scalars(select(Region.id).where(Region.name == "化垮社区")).one()
        s.add(Dispatch(person_id=d.person_id, unit="县财政局", role="team_member", village_id=huakua,
                       start_date=date(2025, 1, 1), status="on_post"))
    return db


def test_alerts_panel_thresholds_and_overview(qtbot, window, alerting, tmp_path):
    tab = open_dispatch_tab(qtbot, window)
    panel = tab.alerts
    assert panel.alerts.counts() == {"ending": 1, "uncovered": 1, "double": 2, "low_days": 1}
    titles = [panel.tree.topLevelItem(i).text(0) for i in range(4)]
    assert titles[0].startswith("任期 60 天内届满") and titles[0].endswith("（1）")
    assert "青山村" in panel.items["uncovered"].child(0).text(0)
    assert "周明" in panel.items["low_days"].child(0).text(0)

    # Double-clicking a person's alert selects the posting in the table.
    item = panel.items["ending"].child(0)
    double_click(qtbot, panel.tree, item)
    assert tab.current_id() == item.data(0, Qt.ItemDataRole.UserRole)
    # A village's alert opens its history.
    item = panel.items["uncovered"].child(0)
    double_click(qtbot, panel.tree, item)
    hist = tab.history_dialog
    assert hist is not None and "青山村" in hist.windowTitle()
    # Taking the designation off clears that alert when the dialog closes.
    assert hist.needs_fs.isChecked()
    qtbot.waitExposed(hist)
    box = hist.needs_fs
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on the tick box
    assert not hist.needs_fs.isChecked() and hist.changed
    hist.reject()
    qtbot.waitUntil(lambda: panel.alerts.counts()["uncovered"] == 0)
    with window.db.session() as s:
        assert not s.scalar(select(Region.needs_first_secretary).where(Region.name == "青山村"))

    # Thresholds: warn 10 days ahead, 8 days a month → two alerts fewer, remembered in the settings.
    click(qtbot, panel.settings_button)
    dlg = tab.thresholds_dialog
    dlg.term_days.setValue(10)
    dlg.min_days.setValue(8)
    dlg.accept()
    qtbot.waitUntil(lambda: panel.alerts.counts()["ending"] == 0)
    assert panel.alerts.counts()["low_days"] == 0
    assert window._settings.dispatch_thresholds().term_days == 10

    # 概览 shows the counts with the same thresholds.
    overview = window.overview
    window.tabs.setCurrentWidget(overview)
    overview.refresh()
    qtbot.waitUntil(lambda: bool(overview.alert_counts))
    assert overview.alert_counts == {"ending": 0, "uncovered": 0, "double": 2, "low_days": 0}
    from vcadre.ui.tabs.overview import FigureCard

    cards = {c.property("alert"): c for c in overview.findChildren(FigureCard) if c.property("alert")}
    assert cards["double"].value.text() == "2" and "第一书记" in cards["uncovered"].title.text()


def test_visits_and_history_of_a_posting(qtbot, window, county_db):
    tab = open_dispatch_tab(qtbot, window)
    tab.table.selectRow(0)
    assert tab.visits_button.isEnabled()
    click(qtbot, tab.visits_button)
    dlg = tab.visit_dialog
    assert dlg is not None and "周明" in dlg.windowTitle()
    dlg.visit_date.edit.setText("2024-01-05")  # before the posting began
    type_text(qtbot, dlg.households, "3组 张某等4户")
    click(qtbot, dlg.save_button)
    assert dlg.error.isVisible() and "早于派驻日期" in dlg.error.text()
    dlg.visit_date.edit.setText("2025-03-02")
    type_text(qtbot, dlg.matters, "饮水管道破损")
    click(qtbot, dlg.save_button)
    assert not dlg.error.isVisible() and dlg.table.rowCount() == 1
    assert "1" in dlg.count.text()
    with county_db.session() as s:
        v = s.scalars(select(Visit)).one()
        assert (v.visit_date, v.households, v.matters) == (date(2025, 3, 2), "3组 张某等4户", "饮水管道破损")
    dlg.reject()

    click(qtbot, tab.history_button)
    hist = tab.history_dialog
    assert hist is not None and "石桥村" in hist.windowTitle()
    top = hist.tree.topLevelItem(0)
    assert top.child(0).text(1) == "周明" and top.child(0).text(5) == "1"
    hist.reject()


def test_new_posting_uses_the_configured_term(qtbot, window, county_db):
    from vcadre.services.dispatch_alerts import Thresholds

    tab = open_dispatch_tab(qtbot, window)
    tab.set_thresholds(Thresholds(term_years=3))
    tab.add_record()
    w = tab.dialog.widgets
    type_text(qtbot, w["name"], "李四")
    w["gender"].setCurrentIndex(w["gender"].findText("女"))
    type_text(qtbot, w["unit"], "县纪委县监委")
    w["role"].set_value("first_secretary")
    w["village_id"].setCurrentIndex(w["village_id"].findText("龙场镇 / 青山村"))
    w["start_date"].edit.setText("2026-06-01")
    w["status"].set_value("on_post")
    tab.dialog.accept()
    assert tab.dialog is None or not tab.dialog.isVisible(), tab.dialog.error_text()
    with county_db.session() as s:
        d = s.scalars(select(Dispatch).join(Person).where(Person.name == "李四")).one()
        assert d.planned_end == date(2029, 6, 1)
