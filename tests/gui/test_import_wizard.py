"""The import wizard: 文件 → 从 Excel 导入…, the column step (first values, changeable fields,
remembered mappings), the preview of every bad row, then only the valid rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.unit.services.imports.sheets import xlsx
from vcadre.domain.idnumber import make_id_number
from vcadre.store.models import Person, VillagePost

A = make_id_number("520524", date(1980, 5, 6), 11)
B = make_id_number("520524", date(1982, 6, 7), 22)
C = make_id_number("520524", date(1984, 7, 8), 33)


def roster(tmp_path):
    return xlsx(tmp_path / "两委名册.xlsx", [
        ["金凤街道村（社区）干部花名册"],
        ["序号", "乡镇", "村", "姓名", "身份证", "担任何职", "任职时间", "备用"],
        [1, "金凤街道", "化垮社区", "孙立", A, "书记", "2021.05", "x"],
        [2, "金凤街道", "化垮社区", "马红", float(B), "主任", "2021年5月1日", None],
        [3, "龙场镇", "石桥村", "钱多", C, "书记", "2022-01-01", None],
    ], merged=["A1:H1"])


def test_wizard_maps_columns_previews_bad_rows_and_imports_the_valid_ones(qtbot, qtmodeltester, window, tmp_path,
                                                                          messages, user_data_dir):
    path = roster(tmp_path)
    window.import_action.trigger()
    wiz = window.import_dialog
    assert wiz.pages.currentIndex() == wiz.PAGE_FILE
    wiz.kind_combo.setCurrentIndex(wiz.kind_combo.findData("posts"))
    wiz.file_edit.setText(str(path))
    wiz.file_next.click()
    qtbot.waitUntil(lambda: wiz.pages.currentIndex() == wiz.PAGE_COLUMNS)
    # Each column: letter, header, first values, field.
    t = wiz.columns
    assert [t.item(r, 1).text() for r in range(t.rowCount())] == ["序号", "乡镇", "村", "姓名", "身份证", "担任何职",
                                                                 "任职时间", "备用"]
    assert t.item(5, 2).text() == "书记；主任；书记" and t.item(0, 0).text() == "A"
    assert [c.currentData() for c in wiz.field_combos] == [None, "township", "village", "name", "id_number", None,
                                                          "start_date", None]
    assert "第 2 行" in wiz.columns_summary.text() and "第 3 行" in wiz.columns_summary.text()  # header, data
    # 担任何职 is not a known header: 职务 is missing until the user maps it.
    assert "职务" in wiz.missing_label.text() and not wiz.check_button.isEnabled()
    wiz.set_field(5, "post")
    assert wiz.check_button.isEnabled() and wiz.missing_label.text() == ""
    wiz.set_field(6, "post")  # two columns for one field: refused until undone
    assert not wiz.check_button.isEnabled() and "职务" in wiz.missing_label.text()
    wiz.set_field(6, "start_date")
    wiz.check_button.click()
    qtbot.waitUntil(lambda: wiz.preview is not None)
    qtmodeltester.check(wiz.table.model())
    rows = [(wiz.table.item(r, 0).text(), wiz.table.item(r, 1).text(), wiz.table.item(r, 2).text())
            for r in range(wiz.table.rowCount())]
    assert [r[:2] for r in rows] == [("4", "身份证"), ("5", "担任何职")]
    assert "存成了数字" in rows[0][2] and "“文本”格式" in rows[0][2]
    assert "已由“王建国”担任" in rows[1][2]
    assert wiz.summary.text() == "共 3 行：正确 1 行，有误 2 行（共 2 处问题）。"
    assert not wiz.all_button.isEnabled() and wiz.valid_button.isEnabled()
    wiz.valid_button.click()
    qtbot.waitUntil(lambda: wiz.result_ is not None)
    assert "新增 1 条" in messages.texts("info")[-1]
    with window.db.session() as s:
        assert s.scalars(select(Person.name).join(VillagePost, VillagePost.person_id == Person.id)
                         .where(Person.name.in_(["孙立", "马红", "钱多"]))).all() == ["孙立"]
    assert list((user_data_dir / "backups").glob("*.db"))

    # Next time, the same header set maps itself (remembered), from the posts tab's Excel button.
    window.posts.import_excel(path)
    again = window.posts.import_dialog
    qtbot.waitUntil(lambda: again.pages.currentIndex() == again.PAGE_COLUMNS)
    assert again.kind == "posts" and again.field_combos[5].currentData() == "post"
    assert again.check_button.isEnabled()
    again.check_button.click()
    qtbot.waitUntil(lambda: again.preview is not None)
    assert not again.all_button.isEnabled()  # the same bad rows; the good one is now unchanged
    again.reject()


def test_wizard_says_when_a_file_cannot_be_read(qtbot, window, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    wiz = window.import_records("talent", bad)
    qtbot.waitUntil(lambda: "不是有效的 Excel 工作簿" in wiz.file_message.text())
    assert wiz.pages.currentIndex() == wiz.PAGE_FILE


def test_tab_template_button_saves_the_kind_template(qtbot, window, tmp_path, monkeypatch, messages):
    from vcadre.ui.imports import wizard

    out = tmp_path / "驻村模板.xlsx"
    monkeypatch.setattr(wizard, "ask_save_path", lambda parent, default: out)
    window.tabs.setCurrentWidget(window.dispatch)
    window.dispatch.template_action.trigger()
    from openpyxl import load_workbook

    assert load_workbook(out).worksheets[0]["A1"].value == "姓名" and "模板" in messages.texts("info")[-1]
