"""概览 → 班子结构分析…: the dialog computes the tables on a worker, compares two days, exports;
its models pass qtmodeltester."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt

from vcadre.services.structure import report
from vcadre.ui.structure.dialog import StructureDialog


def _cell(dlg: StructureDialog, key: str, row: int, col: int) -> str:
    model = dlg.models[key]
    return model.data(model.index(row, col))


def test_dialog_shows_the_report_and_its_models_pass_the_tester(qtbot, demo_db, chinese, qtmodeltester) -> None:
    dlg = StructureDialog(demo_db)
    qtbot.addWidget(dlg)
    dlg.as_of.setDate(QDate(2021, 9, 14))
    with qtbot.waitSignal(dlg.computed):
        qtbot.mouseClick(dlg.compute_button, Qt.MouseButton.LeftButton)
    with demo_db.session() as s:
        rep = report.build(s, date(2021, 9, 14))
    members = dlg.models["members"]
    table = rep.group("members")
    assert members.rowCount() == len(table.rows) + 1
    last = members.rowCount() - 1
    keys = [c.key for c in table.columns]
    assert _cell(dlg, "members", last, 0) == "合计"
    assert _cell(dlg, "members", last, 1 + keys.index("count")) == str(table.total.values["count"])
    assert _cell(dlg, "secretary", last, 1 + keys.index("one_shoulder")) == "220"
    assert members.headerData(1 + keys.index("age_0"), Qt.Orientation.Horizontal) == "年龄\n35岁及以下"
    assert members.data(members.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    assert dlg.models["misses"].rowCount() == len(rep.targets.misses)
    assert "2021-09-14" in dlg.status.text()
    for model in dlg.models.values():
        qtmodeltester.check(model)


def test_comparison_and_export(qtbot, demo_db, chinese, qtmodeltester, tmp_path: Path, monkeypatch) -> None:
    dlg = StructureDialog(demo_db)
    qtbot.addWidget(dlg)
    dlg.as_of.setDate(QDate(2021, 9, 14))
    dlg.compare_check.setChecked(True)
    assert dlg.compare_date.isEnabled()
    dlg.compare_date.setDate(QDate(2021, 1, 1))
    dlg.township.setCurrentIndex(2)
    township = dlg.township.currentText()
    with qtbot.waitSignal(dlg.computed):
        dlg.compute()
    secretary = dlg.models["secretary"]
    assert secretary.rowCount() == 2  # the township and 合计
    assert _cell(dlg, "secretary", 0, 0) == township
    villages = _cell(dlg, "secretary", 0, 1)
    assert "→" in villages and villages.endswith("（0）")  # villages did not change
    for model in dlg.models.values():
        qtmodeltester.check(model)
    out = tmp_path / "对比.xlsx"
    monkeypatch.setattr(StructureDialog, "ask_save_path", classmethod(lambda cls, parent, title, name, suffix: out))
    with qtbot.waitSignal(dlg.exported):
        qtbot.mouseClick(dlg.excel_button, Qt.MouseButton.LeftButton)
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "合计对比"
    assert wb["合计对比"]["A1"].value.startswith(township)


def test_overview_opens_the_dialog(qtbot, demo_db, chinese) -> None:
    from vcadre.ui.tabs.overview import OverviewTab

    tab = OverviewTab(demo_db)
    qtbot.addWidget(tab)
    qtbot.mouseClick(tab.structure_button, Qt.MouseButton.LeftButton)
    dlg = tab.structure_dialog
    assert isinstance(dlg, StructureDialog) and dlg.isVisible()
    assert dlg.township.currentData() is None
    dlg.close()
