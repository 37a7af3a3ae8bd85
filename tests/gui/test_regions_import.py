"""File → Import regions: a good file fills the tree; a bad one lists its rows and changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from vcadre.store.db import open_database
from vcadre.store.models import Region
from vcadre.ui import messages, regions_import
from vcadre.ui.main_window import MainWindow
from vcadre.ui.settings import Settings


def make_window(qtbot, tmp_path: Path) -> MainWindow:
    db = open_database(tmp_path / "空 县.db", create=True, site_name="测试")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.set_database(db)
    return window


def region_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Region))


def test_import_regions_from_csv_fills_the_tree(qtbot, tmp_path, monkeypatch, user_data_dir) -> None:
    window = make_window(qtbot, tmp_path)
    csv_path = tmp_path / "织金县区划.csv"
    csv_path.write_text("代码,名称,上级代码\n520524,织金县,\n520524001,龙场镇,520524\n"
                        "520524001001,青山村,520524001\n520524001002,石桥村,520524001\n",
                        encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(regions_import, "ask_file", lambda parent: csv_path)
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": shown.append(text))
    window.import_regions_action.trigger()
    wizard = window.import_dialog
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_COLUMNS)
    assert [c.currentData() for c in wizard.field_combos] == ["code", "name", "parent"]
    wizard.check_button.click()
    qtbot.waitUntil(lambda: wizard.preview is not None)
    assert wizard.all_button.isEnabled()
    wizard.all_button.click()
    qtbot.waitUntil(lambda: wizard.result_ is not None)
    assert region_count(window.db) == 4
    assert "4" in shown[0]
    model = window.region_tree.model()
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "织金县"
    assert list((user_data_dir / "backups").glob("*.db")), "an automatic backup precedes the import"
    window.db.close()


def test_bad_regions_file_lists_rows_and_writes_nothing(qtbot, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("代码,名称,上级代码\n520524,织金县,\n5205,短代码,520524\n520524009001,孤村,520524009\n",
                   encoding="utf-8")
    monkeypatch.setattr(regions_import, "ask_file", lambda parent: bad)
    window.import_regions_action.trigger()
    wizard = window.import_dialog
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_COLUMNS)
    wizard.check_button.click()
    qtbot.waitUntil(lambda: wizard.preview is not None)
    rows = [wizard.table.item(r, 0).text() for r in range(wizard.table.rowCount())]
    assert rows == ["3", "4"] and "6、9 或 12 位" in wizard.table.item(0, 2).text()
    assert not wizard.all_button.isEnabled()  # all or nothing is refused while a row is bad
    assert region_count(window.db) == 0
    window.db.close()
