"""The main window over a small county: tabs, lists, the region tree, search, add/edit/delete."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from vcadre.domain.idnumber import make_id_number
from vcadre.store.models import Person, ReserveEntry
from vcadre.ui.forms import RecordDialog
from vcadre.ui.region_tree import RegionIdRole

from .conftest import type_text

TAB_TITLES = ["概览", "后备干部", "培训", "驻村", "一肩挑"]


def names(tab) -> list[str]:
    col = tab.model.listing.column_index("name")
    return [tab.model.index(r, col).data() for r in range(tab.model.rowCount())]


def show_tab(qtbot, window, tab) -> None:
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.is_loaded())


def test_five_tabs_in_chinese(window):
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == TAB_TITLES
    assert window.menuBar().actions()[0].text().startswith("文件")


def test_models_pass_the_model_tester(qtbot, qtmodeltester, window):
    for tab in window.list_tabs():
        show_tab(qtbot, window, tab)
        assert tab.model.total() > 0, tab.kind
        qtmodeltester.check(tab.model)
    tree = window.region_tree
    tree.expandAll()
    qtmodeltester.check(tree.model())


def test_talent_list_shows_labels_not_codes(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    assert tab.count_label.text() == "共 5 条"
    row = names(tab).index("李红梅")
    values = {tab.model.column_key(c): tab.model.index(row, c).data() for c in range(tab.model.columnCount())}
    assert values["gender"] == "女"
    assert values["source"] == "返乡大中专毕业生"
    assert values["stage"] == "优秀人才"
    assert values["entry_date"] == "2024-06-10"
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    age = tab.model.listing.column_index("age")
    assert tab.model.index(row, age).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_posts_tab_shows_one_shoulder_as_yes_no(qtbot, window):
    tab = window.posts
    show_tab(qtbot, window, tab)
    col = tab.model.listing.column_index("one_shoulder")
    village = tab.model.listing.column_index("village")
    by_village = {tab.model.index(r, village).data(): tab.model.index(r, col).data()
                  for r in range(tab.model.rowCount())}
    assert by_village["青山社区"] == "是"
    assert by_village["石桥村"] == "否"
    combo = tab.filter_combos["one_shoulder"]
    combo.setCurrentIndex(combo.findData(True))
    qtbot.waitUntil(lambda: tab.model.total() == 1)


def test_add_person_through_the_dialog(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dlg = tab.dialog
    assert isinstance(dlg, RecordDialog) and dlg.isVisible()
    w = dlg.widgets
    type_text(qtbot, w["name"], "孙小川")
    number = make_id_number("520524", date(1990, 3, 15), 123)
    qtbot.keyClicks(w["id_number"], number)
    w["gender"].setCurrentIndex(w["gender"].findText("男"))
    village = w["village_id"]
    village.setCurrentIndex(village.findText("龙场镇 / 石桥村"))
    w["source"].setCurrentIndex(w["source"].findText("复退军人"))
    w["stage"].setCurrentIndex(w["stage"].findText("村后备干部"))
    w["status"].setCurrentIndex(w["status"].findText("在库"))
    w["entry_date"].edit.clear()  # it starts at today
    qtbot.keyClicks(w["entry_date"].edit, "2025/4/1")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dlg.error_text() == ""
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "孙小川" in names(tab)
    assert tab.count_label.text() == "共 6 条"
    assert tab.current_id() is not None and names(tab)[tab.current_row()] == "孙小川"
    with county_db.session() as s:
        person = s.scalars(select(Person).where(Person.name == "孙小川")).one()
        assert person.birth_date == date(1990, 3, 15)  # filled in from the ID number


def test_bad_id_number_is_refused_and_nothing_written(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    tab.add_record()
    dlg = tab.dialog
    w = dlg.widgets
    good = make_id_number("520524", date(1990, 3, 15), 123)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    type_text(qtbot, w["name"], "钱多多")
    qtbot.keyClicks(w["id_number"], bad)
    w["gender"].setCurrentIndex(w["gender"].findText("男"))
    w["village_id"].setCurrentIndex(w["village_id"].findText("龙场镇 / 青山村"))
    w["source"].setCurrentIndex(0)
    w["stage"].setCurrentIndex(0)
    w["status"].setCurrentIndex(0)
    w["entry_date"].edit.clear()  # it starts at today
    qtbot.keyClicks(w["entry_date"].edit, "2025-04-01")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dlg.isVisible()  # kept open, input intact
    assert w["name"].text() == "钱多多"
    message = dlg.error_labels["id_number"].text()
    assert "校验" in message, message
    assert dlg.error_labels["id_number"].isVisible()
    with county_db.session() as s:
        assert s.scalar(select(Person).where(Person.name == "钱多多")) is None
    dlg.reject()
    assert "钱多多" not in names(tab)


def test_required_fields_are_named(qtbot, window):
    tab = window.training
    show_tab(qtbot, window, tab)
    tab.add_record()
    dlg = tab.dialog
    dlg.accept()
    assert dlg.isVisible()
    assert "不能为空" in dlg.error_labels["title"].text()
    dlg.reject()


def test_edit_by_double_click(qtbot, window, county_db):
    tab = window.training
    show_tab(qtbot, window, tab)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.index(r, 0).data() == "后备干部能力提升班")
    rect = tab.table.visualRect(tab.model.index(row, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dlg = tab.dialog
    assert dlg is not None and dlg.widgets["title"].text() == "后备干部能力提升班"
    dlg.widgets["place"].clear()
    type_text(qtbot, dlg.widgets["place"], "县委党校")
    dlg.accept()
    qtbot.waitUntil(lambda: tab.dialog is None)
    col = tab.model.listing.column_index("place")
    assert tab.model.index(tab.current_row(), col).data() == "县委党校"


def test_sorting_by_header_requeries(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    calls = []
    original = tab.model.listing.page

    def spy(session, q, offset, limit):
        calls.append((q.order_by, q.descending))
        return original(session, q, offset, limit)

    tab.model.listing.page = spy
    col = tab.model.listing.column_index("entry_date")
    header = tab.table.horizontalHeader()

    def click_header() -> None:
        pos = QPoint(header.sectionViewportPosition(col) + header.sectionSize(col) // 2, header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    click_header()
    assert calls and calls[-1][0] == "entry_date"
    dates = [tab.model.index(r, col).data() for r in range(tab.model.rowCount())]
    # The fixture's five entry dates, oldest first: a first click sorts up, as the arrow shows.
    assert dates == ["2020-04-08", "2021-11-05", "2022-01-15", "2023-03-01", "2024-06-10"]
    assert header.sortIndicatorSection() == col
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder and calls[-1][1] is False
    click_header()
    assert calls[-1] == ("entry_date", True)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    again = [tab.model.index(r, col).data() for r in range(tab.model.rowCount())]
    assert again == list(reversed(dates))


def test_region_tree_filters_the_active_tab(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    tree = window.region_tree
    model = tree.model()
    county = model.index(0, 0)
    tree.expand(county)
    township = next(model.index(r, 0, county) for r in range(model.rowCount(county))
                    if model.index(r, 0, county).data() == "金凤街道")
    with qtbot.waitSignal(tree.regionChanged) as blocker:
        tree.setCurrentIndex(township)
    assert blocker.args == [township.data(RegionIdRole)]
    assert sorted(names(tab)) == sorted(["赵丽", "陈文"])
    assert tab.count_label.text() == "共 2 条"
    # Another tab picks the region up when shown.
    show_tab(qtbot, window, window.posts)
    assert window.posts.model.total() == 2
    # Back to the whole county.
    with qtbot.waitSignal(tree.regionChanged) as blocker:
        tree.setCurrentIndex(county)
    assert blocker.args == [None]
    assert window.posts.model.total() == 4


def test_search_box_narrows_the_list(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    qtbot.keyClicks(tab.search, "zlm")  # pinyin initials of 张龙敏
    qtbot.waitUntil(lambda: names(tab) == ["张龙敏"])
    tab.search.clear()
    type_text(qtbot, tab.search, "李")
    qtbot.waitUntil(lambda: names(tab) == ["李红梅"])
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.model.total() == 5)


def test_a_digits_search_counted_up_to_the_cap_shows_a_plus(qtbot, window, monkeypatch):
    """Typing a phone or ID (``5``: every ID here) stops counting at the cap: “共 2+ 条”, and the
    rows are all there to scroll to; a narrower one is counted exactly."""
    from vcadre.services import talent
    from vcadre.ui import table_model

    monkeypatch.setattr(talent.TalentListing, "COUNT_CAP", 2)
    monkeypatch.setattr(table_model, "PAGE_SIZE", 2)
    tab = window.talent
    show_tab(qtbot, window, tab)
    qtbot.keyClicks(tab.search, "5")
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 2+ 条")
    assert window.count_label.text() == "后备干部：共 2+ 条"
    assert tab.model.rowCount() == 2 and tab.model.canFetchMore(QModelIndex())
    tab.model.fetchMore(QModelIndex())  # scrolled past the stop: at least the rows read
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 4+ 条")
    tab.model.fetchMore(QModelIndex())  # a short page: the end of the list, counted now
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 5 条")
    assert window.count_label.text() == "后备干部：共 5 条" and not tab.model.canFetchMore(QModelIndex())
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.model.total() == 5 and tab.count_label.text() == "共 5 条")


def test_filter_combo_narrows_the_list(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    combo = tab.filter_combos["stage"]
    combo.setCurrentIndex(combo.findText("村后备干部"))
    assert sorted(names(tab)) == sorted(["张龙敏", "赵丽"])


def test_delete_tombstones(qtbot, window, county_db, messages):
    tab = window.talent
    show_tab(qtbot, window, tab)
    row = names(tab).index("王建国")
    entry_id = tab.model.row_id(row)
    tab.table.selectRow(row)
    messages.confirm_answer = False
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert "王建国" in names(tab)
    messages.confirm_answer = True
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert any("王建国" in t for t in messages.texts("confirm"))
    assert "王建国" not in names(tab)
    with county_db.session() as s:
        entry = s.get(ReserveEntry, entry_id)
        assert entry is not None and entry.deleted is True  # a tombstone, not a hard delete


def test_keyboard_shortcuts(qtbot, window):
    tab = window.training
    show_tab(qtbot, window, tab)
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    assert tab.dialog is not None and tab.dialog.windowTitle() == "编辑培训班"
    tab.dialog.reject()
    qtbot.waitUntil(lambda: tab.dialog is None)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert tab.dialog is not None and tab.dialog.windowTitle() == "编辑培训班"
    tab.dialog.reject()
    qtbot.waitUntil(lambda: tab.dialog is None)
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    assert tab.dialog is not None and tab.dialog.windowTitle() == "新增培训班"
    tab.dialog.reject()


def card_values(overview) -> dict[str, str]:
    from vcadre.ui.tabs.overview import FigureCard

    return {c.property("figure"): c.value.text() for c in overview.findChildren(FigureCard)
            if c.property("figure")}


def test_overview_shows_headline_figures(qtbot, window):
    overview = window.overview
    window.tabs.setCurrentWidget(overview)
    qtbot.waitUntil(lambda: bool(overview.figures))
    assert overview.heading.text() == "概览 — 织金县"
    qtbot.waitUntil(lambda: card_values(overview).get("villages") == "4")
    qtbot.waitUntil(lambda: "unreviewed" in card_values(overview))
    # Every card, from the fixture: 5 reserve entries + 周明 (驻村) = 6 persons; 陈文 holds both posts
    # of 青山社区 (1 of 4 villages) and has been used, so 青山社区 has no live entry; 王建国 (47) is
    # over the age limit; nobody is enrolled in the two classes.
    assert card_values(overview) == {
        "townships": "2", "villages": "4", "villages_needing_first_secretary": "0", "persons": "6",
        "reserve_total": "5", "reserve_current": "5", "training_sessions": "2", "trainees": "0",
        "enrolments": "0", "training_hours": "0", "active_dispatches": "1", "first_secretaries": "1",
        "one_shoulder_villages": "1", "one_shoulder_rate": "25.0%", "no_reserve": "1", "no_reserve_stage": "1",
        "over_age": "1", "unreviewed": "4"}
    # Narrowed by the region tree.
    tree = window.region_tree
    county = tree.model().index(0, 0)
    township = next(tree.model().index(r, 0, county) for r in range(tree.model().rowCount(county))
                    if tree.model().index(r, 0, county).data() == "金凤街道")
    tree.setCurrentIndex(township)
    qtbot.waitUntil(lambda: card_values(overview).get("villages") == "2")
    assert overview.heading.text() == "概览 — 织金县 / 金凤街道"


def test_status_bar_shows_database_and_count(qtbot, window, county_path):
    show_tab(qtbot, window, window.talent)
    assert str(county_path) in window.db_label.text()
    assert window.count_label.text() == "后备干部：共 5 条"
    select_first_township = window.region_tree.model().index(0, 0, window.region_tree.model().index(0, 0))
    window.region_tree.setCurrentIndex(select_first_township)  # 龙场镇: 张龙敏, 李红梅, 王建国
    qtbot.waitUntil(lambda: window.count_label.text() == "后备干部：共 3 条")


def test_model_total_without_loading_everything(qtbot, window, county_db, monkeypatch):
    """The list knows the total at once and loads rows a page at a time as the view scrolls."""
    from vcadre.ui import table_model

    monkeypatch.setattr(table_model, "PAGE_SIZE", 2)
    tab = window.talent
    show_tab(qtbot, window, tab)
    tab.model.refresh()  # synchronous; the view may ask for more only once events run
    assert (tab.model.total(), tab.model.rowCount()) == (5, 2)
    assert tab.model.canFetchMore(QModelIndex())
    tab.model.fetchMore(QModelIndex())
    assert tab.model.rowCount() == 4
    tab.model.fetchMore(QModelIndex())
    assert tab.model.rowCount() == 5 and not tab.model.canFetchMore(QModelIndex())


def test_only_the_shown_tab_is_built_until_another_is_chosen(qtbot, window):
    """Opening a database builds the shown tab; the others when first clicked (faster start)."""
    assert set(window._built) == {"overview"}
    assert window.tabs.widget(1).objectName() == "talentPlaceholder"
    window.tabs.setCurrentIndex(1)  # as a click on 后备干部 does
    assert set(window._built) == {"overview", "talent"}
    tab = window.tabs.widget(1)
    assert tab is window.talent and window.tabs.currentIndex() == 1
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == TAB_TITLES
    qtbot.waitUntil(lambda: tab.model.is_loaded())
    assert window.count_label.text() == f"后备干部：共 {tab.model.total():,} 条"
    # The region chosen in the tree before the tab existed applies to it.
    window.tabs.setCurrentIndex(0)
    county = window.region_tree.model().index(0, 0)
    window.region_tree.setCurrentIndex(window.region_tree.model().index(0, 0, county))
    window.tabs.setCurrentIndex(3)
    assert window.dispatch._region == window.region_tree.current_region() is not None
