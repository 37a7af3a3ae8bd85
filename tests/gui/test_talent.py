"""The 后备干部 tab's workflows, driven through the real widgets."""

from __future__ import annotations

from tests.today import TEST_TODAY
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from vcadre.domain.idnumber import make_id_number
from vcadre.store.models import Assessment, ReserveEntry, StageChange, VillagePost

from .conftest import type_text
from tests.markers import needs_pdftotext
from .test_main_window import names, show_tab


def select_name(qtbot, tab, name: str) -> None:
    row = names(tab).index(name)
    tab.table.selectRow(row)
    assert tab.current_row() == row


def test_model_passes_the_model_tester_with_new_filters(qtbot, qtmodeltester, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    tab.party_combo.setCurrentIndex(1)
    qtmodeltester.check(tab.model)


def test_filters_combine(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    assert tab.model.total() == 5
    gender = tab.filter_combos["gender"]
    gender.setCurrentIndex(gender.findText("女"))
    qtbot.waitUntil(lambda: sorted(names(tab)) == ["李红梅", "赵丽"])
    tab.age_min.setValue(31)  # 赵丽 born 1992-12 (33), 李红梅 1996-01 (30)
    qtbot.waitUntil(lambda: names(tab) == ["赵丽"], timeout=2000)
    assert tab.model.total() == 1 and "1" in tab.count_label.text()
    gender.setCurrentIndex(0)
    tab.age_min.setValue(0)
    tab.age_max.setValue(40)
    qtbot.waitUntil(lambda: sorted(names(tab)) == sorted(["张龙敏", "李红梅", "赵丽"]), timeout=2000)
    tab.age_max.setValue(0)
    tab.party_combo.setCurrentIndex(2)  # not Party members: the fixture's people have no political status
    qtbot.waitUntil(lambda: tab.model.total() == 5)
    tab.party_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: tab.model.total() == 0)


def test_search_by_pinyin_initials_and_name_part(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    qtbot.keyClicks(tab.search, "wjg")
    qtbot.waitUntil(lambda: names(tab) == ["王建国"])
    tab.search.clear()
    qtbot.keyClicks(tab.search, "zhaoli")
    qtbot.waitUntil(lambda: names(tab) == ["赵丽"])
    tab.search.clear()
    type_text(qtbot, tab.search, "红梅")
    qtbot.waitUntil(lambda: names(tab) == ["李红梅"])


def test_promote_skipping_a_stage_needs_a_reason_and_records_the_post(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    select_name(qtbot, tab, "李红梅")  # 优秀人才
    tab._update_moves()
    assert not tab.move_actions["back"].isEnabled() and tab.move_actions["promote"].isEnabled()
    tab.move_actions["promote"].trigger()
    dlg = tab.dialog_extra
    qtbot.waitExposed(dlg)
    dlg.stage_combo.setCurrentIndex(dlg.stage_combo.findText("村党组织书记"))
    assert dlg.post_box.isChecked() and dlg.post_combo.currentText() == "村党组织书记"
    assert dlg.hint.isVisible() and dlg.hint.text() == "本次晋升跨越了培养阶段，必须填写理由。"
    # One stage up (优秀人才 → 村后备干部) skips nothing: no hint.
    dlg.stage_combo.setCurrentIndex(dlg.stage_combo.findText("村后备干部"))
    assert dlg.hint.isHidden() and dlg.hint.text() == ""
    dlg.stage_combo.setCurrentIndex(dlg.stage_combo.findText("村党组织书记"))
    dlg.post_box.setChecked(False)  # 青山村's secretary post: not recorded here
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dlg.isVisible() and "跨阶段晋升必须填写理由" in dlg.error_text()
    dlg.reason.setPlainText("换届选举当选")
    dlg.date.edit.setText("2025-01-10")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: tab.model.raw_value(names(tab).index("李红梅"), "stage") == "secretary")
    with county_db.session() as s:
        last = s.scalars(select(StageChange).order_by(StageChange.hlc.desc())).first()
        assert (last.from_stage, last.to_stage, last.reason, last.change_date) == (
            "talent", "secretary", "换届选举当选", date(2025, 1, 10))


def test_promote_to_cadre_creates_the_post(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    select_name(qtbot, tab, "赵丽")  # 村后备干部 in 化垮社区
    tab.chain_move("promote")
    dlg = tab.dialog_extra
    assert dlg.stage_combo.currentText() == "村干部" and dlg.post_box.isChecked()
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dlg.isVisible() and dlg.created_post_id
    with county_db.session() as s:
        assert s.get(VillagePost, dlg.created_post_id).post == "committee_member"


def test_exit_with_reason(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    select_name(qtbot, tab, "张龙敏")
    tab.chain_move("exit")
    dlg = tab.dialog_extra
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "请选择退出原因" in dlg.error_text()
    dlg.exit_combo.setCurrentIndex(dlg.exit_combo.findText("迁出"))
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: tab.model.raw_value(names(tab).index("张龙敏"), "status") == "exited")
    tab._update_moves()
    assert tab.move_actions["reenter"].isEnabled() and not tab.move_actions["promote"].isEnabled()


def test_annual_review_many_at_once(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    tab.review_button.click()
    dlg = tab.dialog_extra
    qtbot.waitExposed(dlg)
    year = TEST_TODAY.year
    assert dlg.model.rowCount() == 4  # 陈文 is 已使用: not reviewed
    assert "4" in dlg.summary.text()
    dlg.select_all.click()
    dlg.result_combo.setCurrentIndex(dlg.result_combo.findText("称职"))
    dlg.apply_button.click()
    row = [dlg.model.index(r, 0).data() for r in range(4)].index("赵丽")
    dlg.set_result(row, "excellent")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dlg.isVisible() and dlg.saved == 4
    with county_db.session() as s:
        results = dict(s.execute(select(Assessment.result, func.count()).where(Assessment.year == year)
                                 .group_by(Assessment.result)).all())
    assert results == {"competent": 3, "excellent": 1}
    tab.open_review()
    dlg = tab.dialog_extra
    dlg.only_missing.setChecked(True)
    assert dlg.model.rowCount() == 0


def test_gap_alerts_panel_and_overview(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    tab.alerts_button.click()
    dlg = tab.dialog_extra
    qtbot.waitUntil(lambda: dlg.alerts is not None)
    # No village lacks an entry; 青山村 (优秀人才 + 村后备干部)… see the fixture: 石桥村 has a 村干部.
    assert dlg.alerts.villages == 4
    assert dlg.boxes["unreviewed"].title().endswith("：4")
    dlg.age.setValue(40)
    qtbot.waitUntil(lambda: dlg.alerts.age_limit == 40)
    # Ages on the pinned today (2026-11-27): 王建国 (1979-09-09) 47 is over 40; 张龙敏 38, 赵丽 33 and
    # 李红梅 30 are not; 陈文 (61) has been used (已使用), so is no longer in the pool.
    shown = [dlg.lists["over_age"].item(i).text() for i in range(dlg.lists["over_age"].count())]
    assert len(shown) == 1 and shown[0].startswith("王建国（47岁）—") and "石桥村" in shown[0]
    assert dlg.alerts.over_age == 1
    assert dlg.boxes["over_age"].title().endswith("：1")
    window.tabs.setCurrentWidget(window.overview)
    qtbot.waitUntil(lambda: "talent_alerts" in window.overview.figures)
    cards = [w for w in window.overview.cards_box.findChildren(type(window.overview.cards_box).__mro__[0])
             if w.property("alert")]
    # The talent gap cards (the 驻村 alert cards carry the property too).
    assert {c.property("alert") for c in cards} >= {"no_reserve", "no_reserve_stage", "over_age", "unreviewed"}


def test_person_card(qtbot, window):
    tab = window.talent
    show_tab(qtbot, window, tab)
    select_name(qtbot, tab, "陈文")
    tab.card_button.click()
    dlg = tab.dialog_extra
    qtbot.waitExposed(dlg)
    text = dlg.browser.toPlainText()
    for expected in ("陈文", "村党组织书记", "村（居）民委员会主任", "入库", "青山社区"):
        assert expected in text
    assert "19650730" not in text  # ID masked


@needs_pdftotext
def test_person_card_prints(qtbot, window, tmp_path, monkeypatch):
    """Issue 17 item 9: the person card could not be printed."""
    import subprocess

    from PySide6.QtPrintSupport import QPrinter

    from vcadre.ui.person_card import PersonCardDialog

    out = tmp_path / "card.pdf"

    def to_file(cls, parent, printer) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(PersonCardDialog, "ask_printer", classmethod(to_file))
    tab = window.talent
    show_tab(qtbot, window, tab)
    select_name(qtbot, tab, "陈文")
    tab.card_button.click()
    dlg = tab.dialog_extra
    assert dlg.print_button.isEnabled()
    dlg.print_button.click()
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "陈文" in text and "青山社区" in text and "19650730" not in text


def _import_file(path: Path, rows) -> Path:
    from vcadre.services.talent_excel import HEADERS

    wb = Workbook()
    ws = wb.active
    ws.title = "后备干部"
    ws.append(HEADERS)
    for r in rows:
        ws.append([r.get(h, "") for h in HEADERS])
    wb.save(path)
    return path


def test_import_with_bad_rows_shows_the_report_then_imports_valid_rows(qtbot, window, county_db, tmp_path,
                                                                       messages, monkeypatch):
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "data"))
    tab = window.talent
    show_tab(qtbot, window, tab)
    good = make_id_number("520524", date(1993, 4, 5), 51)
    base = {"性别": "男", "乡镇（街道）": "龙场镇", "村（社区）": "石桥村", "来源": "创业青年", "当前阶段": "优秀人才",
            "状态": "在库", "入库时间": "2025-02-01"}
    path = _import_file(tmp_path / "导入.xlsx", [
        {**base, "姓名": "孙新", "身份证号码": good},
        {**base, "姓名": "钱错", "身份证号码": good[:17] + ("0" if good[17] != "0" else "1")},
        {**base, "姓名": "周无村", "村（社区）": "火星村"},
    ])
    from vcadre.ui import talent_excel as ui_excel

    monkeypatch.setattr(ui_excel, "ask_open_path", lambda parent: path)
    tab.import_action.trigger()
    dlg = tab.dialog_extra
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == dlg.PAGE_COLUMNS)  # the column step first
    dlg.check_button.click()
    qtbot.waitUntil(lambda: dlg.preview is not None)
    assert "3" in dlg.summary.text() and dlg.table.rowCount() == 2
    cells = [(dlg.table.item(r, 0).text(), dlg.table.item(r, 1).text()) for r in range(2)]
    assert cells == [("3", "身份证号码"), ("4", "村（社区）")]
    assert "校验位" in dlg.table.item(0, 2).text()
    assert not dlg.all_button.isEnabled() and dlg.valid_button.isEnabled()
    dlg.valid_button.click()
    qtbot.waitUntil(lambda: dlg.result_ is not None)
    assert "1" in messages.texts("info")[-1]
    qtbot.waitUntil(lambda: "孙新" in names(tab))
    assert list((tmp_path / "data" / "backups").glob("*.db"))


def test_import_of_a_non_workbook_says_so(qtbot, window, tmp_path, monkeypatch):
    tab = window.talent
    show_tab(qtbot, window, tab)
    bogus = tmp_path / "名单.xlsx"
    bogus.write_text("姓名,性别\n")
    tab.import_excel(bogus)
    dlg = tab.dialog_extra
    # Read as CSV text: no known header, so the column step names the required fields and
    # does not let the rows be checked until they are mapped.
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == dlg.PAGE_COLUMNS)
    assert "村（社区）" in dlg.missing_label.text() and not dlg.check_button.isEnabled()
    assert not dlg.all_button.isEnabled() and not dlg.valid_button.isEnabled()


def test_export_current_view_and_template(qtbot, window, tmp_path, monkeypatch, messages):
    tab = window.talent
    show_tab(qtbot, window, tab)
    from vcadre.ui import talent_excel as ui_excel

    combo = tab.filter_combos["stage"]
    combo.setCurrentIndex(combo.findText("村后备干部"))
    out = tmp_path / "名单.xlsx"
    monkeypatch.setattr(ui_excel, "ask_save_path", lambda parent, title, default: out)
    monkeypatch.setattr(ui_excel, "ask_excel_password", lambda parent: "")  # no opening password
    tab.export_action.trigger()
    qtbot.waitUntil(lambda: out.exists())
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == sorted(["张龙敏", "赵丽"])
    tpl = tmp_path / "模板.xlsx"
    monkeypatch.setattr(ui_excel, "ask_save_path", lambda parent, title, default: tpl)
    tab.template_action.trigger()
    assert tpl.exists() and "模板" in messages.texts("info")[-1]


def test_entry_count_unchanged_by_cancelled_dialogs(qtbot, window, county_db):
    tab = window.talent
    show_tab(qtbot, window, tab)
    select_name(qtbot, tab, "王建国")
    tab.chain_move("back")
    tab.dialog_extra.reject()
    with county_db.session() as s:
        assert s.scalar(select(func.count()).select_from(ReserveEntry)) == 5


def _review_results(db, year: int) -> dict[str, str]:
    from vcadre.store.models import Person, ReserveEntry
    with db.session() as s:
        return dict(s.execute(select(Person.name, Assessment.result)
                              .join(ReserveEntry, ReserveEntry.id == Assessment.entry_id)
                              .join(Person, Person.id == ReserveEntry.person_id)
                              .where(Assessment.year == year, Assessment.deleted.is_(False))).all())


def test_declining_to_discard_keeps_the_year_the_marks_belong_to(qtbot, window, county_db, messages):
    """Issue 17 item 1: ↓ on the year box, 否 to "discard?", 保存 wrote this year's marks as last year's."""
    from PySide6.QtCore import Qt as _Qt
    from vcadre.services import talent_review
    from vcadre.store.models import ReserveEntry
    year = TEST_TODAY.year
    with county_db.session() as s, s.begin():
        ids = s.scalars(select(ReserveEntry.id).where(ReserveEntry.status.in_(("active", "inspecting")))).all()
        talent_review.record(s, year - 1, {i: "competent" for i in ids})
    before = _review_results(county_db, year - 1)
    assert len(before) == 4
    tab = window.talent
    show_tab(qtbot, window, tab)
    tab.review_button.click()
    dlg = tab.dialog_extra
    qtbot.waitExposed(dlg)
    dlg.select_all.click()
    dlg.result_combo.setCurrentIndex(dlg.result_combo.findText("优秀"))
    dlg.apply_button.click()
    messages.confirm_answer = False
    dlg.year.setFocus()
    qtbot.keyClick(dlg.year, _Qt.Key.Key_Down)
    assert any("放弃" in t for t in messages.texts("confirm"))
    assert dlg.year.value() == year  # the box shows the year the sheet belongs to
    dlg.only_missing.click()
    assert not dlg.only_missing.isChecked()
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert _review_results(county_db, year - 1) == before  # last year's real results untouched
    assert set(_review_results(county_db, year).values()) == {"excellent"}
    # Agreeing to discard does switch years, and shows that year's saved results.
    tab.open_review()
    dlg = tab.dialog_extra
    dlg.select_all.click()
    dlg.result_combo.setCurrentIndex(dlg.result_combo.findText("不称职"))
    dlg.apply_button.click()
    messages.confirm_answer = True
    qtbot.keyClick(dlg.year, _Qt.Key.Key_Down)
    assert dlg.year.value() == year - 1 and dlg.pending() == {}
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert _review_results(county_db, year - 1) == before
    assert set(_review_results(county_db, year).values()) == {"excellent"}
